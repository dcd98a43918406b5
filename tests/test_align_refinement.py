"""Hybrid windows: which decisions of an alignment are close, and how they are made again."""
from __future__ import annotations

import pytest

from comparer.align import refinement
from comparer.align.beads import DEFAULT_BEAD_TYPES, Bead
from comparer.align.refinement import refine_close_decisions


class TableScorer:
    """Scores from a table of (source units, target units); a bead not in it is poor."""

    def __init__(self, table: dict):
        self.table = dict(table)

    def score(self, src: range, tgt: range) -> float:
        if not src or not tgt:
            return -8.0
        return self.table.get((tuple(src), tuple(tgt)), -20.0)


class RecordingSimilarity:
    """Stands in for SpanSimilarity: records the windows asked for, then changes the scores
    as the windows' own vectors would."""

    def __init__(self, scorer: TableScorer, after: dict):
        self.scorer, self.after = scorer, after
        self.asked: list = []

    def refine(self, src_windows, tgt_windows) -> int:
        self.asked.append((sorted(set(src_windows)), sorted(set(tgt_windows))))
        self.scorer.table.update(self.after)
        return len(self.asked[-1][0]) + len(self.asked[-1][1])


def one_to_one(scorer: TableScorer, n: int) -> list[Bead]:
    return [Bead((k,), (k,), scorer.score(range(k, k + 1), range(k, k + 1))) for k in range(n)]


def test_a_boundary_is_close_when_another_split_scores_nearly_as_well():
    scorer = TableScorer({((k,), (k,)): 10.0 for k in range(5)}
                         | {((1, 2), (1, 2)): 20.0 - refinement.CLOSE_MARGIN / 2,   # close to 1-1 + 1-1
                            ((3, 4), (3, 4)): 20.0 - refinement.CLOSE_MARGIN * 2})  # not close
    beads = one_to_one(scorer, 5)
    assert refinement._close_regions(beads, scorer, DEFAULT_BEAD_TYPES, human=set()) == [(1, 2)]
    # A boundary next to a bead the caller fixed is the caller's decision.
    assert refinement._close_regions(beads, scorer, DEFAULT_BEAD_TYPES, human={((2,), (2,))}) == []


def test_close_boundaries_in_a_row_make_one_region():
    scorer = TableScorer({((k,), (k,)): 10.0 for k in range(6)}
                         | {((1, 2), (1, 2)): 19.0, ((2, 3), (2, 3)): 19.0})
    assert refinement._close_regions(one_to_one(scorer, 6), scorer, DEFAULT_BEAD_TYPES, set()) == [(1, 3)]


def test_only_the_close_stretch_is_refined_and_aligned_again():
    scorer = TableScorer({((k,), (k,)): 10.0 for k in range(5)} | {((1, 2), (1, 2)): 19.0})
    beads = one_to_one(scorer, 5)
    similarity = RecordingSimilarity(scorer, after={((1, 2), (1, 2)): 25.0})
    refined = refine_close_decisions(beads, scorer, similarity, DEFAULT_BEAD_TYPES, fixed=())
    # The windows inside beads 1-2 only: two-unit windows, and none of three (they would leave it).
    assert similarity.asked == [([(1, 2)], [(1, 2)])]
    assert [(b.src, b.tgt) for b in refined] == [((0,), (0,)), ((1, 2), (1, 2)), ((3,), (3,)), ((4,), (4,))]
    assert refined[1].score == 25.0
    # The beads outside the close stretch are kept as they were.
    assert refined[0] is beads[0] and refined[2] is beads[3] and refined[3] is beads[4]


def test_nothing_close_nothing_refined():
    scorer = TableScorer({((k,), (k,)): 10.0 for k in range(4)})
    beads = one_to_one(scorer, 4)
    similarity = RecordingSimilarity(scorer, after={})
    assert refine_close_decisions(beads, scorer, similarity, DEFAULT_BEAD_TYPES, fixed=()) == beads
    assert similarity.asked == []


@pytest.mark.parametrize("fixed", [[Bead((1,), (1,))], [Bead((2,), (2,))]])
def test_a_fixed_bead_is_never_realigned(fixed):
    scorer = TableScorer({((k,), (k,)): 10.0 for k in range(4)} | {((1, 2), (1, 2)): 19.5})
    beads = one_to_one(scorer, 4)
    similarity = RecordingSimilarity(scorer, after={((1, 2), (1, 2)): 30.0})
    refined = refine_close_decisions(beads, scorer, similarity, DEFAULT_BEAD_TYPES, fixed=fixed)
    assert [(b.src, b.tgt) for b in refined] == [((k,), (k,)) for k in range(4)]
