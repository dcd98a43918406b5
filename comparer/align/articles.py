"""Which divisions of two versions of a treaty correspond: the blocks the clause aligner works in.

Preamble goes with preamble and closing with closing. Articles go by their printed numbers where
both versions number the same articles. Where they number them differently (a version splits,
merges, renumbers or reorders articles), articles are aligned like sentences, whole articles as
the units, on the evidence of their clauses (lexicon entries, names by transcription, numbers,
dates) with the printed number as weak evidence of its own: 1-2 and 2-1 beads take in a split or
a merged article, and an article whose evidence the other version shares none of stays on its own
rather than be merged into a neighbour.

That alignment keeps the order of both versions. An article one version gives in another place
is found by its content: articles pair where each shares clearly more evidence with the other
than with any other article (`_content_pairs`); the heaviest chain of such pairs that keeps the
order of both versions stands, and an article whose pair crosses it is moved to its partner's
block. The other articles are then aligned again around the chain's pairs, so that the place a
moved article leaves is no reason to pair its neighbours with what they share nothing with.
"""

from __future__ import annotations

import math
from collections import Counter
from typing import Hashable, Mapping

from comparer.align.beads import Anchor, Bead, heaviest_chain
from comparer.align.keys import Key
from comparer.align.similarity import LengthModel, Weights, align_texts
from comparer.model import Division, Witness

Block = tuple[list[Division], list[Division]]
ARTICLE_NUMBER_WEIGHT = 0.5  # two articles with the same number, when versions number differently
# Two articles pair by content on at least this much shared evidence, in units of -log(share of
# the articles giving a key, counted as part of a longer text): one lexicon entry or name that
# one article of each version gives, in versions of four articles or more; two in shorter ones.
MOVE_EVIDENCE = 1.5
MAX_ARTICLES_PER_KEY = 8  # a key more articles give places none of them
# The kinds of evidence that say what an article is about (not its number, nor a gap).
CONTENT_KINDS = {"lexicon", "name", "number", "date"}
# An article whose evidence the other version shares none of is more likely one that version
# lacks (or an untranscribed one) than part of a merged article.
ARTICLE_WEIGHTS = Weights(stray=3.0)


def map_divisions(pivot: Witness, other: Witness, evidence: Mapping[int, frozenset],
                  length: LengthModel | None = None) -> list[Block]:
    """Blocks of divisions that correspond, in the pivot's order. ``evidence`` holds the keys of
    each division's clauses, by the division's identity (`id`); ``length`` is the length model of
    the two texts (see `similarity.align_texts`)."""
    def part(witness: Witness, kind: str) -> list[Division]:
        return [d for d in witness.divisions if d.kind == kind]

    blocks = [(part(pivot, "preamble"), part(other, "preamble"))]
    pivot_articles, other_articles = pivot.articles, other.articles
    if [d.n for d in pivot_articles] == [d.n for d in other_articles]:
        blocks += [([p], [o]) for p, o in zip(pivot_articles, other_articles)]
    else:
        blocks += map_articles_by_content(pivot_articles, other_articles, evidence, length)
    blocks.append((part(pivot, "closing"), part(other, "closing")))
    return [(p, o) for p, o in blocks if p or o]


def map_articles_by_content(pivot: list[Division], other: list[Division], evidence: Mapping[int, frozenset],
                            length: LengthModel | None = None) -> list[Block]:
    """The articles of two versions that number them differently, matched in order and then
    by content for an article the other version gives elsewhere (see the module's docstring)."""
    if not pivot or not other:
        return [(pivot, other)]
    in_order = _in_order(pivot, other, evidence, length)
    pairs = _content_pairs(pivot, other, evidence)
    # The pairs that keep the order of both versions (the heaviest such chain) stand; an
    # article whose pair crosses them is moved out of the order.
    chain = {(int(i), int(j)) for i, j in heaviest_chain([Anchor(i, j, w) for (i, j), w in pairs.items()])}
    moved = {j: i for i, j in pairs if (i, j) not in chain}
    placed_with = {j: set(p) for p, o in in_order for j in o}
    if not moved and all(i in placed_with[j] for i, j in chain):
        return [([pivot[i] for i in p], [other[j] for j in o]) for p, o in in_order]
    # The articles that stay are aligned again around the chain's pairs, so that the place a
    # moved article leaves (or a pair of articles its neighbours' lengths kept apart) is no
    # reason to pair its neighbours with what they share nothing with.
    staying = [j for j in range(len(other)) if j not in moved]
    at = {j: k for k, j in enumerate(staying)}
    fixed = [Bead((i,), (at[j],)) for i, j in sorted(chain)]
    blocks = [(list(p), [staying[k] for k in o])
              for p, o in _in_order(pivot, [other[j] for j in staying], evidence, length, fixed)]
    for j, i in moved.items():
        next(o for p, o in blocks if i in p).append(j)
    return [([pivot[i] for i in p], [other[j] for j in sorted(o)]) for p, o in blocks]


