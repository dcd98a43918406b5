"""Collating a version against a scholar's own copy of the edition: what would change, clause by clause.

A scholar with the printed edition at hand sends the text of one version in the plain-text
interchange format (comparer.plaintext), transcribed from that edition. `propose` compares it with
our primary text of the version, division by division (preamble, article K, closing):

- clauses whose folded text is equal correspond (diff-match-patch over one key per clause);
- in the stretches between, a clause of ours and one of theirs correspond when enough of their
  words agree (Dice over the folded words, or the share of the shorter one when a gap leaves a
  text incomplete); a clause of ours that was not transcribed at all may stand for any one of
  theirs in its place. The best set of such pairs in order is found by dynamic programming;
- a corresponding clause keeps its id, and is "same" or "changed" (its differences at the
  collation levels of comparer.exchange.collate: substantive, untranscribed, orthographic, or
  only its marks); a clause only they have is "added" and takes the next number of its division
  that was never used; a clause only we have is "removed".

`comparer.exchange.collate_store` writes an accepted proposal into the treaty file.
"""

from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from comparer import lang as languages
from comparer import limits, plaintext
from comparer.errors import InputError
from comparer.exchange.collate import (
    ORTHOGRAPHIC_KINDS,
    SUBSTANTIVE_KINDS,
    Difference,
    align_keys,
    compare,
    joined,
    tokenize,
)
from comparer.model import CLAUSE_ID, SIGIL, Clause, Division, Transcription, Treaty, Witness

MATCH_THRESHOLD = 0.35  # least word agreement for two clauses of one stretch to be the same clause
UNTRANSCRIBED_SCORE = 0.01  # a clause of ours with no words pairs with one of theirs only if nothing better does
SIGILS = {Transcription.reconstructed: "memory", Transcription.unverified: "supplied",
          Transcription.collated: "collated"}
MAX_EDITION = 2000  # characters of the citation of the edition

ChangeKind = Literal["same", "changed", "added", "removed"]
Level = Literal["substantive", "untranscribed", "orthographic", "marks"]


