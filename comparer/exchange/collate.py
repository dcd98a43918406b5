"""Collation: how the printed editions (witnesses) of one language version differ, clause by clause.

Each clause of a witness names the primary clause it reproduces (`corresp="#…"`). Both texts are
cut into tokens (words, a Han character being a word; punctuation marks; a marker for each
<gap>) and aligned word by word with diff-match-patch over the *folded* words, i.e. after the
language module's fold (pre-1918 Russian spelling, Traditional/Simplified Chinese, case,
typographic quotes and dashes). Spacing is never a difference. Two levels come out of one alignment:

- substantive: wording that differs after folding, as an addition, omission or replacement.
  A one-word replacement whose folded forms differ in at most a third of their letters is kind
  "form": a variant form of one word or name (Усури/Уссури, Дайцинского/Дайцынскаго). The fold
  knows the systematic rules of the spelling reform (ѣ→е, final ъ, -аго→-ого); a doubled
  consonant or ы for и in a transcribed name is not one of them, so such variants stay
  substantive at the letter level, and "form" tells a reader they are not changes of wording.
- orthographic: words equal after folding but written differently (вѣчной/вечной, 國/国) -
  kind "spelling" - and differences of punctuation only - kind "punctuation".

Text next to a <gap> was not transcribed, so a difference touching a gap proves nothing: it is
reported as "untranscribed", never as substantive. A primary clause no clause of a witness
points at is "absent" from it: the edition lacks it or the encoder left it out, and the corpus
cannot say which, so no difference is claimed. A difference touching an uncertain reading
(<unclear>) in either text is marked uncertain: it may be no difference of the editions at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from diff_match_patch import diff_match_patch
from pydantic import BaseModel, ConfigDict, Field

from comparer import lang as languages
from comparer.model import Clause, Treaty, Witness

FORM_MIN_LETTERS = 4
FORM_MAX_EDIT_SHARE = 1 / 3
_CODE_BASE = 0xF0000  # supplementary private use: one character per distinct token for dmp

Kind = Literal["addition", "omission", "replacement", "form", "spelling", "punctuation", "untranscribed"]
SUBSTANTIVE_KINDS = ("addition", "omission", "replacement", "form")
ORTHOGRAPHIC_KINDS = ("spelling", "punctuation")


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Difference(_Data):
    """One place where a witness reads otherwise than the primary text; offsets into either text."""

    kind: Kind
    base: str
    reading: str
    base_start: int
    base_end: int
    start: int
    end: int
    uncertain: bool = False  # it touches an uncertain reading (<unclear>) of either text: it is as uncertain


class Reading(_Data):
    """One witness's text of one primary clause (its clauses pointing at it, joined)."""

    witness: str
    clauses: list[str]
    text: str
    substantive: list[Difference] = Field(default_factory=list)
    orthographic: list[Difference] = Field(default_factory=list)
    untranscribed: list[Difference] = Field(default_factory=list)

    @property
    def absent(self) -> bool:
        return not self.clauses


class ClauseCollation(_Data):
    clause: str
    division: str
    text: str
    readings: list[Reading]


class Unmatched(_Data):
    """A witness clause that points at no primary clause of this version."""

    witness: str
    clause: str
    text: str


class Collation(_Data):
    treaty: str
    lang: str
    base: str  # the primary witness id
    witnesses: list[str]  # the witnesses collated against it, in document order
    skipped: dict[str, str] = Field(default_factory=dict)  # witness id -> why it is not collated
    clauses: list[ClauseCollation]
    unmatched: list[Unmatched] = Field(default_factory=list)


# ---------------------------------------------------------------- tokens


@dataclass(frozen=True)
class Token:
    kind: Literal["word", "punct", "gap"]
    surface: str
    start: int
    end: int
    key: str


def tokenize(clause_text: str, gap_offsets: list[int], language: languages.Language, side: str) -> list[Token]:
    """Words, punctuation marks and gap markers in text order; `side` keeps gap keys of two texts apart."""
    tokens: list[Token] = []
    cuts = sorted(set(gap_offsets))
    for word in language.tokenize(clause_text):
        start = word.start
        for cut in (c for c in cuts if word.start < c < word.end):  # a gap inside a word splits it
            tokens.append(_word(clause_text, start, cut, language))
            start = cut
        tokens.append(_word(clause_text, start, word.end, language))
    covered = {i for t in tokens for i in range(t.start, t.end)}
    for i, char in enumerate(clause_text):
        if i not in covered and not char.isspace():
            tokens.append(Token("punct", char, i, i + 1, language.normalize(char)))
    tokens += [Token("gap", "", offset, offset, f"\x00gap:{side}") for offset in cuts]
    # a gap sorts before a token starting at its offset: it stands where the text breaks off
    return sorted(tokens, key=lambda t: (t.start, t.kind != "gap"))