def _content_pairs(pivot: list[Division], other: list[Division],
                   evidence: Mapping[int, frozenset]) -> dict[tuple[int, int], float]:
    """Articles that go together by what they say, (pivot position, other position): each
    article of the other version with the pivot article it shares the most evidence with (at
    least MOVE_EVIDENCE, more than with any other), where that article shares the most with it
    too. Only keys that at most MAX_ARTICLES_PER_KEY articles of each version give are counted:
    commoner ones place nothing (and time stays linear in the number of articles)."""
    def by_key(articles: list[Division]) -> dict[Hashable, list[int]]:
        found: dict[Hashable, list[int]] = {}
        for position, d in enumerate(articles):
            for key in evidence.get(id(d), frozenset()):
                if key[0] in CONTENT_KINDS:
                    found.setdefault(key, []).append(position)
        return found

    pivot_by_key, other_by_key = by_key(pivot), by_key(other)
    n, m = len(pivot) + 1, len(other) + 1  # as if each text were part of a longer one
    shared: Counter = Counter()
    for key in pivot_by_key.keys() & other_by_key.keys():
        here, there = pivot_by_key[key], other_by_key[key]
        if len(here) <= MAX_ARTICLES_PER_KEY and len(there) <= MAX_ARTICLES_PER_KEY:
            # multiples of 1/1024 add up exactly, whatever order the keys come in
            weight = round(-math.log(max(len(here) / n, len(there) / m)) * 1024) / 1024
            for i in here:
                for j in there:
                    shared[i, j] += weight
    pivots_of: dict[int, list[tuple[float, int]]] = {}
    others_of: dict[int, list[tuple[float, int]]] = {}
    for (i, j), weight in shared.items():
        pivots_of.setdefault(j, []).append((weight, i))
        others_of.setdefault(i, []).append((weight, j))
    pairs = {}
    for j, candidates in pivots_of.items():
        weight, i = _clear_best(candidates)
        if weight >= MOVE_EVIDENCE and _clear_best(others_of[i])[1] == j:
            pairs[i, j] = weight
    return pairs


def _clear_best(candidates: list[tuple[float, int]]) -> tuple[float, int]:
    """The heaviest candidate, or (0, -1) when two weigh the same."""
    ranked = sorted(candidates, reverse=True)
    if len(ranked) > 1 and ranked[1][0] == ranked[0][0]:
        return 0.0, -1
    return ranked[0]


def _in_order(pivot: list[Division], other: list[Division], evidence: Mapping[int, frozenset],
              length: LengthModel | None, fixed: list[Bead] = ()) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:
    """Articles aligned like sentences, keeping the order of both versions: (pivot positions,
    other positions) per bead; ``fixed`` beads are kept."""
    if not pivot or not other:
        return [(tuple(range(len(pivot))), tuple(range(len(other))))]

    def text(d: Division) -> str:
        return " ".join(c.text for c in d.clauses)

    def keys(d: Division) -> frozenset:
        return evidence.get(id(d), frozenset()) | {Key("division", d.n)}

    # The printed number is weak evidence of its own, enough to keep the other articles where
    # their numbers put them when one is renumbered, too weak to outweigh the content (nor does
    # it say what an article is about: sharing it keeps no article from being a stray).
    numbers = {Key("division", d.n): ARTICLE_NUMBER_WEIGHT for d in pivot}
    aligned = align_texts([text(d) for d in pivot], [text(d) for d in other], semantic=False, learn_words=False,
                          src_keys=[keys(d) for d in pivot], tgt_keys=[keys(d) for d in other],
                          key_weights=numbers, weights=ARTICLE_WEIGHTS, length=length, fixed=fixed)
    return [(b.src, b.tgt) for b in aligned.beads]
