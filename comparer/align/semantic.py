"""Optional multilingual sentence embeddings as an alignment feature.

Vectors come from `embeddings` (extra ``comparer[semantic]``); everything else in the
aligner works without them.  A bead links windows of consecutive units (a 2-1 bead
compares two joined source sentences with one target sentence).  As in Vecalign, a window
can be embedded as its joined text ("overlap embeddings", ``windows="exact"``), but that
encodes every text up to six times over.  By default each sentence is encoded once and a
window's vector is *composed* from its sentences' vectors: their sum weighted by length,
which is how mean pooling would combine them if attention did not cross the sentence
boundary.  `benchmarks/align_zh_en.py` and `align_textberg.py` compare the two; re-embedding
only the windows of close decisions as text was tried and lost accuracy (exact and composed
vectors of neighbouring windows are not on one scale).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

import numpy as np

from comparer.align.beads import Bead
from comparer.align.embeddings import STATS, available, embed

__all__ = ["STATS", "SpanSimilarity", "available", "composition_error", "embed"]

WINDOW_MODES = ("composed", "exact")
_BASELINE_SAMPLE = 128
_NOISE_SAMPLE = 400
# What multilingual-e5-small gives for unrelated sentences and for translations (measured
# on the Text+Berg de-fr documents).  A pair's own statistics are shrunk towards these by
# a few pseudo-observations, so that a short text (one treaty article: a handful of
# clauses) does not rest on a handful of pairs.
_TYPICAL_UNRELATED_COSINE = 0.80
_TYPICAL_NOISE_VARIANCE = 0.022 ** 2
_TYPICAL_ALIGNED_MARGIN = 0.1
_PRIOR_UNITS = 4
_PRIOR_PAIRS = 20


class SpanSimilarity:
    """How much more similar two windows are than unrelated text, as a log-likelihood ratio.

    Embeddings of unrelated sentences are far from orthogonal, and some sentences are
    close to everything ("hubs").  As in Vecalign, a window's cosine similarity is first
    reduced by its mean similarity with a fixed sample of sentences from the other side
    (the *margin*).  Margins of unrelated pairs are then about normal with mean 0 and a
    spread measured on random pairs; margins of translations have a mean that
    `calibrate` measures on an alignment of the same pair.  With equal spreads, the
    log-likelihood ratio of "translation" against "unrelated" is linear in the margin.
    """

    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str],
                 src_sizes: Sequence[int], tgt_sizes: Sequence[int], windows: str = "composed"):
        if windows not in WINDOW_MODES:
            raise ValueError(f"windows must be one of {', '.join(WINDOW_MODES)}, not {windows!r}")
        self.windows = windows
        self.src = _Windows(src_texts, sorted(set(src_sizes) | {1}), exact=windows == "exact")
        self.tgt = _Windows(tgt_texts, sorted(set(tgt_sizes) | {1}), exact=windows == "exact")
        rng = np.random.default_rng(0)
        self._src_sample = _sample_rows(self.src.vectors[1], _BASELINE_SAMPLE, rng)
        self._tgt_sample = _sample_rows(self.tgt.vectors[1], _BASELINE_SAMPLE, rng)
        self.src_baseline = {k: self._baseline(v, self._tgt_sample) for k, v in self.src.vectors.items()}
        self.tgt_baseline = {k: self._baseline(v, self._src_sample) for k, v in self.tgt.vectors.items()}
        n, m = len(src_texts), len(tgt_texts)
        pairs = (np.arange(n * m) if n * m <= _NOISE_SAMPLE
                 else rng.choice(n * m, _NOISE_SAMPLE, replace=False))
        noise = [self.margin_many(int(p // m), 1, np.array([p % m]), 1)[0] for p in pairs]
        self.noise_variance = _shrunk(float(np.var(noise)), len(noise), _TYPICAL_NOISE_VARIANCE,
                                      _PRIOR_PAIRS)
        self.aligned_mean = _TYPICAL_ALIGNED_MARGIN

    @staticmethod
    def _baseline(vectors: np.ndarray, sample: np.ndarray) -> np.ndarray:
        return _shrunk((vectors @ sample.T).mean(axis=1), len(sample), _TYPICAL_UNRELATED_COSINE,
                       _PRIOR_UNITS)

    def calibrate(self, beads: Sequence[Bead]) -> None:
        """Measure the typical margin of translations on the 1-1 beads of an alignment."""
        margins = [self.margin_many(b.src[0], 1, np.array([b.tgt[0]]), 1)[0]
                   for b in beads if len(b.src) == 1 == len(b.tgt)]
        if margins:
            self.aligned_mean = max(_shrunk(float(np.median(margins)), len(margins),
                                            _TYPICAL_ALIGNED_MARGIN, _PRIOR_PAIRS), 0.0)

    def margin_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                    tgt_len: int) -> np.ndarray:
        vector = self.src.vectors[src_len][src_start]
        cosine = self.tgt.vectors[tgt_len][tgt_starts] @ vector
        baseline = (self.src_baseline[src_len][src_start] + self.tgt_baseline[tgt_len][tgt_starts]) / 2
        return (cosine - baseline).astype(float)

    def log_likelihood_ratio_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                                  tgt_len: int) -> np.ndarray:
        margin = self.margin_many(src_start, src_len, tgt_starts, tgt_len)
        return self.aligned_mean / self.noise_variance * (margin - self.aligned_mean / 2)


class _Windows:
    """The vectors of every window of 1, 2, 3… consecutive units of one side; row i of
    ``vectors[k]`` is the window of k units starting at unit i (shorter at the end)."""

    def __init__(self, texts: Sequence[str], sizes: Sequence[int], exact: bool):
        self.texts = list(texts)
        units = embed(self.texts) if self.texts else np.zeros((0, 1), np.float32)
        self.vectors = {1: units}
        weights = np.array([max(len(t), 1) for t in self.texts], dtype=np.float32)[:, None]
        for size in sizes:
            if size == 1:
                continue
            if exact:
                self.vectors[size] = embed(_windows(self.texts, size))
            else:
                self.vectors[size] = compose(units, weights, size)


def compose(units: np.ndarray, weights: np.ndarray, size: int) -> np.ndarray:
    """Window vectors from unit vectors: the length-weighted sum of the window's units,
    normalised (at the end of the text a window has fewer units)."""
    weighted = units * weights
    total = np.zeros_like(weighted)
    for offset in range(min(size, len(units))):
        total[:len(units) - offset] += weighted[offset:]
    norms = np.linalg.norm(total, axis=1, keepdims=True)
    return (total / np.maximum(norms, 1e-12)).astype(np.float32)


@dataclass(frozen=True)
class CompositionError:
    mean: float  # mean cosine between composed and exact window vectors
    low: float   # its 5th percentile


def composition_error(texts: Sequence[str], size: int) -> CompositionError:
    """How close composed window vectors are to the vectors of the windows' joined text."""
    texts = list(texts)
    units = embed(texts)
    weights = np.array([max(len(t), 1) for t in texts], dtype=np.float32)[:, None]
    composed = compose(units, weights, size)
    exact = embed(_windows(texts, size))
    cosines = np.sum(composed * exact, axis=1)
    return CompositionError(float(cosines.mean()), float(np.percentile(cosines, 5)))


def _sample_rows(rows: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    return rows if len(rows) <= size else rows[rng.choice(len(rows), size, replace=False)]


def _shrunk(measured, observations: int, typical: float, pseudo_observations: int):
    """Mean of the measured value (from ``observations``) and the typical one (counted as
    ``pseudo_observations``)."""
    return (observations * measured + pseudo_observations * typical) / (observations + pseudo_observations)


def _windows(texts: Sequence[str], size: int) -> list[str]:
    """The joined text of every run of ``size`` consecutive units (shorter at the end)."""
    return [" ".join(texts[i:i + size]) for i in range(len(texts))]
