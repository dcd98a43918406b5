"""Lexicon entries found in clause text, through each language's matching rules, and the names
a text writes that the lexicon does not know."""

from __future__ import annotations

from functools import lru_cache

from comparer import lang as languages
from comparer.lang import FormIndex, Mention
from comparer.lang.transcription import is_han, name_keys
from comparer.model import BOUND_FORM, Clause, Lexicon, Treaty

NAME_KINDS = ("place", "person", "org")


class LexiconMatcher:
    """Finds lexicon entries in text; compiles each language's forms once and caches per text.

    Besides its own forms, a text in an alphabet is searched for every other alphabet's spelling
    of a name by its name key (transliteration): an Indonesian "Hubitu" is the Russian "Хубиту"."""

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self._indexes: dict[str, FormIndex] = {}
        self._name_keys: dict[str, tuple[frozenset[str], frozenset[str]]] = {}
        self.find = lru_cache(maxsize=65536)(self._find)
        self.unknown_names = lru_cache(maxsize=65536)(self._unknown_names)

    def index(self, lang: str) -> FormIndex:
        if lang not in self._indexes:
            self._indexes[lang] = languages.get(lang).compile_forms(
                self.lexicon.forms(lang), self.lexicon.bound_forms(lang), self._other_alphabets(lang))
        return self._indexes[lang]

    def _other_alphabets(self, lang: str) -> dict[str, list[str]]:
        """Names' forms in the other languages written in letters; only capitalised forms are
        compared, and only by name key (FormIndex), so they never match common words."""
        found: dict[str, list[str]] = {}
        for entry in self.lexicon.entries.values():
            if entry.kind not in NAME_KINDS:
                continue
            for other, forms in entry.forms.items():
                if other == lang:
                    continue
                found.setdefault(entry.id, []).extend(
                    f.text for f in forms if f.text[:1].isupper() and not is_han(f.text))
        return {entry_id: forms for entry_id, forms in found.items() if forms}

    def name_keys(self, entry_id: str) -> tuple[frozenset[str], frozenset[str]]:
        """The name keys of every form of an entry in every language, those of its forms in
        letters apart from those read off its Chinese forms; read once per entry: what a
        transcription of it is compared with."""
        if entry_id not in self._name_keys:
            forms = [(form.text, lang) for lang, forms in self.lexicon.entries[entry_id].forms.items()
                     for form in forms if form.type != BOUND_FORM]
            self._name_keys[entry_id] = (
                frozenset().union(*(name_keys(text, lang) for text, lang in forms if not is_han(text))),
                frozenset().union(*(name_keys(text, lang) for text, lang in forms if is_han(text))))
        return self._name_keys[entry_id]

    def _find(self, lang: str, text: str) -> tuple[Mention, ...]:
        """The lexicon's mentions, less a form of one character standing inside a longer name the
        language's rules find: the 海 "sea" of 海拉爾城 (Hailar) is part of that name, as a form
        inside a longer lexicon form is (松花江海口)."""
        mentions = self.index(lang).find(text)
        if not any(m.end - m.start == 1 for m in mentions):
            return tuple(mentions)
        names = languages.get(lang).proper_names(text)
        return tuple(m for m in mentions if m.end - m.start > 1 or not any(
            start <= m.start and m.end <= end and end - start > 1 for start, end, _ in names))

    def entries(self, lang: str, text: str) -> set[str]:
        return {m.key for m in self.find(lang, text)}

    def _unknown_names(self, lang: str, text: str) -> tuple[Mention, ...]:
        """The names the language's rules find in `text` (Language.proper_names) that no lexicon
        mention covers and that are no word of a lexicon name standing alone, nor derived from
        one (Дайцынскаго of Дайцынское государство, Тяньцзинский from Тяньцзинь); their key is
        "name:" + the surface."""
        language = languages.get(lang)
        mentions = self.find(lang, text)
        found = []
        for start, end, surface in language.proper_names(text):
            if any(m.start < end and start < m.end for m in mentions):
                continue
            if self._derived_from_lexicon(lang, surface):
                continue
            found.append(Mention(f"name:{surface}", start, end, surface))
        return tuple(found)

    def _derived_from_lexicon(self, lang: str, surface: str) -> bool:
        language = languages.get(lang)
        keys = [t.key for t in language.tokenize(surface)]
        return len(keys) == 1 and any(keys[0] == base or language.may_derive(keys[0], base)
                                      for base in self._name_word_keys(lang))

    @lru_cache(maxsize=None)
    def _name_word_keys(self, lang: str) -> frozenset[str]:
        """Word keys of the lexicon's capitalised name forms in one language."""
        language = languages.get(lang)
        return frozenset(t.key for entry_id, forms in self.lexicon.forms(lang).items()
                         if self.lexicon.entries[entry_id].kind in NAME_KINDS
                         for form in forms if form[:1].isupper() for t in language.tokenize(form))


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
