"""The web app's one door to the library pipeline: alignments and check reports, computed once.

Results are kept per (treaty, languages, pivot) and (treaty, languages, interface language) for
the life of the process; the corpus itself is parsed once, when the app is created.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.corpus import Corpus
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


class Pipeline:
    """semantic: align with sentence embeddings too. They cost about a minute per treaty on a CPU,
    so a reader that aligns on request leaves them off unless the server opts in (and warms up)."""

    def __init__(self, corpus: Corpus, semantic: bool = False, size: int = 512):
        self.corpus = corpus
        self.semantic = semantic
        self._memo = Memo(size)

    def alignment(self, treaty: Treaty, langs: list[str], pivot: str | None = None) -> Alignment:
        key = ("align", treaty.id, tuple(langs), pivot)
        return self._memo.get(key, lambda: align_treaty(
            treaty, self.corpus.lexicon, langs=langs, pivot=pivot, semantic=self.semantic))

    def report(self, treaty: Treaty, langs: list[str], ui: str = "en") -> CheckReport:
        key = ("check", treaty.id, tuple(langs), ui)
        return self._memo.get(key, lambda: check_treaty(
            treaty, self.corpus.lexicon, langs=langs, alignment=self.alignment(treaty, langs), ui_lang=ui))
