"""The web app's one door to the library pipeline: the treaty files as they are now, their
alignments and check reports, computed once.

Each treaty file is read once and read again when it changes on disk: every request compares the
file's inode, modification time and size with what was read (editors' writes replace the file, so
another worker process sees them on its next request). Alignments are kept by the treaty's text
and corrections, check reports also by its reviews, so a review does not realign anything and an
old result is never served for a changed file. Collations of a version's printed editions are kept
by the treaty's text too.

The secondary texts in the corpus folder's sources/ are listed once; each one's claims are judged
on first use and again only when its file changes (`comparer claims --store` writes reviews into
it). They are judged against the treaty texts as the corpus first held them
(comparer.claims.treaty_texts indexes a corpus once).
"""

from __future__ import annotations

import hashlib
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from lxml import etree

from comparer import review, tei
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.claims import Claim, Sentence, check_claims
from comparer.claims.sentences import read_source
from comparer.claims.store import load_claims, with_reviews
from comparer.corpus import Corpus
from comparer.errors import ComparerError, CorpusError, Unreadable
from comparer.exchange.collate import Collation, collate
from comparer.model import Alignment, CheckReport, Treaty

T = TypeVar("T")


class Memo:
    """Results by key, computed once; the least recently used go first when there are too many."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.RLock()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        with self._lock:  # one computation per key even when threads race for it
            if key in self._items:
                self._items.move_to_end(key)
            else:
                self._items[key] = compute()
                if len(self._items) > self.size:
                    self._items.popitem(last=False)
            return self._items[key]  # type: ignore[return-value]


class UnknownSource(ComparerError):
    http_status = 404


@dataclass(frozen=True)
class Source:
    """A secondary text of the corpus (sources/<id>.xml) and the claims it makes about the treaties, judged."""

    id: str
    lang: str
    titles: dict[str, str]  # language -> title, as the file's titleStmt gives them
    citation: str
    sentences: list[Sentence]
    claims: list[Claim]

    def title(self, ui: str) -> str:
        return self.titles.get(ui) or next(iter(self.titles.values()), self.id)


def read_source_file(path: Path, corpus: Corpus) -> Source:
    """The source's sentences and claims, with the reviews scholars stored in the file."""
    tree, lang, sentences = read_source(path)
    header = tree.getroot().find("t:teiHeader/t:fileDesc", tei.NS)
    titles = {t.get(tei.XML_LANG, lang): " ".join("".join(t.itertext()).split())
              for t in header.iterfind("t:titleStmt/t:title", tei.NS)} if header is not None else {}
    bibl = header.find("t:sourceDesc/t:bibl", tei.NS) if header is not None else None
    citation = " ".join(_own_text(bibl).split()) if bibl is not None else ""
    claims = with_reviews(check_claims(sentences, corpus, lang), load_claims(path))
    return Source(path.stem, lang, titles, citation, sentences, claims)


def _read_or_error(path: Path, corpus: Corpus) -> Source | ComparerError:
    try:
        return read_source_file(path, corpus)
    except ComparerError as err:
        return err


def _own_text(element: etree._Element) -> str:
    """An element's text without its <note> children (a bibl's notes are the encoder's, not the citation)."""
    parts = [element.text or ""]
    for child in element:
        if etree.QName(child).localname != "note":
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _file_stamp(path: Path) -> tuple[int, int, int] | None:
    try:
        return review.stamp_of(os.stat(path))
    except FileNotFoundError:
        return None


def _digest(treaty: Treaty, fields: set[str]) -> str:
    return hashlib.sha256(treaty.model_dump_json(include=fields).encode("utf-8")).hexdigest()[:24]


class PipelineChecker(review.Checker):
    """What the review machinery aligns and checks (findings for reviews, rows for corrections), from
    the pipeline's cache."""

    def __init__(self, pipeline: Pipeline):
        super().__init__(pipeline.corpus.lexicon, pipeline.semantic)
        self.pipeline = pipeline

    def alignment(self, treaty: Treaty, langs: list[str]) -> Alignment:
        return self.pipeline.alignment(treaty, langs)

    def report(self, treaty: Treaty, langs: list[str]) -> CheckReport:
        return self.pipeline.report(treaty, langs)


