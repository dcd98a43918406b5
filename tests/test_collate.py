"""Collation of the printed editions (witnesses) of one version: substantive and orthographic differences."""

from __future__ import annotations

import json
import re

import pytest
from lxml import etree

from comparer import tei
from comparer.exchange.collate import ORTHOGRAPHIC_KINDS, SUBSTANTIVE_KINDS, collate, joined
from comparer.exchange.tei_export import export_collation, pointer_problems
from comparer.model import Bibl, Clause, Division, Mark, Status, Treaty, Version, Witness

NS = {"t": tei.TEI_NS}
# Name forms the two Russian editions of Aigun spell differently (the 1952 edition and Barsukov's): variant
# forms of a word, substantive at the letter level, which the fold rightly does not equate.
AIGUN_NAME_FORMS = {("Усури", "Уссури"), ("Дайцинского", "Дайцынскаго")}
# Old spellings the Russian fold does not reduce yet (a participle in -іяся); reported as forms for now.
RU_FOLD_GAPS = {("находящиеся", "находящіяся")}


def witness_treaty(lang: str, primary: list[str], witness: list[str | Clause], *, sigil: str = "other") -> Treaty:
    """A one-article treaty whose version `lang` has a primary text and one more printed edition."""
    pid, wid = f"t-1900.{lang}", f"t-1900.{lang}.{sigil}"
    base = [Clause(id=f"{pid}.a1.c{n}", text=text) for n, text in enumerate(primary, start=1)]
    other = [c if isinstance(c, Clause) else Clause(id=f"{wid}.a1.c{n}", text=c, corresp=f"#{pid}.a1.c{n}")
             for n, c in enumerate(witness, start=1)]

    def edition(witness_id: str, sigil: str | None, clauses: list[Clause]) -> Witness:
        return Witness(id=witness_id, lang=lang, sigil=sigil, divisions=[Division(kind="article", n="1", clauses=clauses)],
                       bibl=Bibl(id=f"{witness_id}.bibl", status=Status.authentic, citation=f"Edition {witness_id}"))

    version = Version(lang=lang, witnesses=[edition(pid, None, base), edition(wid, sigil, other)])
    return Treaty(id="t-1900", titles={"en": "Test treaty"}, versions={lang: version})


def differences(treaty: Treaty, lang: str, level: str) -> list[tuple[str, str, str]]:
    return [(d.kind, d.base, d.reading) for row in collate(treaty, lang).clauses for r in row.readings
            for d in getattr(r, level)]


# ---------------------------------------------------------------- the encoded editions


@pytest.fixture(scope="module")
def aigun_ru(corpus):
    return collate(corpus.treaty("aigun-1858"), "ru")


def test_barsukov_adds_protection_from_foreigners_to_the_preamble(aigun_ru):
    assert aigun_ru.base == "aigun-1858.ru" and aigun_ru.witnesses == ["aigun-1858.ru.barsukov"]
    pre2 = next(row for row in aigun_ru.clauses if row.clause == "aigun-1858.ru.pre.c2")
    [reading] = pre2.readings
    assert reading.clauses == ["aigun-1858.ru.barsukov.pre.c2"]
    [addition] = reading.substantive
    assert addition.kind == "addition" and addition.base == ""
    assert "для охраненія отъ иностранцевъ" in addition.reading


def test_the_russian_editions_differ_otherwise_only_in_name_forms_and_spelling(aigun_ru):
    substantive = {(d.kind, d.base, d.reading) for row in aigun_ru.clauses for r in row.readings for d in r.substantive}
    forms = {(base, reading) for kind, base, reading in substantive if kind == "form"}
    assert AIGUN_NAME_FORMS <= forms
    assert forms <= AIGUN_NAME_FORMS | RU_FOLD_GAPS
    assert {kind for kind, _, _ in substantive} == {"form", "addition"}
    a1 = next(row for row in aigun_ru.clauses if row.clause == "aigun-1858.ru.a1.c1").readings[0]
    assert [(d.base, d.reading) for d in a1.substantive] == [("Усури", "Уссури"), ("Дайцинского", "Дайцынскаго")]


def test_old_orthography_is_orthographic_only(aigun_ru):
    pre2 = next(row for row in aigun_ru.clauses if row.clause == "aigun-1858.ru.pre.c2").readings[0]
    assert ("spelling", "вечной", "вѣчной") in [(d.kind, d.base, d.reading) for d in pre2.orthographic]
    assert ("spelling", "согласию", "согласію") in [(d.kind, d.base, d.reading) for d in pre2.orthographic]
    spelled = {d.reading for row in aigun_ru.clauses for r in row.readings for d in r.orthographic}
    assert all(re.search(r"[ѣъіѳ]|аго\b", text) for text in spelled), "every respelling is one the reform undid"


