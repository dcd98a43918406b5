"""How the caller aligns and checks a treaty, for the review machinery: the rows corrections name and
the findings reviews attach to. The CLI aligns afresh; the web reader hands over its cached results."""

from __future__ import annotations

from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.model import Alignment, CheckReport, Lexicon, Treaty


class Checker:
    """Alignments and check reports of treaties, each computed once per treaty object and versions."""

    def __init__(self, lexicon: Lexicon, semantic: bool = False):
        self.lexicon, self.semantic = lexicon, semantic
        self._done: dict[tuple, tuple[Treaty, object]] = {}

    def _once(self, kind: str, treaty: Treaty, langs: list[str], compute):
        key = (kind, id(treaty), tuple(langs))
        held = self._done.get(key)
        if held is None or held[0] is not treaty:  # the entry keeps the treaty, so its id stays unique
            held = self._done[key] = (treaty, compute())
        return held[1]

    def alignment(self, treaty: Treaty, langs: list[str]) -> Alignment:
        return self._once("align", treaty, langs, lambda: align_treaty(
            treaty, self.lexicon, langs=langs, semantic=self.semantic))

    def report(self, treaty: Treaty, langs: list[str]) -> CheckReport:
        return self._once("check", treaty, langs, lambda: check_treaty(
            treaty, self.lexicon, langs=langs, alignment=self.alignment(treaty, langs)))

    def rows(self, treaty: Treaty) -> Alignment:
        """Every version around the default pivot: the rows that corrections name."""
        return self.alignment(treaty, list(treaty.versions))
