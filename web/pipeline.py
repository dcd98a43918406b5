"""The web app's one door to the library pipeline: alignments and check reports, computed once.

Results are kept per (treaty, languages, pivot) and (treaty, languages, interface language) for
the life of the process; the corpus itself is parsed once, when the app is created.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from comparer.corpus import Corpus
from comparer.model import Alignment, CheckReport, Treaty

try:
    from comparer.align.treaty import align_treaty
except ModuleNotFoundError as err:  # the aligner is being written; any other import error is a bug
    if err.name != "comparer.align.treaty":
        raise
    align_treaty = None

try:
    from comparer.check import check_treaty
except ModuleNotFoundError as err:
    if err.name != "comparer.check":
        raise
    check_treaty = None

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


class Pipeline:
    """semantic: align with sentence embeddings too. They cost about a minute per treaty on a CPU,
    so a reader that aligns on request leaves them off unless the server opts in (and warms up)."""

    def __init__(self, corpus: Corpus, semantic: bool = False, size: int = 512):
        self.corpus = corpus
        self.semantic = semantic
        self._memo = Memo(size)

    @property
    def checks_available(self) -> bool:
        return check_treaty is not None

    def alignment(self, treaty: Treaty, langs: list[str], pivot: str | None = None) -> Alignment:
        key = ("align", treaty.id, tuple(langs), pivot)
        if align_treaty is None:
            return self._memo.get(key, lambda: positional_alignment(treaty, langs, pivot))
        return self._memo.get(key, lambda: align_treaty(
            treaty, self.corpus.lexicon, langs=langs, pivot=pivot, semantic=self.semantic))

    def report(self, treaty: Treaty, langs: list[str], ui: str = "en") -> CheckReport:
        key = ("check", treaty.id, tuple(langs), ui)
        if check_treaty is None:
            return self._memo.get(key, lambda: CheckReport(treaty=treaty.id, langs=list(langs), findings=[]))
        return self._memo.get(key, lambda: check_treaty(
            treaty, self.corpus.lexicon, langs=langs, alignment=self.alignment(treaty, langs), ui_lang=ui))


def positional_alignment(treaty: Treaty, langs: list[str], pivot: str | None = None) -> Alignment:
    """Stand-in while comparer.align.treaty is missing: the Nth clause of each division on one row."""
    pivot = pivot if pivot in langs else (treaty.pivot if treaty.pivot in langs else langs[0])
    witnesses = {lang: treaty.version(lang).primary for lang in langs}
    keys: list[str] = []
    for witness in witnesses.values():
        keys += [d.key for d in witness.divisions if d.key not in keys]
    groups = []
    for key in keys:
        divisions = {lang: w.division(key) for lang, w in witnesses.items()}
        depth = max(len(d.clauses) for d in divisions.values() if d is not None)
        for n in range(depth):
            segments = {
                lang: [d.clauses[n].id] for lang, d in divisions.items() if d is not None and n < len(d.clauses)
            }
            groups.append({"id": f"{treaty.id}.g{len(groups) + 1}", "article": key, "segments": segments,
                           "confidence": 0.0, "evidence": [{"kind": "position", "key": f"{key}.{n + 1}"}]})
    return Alignment.model_validate({"treaty": treaty.id, "pivot": pivot, "langs": langs, "groups": groups})