def test_a_clause_the_witness_lacks_is_absent_not_omitted(corpus):
    collation = collate(corpus.treaty("aigun-1858"), "zh")
    readings = {row.clause: row.readings[0] for row in collation.clauses}
    assert all(readings[f"aigun-1858.zh.a3.c{n}"].absent for n in (1, 2, 3))
    assert not readings["aigun-1858.zh.a3.c1"].substantive
    assert ("replacement", "訥", "納") in [(d.kind, d.base, d.reading) for d in readings["aigun-1858.zh.a1.c1"].substantive]


def test_untranscribed_text_claims_nothing_but_a_transcribed_variant_is_found(corpus):
    collation = collate(corpus.treaty("beijing-1860"), "zh")
    [row] = [row for row in collation.clauses if not row.readings[0].absent]
    reading = row.readings[0]
    assert [(d.kind, d.base, d.reading) for d in reading.substantive] == [("replacement", "額", "喀")]
    assert reading.untranscribed and all(d.kind == "untranscribed" for d in reading.untranscribed)


def test_a_paraphrase_is_not_collated(corpus):
    collation = collate(corpus.treaty("aigun-1858"), "id")
    assert collation.witnesses == [] and "aigun-1858.id.seed" in collation.skipped


def test_offsets_point_at_the_texts(corpus):
    for treaty in corpus.treaties.values():
        for lang in treaty.versions:
            for row in collate(treaty, lang).clauses:
                for reading in row.readings:
                    for d in (*reading.substantive, *reading.orthographic, *reading.untranscribed):
                        assert row.text[d.base_start:d.base_end] == d.base
                        assert reading.text[d.start:d.end] == d.reading


# ---------------------------------------------------------------- the two levels


def test_spelling_only_differences_are_nothing_at_the_substantive_level():
    treaty = witness_treaty("ru", ["Левый берег реки Амура да будет владением Великого Российского государства."],
                           ["Лѣвый берегъ рѣки Амура да будетъ владѣніемъ Великаго Россійскаго государства."])
    assert differences(treaty, "ru", "substantive") == []
    assert differences(treaty, "ru", "orthographic") == [
        ("spelling", "Левый берег реки", "Лѣвый берегъ рѣки"), ("spelling", "будет владением Великого Российского",
                                                               "будетъ владѣніемъ Великаго Россійскаго")]


def test_traditional_and_simplified_characters_are_orthographic():
    treaty = witness_treaty("zh", ["黑龍江左岸作為俄羅斯國所屬之地。"], ["黑龙江左岸作为俄罗斯国所属之地。"])
    assert differences(treaty, "zh", "substantive") == []
    assert {kind for kind, _, _ in differences(treaty, "zh", "orthographic")} == {"spelling"}


def test_punctuation_and_spacing_are_not_substantive():
    treaty = witness_treaty("ru", ["Граница идет по реке, а земли остаются за сторонами."],
                           ["Граница  идет по реке; а земли остаются за сторонами"])
    assert differences(treaty, "ru", "substantive") == []
    assert differences(treaty, "ru", "orthographic") == [("punctuation", ",", ";"), ("punctuation", ".", "")]


def test_changed_added_and_omitted_words_are_substantive():
    treaty = witness_treaty("ru", ["Левый берег реки да будет владением государства навсегда."],
                           ["Правый берег большой реки да будет владением государства."])
    assert differences(treaty, "ru", "substantive") == [
        ("replacement", "Левый", "Правый"), ("addition", "", "большой"), ("omission", "навсегда", "")]


def test_a_gap_in_the_witness_is_untranscribed():
    gap = Clause(id="t-1900.ru.other.a1.c1", text="Граница идет", corresp="#t-1900.ru.a1.c1",
                 marks=[Mark(kind="gap", start=12, end=12, attrs={"reason": "not transcribed"})])
    treaty = witness_treaty("ru", ["Граница идет по реке Аргуни."], [gap])
    assert differences(treaty, "ru", "substantive") == []
    assert differences(treaty, "ru", "untranscribed") == [("untranscribed", "по реке Аргуни.", "")]


