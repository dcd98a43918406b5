"""unaligned_clause, structure_mismatch and length_outlier: differences in the shape of the texts.

- unaligned_clause: text in one version with no counterpart in another (an omission or an
  addition). Consecutive such groups of one division are reported together. Never reported for
  clauses that are not transcribed, and only at low severity when the other version has
  untranscribed text nearby, where the counterpart may be (or a whole untranscribed article that
  nothing places, in versions that number their articles differently), or when the next row
  holds the other version's text without counterpart (more likely a missed alignment than
  omission + addition).
- structure_mismatch: the versions have different numbers of articles, one gives its articles
  in another order than the pivot, or numbers an article differently from the pivot where
  nothing (a split or merged article before it) accounts for the difference (read off the
  alignment: "zh numbers this article 13, ru 12").
- length_outlier: a group whose length ratio between two versions is far from the ratio the
  pair has in the rest of this treaty.
"""

from __future__ import annotations

import math
from bisect import bisect_left
from itertools import groupby

from comparer.check.context import CheckContext, Side, grade
from comparer.model import CLAUSE_ID, Finding
from comparer.plaintext import shown_text

EXCERPT = 60
MIN_GROUPS_FOR_NORM = 5
# An outlier is at least this many robust standard deviations from the pair's median log ratio,
# and at least twice (or half) the usual ratio.
OUTLIER_SDS = 3.0
MIN_OUTLIER_LOG = math.log(2)
MAD_TO_SD = 1.4826


def check(ctx: CheckContext) -> list[Finding]:
    return _unaligned(ctx) + _article_count(ctx) + _article_order(ctx) + _article_numbers(ctx) + _length_outliers(ctx)


# ---------------------------------------------------------------- unaligned clauses


def _unaligned(ctx: CheckContext) -> list[Finding]:
    runs: list[tuple[list[int], tuple[str, ...], tuple[str, ...]]] = []
    for index, group in enumerate(ctx.groups):
        sides = ctx.sides(index)
        present = tuple(k for k, s in sides.items() if s.transcribed)
        absent = tuple(k for k in ctx.langs if k not in sides)
        if not present or not absent:
            continue
        last = runs[-1] if runs else None
        if last and last[1:] == (present, absent) and last[0][-1] == index - 1 \
                and ctx.groups[last[0][-1]].article == group.article:
            last[0].append(index)
        else:
            runs.append(([index], present, absent))
    gaps = _ArticleGaps(ctx)
    return [_unaligned_finding(ctx, *run, crossed=_crossed(runs, n), gaps=gaps) for n, run in enumerate(runs)]


def _crossed(runs: list[tuple[list[int], tuple[str, ...], tuple[str, ...]]], n: int) -> bool:
    """Is the run next to one with the roles swapped (text of A without B, then text of B
    without A)? Then the two are more likely each other's counterpart than an omission and an
    addition."""
    indexes, present, absent = runs[n]
    for m in (n - 1, n + 1):
        if 0 <= m < len(runs):
            other_indexes, other_present, other_absent = runs[m]
            touching = other_indexes[-1] + 1 == indexes[0] or indexes[-1] + 1 == other_indexes[0]
            if touching and set(present) & set(other_absent) and set(other_present) & set(absent):
                return True
    return False


class _ArticleGaps:
    """Whether a version has untranscribed text somewhere in an article, found once per article and
    version (not once per unaligned run: an article may have many)."""

    def __init__(self, ctx: CheckContext):
        self.ctx = ctx
        self._groups: dict[str | None, list[int]] = {}
        for i, group in enumerate(ctx.groups):
            self._groups.setdefault(group.article, []).append(i)
        self._found: dict[tuple[str | None, str], bool] = {}
        self._unplaced: dict[str, bool] = {}
        self._otherwise: dict[tuple[str, str], bool] = {}

    def __call__(self, article: str | None, key: str) -> bool:
        if (article, key) not in self._found:
            sides = (self.ctx.side(i, key) for i in self._groups.get(article, []))
            self._found[article, key] = any(s is not None and s.has_gap for s in sides)
        return self._found[article, key]


    def unplaced(self, key: str, present: tuple[str, ...]) -> bool:
        """Does `key` leave a whole article untranscribed while it numbers its articles otherwise
        than a version in `present`? Then neither the article's number nor its content (there is
        none) says where it stands in the other version: any text without counterpart may be its."""
        if key not in self._unplaced:
            articles = self.ctx.treaty.versions[key].primary.articles
            self._unplaced[key] = any(not any(c.text.strip() for c in d.clauses) for d in articles)
        return self._unplaced[key] and any(self._numbered_otherwise(key, k) for k in present)

    def _numbered_otherwise(self, key: str, other: str) -> bool:
        """Compared once per pair of versions (unplaced is asked for every run without counterpart)."""
        if (key, other) not in self._otherwise:
            self._otherwise[key, other] = [d.n for d in self.ctx.treaty.versions[key].primary.articles] != [
                d.n for d in self.ctx.treaty.versions[other].primary.articles]
        return self._otherwise[key, other]


