"""How a finding's reviews read in the reader: one decision for the whole finding, or one per pair.

A review attaches to finding parts (one per pair of versions that disagree): a finding seen between
three versions may be confirmed for one pair and not yet reviewed for the other, and the reader says so.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparer import review
from comparer.model import Finding, FindingPart


@dataclass(frozen=True)
class Decisions:
    parts: list[tuple[FindingPart, review.Review | None]]

    @property
    def whole(self) -> review.Review | None:
        """The review that decides every part, if one does."""
        decided = {r.id if r else None for _, r in self.parts}
        return self.parts[0][1] if len(decided) == 1 and self.parts else None

    @property
    def by_pair(self) -> bool:
        """Parts decided differently (or some not at all): show each pair's decision."""
        return self.whole is None and any(r for _, r in self.parts)

    @property
    def stale(self) -> bool:
        return any(r and r.stale for _, r in self.parts)


def decisions_of(finding: Finding, reviews: dict[str, review.Review]) -> Decisions:
    return Decisions(review.part_decisions(finding, reviews))
