"""Strict and lax precision, recall and F1 of an alignment against a gold alignment.

The definitions are those of Vecalign's ``score.py`` (Thompson & Koehn 2019), which
Bertalign also uses, after Sennrich & Volk (2011):

* Beads empty on both sides are ignored; duplicate beads count once.
* Precision is taken over every hypothesis bead, 0-1 and 1-0 beads included.
  Recall is taken over the gold beads with units on both sides, and only hypothesis
  beads with units on both sides can recall them: unlinked units never count for recall.
* Strict: a bead is correct when exactly the same (source, target) pair is in the other
  alignment.  Lax: a bead that is not strictly correct still counts when one of its source
  units is linked in the other alignment to one of its target units (so a 0-1 or 1-0
  bead is lax-correct only when it is strictly correct).
* Over several documents the counts are pooled before dividing (not averaged per document).
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable, Sequence

from comparer.align.beads import Bead

Link = tuple[tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Counts:
    """How many beads were judged, and how many of them were strictly / laxly correct."""

    total: int = 0
    strict: int = 0
    lax: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.total + other.total, self.strict + other.strict, self.lax + other.lax)


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float

    @classmethod
    def of(cls, precision: float, recall: float) -> PRF:
        total = precision + recall
        return cls(precision, recall, 2 * precision * recall / total if total else 0.0)


@dataclass(frozen=True)
class AlignmentScore:
    strict: PRF
    lax: PRF
    precision_counts: Counts
    recall_counts: Counts


def score_alignments(golds: Sequence[Iterable[Bead]], tests: Sequence[Iterable[Bead]]) -> AlignmentScore:
    """Score several documents at once, pooling the counts."""
    if len(golds) != len(tests):
        raise ValueError(f"{len(golds)} gold alignments but {len(tests)} test alignments")
    precision, recall = Counts(), Counts()
    for gold, test in zip(golds, tests):
        gold_links, test_links = _links(gold), _links(test)
        precision += judge(test_links, against=gold_links)
        recall += judge(_linked_both_sides(gold_links), against=_linked_both_sides(test_links))
    return AlignmentScore(
        strict=PRF.of(_ratio(precision.strict, precision.total), _ratio(recall.strict, recall.total)),
        lax=PRF.of(_ratio(precision.lax, precision.total), _ratio(recall.lax, recall.total)),
        precision_counts=precision,
        recall_counts=recall,
    )


def score_alignment(gold: Iterable[Bead], test: Iterable[Bead]) -> AlignmentScore:
    return score_alignments([gold], [test])


def judge(beads: set[Link], against: set[Link]) -> Counts:
    """Count ``beads`` that are strictly / laxly correct with respect to ``against``."""
    linked_targets: dict[int, set[int]] = defaultdict(set)
    for src, tgt in against:
        for s in src:
            linked_targets[s].update(tgt)
    strict = lax = 0
    for src, tgt in beads:
        if (src, tgt) in against:
            strict += 1
            lax += 1
        elif any(linked_targets[s].intersection(tgt) for s in src):
            lax += 1
    return Counts(len(beads), strict, lax)


def _links(beads: Iterable[Bead]) -> set[Link]:
    return {(tuple(b.src), tuple(b.tgt)) for b in beads if b.src or b.tgt}


def _linked_both_sides(links: set[Link]) -> set[Link]:
    return {(src, tgt) for src, tgt in links if src and tgt}


def _ratio(part: int, whole: int) -> float:
    return part / whole if whole else 0.0
