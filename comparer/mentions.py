"""Lexicon entries found in clause text, through each language's matching rules."""

from __future__ import annotations

from functools import lru_cache

from comparer import lang as languages
from comparer.lang.base import FormIndex, Mention
from comparer.model import Clause, Lexicon, Treaty


class LexiconMatcher:
    """Finds lexicon entries in text; compiles each language's forms once and caches per text."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._indexes: dict[str, FormIndex] = {}
        self.find = lru_cache(maxsize=65536)(self._find)

    def index(self, lang: str) -> FormIndex:
        if lang not in self._indexes:
            self._indexes[lang] = languages.get(lang).compile_forms(self.lexicon.forms(lang))
        return self._indexes[lang]

    def _find(self, lang: str, text: str) -> tuple[Mention, ...]:
        return tuple(self.index(lang).find(text))

    def entries(self, lang: str, text: str) -> set[str]:
        return {m.key for m in self.find(lang, text)}


def clause_mentions(treaty: Treaty, matcher: LexiconMatcher) -> dict[str, tuple[Mention, ...]]:
    """Clause id -> the lexicon mentions in it, for every witness of every version."""
    out: dict[str, tuple[Mention, ...]] = {}
    for version in treaty.versions.values():
        for witness in version.witnesses:
            for clause in witness.clauses():
                out[clause.id] = matcher.find(witness.lang, clause.text)
    return out


def mention_entries(matcher: LexiconMatcher, lang: str, clauses: list[Clause]) -> set[str]:
    return {key for clause in clauses for key in matcher.entries(lang, clause.text)}
