"""Hybrid window vectors: the close decisions of an alignment are made again with the
windows around them embedded as text (`semantic.SpanSimilarity.refine`).

After the aligner's pass with composed window vectors, each boundary between two beads is
checked against every other split of the two beads' units into one or two beads; where one
scores within CLOSE_MARGIN of the chosen split, the decision is close.  The runs of beads
around close boundaries are realigned on their own, the other beads kept, once their
windows are refined.
"""
from __future__ import annotations

import math
from typing import Sequence

from comparer.align.beads import Bead, BeadType, SpanScorer, align
from comparer.align.semantic import SpanSimilarity


# A boundary between two beads is a close decision when another split of their units
# scores within this much of it, in log-likelihood units.  On MAC zh-en documents 001-008, 2
# embeds 769 of the 12,645 windows as text and gains 0.9 of the 1.4 points of strict F1 that
# embedding them all gives (1: 300 windows, 0.8 points; 3: 1,373, 1.0).
CLOSE_MARGIN = 2.0


def refine_close_decisions(beads: list[Bead], scorer: SpanScorer,
                            span_similarity: SpanSimilarity,
                            types: Sequence[BeadType], fixed: Sequence[Bead]) -> list[Bead]:
    """Embed the windows of the close decisions as text and align those stretches again.

    Each run of beads around a close boundary is realigned on its own, the beads around it
    kept as they are, with every window inside it refined: every bead that competes there
    is scored with vectors of one kind (a refined window against a composed neighbour would
    not be a fair contest)."""
    regions = _close_regions(beads, scorer, types, {(b.src, b.tgt) for b in fixed})
    if not regions:
        return beads
    src_sizes = sorted({a for a, b in types if a > 1 and b})
    tgt_sizes = sorted({b for a, b in types if b > 1 and a})
    src_windows: list[tuple[int, int]] = []
    tgt_windows: list[tuple[int, int]] = []
    starts = _bead_starts(beads)
    realigned: set[int] = set()
    for first, last in regions:
        (src_start, tgt_start), (src_end, tgt_end) = starts[first], starts[last + 1]
        src_windows += [(i, k) for k in src_sizes for i in range(src_start, src_end - k + 1)]
        tgt_windows += [(j, k) for k in tgt_sizes for j in range(tgt_start, tgt_end - k + 1)]
        realigned.update(range(first, last + 1))
    span_similarity.refine(src_windows, tgt_windows)
    kept = [bead for k, bead in enumerate(beads) if k not in realigned]
    n_src, n_tgt = starts[-1]
    return align(n_src, n_tgt, scorer, bead_types=types, fixed=kept)


def _bead_starts(beads: Sequence[Bead]) -> list[tuple[int, int]]:
    """The source and target units before each bead, and after the last."""
    starts = [(0, 0)]
    for bead in beads:
        src_at, tgt_at = starts[-1]
        starts.append((src_at + len(bead.src), tgt_at + len(bead.tgt)))
    return starts


def _close_regions(beads: Sequence[Bead], scorer: SpanScorer, types: Sequence[BeadType],
                   human: set) -> list[tuple[int, int]]:
    """Runs of beads (first, last) around the boundaries where another split of the two
    beads' units into one or two beads scores within CLOSE_MARGIN of the chosen one.  A
    boundary next to a bead the caller fixed is never close."""
    allowed = set(types)
    close = []
    for k, ((src_at, tgt_at), left, right) in enumerate(zip(_bead_starts(beads), beads, beads[1:])):
        if (left.src, left.tgt) in human or (right.src, right.tgt) in human:
            continue
        n, m = len(left.src) + len(right.src), len(left.tgt) + len(right.tgt)
        other = -math.inf
        if (n, m) in allowed:
            other = scorer.score(range(src_at, src_at + n), range(tgt_at, tgt_at + m))
        for a, b in allowed:
            if (a, b) != (len(left.src), len(left.tgt)) and a <= n and b <= m and (n - a, m - b) in allowed:
                other = max(other, scorer.score(range(src_at, src_at + a), range(tgt_at, tgt_at + b))
                            + scorer.score(range(src_at + a, src_at + n), range(tgt_at + b, tgt_at + m)))
        if left.score + right.score - other < CLOSE_MARGIN:
            close.append(k)
    regions: list[tuple[int, int]] = []
    for k in close:
        if regions and regions[-1][1] >= k:
            regions[-1] = (regions[-1][0], k + 1)
        else:
            regions.append((k, k + 1))
    return regions
