"""Monotone, banded dynamic programme that aligns two sequences of text units into beads.

A *bead* links a contiguous run of source units to a contiguous run of target units
(either run may be empty: a 1-0 bead is an untranslated source unit).  The programme
maximises the sum of bead scores given by a pluggable scorer, like Gale & Church (1993),
but only inside a band, so time and memory grow linearly with the length of the texts:

1. a guide is drawn through anchor points (unit pairs the caller is confident about,
   reduced to their heaviest monotone chain), and the band holds the cells near the guide
   plus the whole box between two consecutive anchors when it is small;
2. the best path in that band is checked with a band twice as wide around it, which is
   widened again while that finds a better path or the path runs along the band's edge
   (Vecalign, Thompson & Koehn 2019, refines a path in a band the same way).

Beads fixed by a human are kept as they are and only the spans between them are aligned.
"""
from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass
from typing import Iterable, Protocol, Sequence

import numpy as np

BeadType = tuple[int, int]
DEFAULT_BEAD_TYPES: tuple[BeadType, ...] = (
    (1, 1), (1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (0, 1), (1, 0),
)
DEFAULT_BAND_RADIUS = 6
# A box between two guide points is searched whole if it has no more cells than this.
_BOX_CELLS = 2500


@dataclass(frozen=True)
class Bead:
    """Source unit indices linked to target unit indices, with the scorer's score."""

    src: tuple[int, ...]
    tgt: tuple[int, ...]
    score: float = 0.0


class SpanScorer(Protocol):
    """Scores linking source units ``src`` to target units ``tgt`` (higher is better).

    An empty range still carries its position (``range(4, 4)``).  Return ``-inf`` to
    forbid a bead; the score of a 0-1 bead must be finite.  A scorer may also define
    ``score_many(src_start, src_len, tgt_starts, tgt_len) -> np.ndarray`` to score one
    source span against many target spans at once; the programme uses it when present.
    """

    def score(self, src: range, tgt: range) -> float: ...


@dataclass(frozen=True)
class Anchor:
    """A lattice point (``src`` units before it are aligned with ``tgt`` units before it)."""

    src: float
    tgt: float
    weight: float = 1.0


def align(
    n_src: int,
    n_tgt: int,
    scorer: SpanScorer,
    *,
    bead_types: Sequence[BeadType] = DEFAULT_BEAD_TYPES,
    fixed: Sequence[Bead] = (),
    anchors: Iterable[Anchor] = (),
    band_radius: int = DEFAULT_BAND_RADIUS,
    full: bool = False,
) -> list[Bead]:
    """Align ``n_src`` source units with ``n_tgt`` target units.

    ``fixed`` beads appear unchanged in the result.  A fixed bead with units on both sides
    must be contiguous and in order with the other such beads; it splits the problem in
    two.  A fixed 0-1 or 1-0 bead forces its unit to stay unlinked.  ``anchors`` guide the
    band (straight lines join them); ``full=True`` searches the whole matrix.  Every unit
    ends up in exactly one bead, and the beads come in reading order.
    """
    types = _checked_bead_types(bead_types)
    fixed_links, null_src, null_tgt = _split_fixed(fixed, n_src, n_tgt)
    anchor_list = list(anchors)
    beads: list[Bead] = []
    src_at, tgt_at = 0, 0
    for link in [*fixed_links, None]:
        src_end = link.src[0] if link else n_src
        tgt_end = link.tgt[0] if link else n_tgt
        segment = _Segment(src_at, src_end, tgt_at, tgt_end, null_src, null_tgt)
        beads += segment.align(scorer, types, anchor_list, band_radius, full)
        if link:
            beads.append(link)
            src_at, tgt_at = link.src[-1] + 1, link.tgt[-1] + 1
    # The 1-0 and 0-1 beads made for units a human left unlinked are the human's beads.
    beads = [null_src[b.src[0]] if b.src and not b.tgt and b.src[0] in null_src else
             null_tgt[b.tgt[0]] if b.tgt and not b.src and b.tgt[0] in null_tgt else b
             for b in beads]
    _check_partition(beads, n_src, n_tgt)
    return beads


def _checked_bead_types(bead_types: Sequence[BeadType]) -> tuple[BeadType, ...]:
    types = tuple(dict.fromkeys((int(a), int(b)) for a, b in bead_types))
    for a, b in types:
        if a < 0 or b < 0 or a + b == 0 or (a == 0 and b != 1):
            raise ValueError(f"unsupported bead type {a}-{b} (0-n beads exist only as 0-1)")
    if (0, 1) not in types or (1, 0) not in types:
        # Without them some segments (e.g. 0 source units against 3 targets) have no path.
        raise ValueError("bead types must include 0-1 and 1-0")
    return types


def _split_fixed(fixed: Sequence[Bead], n_src: int, n_tgt: int):
    """Validate fixed beads; return the two-sided ones in order and the null ones by unit."""
    seen_src: set[int] = set()
    seen_tgt: set[int] = set()
    links: list[Bead] = []
    null_src: dict[int, Bead] = {}
    null_tgt: dict[int, Bead] = {}
    for bead in fixed:
        for side, units, limit, seen in (("source", bead.src, n_src, seen_src),
                                         ("target", bead.tgt, n_tgt, seen_tgt)):
            if any(u < 0 or u >= limit for u in units):
                raise ValueError(f"fixed bead {bead} has a {side} unit out of range 0..{limit - 1}")
            if seen & set(units):
                raise ValueError(f"fixed bead {bead} repeats a {side} unit of another fixed bead")
            if units and list(units) != list(range(units[0], units[0] + len(units))):
                raise ValueError(f"fixed bead {bead} is not a contiguous run of {side} units")
            seen.update(units)
        if not bead.src and not bead.tgt:
            raise ValueError("a fixed bead must have at least one unit")
        if len(bead.src) + len(bead.tgt) == 1:
            (null_src if bead.src else null_tgt)[(bead.src or bead.tgt)[0]] = bead
        elif not bead.src or not bead.tgt:
            raise ValueError(f"fixed bead {bead}: only single units can be left unlinked")
        else:
            links.append(bead)
    links.sort(key=lambda b: b.src[0])
    for before, after in zip(links, links[1:]):
        if after.tgt[0] <= before.tgt[-1]:
            raise ValueError(f"fixed beads {before} and {after} cross; alignment is monotone")
    return links, null_src, null_tgt


def _check_partition(beads: list[Bead], n_src: int, n_tgt: int) -> None:
    """Every unit in exactly one bead, in reading order: a broken invariant is a bug here."""
    if [u for b in beads for u in b.src] != list(range(n_src)):
        raise AssertionError("the beads do not cover each source unit once, in order")
    if [u for b in beads for u in b.tgt] != list(range(n_tgt)):
        raise AssertionError("the beads do not cover each target unit once, in order")


class _Segment:
    """The units between two fixed links, aligned by one banded programme."""

    def __init__(self, src_start, src_end, tgt_start, tgt_end, null_src, null_tgt):
        self.src0, self.tgt0 = src_start, tgt_start
        self.n, self.m = src_end - src_start, tgt_end - tgt_start
        # Units a human left unlinked may be covered only by a 1-0 / 0-1 bead.
        self.src_null = np.array([src_start + i in null_src for i in range(self.n)], bool)
        self.tgt_null = np.array([tgt_start + j in null_tgt for j in range(self.m)], bool)

    def align(self, scorer, types, anchors, band_radius, full) -> list[Bead]:
        if self.n == 0 and self.m == 0:
            return []
        local = [Anchor(a.src - self.src0, a.tgt - self.tgt0, a.weight) for a in anchors
                 if 0 < a.src - self.src0 < self.n and 0 < a.tgt - self.tgt0 < self.m]
        radius = max(self.m, 1) if full else max(band_radius, 1)
        lo, hi = _band(_guide(local, self.n, self.m), radius, self.n, self.m)
        score, path = self._search(scorer, types, lo, hi)
        # Check the path with a band twice as wide around it; keep widening while that
        # finds a better path or the path runs along the edge of the band.  (Re-centring
        # on the edge test alone can settle on a poor path that fits its own band.)
        while radius < self.m:
            radius *= 2
            lo, hi = _band(_path_guide(path, self.n), radius, self.n, self.m)
            wider_score, path = self._search(scorer, types, lo, hi)
            improved = wider_score > score + 1e-9 * max(1.0, abs(score))
            score = wider_score
            if not improved and not _touches_edge(path, lo, hi, self.m):
                break
        return self._beads(scorer, path)

    def _search(self, scorer, types, lo, hi):
        """Fill the band row by row; return the best path's score and its steps."""
        src0, tgt0 = self.src0, self.tgt0
        score_many = getattr(scorer, "score_many", None) or _scalar_score_many(scorer)
        src_null_cum = np.concatenate(([0], np.cumsum(self.src_null)))
        tgt_null_cum = np.concatenate(([0], np.cumsum(self.tgt_null)))
        has_tgt_null = bool(self.tgt_null.any())
        insert = types.index((0, 1))
        totals: list[np.ndarray] = []
        moves: list[np.ndarray] = []
        lo, hi = lo.tolist(), hi.tolist()
        for i in range(self.n + 1):
            cols = np.arange(lo[i], hi[i] + 1)
            best = np.full(cols.size, -np.inf)
            move = np.full(cols.size, -1, np.int8)
            if i == 0:
                best[0] = 0.0
            for t, (a, b) in enumerate(types):
                if a == 0 or a > i:
                    continue
                prev = i - a
                if (a > 1 or b) and src_null_cum[i] != src_null_cum[prev]:
                    continue
                # Columns of this row reachable from the band of row `prev` by an a-b bead.
                first, last = max(lo[prev] + b, lo[i]), min(hi[prev] + b, hi[i])
                if first > last:
                    continue
                starts = np.arange(first - b, last - b + 1)
                scores = score_many(src0 + prev, a, tgt0 + starts, b)
                if b and has_tgt_null:
                    covers_null = tgt_null_cum[starts + b] != tgt_null_cum[starts]
                    scores = np.where(covers_null, -np.inf, scores)
                candidate = totals[prev][first - b - lo[prev]:last - b - lo[prev] + 1] + scores
                row = slice(first - lo[i], last - lo[i] + 1)
                better = candidate > best[row]
                best[row][better] = candidate[better]
                move[row][better] = t
            self._close_insertions(score_many, best, move, cols, i, insert)
            totals.append(best)
            moves.append(move)
        return self._backtrace(types, totals, moves, lo)

    def _close_insertions(self, score_many, best, move, cols, i, insert):
        """Apply 0-1 beads, which chain inside a row: best[k] = max_p best[p] + gain(p..k)."""
        if cols.size < 2:
            return
        gains = score_many(self.src0 + i, 0, self.tgt0 + cols[:-1], 1)
        if not np.all(np.isfinite(gains)):
            raise ValueError("the score of a 0-1 bead must be finite")
        cumulative = np.concatenate(([0.0], np.cumsum(gains)))
        relative = best - cumulative
        running = np.maximum.accumulate(relative)
        from_insert = running > relative
        best[from_insert] = (running + cumulative)[from_insert]
        move[from_insert] = insert

    def _backtrace(self, types, totals, moves, lo):
        """The best path as (i, j, bead type) lattice steps, and its total score."""
        i, j = self.n, self.m
        if not np.isfinite(totals[i][j - lo[i]]):
            raise ValueError("no alignment satisfies the fixed beads and bead types")
        path = []
        while i or j:
            t = int(moves[i][j - lo[i]])
            a, b = types[t]
            path.append((i, j, (a, b)))
            i, j = i - a, j - b
        path.reverse()
        return float(totals[self.n][self.m - lo[self.n]]), path

    def _beads(self, scorer, path) -> list[Bead]:
        beads = []
        for i, j, (a, b) in path:
            src = range(self.src0 + i - a, self.src0 + i)
            tgt = range(self.tgt0 + j - b, self.tgt0 + j)
            beads.append(Bead(tuple(src), tuple(tgt), float(scorer.score(src, tgt))))
        return beads


def _scalar_score_many(scorer: SpanScorer):
    def score_many(src_start, src_len, tgt_starts, tgt_len):
        src = range(src_start, src_start + src_len)
        return np.array([scorer.score(src, range(int(s), int(s) + tgt_len)) for s in tgt_starts],
                        dtype=float)
    return score_many


def _guide(anchors: list[Anchor], n: int, m: int) -> list[tuple[float, float]]:
    """Lattice points the path should pass near, from (0, 0) to (n, m).

    The anchors are reduced to their heaviest strictly monotone chain (a weighted longest
    increasing subsequence), so a stray anchor far from the true path cannot bend the band.
    """
    return [(0.0, 0.0), *heaviest_chain(anchors), (float(n), float(m))]


def _path_guide(path, n: int) -> list[tuple[float, float]]:
    """The lattice points of a previous path, from (0, 0) to its end."""
    return [(0.0, 0.0), *((float(i), float(j)) for i, j, _ in path)]


def heaviest_chain(anchors: list[Anchor]) -> list[tuple[float, float]]:
    """The (src, tgt) points of the anchors' heaviest chain that ascends strictly on both sides."""
    points = sorted(anchors, key=lambda a: (a.src, -a.tgt))
    if not points:
        return []
    ranks = sorted({a.tgt for a in points})
    tree = [(0.0, -1)] * (len(ranks) + 1)  # Fenwick tree of (best chain weight, end index)
    best: list[float] = []
    parent: list[int] = []
    for k, anchor in enumerate(points):
        r = bisect_left(ranks, anchor.tgt)  # chains ending strictly below this target
        weight, end = 0.0, -1
        q = r
        while q > 0:
            if tree[q][0] > weight:
                weight, end = tree[q]
            q -= q & -q
        best.append(weight + anchor.weight)
        parent.append(end)
        q = r + 1
        while q <= len(ranks):
            if best[k] > tree[q][0]:
                tree[q] = (best[k], k)
            q += q & -q
    k = int(np.argmax(best))
    chain = []
    while k >= 0:
        chain.append((points[k].src, points[k].tgt))
        k = parent[k]
    return chain[::-1]


def _band(guide: list[tuple[float, float]], radius: int, n: int, m: int) -> tuple[np.ndarray, np.ndarray]:
    """Per-row column window [lo, hi], non-decreasing and overlapping row to row.

    The band holds the cells within ``radius`` columns of the guide line, where row i
    counts the columns the line crosses between rows i-1 and i+1 (so a steep stretch of
    the line, many target units for one source unit, widens the band).  Between two guide
    points whose box is not too large, the band also holds the whole box: the path may
    bend anywhere in it, e.g. a passage missing from one side sits between two anchors.
    """
    xs = np.array([p[0] for p in guide])
    ys = np.array([p[1] for p in guide])
    centre = np.interp(np.arange(n + 1), xs, ys)
    before = np.concatenate((centre[:1], centre[:-1]))
    after = np.concatenate((centre[1:], centre[-1:]))
    lo = np.floor(before - radius)
    hi = np.ceil(after + radius)
    box_budget = max(_BOX_CELLS, (4 * radius) ** 2)
    for (x1, y1), (x2, y2) in zip(guide, guide[1:]):
        if (x2 - x1) * (y2 - y1) <= box_budget:
            rows = slice(int(np.floor(x1)), int(np.ceil(x2)) + 1)
            lo[rows] = np.minimum(lo[rows], np.floor(y1))
            hi[rows] = np.maximum(hi[rows], np.ceil(y2))
    lo = np.clip(lo, 0, m).astype(np.int64)
    hi = np.clip(hi, 0, m).astype(np.int64)
    lo = np.minimum.accumulate(lo[::-1])[::-1]
    hi = np.maximum.accumulate(hi)
    lo[0], hi[n] = 0, m
    hi[:-1] = np.maximum(hi[:-1], lo[1:])  # a 1-0 bead can always step down a row
    return lo, hi


def _touches_edge(path, lo, hi, m: int) -> bool:
    return any((j <= lo[i] and lo[i] > 0) or (j >= hi[i] and hi[i] < m) for i, j, _ in path)
