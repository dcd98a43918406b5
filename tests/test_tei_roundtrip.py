"""Property: any treaty model written to TEI and read back is the same model."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from comparer import tei
from comparer.model import Bibl, Clause, Division, Mark, Status, Treaty, Version, Witness

WORD = st.text(alphabet="абвгдеёжѣіъ黑龍江松花abcxyz<>&\"'0123456789", min_size=1, max_size=6)
TEXT = st.lists(WORD, min_size=1, max_size=6).map(" ".join)


@st.composite
def clauses(draw, prefix: str, count: int):
    out = []
    for n in range(1, count + 1):
        text = draw(TEXT)
        marks = []
        if draw(st.booleans()):
            start = draw(st.integers(0, len(text) - 1))
            end = draw(st.integers(start + 1, len(text)))
            if not text[start].isspace() and not text[end - 1].isspace():
                marks.append(Mark(kind="unclear", start=start, end=end, attrs={"reason": "faded", "cert": "low"}))
        if draw(st.booleans()):
            marks.append(Mark(kind="note", start=len(text), end=len(text), attrs={"type": "editorial"}, body=draw(TEXT)))
        marks.sort(key=lambda m: m.start)
        out.append(Clause(id=f"{prefix}.c{n}", text=text, marks=marks,
                          cert=draw(st.sampled_from([None, "low", "medium"])), paragraph=draw(st.integers(0, 1))))
    # paragraph numbers count <p> elements: 0, then +1 at each break
    paragraph = 0
    for i in range(len(out)):
        paragraph += 1 if i and out[i].paragraph else 0
        out[i] = out[i].model_copy(update={"paragraph": paragraph})
    return out


@st.composite
def treaties(draw):
    versions = {}
    for lang in draw(st.lists(st.sampled_from(["ru", "zh", "id", "la"]), min_size=1, max_size=3, unique=True)):
        wid = f"t-1858.{lang}"
        articles = draw(st.integers(1, 3))
        divisions = [Division(kind="preamble", clauses=draw(clauses(f"{wid}.pre", 1)))]
        divisions += [Division(kind="article", n=str(k), head=f"{k}.", clauses=draw(clauses(f"{wid}.a{k}", 2)))
                      for k in range(1, articles + 1)]
        bibl = Bibl(id=f"{wid}.bibl", status=draw(st.sampled_from(list(Status))), citation=draw(TEXT))
        versions[lang] = Version(lang=lang, witnesses=[Witness(id=wid, lang=lang, bibl=bibl, divisions=divisions)])
    return Treaty(id="t-1858", titles={"en": draw(TEXT)}, versions=versions)


@settings(max_examples=60, deadline=None)
@given(treaties())
def test_write_then_load_is_identity(treaty):
    assert tei.treaty_from_tree(tei.parse_bytes(tei.treaty_to_bytes(treaty))) == treaty