class Pipeline:
    """semantic: align with sentence embeddings too. They cost about a minute per treaty on a CPU,
    so a reader that aligns on request leaves them off unless the server opts in (and warms up)."""

    def __init__(self, corpus: Corpus, semantic: bool = False, size: int = 512):
        self.corpus = corpus
        self.semantic = semantic
        self._memo = Memo(size)
        self._keys = Memo(64)  # id(treaty) -> (treaty, text key, whole key); the entry keeps the id unique
        self._snapshots: dict[str, review.Snapshot] = {}
        self._reading = threading.Lock()
        self.checker = PipelineChecker(self)
        # A treaty file that cannot be read, with the stamp of the file that was tried: tried again when it changes.
        self._broken: dict[str, tuple[tuple[int, int, int] | None, ComparerError]] = {
            treaty_id: (_file_stamp(corpus.folder / f"{treaty_id}.xml"), err) for treaty_id, err in corpus.broken.items()}
        for treaty_id in corpus.treaties:
            self.snapshot(treaty_id)
        self._source_paths = {path.stem: path for path in corpus.source_files()}

    # ------------------------------------------------------------ the files as they are now

    def snapshot(self, treaty_id: str) -> review.Snapshot:
        """The treaty file as it is on disk now; read again when it was replaced or rewritten.
        A file that cannot be read raises Unreadable (404) for its own pages and harms no other."""
        if treaty_id not in self.corpus.treaties and treaty_id not in self._broken:
            self.corpus.treaty(treaty_id)  # an unknown id is a 404, not a file lookup
        path = self.corpus.folder / f"{treaty_id}.xml"
        known = self._snapshots.get(treaty_id)
        stamp = _file_stamp(path)
        if stamp is None and known is not None:
            return known  # deleted under a running server: keep showing what was read
        if known is None or known.stamp != stamp:
            with self._reading:
                known = self._snapshots.get(treaty_id)
                if known is None or known.stamp != stamp:
                    known = self._read(treaty_id, path, stamp)
        return known

    def _read(self, treaty_id: str, path: Path, stamp: tuple[int, int, int] | None) -> review.Snapshot:
        tried = self._broken.get(treaty_id)
        if tried is not None and tried[0] == stamp:
            raise Unreadable("treaty", treaty_id, tried[1])
        try:
            snapshot = review.read(path, self.checker)  # carries old reviews over
            if snapshot.treaty.id != treaty_id:
                raise CorpusError(f"treaty id {snapshot.treaty.id!r} does not match the file name", str(path))
        except ComparerError as err:
            self._broken[treaty_id] = (stamp, err)
            self._snapshots.pop(treaty_id, None)
            raise Unreadable("treaty", treaty_id, err) from None
        self._broken.pop(treaty_id, None)
        return self.accept(snapshot)

    def accept(self, snapshot: review.Snapshot) -> review.Snapshot:
        """Use this reading of a treaty file from now on (a write in this process hands it over)."""
        self._snapshots[snapshot.treaty.id] = snapshot
        self.corpus.treaties[snapshot.treaty.id] = snapshot.treaty
        return snapshot

    def treaty(self, treaty_id: str) -> Treaty:
        return self.snapshot(treaty_id).treaty

    def _ids(self) -> list[str]:
        return list(self.corpus.treaties) + [i for i in self._broken if i not in self.corpus.treaties]

    def treaties(self) -> dict[str, Treaty]:
        """Every treaty whose file can be read now (the others are in `broken`)."""
        found = {}
        for treaty_id in self._ids():
            try:
                found[treaty_id] = self.treaty(treaty_id)
            except Unreadable:
                continue
        return found

    def broken(self) -> dict[str, ComparerError]:
        """Treaty id -> why its file cannot be read, as of the last reading."""
        self.treaties()
        return {treaty_id: err for treaty_id, (_, err) in self._broken.items()}

    def state(self) -> tuple:
        """What every page depends on: the current ETag of each treaty file (or that it cannot be
        read) and the stamp of each source."""
        etags = []
        for treaty_id in self._ids():
            try:
                etags.append(self.snapshot(treaty_id).etag)
            except Unreadable:
                etags.append((treaty_id, self._broken[treaty_id][0]))
        return tuple(etags), tuple(_file_stamp(path) for path in self._source_paths.values())

    # ------------------------------------------------------------ secondary sources

    def source(self, source_id: str) -> Source:
        """A source with its claims, judged once per version of its file (404 for an unknown id or
        a file that cannot be read; the error is kept until the file changes)."""
        path = self._source_paths.get(source_id)
        if path is None:
            known = ", ".join(self._source_paths) or "none"
            raise UnknownSource(f"unknown source {source_id!r} (known: {known})")
        found = self._memo.get(("source", source_id, _file_stamp(path)), lambda: _read_or_error(path, self.corpus))
        if isinstance(found, ComparerError):
            raise Unreadable("source", source_id, found)
        return found

    def sources(self) -> list[Source]:
        """The sources that can be read (the others are in `broken_sources`)."""
        return [found for found in map(self._source_or_none, self._source_paths) if found is not None]

    def broken_sources(self) -> dict[str, ComparerError]:
        """Source id -> why its file cannot be read."""
        out = {}
        for source_id in self._source_paths:
            try:
                self.source(source_id)
            except Unreadable as err:
                out[source_id] = err.cause
        return out

    def _source_or_none(self, source_id: str) -> Source | None:
        try:
            return self.source(source_id)
        except Unreadable:
            return None

    # ------------------------------------------------------------ results

    def _key(self, treaty: Treaty) -> tuple[str, str]:
        """(the text and corrections, everything): what an alignment and what a report depend on."""
        entry = self._keys.get(id(treaty), lambda: (treaty, _digest(treaty, {"versions", "alignment"}),
                                                    _digest(treaty, {"versions", "alignment", "annotations"})))
        return entry[1], entry[2]

    def alignment(self, treaty: Treaty, langs: list[str], pivot: str | None = None) -> Alignment:
        key = ("align", treaty.id, self._key(treaty)[0], tuple(langs), pivot)
        return self._memo.get(key, lambda: align_treaty(
            treaty, self.corpus.lexicon, langs=langs, pivot=pivot, semantic=self.semantic))

    def report(self, treaty: Treaty, langs: list[str], ui: str = "en") -> CheckReport:
        key = ("check", treaty.id, self._key(treaty)[1], tuple(langs), ui)
        return self._memo.get(key, lambda: check_treaty(
            treaty, self.corpus.lexicon, langs=langs, alignment=self.alignment(treaty, langs), ui_lang=ui))

    def full_alignment(self, treaty: Treaty) -> Alignment:
        """Every version around the default pivot: the rows that alignment edits name."""
        return self.alignment(treaty, list(treaty.versions))

    def collation(self, treaty: Treaty, lang: str) -> Collation:
        """How the other printed editions of one version read against its primary text."""
        key = ("collate", treaty.id, self._key(treaty)[0], lang)
        return self._memo.get(key, lambda: collate(treaty, lang))

    def content_key(self, treaty: Treaty) -> str:
        return self._key(treaty)[1]