def _gap_nearby(ctx: CheckContext, indexes: list[int], key: str, gaps: _ArticleGaps,
                present: tuple[str, ...]) -> bool:
    """Does `key` have untranscribed text around the run, in its article or in an article the
    alignment could not place, where the counterpart may be?"""
    around = set(ctx.neighbours(indexes[0], key)) | set(ctx.neighbours(indexes[-1], key))
    return any(ctx.side(i, key).has_gap for i in around) or gaps(ctx.groups[indexes[0]].article, key) \
        or gaps.unplaced(key, present)


def _unaligned_finding(ctx: CheckContext, indexes: list[int], present: tuple[str, ...],
                       absent: tuple[str, ...], crossed: bool, gaps: _ArticleGaps) -> Finding:
    say = ctx.messages
    sides: dict[str, list[Side]] = {k: [ctx.side(i, k) for i in indexes] for k in present}
    untranscribed = any(_gap_nearby(ctx, indexes, k, gaps, present) for k in absent)
    doubtful = any(s.doubtful for ss in sides.values() for s in ss)
    first = shown_text(next(c for c in sides[present[0]][0].clauses if c.text.strip()))  # with its […] and [?…]
    excerpt = first if len(first) <= EXCERPT else first[:EXCERPT].rstrip() + "…"
    names = []
    for ss in sides.values():
        for s in ss:
            for h in s.mentions:
                if h.item.kind != "concept" and ctx.label(h.item) not in names:
                    names.append(ctx.label(h.item))
    key = "unaligned_clause.untranscribed" if untranscribed else "unaligned_clause"
    if names:
        key += ".names"
    if crossed:
        key = "unaligned_clause.crossed"
    message = say.say(key, present=list(present), absent=list(absent), excerpt=excerpt, names=names)
    segments = {k: [cid for s in ss for cid in s.ids] for k, ss in sides.items()}
    return ctx.finding(
        "unaligned_clause", "low" if crossed else grade("medium", doubtful=doubtful, untranscribed=untranscribed),
        ctx.groups[indexes[0]].article, segments, message,
        values={k: "present" for k in present} | {k: "absent" for k in absent},
        evidence={k: [shown_text(c) for s in ss for c in s.clauses if c.text.strip()] for k, ss in sides.items()},
    )


# ---------------------------------------------------------------- articles


def _article_count(ctx: CheckContext) -> list[Finding]:
    counts = {k: len(ctx.treaty.versions[k].primary.articles) for k in ctx.langs}
    if len(set(counts.values())) <= 1:
        return []
    by_count: dict[str, list[str]] = {}
    for k, n in counts.items():
        by_count.setdefault(str(n), []).append(k)
    message = ctx.messages.say("structure_mismatch.count", listing=ctx.messages.listing(by_count))
    return [ctx.finding("structure_mismatch", "medium", None, {}, message,
                        values={k: str(n) for k, n in counts.items()})]


def _article_of(clause_id: str) -> int | None:
    match = CLAUSE_ID.match(clause_id)
    return int(match.group("article")) if match and match.group("article") else None


def _article_order(ctx: CheckContext) -> list[Finding]:
    """A version whose articles, read in the pivot's order, do not ascend."""
    findings = []
    pivot = ctx.alignment.pivot
    for key in ctx.langs:
        if key == pivot:
            continue
        sequence: list[tuple[int, str]] = []  # (article, clause id) in pivot order
        for index in range(len(ctx.groups)):
            side = ctx.side(index, key)
            if side is not None:
                sequence += [(n, cid) for cid in side.ids if (n := _article_of(cid)) is not None]
        kept = _longest_ascending([n for n, _ in sequence])
        out_of_order = [cid for i, (_, cid) in enumerate(sequence) if i not in kept]
        if not out_of_order:
            continue
        order = [n for n, _ in groupby(n for n, _ in sequence)]
        message = ctx.messages.say("structure_mismatch.order", lang=key, pivot=pivot,
                                   order=", ".join(map(str, order)))
        findings.append(ctx.finding("structure_mismatch", "medium", None, {key: out_of_order}, message,
                                    values={key: ", ".join(map(str, order))}))
    return findings


