"""Carrying reviews of the first format over to finding parts: a one-time upgrade on reading.

The first format stored a review under the finding's id as one view showed it: a hash of its type,
article, concept and every clause of its row (comparer.check.ids.legacy_finding_id), with the versions
it was found between. To carry such a review over, the treaty is checked again between those
versions and the finding with that id gives its parts. A correction made after the review changed
the rows, and so the old id; the finding is then looked for in the rows as they were when the review
was made (the corrections made before it, less those a later one of them replaced). A review whose
finding is not found either way keeps its old id: it is shown as no longer found, never dropped,
never attached to a finding by guesswork.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import combinations
from typing import TYPE_CHECKING

from comparer.check import REVIEW_STATUSES, legacy_id
from comparer.check.ids import PREFIX as FINDING_PREFIX
from comparer.model import AlignmentLink, Annotation, Treaty

if TYPE_CHECKING:
    from comparer.review.checker import Checker
    from comparer.review.records import Correction


def _legacy(note: Annotation) -> str | None:
    """The finding id a review of the first format names, if it is one."""
    if note.parts or note.status not in REVIEW_STATUSES:
        return None
    return next((p.removeprefix("#") for p in (note.ana or "").split() if p.startswith(f"#{FINDING_PREFIX}")), None)


def upgrades(treaty: Treaty, corrections: Sequence[Correction], checker: Checker) -> dict[str, list[str]]:
    """Review id -> the parts of the finding it named, for every review of the first format whose
    finding is found again."""
    wanted = {note.id: (finding, note) for note in treaty.annotations if (finding := _legacy(note))}
    found: dict[str, list[str]] = {}
    for review_id, (finding_id, note) in wanted.items():
        for state in _states(treaty, corrections, note.when):
            parts = next((f.parts for langs in _views(state, note.langs)
                          for f in checker.report(state, langs).findings if finding_id in (f.id, legacy_id(f))), None)
            if parts is not None:
                found[review_id] = [p.id for p in parts]
                break
    return found


def _views(treaty: Treaty, langs: list[str]) -> list[list[str]]:
    """The versions the finding was found between, or, not knowing them, every choice of two or more."""
    if len(langs) >= 2 and all(lang in treaty.versions for lang in langs):
        return [langs]
    every = list(treaty.versions)
    return [list(c) for n in range(len(every), 1, -1) for c in combinations(every, n)]


def _states(treaty: Treaty, corrections: Sequence[Correction], when: str | None) -> Iterator[Treaty]:
    """The treaty as it is, then with the corrections it had at `when` (made before, then also those
    made in the same second: the records have whole seconds)."""
    yield treaty
    if when is None:
        return
    seen = {_key(treaty.alignment)}
    for before in (lambda made: made < when, lambda made: made <= when):
        links = _links_at(corrections, before)
        if _key(links) not in seen:
            seen.add(_key(links))
            yield treaty.model_copy(update={"alignment": links})


def _key(links: list[AlignmentLink]) -> frozenset:
    return frozenset(frozenset(link.targets) for link in links)


def _links_at(corrections: Sequence[Correction], made_before) -> list[AlignmentLink]:
    """The corrections in force then: made in time (an undated one is taken as always there), less the
    ones a later edit has since replaced, if that edit was also in time (a replaced correction went
    when a later one took some of its clauses)."""
    dated = sorted(enumerate(corrections), key=lambda item: (item[1].when or "", item[0]))
    active: list[Correction] = []
    for _, correction in dated:
        if correction.when is not None and not made_before(correction.when):
            continue
        clauses = set(correction.clauses)
        active = [a for a in active if a.current or not clauses & set(a.clauses)]
        active.append(correction)
    return [AlignmentLink(targets=c.targets, type="correction", id=c.id) for c in active]
