"""Stable identities of findings: a discrepancy is named by what disagrees between whom, not by a view.

A finding is made of *parts*, one per pair of versions that disagree (one per version for a finding
inside a single version). A part is named by the finding's type and, for each version of the pair,
its *side*: the version, what it has, and where in that version that stands:

- a version with evidence (words found): those words, and the clauses that carry them, not the
  row's other clauses, so that merging, splitting or moving rows leaves the part as it was;
- a version whose value is `absent`: that value, and the divisions its clauses lie in (a1, pre),
  since absence has no clause of its own and the row around it is what corrections change;
- any other version: its value and its clauses.

Which pairs disagree: those whose values differ (every pair when the finding has no values). A
finding seen between three versions is the union of its parts, so the same disagreement between ru
and zh has the same part in the ru, zh view and in the ru, zh, id view; reviews attach to parts.
The finding's own id (`F-` + 8 hex digits) hashes its parts: it names the finding as one choice of
versions shows it. See docs/findings-identity.md.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from itertools import combinations

from comparer.model import CLAUSE_ID

PREFIX = "F-"
PART_PREFIX = "P-"
ABSENT = "absent"  # the value of a version that lacks what the others have (model.Finding.values)
_SEP, _ITEM = "\x1f", "\x1e"


@dataclass(frozen=True)
class Side:
    """One version's share of a part: what it has (its evidence, else its value) and where that stands."""

    lang: str
    has: str
    where: tuple[str, ...]  # clause ids, or division keys for an absence

    def key(self) -> str:
        return _SEP.join([self.lang, self.has, ",".join(self.where)])


def _hash(prefix: str, key: str) -> str:
    return prefix + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def evidence_clauses(segments: Mapping[str, list[str]], evidence: Mapping[str, list[str]],
                     text_of: Callable[[str], str]) -> dict[str, list[str]]:
    """Per version with evidence, the clauses among its segments whose text holds an item of it
    (all its segments when none does: the evidence was read, not quoted)."""
    found = {}
    for lang, items in evidence.items():
        clauses = segments.get(lang, [])
        carrying = [cid for cid in clauses if any(item and item in text_of(cid) for item in items)]
        found[lang] = carrying or list(clauses)
    return found


def _division(clause_id: str) -> str:
    match = CLAUSE_ID.match(clause_id)
    return match.group("div") if match else clause_id


def sides(segments: Mapping[str, list[str]], values: Mapping[str, str], evidence: Mapping[str, list[str]],
          anchors: Mapping[str, list[str]]) -> dict[str, Side]:
    """Each version's side, in the finding's order of versions. Evidence names a side by its words,
    not by the value they were read as: a name moved from one row to the next gives two mirror
    findings (present here, moved there), which are one disagreement with one part."""
    langs = list(dict.fromkeys([*segments, *values, *evidence]))
    out = {}
    for lang in langs:
        value = values.get(lang, "")
        if evidence.get(lang):
            has = _ITEM.join(sorted(set(evidence[lang])))
            where = sorted(set(anchors.get(lang) or segments.get(lang, [])))
        elif value == ABSENT:
            has, where = value, sorted({_division(cid) for cid in segments.get(lang, [])})
        else:
            has, where = value, sorted(set(segments.get(lang, [])))
        out[lang] = Side(lang, has, tuple(where))
    return out


def disagreeing(langs: list[str], values: Mapping[str, str]) -> list[tuple[str, ...]]:
    """The pairs of versions a finding is about: those whose values differ, or every pair when none
    do (a finding without values); a finding about one version is about that version alone."""
    if len(langs) < 2:
        return [tuple(langs)]
    pairs = list(combinations(langs, 2))
    return [(a, b) for a, b in pairs if values.get(a) != values.get(b)] or pairs


def part_id(finding_type: str, sides_of: Iterable[Side], article: str | None = None) -> str:
    """`P-` + 8 hex digits: the type and the sides, in the order of their version codes (a view's
    column order does not matter). The article counts only where no side has a place of its own."""
    chosen = sorted(sides_of, key=lambda s: s.lang)
    located = any(s.where for s in chosen)
    key = _SEP.join([finding_type, "" if located else article or "", *(s.key() for s in chosen)])
    return _hash(PART_PREFIX, key)


def finding_parts(finding_type: str, article: str | None, segments: Mapping[str, list[str]],
                  values: Mapping[str, str], evidence: Mapping[str, list[str]],
                  anchors: Mapping[str, list[str]]) -> list[tuple[tuple[str, ...], str]]:
    """(versions, part id) for every part of a finding, in the finding's order of versions."""
    by_lang = sides(segments, values, evidence, anchors)
    return [(pair, part_id(finding_type, (by_lang[lang] for lang in pair), article))
            for pair in disagreeing(list(by_lang), values)]


def finding_id(part_ids: Iterable[str]) -> str:
    """`F-` + 8 hex digits of the finding's parts: the same parts, the same id, in any view."""
    return _hash(PREFIX, _ITEM.join(sorted(set(part_ids))))


def legacy_finding_id(finding_type: str, article: str | None, clause_ids: Iterable[str], concept: str | None) -> str:
    """The id the first review format stored (type, article, every clause of the row, concept): read
    only to carry those reviews over to parts (comparer.review.migrate, comparer.check)."""
    key = _SEP.join([finding_type, article or "", ",".join(sorted(set(clause_ids))), concept or ""])
    return PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