def _word(text: str, start: int, end: int, language: languages.Language) -> Token:
    surface = text[start:end]
    return Token("word", surface, start, end, language.fold_word(surface))


# ---------------------------------------------------------------- alignment

Opcode = tuple[Literal["equal", "change"], int, int, int, int]


def align_tokens(base: list[Token], other: list[Token]) -> list[Opcode]:
    """Word-level alignment of two token lists by their folded keys."""
    return align_keys([t.key for t in base], [t.key for t in other])


def align_keys(a: list[str], b: list[str]) -> list[Opcode]:
    """diff-match-patch over two key sequences, one private-use character per distinct key."""
    codes: dict[str, str] = {}

    def encode(keys: list[str]) -> str:
        return "".join(codes.setdefault(k, chr(_CODE_BASE + len(codes))) for k in keys)

    dmp = diff_match_patch()
    dmp.Diff_Timeout = 0  # an exact diff: clause texts are short, and results must not depend on speed
    diffs = dmp.diff_main(encode(a), encode(b), False)
    opcodes: list[Opcode] = []
    i = j = 0
    for op, chunk in diffs:
        di, dj = (len(chunk), len(chunk)) if op == 0 else (len(chunk), 0) if op < 0 else (0, len(chunk))
        if op != 0 and opcodes and opcodes[-1][0] == "change":
            _, i1, _, j1, _ = opcodes.pop()
            opcodes.append(("change", i1, i + di, j1, j + dj))
        else:
            opcodes.append(("equal" if op == 0 else "change", i, i + di, j, j + dj))
        i, j = i + di, j + dj
    return _absorb_stray_matches(opcodes, a, b)


def _absorb_stray_matches(opcodes: list[Opcode], a: list[str], b: list[str]) -> list[Opcode]:
    """A match between two changes that is smaller than both, in words and in letters, is chance
    (one Han character or two shared inside a reworded passage): the changes become one. This is
    diff-match-patch's semantic cleanup measured in words, so one equal word between two one-word
    changes stays."""
    ops = list(opcodes)

    def size(op: Opcode) -> tuple[int, int]:
        _, i1, i2, j1, j2 = op
        return max(i2 - i1, j2 - j1), max(sum(map(len, a[i1:i2])), sum(map(len, b[j1:j2])))

    k = 1
    while k < len(ops) - 1:
        before, match, after = ops[k - 1], ops[k], ops[k + 1]
        if match[0] == "equal" and before[0] == after[0] == "change":
            words, letters = size(match)
            if all(words < w and letters <= n for w, n in (size(before), size(after))):
                ops[k - 1:k + 2] = [("change", before[1], after[2], before[3], after[4])]
                k = max(k - 1, 1)
                continue
        k += 1
    return ops


def classify(base: list[Token], other: list[Token]) -> Kind:
    """The kind of a changed stretch: base[...] read as other[...]."""
    if any(t.kind == "gap" for t in (*base, *other)):
        return "untranscribed"
    base_words = [t.key for t in base if t.kind == "word"]
    other_words = [t.key for t in other if t.kind == "word"]
    if base_words == other_words:
        return "punctuation"
    if not base_words:
        return "addition"
    if not other_words:
        return "omission"
    if len(base_words) == len(other_words) == 1 and _near_forms(base_words[0], other_words[0]):
        return "form"
    return "replacement"


def _near_forms(a: str, b: str) -> bool:
    if min(len(a), len(b)) < FORM_MIN_LETTERS:
        return False
    dmp = diff_match_patch()
    return dmp.diff_levenshtein(dmp.diff_main(a, b, False)) <= max(len(a), len(b)) * FORM_MAX_EDIT_SHARE


def place_fragments(gapped: list[Token], g1: int, g2: int, other: list[Token], o1: int, o2: int
                    ) -> list[tuple[int, int, int, int]]:
    """Where the gap-free runs of gapped[g1:g2] stand in other[o1:o2], as (g_start, g_end, o_start, o_end).

    A run covers as many words of the other side as it has. The run before the first gap
    starts where the stretch starts, the run after the last gap ends where it ends, and a run
    between gaps goes where diff-match-patch's fuzzy match finds it (at most half its words
    different), in order. A run is left to the gaps around it when it is found nowhere or
    would cover a gap of the other side: what it is read against must have been transcribed.
    """
    gaps = [k for k in range(g1, g2) if gapped[k].kind == "gap"]
    runs = list(zip([g1, *(k + 1 for k in gaps)], [*gaps, g2]))
    (head_a, head_b), middles, (tail_a, tail_b) = runs[0], runs[1:-1], runs[-1]
    transcribed = lambda a, b: all(t.kind != "gap" for t in other[a:b])  # noqa: E731
    head = min(head_b - head_a, o2 - o1)
    tail = min(tail_b - tail_a, o2 - o1 - head)
    windows = []
    if head_b > head_a and transcribed(o1, o1 + head):
        windows.append((head_a, head_b, o1, o1 + head))
    cursor, limit = o1 + head, o2 - tail
    for a, b in middles:
        found = _locate([t.key for t in gapped[a:b]], [t.key for t in other[cursor:limit]])
        if found is not None and transcribed(cursor + found, min(cursor + found + b - a, limit)):
            end = min(cursor + found + b - a, limit)
            windows.append((a, b, cursor + found, end))
            cursor = end
    if tail_b > tail_a and transcribed(o2 - tail, o2):
        windows.append((tail_a, tail_b, o2 - tail, o2))
    return windows