class _Data(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ClauseChange(_Data):
    """One clause of either text: whether it is the same, changed, only theirs or only ours."""

    kind: ChangeKind
    division: str
    clause: str  # its id: in the checked text, or (removed) in ours
    ours: str | None = None  # our text, as shown ([…], [?…])
    theirs: str | None = None  # the checked text, as shown
    level: Level | None = None  # for a changed clause: the strongest kind of difference
    differences: list[Difference] = Field(default_factory=list)


class Proposal(_Data):
    """What storing the checked text would do; `witness` is the checked text with its final ids."""

    treaty: str
    lang: str
    base: str  # the primary witness id: it keeps this id, our text moves to base.<sigil>
    edition: str
    editor: str
    date: str
    sigil: str
    changes: list[ClauseChange]
    witness: Witness

    def count(self, kind: ChangeKind) -> int:
        return sum(c.kind == kind for c in self.changes)

    @property
    def kept(self) -> dict[str, str]:
        """Our clause id -> the id of the clause that corresponds to it in the checked text (the same)."""
        return {c.clause: c.clause for c in self.changes if c.kind in ("same", "changed")}

    @property
    def removed(self) -> list[str]:
        return [c.clause for c in self.changes if c.kind == "removed"]


def read_transcription(path: str | Path) -> str:
    """The scholar's file as text, read with the input limit (a larger file is refused without being read whole)."""
    return transcription_text(limits.read_limited(path), str(path))


def transcription_text(data: bytes, name: str) -> str:
    """A transcription's bytes as text: UTF-8, and nothing a TEI file cannot hold (plaintext.decode refuses it)."""
    return plaintext.decode(data, name)


def today() -> str:
    return datetime.now(timezone.utc).date().isoformat()


def propose(treaty: Treaty, lang: str, text: str, *, edition: str, editor: str, sigil: str | None = None,
            date: str | None = None) -> Proposal:
    """Compare a transcription of the edition (interchange format) with our primary text of `lang`."""
    version = treaty.version(lang)
    ours = version.primary
    if ours.bibl.transcription in (Transcription.translation, Transcription.paraphrase):
        raise InputError(f"the {lang!r} text of {treaty.id} is {ours.bibl.transcription.value}, not a copy of an "
                         "edition: there is no edition to collate it with")
    edition = " ".join(limits.check_xml_text(edition, "the edition").split())
    if not edition:
        raise InputError("name the edition the text was checked against (--edition)")
    if len(edition) > MAX_EDITION:
        raise InputError(f"the edition's citation is longer than {MAX_EDITION} characters")
    sigil = sigil or _free_sigil(version.witnesses, SIGILS.get(ours.bibl.transcription, "previous"))
    if not SIGIL.match(sigil) or version.witness(sigil) is not None:
        raise InputError(f"sigil {sigil!r}: use lowercase letters and digits, starting with a letter, "
                         f"not pre, end or a<number>, and not a sigil the {lang!r} version has")
    theirs = plaintext.parse(text, lang, ours.id)
    language = languages.get(lang)
    changes: list[ClauseChange] = []
    divisions: list[Division] = []
    old_divisions = {d.key: d for d in ours.divisions}
    for division in theirs:
        old = old_divisions.pop(division.key, None)
        clauses, found = _collate_division(old.clauses if old else [], division, language)
        divisions.append(division.model_copy(update={"clauses": clauses}))
        changes += found
    for old in old_divisions.values():  # divisions only we have
        changes += [_removed(c, old.key) for c in old.clauses]
    witness = ours.model_copy(update={"divisions": divisions})
    return Proposal(treaty=treaty.id, lang=lang, base=ours.id, edition=edition, editor=editor,
                    date=date or today(), sigil=sigil, changes=changes, witness=witness)


def _free_sigil(witnesses: list[Witness], stem: str) -> str:
    taken = {w.sigil for w in witnesses}
    return next(s for s in (stem, *(f"{stem}{n}" for n in range(2, 1000))) if s not in taken)


# ---------------------------------------------------------------- one division


def _collate_division(old: list[Clause], new: Division, language) -> tuple[list[Clause], list[ClauseChange]]:
    """The checked division's clauses with their final ids, and what happened to each clause."""
    # One side name for both texts: a gap the checked text keeps where ours has it is the same
    # untranscribed passage, not a difference (comparer.exchange.collate keeps editions' gaps apart).
    tokens_old = [_tokens(c, language) for c in old]
    tokens_new = [_tokens(c, language) for c in new.clauses]
    pairs = _pairs(old, new.clauses, tokens_old, tokens_new)
    used = [int(CLAUSE_ID.match(c.id).group("n")) for c in old]
    next_n = max(used, default=0) + 1
    clauses: list[Clause] = []
    changes: list[ClauseChange] = []
    for i, j in pairs:
        if j is None:
            changes.append(_removed(old[i], new.key))
            continue
        theirs = new.clauses[j]
        if i is None:
            clause = theirs.model_copy(update={"id": f"{theirs.id.rsplit('.c', 1)[0]}.c{next_n}"})
            next_n += 1
            changes.append(ClauseChange(kind="added", division=new.key, clause=clause.id,
                                        theirs=plaintext.shown_text(clause)))
        else:
            clause = theirs.model_copy(update={"id": old[i].id})
            changes.append(_compared(old[i], clause, new.key, tokens_old[i], tokens_new[j]))
        clauses.append(clause)
    return clauses, changes


def _removed(clause: Clause, division: str) -> ClauseChange:
    return ClauseChange(kind="removed", division=division, clause=clause.id, ours=plaintext.shown_text(clause))


def _compared(ours: Clause, theirs: Clause, division: str, tokens_ours, tokens_theirs) -> ClauseChange:
    shown = {"ours": plaintext.shown_text(ours), "theirs": plaintext.shown_text(theirs)}
    if ours.text == theirs.text and ours.marks == theirs.marks:
        return ClauseChange(kind="same", division=division, clause=ours.id, **shown)
    differences = compare(tokens_ours[0], tokens_ours[1], tokens_theirs[0], tokens_theirs[1])
    kinds = {d.kind for d in differences}
    level: Level = ("substantive" if kinds & set(SUBSTANTIVE_KINDS) else "untranscribed" if "untranscribed" in kinds
                    else "orthographic" if kinds & set(ORTHOGRAPHIC_KINDS) else "marks")
    return ClauseChange(kind="changed", division=division, clause=ours.id, level=level, differences=differences,
                        **shown)


def _tokens(clause: Clause, language):
    text, gaps = joined([clause])
    return text, tokenize(text, gaps, language, "text")


def _words(tokens) -> list[str]:
    return [t.key for t in tokens if t.kind == "word"]


def _pairs(old: list[Clause], new: list[Clause], tokens_old, tokens_new) -> list[tuple[int | None, int | None]]:
    """Both clause lists in order as pairs (ours, theirs), None where a clause has no counterpart."""
    keys_old = [_clause_key(c, t[1]) for c, t in zip(old, tokens_old)]
    keys_new = [_clause_key(c, t[1]) for c, t in zip(new, tokens_new)]
    pairs: list[tuple[int | None, int | None]] = []
    for tag, i1, i2, j1, j2 in align_keys(keys_old, keys_new):
        if tag == "equal":
            pairs += list(zip(range(i1, i2), range(j1, j2)))
        else:
            pairs += _best_pairs(list(range(i1, i2)), list(range(j1, j2)), tokens_old, tokens_new)
    return pairs


def _clause_key(clause: Clause, tokens) -> str:
    """Equal keys: the same words after folding, gaps in the same places (an empty clause is never equal)."""
    parts = ["\x00gap" if t.kind == "gap" else t.key for t in tokens if t.kind != "punct"]
    return "\x1f".join(parts) if any(t.kind == "word" for t in tokens) else f"\x00empty:{id(clause)}"


def _similarity(a, b) -> float:
    words_a, words_b = _words(a), _words(b)
    if not words_a or not words_b:
        return UNTRANSCRIBED_SCORE if not words_a and any(t.kind == "gap" for t in a) else 0.0
    matched = sum(i2 - i1 for tag, i1, i2, _, _ in align_keys(words_a, words_b) if tag == "equal")
    if any(t.kind == "gap" for t in (*a, *b)):  # an incomplete text can only agree as far as it goes
        return matched / min(len(words_a), len(words_b))
    return 2 * matched / (len(words_a) + len(words_b))


def _best_pairs(olds: list[int], news: list[int], tokens_old, tokens_new) -> list[tuple[int | None, int | None]]:
    """The pairs in order that agree most (each at least MATCH_THRESHOLD, or an untranscribed clause
    of ours); every other clause is removed or added where it stands."""
    n, m = len(olds), len(news)
    gain = [[0.0] * m for _ in range(n)]
    for a, i in enumerate(olds):
        for b, j in enumerate(news):
            score = _similarity(tokens_old[i][1], tokens_new[j][1])
            gain[a][b] = score if score >= MATCH_THRESHOLD or score == UNTRANSCRIBED_SCORE else -1.0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for a in range(n - 1, -1, -1):
        for b in range(m - 1, -1, -1):
            best[a][b] = max(best[a + 1][b], best[a][b + 1], gain[a][b] + best[a + 1][b + 1])
    pairs: list[tuple[int | None, int | None]] = []
    a = b = 0
    while a < n or b < m:
        if a < n and b < m and gain[a][b] > 0 and best[a][b] == gain[a][b] + best[a + 1][b + 1]:
            pairs.append((olds[a], news[b]))
            a, b = a + 1, b + 1
        elif b < m and (a == n or best[a][b] == best[a][b + 1]):
            pairs.append((None, news[b]))  # theirs only: added before anything of ours that follows
            b += 1
        else:
            pairs.append((olds[a], None))
            a += 1
    return pairs