def _article_numbers(ctx: CheckContext) -> list[Finding]:
    """Articles that correspond one to one (every aligned clause of the one is with the other)
    but carry different numbers, beyond the shift that articles split or merged before them
    cause: the version renumbered the article."""
    findings = []
    pivot = ctx.alignment.pivot
    pivot_articles = ctx.treaty.versions[pivot].primary.articles
    for key in ctx.langs:
        if key == pivot:
            continue
        other_articles = ctx.treaty.versions[key].primary.articles
        pivot_position = {d.key: n for n, d in enumerate(pivot_articles)}
        position_of = {c.id: m for m, d in enumerate(other_articles) for c in d.clauses}
        partners: dict[int, set[int]] = {}  # pivot article position -> other article positions
        claimed: dict[int, set[int]] = {}  # and back
        for index, group in enumerate(ctx.groups):
            n = pivot_position.get(group.article)
            theirs = ctx.side(index, key)
            if n is None or ctx.side(index, pivot) is None or theirs is None:
                continue
            for m in {position_of[c] for c in theirs.ids if c in position_of}:
                partners.setdefault(n, set()).add(m)
                claimed.setdefault(m, set()).add(n)
        for n, others in sorted(partners.items()):
            if len(others) != 1:
                continue
            m = next(iter(others))
            p_article, o_article = pivot_articles[n], other_articles[m]
            if claimed.get(m) != {n} or not (p_article.n or "").isdigit() or not (o_article.n or "").isdigit():
                continue
            # a split or merge before this article shifts the numbers by the difference in positions
            if int(o_article.n) - int(p_article.n) == m - n:
                continue
            message = ctx.messages.say("structure_mismatch.number", lang=key, number=o_article.n, pivot=pivot,
                                       pivot_number=p_article.n)
            findings.append(ctx.finding(
                "structure_mismatch", "medium", p_article.key,
                {pivot: [c.id for c in p_article.clauses], key: [c.id for c in o_article.clauses]}, message,
                values={pivot: p_article.n, key: o_article.n}))
    return findings


def _longest_ascending(values: list[int]) -> set[int]:
    """Positions of one longest non-decreasing subsequence: of the longest, each position's
    predecessor is the earliest that gives its length. A Fenwick tree over the values keeps the best
    (length, earliest position) ending at each value or below, so this is n log n, not n²."""
    rank = {v: r for r, v in enumerate(sorted(set(values)), start=1)}
    tree: list[tuple[int, int]] = [(0, 1)] * (len(rank) + 1)  # (length, -position); (0, 1): nothing yet
    best_len = [1] * len(values)
    previous = [-1] * len(values)
    for i, value in enumerate(values):
        best, r = (0, 1), rank[value]
        while r > 0:
            best, r = max(best, tree[r]), r - (r & -r)
        if best[0]:
            best_len[i], previous[i] = best[0] + 1, -best[1]
        r = rank[value]
        while r < len(tree):
            tree[r], r = max(tree[r], (best_len[i], -i)), r + (r & -r)
    if not values:
        return set()
    i = max(range(len(values)), key=lambda k: (best_len[k], -k))
    kept = set()
    while i != -1:
        kept.add(i)
        i = previous[i]
    return kept


# ---------------------------------------------------------------- lengths


def _comparable(a: Side | None, b: Side | None) -> bool:
    return a is not None and b is not None and a.transcribed and b.transcribed \
        and not a.has_gap and not b.has_gap and a.length > 0 and b.length > 0


def _median_without(ordered: list[float], value: float) -> float:
    """statistics.median of the sorted list `ordered` with one occurrence of `value` taken out."""
    gone = bisect_left(ordered, value)
    size = len(ordered) - 1

    def at(k: int) -> float:
        return ordered[k] if k < gone else ordered[k + 1]

    return at(size // 2) if size % 2 else (at(size // 2 - 1) + at(size // 2)) / 2


def _length_outliers(ctx: CheckContext) -> list[Finding]:
    findings = []
    say = ctx.messages
    for a, b in ctx.pairs():
        ratios = {
            i: math.log(ctx.side(i, a).length / ctx.side(i, b).length)
            for i in range(len(ctx.groups)) if _comparable(ctx.side(i, a), ctx.side(i, b))
        }
        if len(ratios) < MIN_GROUPS_FOR_NORM:
            continue
        ordered = sorted(ratios.values())
        deviations: dict[float, list[float]] = {}  # the leave-one-out norms are at most three values
        for i, ratio in ratios.items():
            # The median of the other groups and their median distance from it, without sorting
            # them again for every group (n log n, not n² log n).
            norm = _median_without(ordered, ratio)
            if norm not in deviations:
                deviations[norm] = sorted(abs(r - norm) for r in ordered)
            spread = MAD_TO_SD * _median_without(deviations[norm], abs(ratio - norm))
            if abs(ratio - norm) <= max(OUTLIER_SDS * spread, MIN_OUTLIER_LOG):
                continue
            sa, sb = ctx.side(i, a), ctx.side(i, b)
            message = say.say("length_outlier", a=a, b=b, ratio=f"{math.exp(ratio):.1f}", norm=f"{math.exp(norm):.1f}")
            findings.append(ctx.finding(
                "length_outlier", "low", ctx.groups[i].article, {a: sa.ids, b: sb.ids}, message,
                values={a: str(sa.length), b: str(sb.length)},
            ))
    return findings