def _locate(run: list[str], text: list[str]) -> int | None:
    if not text:
        return None
    codes: dict[str, str] = {}
    encode = lambda keys: "".join(codes.setdefault(k, chr(_CODE_BASE + len(codes))) for k in keys)  # noqa: E731
    dmp = diff_match_patch()
    dmp.Match_Distance = 10**6  # where a run stands in the clause does not matter, only how well it matches
    found = dmp.match_main(encode(text), encode(run)[:dmp.Match_MaxBits], 0)
    return None if found < 0 else found


def _span(tokens: list[Token], i: int, j: int) -> tuple[int, int]:
    """Character span of tokens[i:j]; an empty stretch sits right after the token before it."""
    if i < j:
        return tokens[i].start, tokens[j - 1].end
    at = tokens[i - 1].end if i > 0 else 0
    return at, at


class _Comparison:
    """Every difference between two tokenized texts, in text order."""

    def __init__(self, base_text: str, base: list[Token], text: str, other: list[Token]):
        self.base_text, self.base, self.text, self.other = base_text, base, text, other
        self.found: list[Difference] = []
        self.stretch(0, len(base), 0, len(other))

    def stretch(self, i1: int, i2: int, j1: int, j2: int) -> None:
        for tag, a1, a2, b1, b2 in align_tokens(self.base[i1:i2], self.other[j1:j2]):
            a1, a2, b1, b2 = a1 + i1, a2 + i1, b1 + j1, b2 + j1
            if tag == "change":
                self.changed(a1, a2, b1, b2)
                continue
            for a, b in zip(range(a1, a2), range(b1, b2)):
                if self.base[a].surface != self.other[b].surface:
                    self.add("spelling" if self.base[a].kind == "word" else "punctuation", a, a + 1, b, b + 1)

    def changed(self, i1: int, i2: int, j1: int, j2: int) -> None:
        """A changed stretch. When a side has gaps, the words it does have are placed on the
        other side (those before its first gap at the start, those after its last at the end,
        the ones between gaps where they fit best) and compared there; what the gaps stand
        for is untranscribed."""
        base_gaps = any(t.kind == "gap" for t in self.base[i1:i2])
        other_gaps = any(t.kind == "gap" for t in self.other[j1:j2])
        if not (base_gaps or other_gaps):
            self.add(classify(self.base[i1:i2], self.other[j1:j2]), i1, i2, j1, j2)
            return
        if other_gaps:  # with gaps on both sides, the base's gaps are just words nothing matches
            windows = [(a1, a2, g1, g2) for g1, g2, a1, a2 in place_fragments(self.other, j1, j2, self.base, i1, i2)]
        else:
            windows = place_fragments(self.base, i1, i2, self.other, j1, j2)
        at_i, at_j = i1, j1
        for a1, a2, b1, b2 in windows:
            if (at_i, at_j) != (a1, b1):
                self.add("untranscribed", at_i, a1, at_j, b1)
            self.stretch(a1, a2, b1, b2)
            at_i, at_j = a2, b2
        if (at_i, at_j) != (i2, j2):
            self.add("untranscribed", at_i, i2, at_j, j2)

    def add(self, kind: Kind, i1: int, i2: int, j1: int, j2: int) -> None:
        b0, b1 = _span(self.base, i1, i2)
        s0, s1 = _span(self.other, j1, j2)
        last = self.found[-1] if self.found else None
        if (last is not None and kind == last.kind == "spelling"
                and not self.base_text[last.base_end:b0].strip() and not self.text[last.end:s0].strip()):
            b0, s0 = last.base_start, last.start  # neighbouring respellings read as one
            self.found.pop()
        self.found.append(Difference(kind=kind, base=self.base_text[b0:b1], reading=self.text[s0:s1],
                                     base_start=b0, base_end=b1, start=s0, end=s1))


