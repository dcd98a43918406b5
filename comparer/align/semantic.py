"""Optional multilingual sentence embeddings as an alignment feature.

Vectors come from `embeddings` (extra ``comparer[semantic]``); everything else in the
aligner works without them.  A bead links windows of consecutive units (a 2-1 bead
compares two joined source sentences with one target sentence).  As in Vecalign, a window
can be embedded as its joined text ("overlap embeddings"), but that encodes every text up
to six times over.  Here each sentence is encoded once and a window's vector is *composed*
from its sentences' vectors; then the windows of the close decisions only are embedded as
text (``windows="hybrid"``, the default; `similarity` finds the close decisions).

* **Centring.**  e5 vectors of one language share a large common direction (unrelated
  sentences have cosines near 0.8), which drowns what a sentence adds to a window.  Each
  side's vectors are centred on that side's mean vector before anything else (as
  cross-lingual retrieval centres each language's embeddings), so a composed window is the
  plain sum of what its sentences say.  A short text (under ``MIN_CENTRED_UNITS`` units on
  a side, one treaty article) is not centred: the mean of a few clauses is their content,
  not their language.
* **Windows embedded as text** are centred the same way and averaged with their composed
  vector: the embedded text tells a window from the same window one sentence longer better
  than the sum does, the sum tells it from the window one sentence shorter better, and the
  average of the two beats both (MAC zh-en, documents 001-008).

``windows="composed"`` and ``"exact"`` (every window embedded as text) are the two ends,
which `benchmarks/align_zh_en.py` and `align_textberg.py` compare with the default.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable, Sequence

import numpy as np

from comparer.align.beads import Bead
from comparer.align.embeddings import STATS, available, embed

__all__ = ["STATS", "SpanSimilarity", "available", "composition_error", "embed"]

WINDOW_MODES = ("hybrid", "composed", "exact")
MIN_CENTRED_UNITS = 10
_BASELINE_SAMPLE = 128
_NOISE_SAMPLE = 400


@dataclass(frozen=True)
class _Typical:
    """What multilingual-e5-small gives for unrelated sentences and for translations
    (measured on the Text+Berg de-fr documents).  A pair's own statistics are shrunk towards
    these by a few pseudo-observations, so that a short text (one treaty article: a handful
    of clauses) does not rest on a handful of pairs."""

    unrelated_cosine: float
    noise_variance: float
    aligned_margin: float


_TYPICAL = {True: _Typical(0.0, 0.1 ** 2, 0.45),      # centred vectors
            False: _Typical(0.80, 0.022 ** 2, 0.1)}  # as the encoder gives them
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
                 src_sizes: Sequence[int], tgt_sizes: Sequence[int], windows: str = "hybrid"):
        if windows not in WINDOW_MODES:
            raise ValueError(f"windows must be one of {', '.join(WINDOW_MODES)}, not {windows!r}")
        self.windows = windows
        centred = min(len(src_texts), len(tgt_texts)) >= MIN_CENTRED_UNITS
        self.typical = _TYPICAL[centred]
        self.src = _Windows(src_texts, sorted(set(src_sizes) | {1}), exact=windows == "exact", centred=centred)
        self.tgt = _Windows(tgt_texts, sorted(set(tgt_sizes) | {1}), exact=windows == "exact", centred=centred)
        rng = np.random.default_rng(0)
        self._src_sample = _sample_rows(self.src.vectors[1], _BASELINE_SAMPLE, rng)
        self._tgt_sample = _sample_rows(self.tgt.vectors[1], _BASELINE_SAMPLE, rng)
        self.src_baseline = {k: self._baseline(v, self._tgt_sample) for k, v in self.src.vectors.items()}
        self.tgt_baseline = {k: self._baseline(v, self._src_sample) for k, v in self.tgt.vectors.items()}
        n, m = len(src_texts), len(tgt_texts)
        pairs = (np.arange(n * m) if n * m <= _NOISE_SAMPLE
                 else rng.choice(n * m, _NOISE_SAMPLE, replace=False))
        noise = [self.margin_many(int(p // m), 1, np.array([p % m]), 1)[0] for p in pairs]
        self.noise_variance = _shrunk(float(np.var(noise)), len(noise), self.typical.noise_variance,
                                      _PRIOR_PAIRS)
        self.aligned_mean = self.typical.aligned_margin

    def _baseline(self, vectors: np.ndarray, sample: np.ndarray) -> np.ndarray:
        # The mean cosine with the sample's vectors is the dot product with their mean.
        return _shrunk(vectors @ sample.mean(axis=0), len(sample), self.typical.unrelated_cosine,
                       _PRIOR_UNITS)

    def calibrate(self, beads: Sequence[Bead]) -> None:
        """Measure the typical margin of translations on the 1-1 beads of an alignment."""
        margins = [self.margin_many(b.src[0], 1, np.array([b.tgt[0]]), 1)[0]
                   for b in beads if len(b.src) == 1 == len(b.tgt)]
        if margins:
            self.aligned_mean = max(_shrunk(float(np.median(margins)), len(margins),
                                            self.typical.aligned_margin, _PRIOR_PAIRS), 0.0)

    def margin_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                    tgt_len: int) -> np.ndarray:
        vector = self.src.vectors[src_len][src_start]
        cosine = self.tgt.vectors[tgt_len][tgt_starts] @ vector
        baseline = (self.src_baseline[src_len][src_start] + self.tgt_baseline[tgt_len][tgt_starts]) / 2
        return (cosine - baseline).astype(float)

    def refine(self, src_windows: Iterable[tuple[int, int]], tgt_windows: Iterable[tuple[int, int]]) -> int:
        """Embed the joined text of the given (start, size) windows and average it into their
        composed vectors (one call to the encoder for both sides); returns how many windows
        changed.  Only ``windows="hybrid"`` refines."""
        if self.windows != "hybrid":
            return 0
        src_todo, tgt_todo = self.src.composed_among(src_windows), self.tgt.composed_among(tgt_windows)
        texts = self.src.texts_of(src_todo) + self.tgt.texts_of(tgt_todo)
        if not texts:
            return 0
        vectors = embed(texts)
        STATS.windows += len(texts)
        split = sum(len(starts) for starts in src_todo.values())
        for side, todo, rows, sample, baseline in (
                (self.src, src_todo, vectors[:split], self._tgt_sample, self.src_baseline),
                (self.tgt, tgt_todo, vectors[split:], self._src_sample, self.tgt_baseline)):
            at = 0
            for size, starts in todo.items():
                refined = side.add_text_vectors(size, starts, rows[at:at + len(starts)])
                baseline[size][starts] = self._baseline(refined, sample)
                at += len(starts)
        return len(texts)

    def log_likelihood_ratio_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                                  tgt_len: int) -> np.ndarray:
        margin = self.margin_many(src_start, src_len, tgt_starts, tgt_len)
        return self.aligned_mean / self.noise_variance * (margin - self.aligned_mean / 2)


class _Windows:
    """The vectors of every window of 1, 2, 3… consecutive units of one side; row i of
    ``vectors[k]`` is the window of k units starting at unit i (shorter at the end)."""

    def __init__(self, texts: Sequence[str], sizes: Sequence[int], exact: bool, centred: bool):
        self.texts = list(texts)
        raw = embed(self.texts) if self.texts else np.zeros((0, 1), np.float32)
        self.mean = raw.mean(axis=0) if centred else np.zeros(raw.shape[1], np.float32)
        units = _normalised(raw - self.mean)
        self.vectors = {1: units}
        self.exact = {1: np.ones(len(self.texts), bool)}  # which rows have their text's vector in
        for size in sizes:
            if size == 1:
                continue
            self.vectors[size] = compose(units, size)
            self.exact[size] = np.zeros(len(self.texts), bool)
            if exact:
                self.add_text_vectors(size, np.arange(len(self.texts)), embed(_windows(self.texts, size)))
                STATS.windows += len(self.texts)

    def add_text_vectors(self, size: int, starts: np.ndarray, raw: np.ndarray) -> np.ndarray:
        """Average the vectors of the windows' joined texts (as the encoder gives them) into
        their composed vectors; returns the new rows."""
        rows = _normalised(_normalised(raw - self.mean) + self.vectors[size][starts])
        self.vectors[size][starts] = rows
        self.exact[size][starts] = True
        return rows

    def composed_among(self, windows: Iterable[tuple[int, int]]) -> dict[int, np.ndarray]:
        """The starts, by size, of the given (start, size) windows whose vectors are composed."""
        todo: dict[int, set[int]] = {}
        for start, size in windows:
            if size in self.exact and 0 <= start < len(self.texts) and not self.exact[size][start]:
                todo.setdefault(size, set()).add(start)
        return {size: np.array(sorted(starts)) for size, starts in todo.items()}

    def texts_of(self, starts_by_size: dict[int, np.ndarray]) -> list[str]:
        return [" ".join(self.texts[i:i + size]) for size, starts in starts_by_size.items() for i in starts]


def _normalised(rows: np.ndarray) -> np.ndarray:
    return (rows / np.maximum(np.linalg.norm(rows, axis=1, keepdims=True), 1e-12)).astype(np.float32)


def compose(units: np.ndarray, size: int) -> np.ndarray:
    """Window vectors from unit vectors: the sum of the window's units, normalised (at the
    end of the text a window has fewer units).  Every unit counts alike: weighting by length
    let a long sentence hide a short one (MAC zh-en documents 001-008)."""
    total = np.zeros_like(units)
    for offset in range(min(size, len(units))):
        total[:len(units) - offset] += units[offset:]
    return _normalised(total)


@dataclass(frozen=True)
class CompositionError:
    mean: float  # mean cosine between composed and exact window vectors
    low: float   # its 5th percentile


def composition_error(texts: Sequence[str], size: int) -> CompositionError:
    """How close composed window vectors are to the vectors of the windows' joined text
    (both centred on the text's mean vector, as the aligner uses them)."""
    texts = list(texts)
    raw = embed(texts)
    mean = raw.mean(axis=0)
    composed = compose(_normalised(raw - mean), size)
    exact = _normalised(embed(_windows(texts, size)) - mean)
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