def test_a_witness_clause_pointing_nowhere_is_unmatched():
    extra = Clause(id="t-1900.ru.other.a1.c2", text="Лишняя статья.", corresp="#t-1900.ru.a1.c9")
    collation = collate(witness_treaty("ru", ["Одна статья."], ["Одна статья.", extra]), "ru")
    assert [(u.witness, u.clause, u.text) for u in collation.unmatched] == [
        ("t-1900.ru.other", "t-1900.ru.other.a1.c2", "Лишняя статья.")]


def test_kinds_are_split_between_the_levels():
    assert not set(SUBSTANTIVE_KINDS) & set(ORTHOGRAPHIC_KINDS)


# ---------------------------------------------------------------- TEI parallel segmentation


def reading_of(el: etree._Element, wit: str) -> str:
    """The text a witness reads in a parallel-segmentation element: its own rdg in every app."""
    parts = [el.text or ""]
    for child in el:
        if etree.QName(child).localname == "app":
            parts.append(next(reading_of(r, wit) for r in child if wit in r.get("wit").split()))
        parts.append(child.tail or "")
    return "".join(parts)


@pytest.mark.parametrize("treaty_id, lang", [("aigun-1858", "ru"), ("aigun-1858", "zh"), ("tianjin-1858", "zh"),
                                             ("beijing-1860", "zh")])
def test_the_collation_is_valid_parallel_segmentation_that_gives_back_every_text(corpus, tei_all, treaty_id, lang):
    treaty = corpus.treaty(treaty_id)
    collation = collate(treaty, lang)
    tree = tei.parse_bytes(export_collation(treaty, collation))
    assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]
    assert pointer_problems(tree) == []
    header = tree.find("t:teiHeader", NS)
    assert header.find(".//t:variantEncoding", NS).attrib == {"method": "parallel-segmentation", "location": "internal"}
    witnesses = [w.get(tei.XML_ID) for w in header.iterfind(".//t:listWit/t:witness", NS)]
    assert witnesses == [collation.base, *collation.witnesses]
    clauses = treaty.clause_index()
    squash = lambda text: re.sub(r"\s+", "", text)  # noqa: E731 - spacing is never a difference
    for row in collation.clauses:
        seg = tree.find(f".//t:seg[@xml:id='{row.clause}']", {**NS, "xml": tei.XML_NS})
        assert squash(reading_of(seg, f"#{collation.base}")) == squash(row.text)
        for reading in row.readings:
            expected = joined([clauses[c] for c in reading.clauses])[0]
            assert squash(reading_of(seg, f"#{reading.witness}")) == squash(expected), (row.clause, reading.witness)


def test_apps_are_typed_by_level(corpus):
    treaty = corpus.treaty("aigun-1858")
    tree = tei.parse_bytes(export_collation(treaty, collate(treaty, "ru")))
    seg = tree.find(".//t:seg[@xml:id='aigun-1858.ru.pre.c2']", {**NS, "xml": tei.XML_NS})
    substantive = [app for app in seg.iter(f"{{{tei.TEI_NS}}}app") if app.get("type") == "substantive"]
    assert len(substantive) == 1 and "охраненія" in "".join(substantive[0].itertext())
    assert {app.get("type") for app in seg.iter(f"{{{tei.TEI_NS}}}app")} == {"substantive", "orthographic"}


# ---------------------------------------------------------------- the collate command


def test_collate_command_prints_both_levels(run_cli):
    result = run_cli("collate", "aigun-1858", "--lang", "ru")
    assert result.exit_code == 0, result.stderr
    assert "+ и для охраненія отъ иностранцевъ," in result.stdout
    assert "form: Усури → Уссури" in result.stdout and "вечной → вѣчной" in result.stdout
    brief = run_cli("collate", "aigun-1858", "--lang", "ru", "--substantive")
    assert "вечной → вѣчной" not in brief.stdout and "form: Усури → Уссури" in brief.stdout


def test_collate_json_is_the_library_result(run_cli, corpus):
    result = run_cli("collate", "aigun-1858", "--lang", "ru", "--json")
    data = json.loads(result.stdout)
    texts = data.pop("texts")  # and what each text compared is (tests/test_text_status.py)
    data.pop("caveat")
    assert data == collate(corpus.treaty("aigun-1858"), "ru").model_dump(mode="json")
    assert set(texts) == {w.id for w in corpus.treaty("aigun-1858").version("ru").witnesses}


def test_collate_an_unknown_version(run_cli):
    result = run_cli("collate", "aigun-1858", "--lang", "fr")
    assert result.exit_code != 0 and "has no 'fr' version" in result.stderr