def compare(base_text: str, base: list[Token], text: str, other: list[Token]) -> list[Difference]:
    return _Comparison(base_text, base, text, other).found


# ---------------------------------------------------------------- witnesses


def _gap_offsets(clauses: list[Clause], joined_starts: list[int]) -> list[int]:
    return [start + m.start for clause, start in zip(clauses, joined_starts) for m in clause.marks if m.kind == "gap"]


def unclear_spans(clauses: list[Clause]) -> list[tuple[int, int]]:
    """The uncertain readings of the clauses, as offsets into their joined text (see joined)."""
    spans, start = [], 0
    for clause in clauses:
        spans += [(start + m.start, start + m.end) for m in clause.marks if m.kind == "unclear"]
        start += len(clause.text) + 1
    return spans


def _touches(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether text[start:end] (an insertion point when empty) overlaps one of the spans."""
    return any(start < e and s < end if start < end else s < start < e for s, e in spans)


def with_certainty(differences: list[Difference], base_unclear: list[tuple[int, int]],
                   unclear: list[tuple[int, int]]) -> list[Difference]:
    """Each difference marked uncertain where it touches an uncertain reading of either text."""
    return [d.model_copy(update={"uncertain": True})
            if _touches(d.base_start, d.base_end, base_unclear) or _touches(d.start, d.end, unclear) else d
            for d in differences]


def joined(clauses: list[Clause]) -> tuple[str, list[int]]:
    """The clauses' texts joined by a space (spacing is never a difference) and their gap offsets."""
    text, starts = "", []
    for clause in clauses:
        if text:
            text += " "
        starts.append(len(text))
        text += clause.text
    return text, _gap_offsets(clauses, starts)


def collatable(witness: Witness, primary_ids: set[str]) -> bool:
    """A witness is collated when its clauses point at primary clauses (a paraphrase points elsewhere)."""
    return any((c.corresp or "").removeprefix("#") in primary_ids for c in witness.clauses())


def collate(treaty: Treaty, lang: str) -> Collation:
    """Differences between the primary text of one version and each of its other witnesses."""
    version = treaty.version(lang)
    language = languages.get(lang)
    primary = version.primary
    primary_ids = {c.id for c in primary.clauses()}
    witnesses, skipped = [], {}
    for witness in version.witnesses[1:]:
        if collatable(witness, primary_ids):
            witnesses.append(witness)
        else:
            skipped[witness.id] = (f"its clauses point at no clause of {primary.id} "
                                   f"(a {witness.bibl.status.value}, not a printing of this text)")
    by_target = {w.id: _clauses_by_target(w, primary_ids) for w in witnesses}
    rows = []
    for division in primary.divisions:
        for clause in division.clauses:
            base_text, base_gaps = joined([clause])
            base_tokens = tokenize(base_text, base_gaps, language, "base")
            readings = []
            for witness in witnesses:
                clauses = by_target[witness.id].get(clause.id, [])
                readings.append(_reading(witness, clauses, base_text, base_tokens, unclear_spans([clause]), language))
            rows.append(ClauseCollation(clause=clause.id, division=division.key, text=clause.text, readings=readings))
    unmatched = [
        Unmatched(witness=w.id, clause=c.id, text=c.text)
        for w in witnesses for c in w.clauses() if (c.corresp or "").removeprefix("#") not in primary_ids
    ]
    return Collation(treaty=treaty.id, lang=lang, base=primary.id, witnesses=[w.id for w in witnesses],
                     skipped=skipped, clauses=rows, unmatched=unmatched)


def _clauses_by_target(witness: Witness, primary_ids: set[str]) -> dict[str, list[Clause]]:
    out: dict[str, list[Clause]] = {}
    for clause in witness.clauses():
        target = (clause.corresp or "").removeprefix("#")
        if target in primary_ids:
            out.setdefault(target, []).append(clause)
    return out


def _reading(witness: Witness, clauses: list[Clause], base_text: str, base_tokens: list[Token],
             base_unclear: list[tuple[int, int]], language: languages.Language) -> Reading:
    if not clauses:
        return Reading(witness=witness.id, clauses=[], text="")
    text, gaps = joined(clauses)
    differences = with_certainty(compare(base_text, base_tokens, text, tokenize(text, gaps, language, "witness")),
                                 base_unclear, unclear_spans(clauses))
    return Reading(
        witness=witness.id,
        clauses=[c.id for c in clauses],
        text=text,
        substantive=[d for d in differences if d.kind in SUBSTANTIVE_KINDS],
        orthographic=[d for d in differences if d.kind in ORTHOGRAPHIC_KINDS],
        untranscribed=[d for d in differences if d.kind == "untranscribed"],
    )
