"""Finding lexicon forms in a text of one language: whole words, names in any spelling, bound morphemes.

Three ways a lexicon entry is found, in this order of precedence:
1. its forms word by word, on the language's word keys (lemmas, folded spellings), so that
   inflected, old-orthography and Traditional/Simplified spellings are found too;
2. a name form (one written with a capital) also by its name key (transcription.name_key): case,
   hyphens, spaces, soft signs and the period's variant letters do not count, and the text's word
   may be inflected (Тянь-Цзине, Тянь-цзин and ли-фань-юань find Тяньцзинь and Лифаньюань); the
   caller may add other languages' spellings of names, found this way only (Hubitu: Хубиту);
3. a bound morpheme (a form of type "bound" in the lexicon): a form that counts inside a compound
   only next to one of the neighbours its pattern lists (界 in 東界, 京 in 進京). A longer whole
   form claims the characters first; over the same characters, the bound form's context makes it
   the more specific reading (海口 after 江 is a river's mouth, 海口 alone a port).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .base import JOINING_GAP_RE, Language, Mention, Token
from .transcription import is_han, name_key

__all__ = ["BoundForm", "BoundPatternError", "FormIndex", "parse_bound"]

NAME_START = 3  # letters of a name key that inflection leaves alone
_BOUND_RE = re.compile(r"(?:\[(?P<before>[^\[\]]+)\])?(?P<core>[^\[\]]+)(?:\[(?P<after>[^\[\]]+)\])?")


class BoundPatternError(ValueError):
    pass


@dataclass(frozen=True)
class BoundForm:
    """A morpheme that counts only beside one of its neighbours: `[進在到]京` is 京 after 進, 在
    or 到; `界[牌碑]` is 界 before 牌 or 碑. Each bracket stands for one word (in Chinese one
    character) and lists its alternatives; the mention covers the morpheme only."""

    core: tuple[frozenset[str], ...]
    before: frozenset[str] | None
    after: frozenset[str] | None


def parse_bound(language: Language, pattern: str) -> BoundForm:
    """Read a bound-morpheme pattern; BoundPatternError says what is wrong with it."""
    match = _BOUND_RE.fullmatch(pattern.strip())
    if not match or not (match.group("before") or match.group("after")):
        raise BoundPatternError(
            f"bound form {pattern!r}: expected the morpheme with its neighbours in brackets, "
            f"e.g. '[進在到]京' or '界[牌碑]'")
    core = tuple(language.key_variants(t) for t in language.tokenize(match.group("core")))
    if not core:
        raise BoundPatternError(f"bound form {pattern!r}: the morpheme has no letters")

    def neighbours(text: str | None) -> frozenset[str] | None:
        if text is None:
            return None
        keys = frozenset(key for t in language.tokenize(text) for key in language.key_variants(t))
        if not keys:
            raise BoundPatternError(f"bound form {pattern!r}: the brackets hold no letters")
        return keys

    return BoundForm(core, neighbours(match.group("before")), neighbours(match.group("after")))


def _is_name_form(form: str) -> bool:
    """A form written with a capital (a proper name) in an alphabet: matched by its name key too."""
    stripped = form.strip()
    return bool(stripped) and stripped[0].isupper() and not is_han(stripped)


class FormIndex:
    """Finds lexicon forms in texts of one language (see the module docstring for how)."""

    def __init__(self, language: Language, forms: Mapping[str, Iterable[str]],
                 bound: Mapping[str, Iterable[str]] | None = None,
                 names: Mapping[str, Iterable[str]] | None = None):
        self._language = language
        # first-word key -> patterns starting with it; a pattern is one key set per word, with the
        # form's own folded words (a text word spelled so is an exact match, not one by its stem)
        self._by_first_key: dict[str, set[tuple[tuple[frozenset[str], ...], str, tuple[str, ...]]]] = {}
        self._by_name_key: dict[str, set[str]] = {}
        self._named: dict[str, set[str]] = {}  # surface -> entries, a cache
        self._name_starts: set[str] = set()  # the first letters of every name key: most spans start otherwise
        for key, surfaces in forms.items():
            for surface in surfaces:
                tokens = language.tokenize(surface)
                if not tokens:
                    continue
                pattern = tuple(language.key_variants(token) for token in tokens)
                words = tuple(language.fold_word(token.surface) for token in tokens)
                for first in pattern[0]:
                    self._by_first_key.setdefault(first, set()).add((pattern, key, words))
                if _is_name_form(surface):
                    self._add_name(key, surface)
        for key, surfaces in (names or {}).items():
            for surface in surfaces:
                if _is_name_form(surface):
                    self._add_name(key, surface)
        self._bound: dict[str, list[tuple[BoundForm, str]]] = {}
        for key, patterns in (bound or {}).items():
            for pattern in patterns:
                form = parse_bound(language, pattern)
                for first in form.core[0]:
                    self._bound.setdefault(first, []).append((form, key))

    def _add_name(self, key: str, surface: str) -> None:
        for base in self._language.name_forms(surface):
            if folded := name_key(base):
                self._by_name_key.setdefault(folded, set()).add(key)
                self._name_starts.add(folded[:NAME_START])

    def find(self, text: str) -> list[Mention]:
        """All non-overlapping mentions: longer (in words) before shorter; at one length a bound
        morpheme in its context first, then a form the text spells word for word before one it
        matches by stems only (Indonesian "dibatasi" is the form "dibatasi", limited, before
        "batas", boundary, whose stem it shares), word keys before name keys, earlier before later."""
        tokens = self._language.tokenize(text)
        variants = [self._language.key_variants(token) for token in tokens]
        joins = self._joins(text, tokens)
        candidates = set()
        for i in range(len(tokens)):
            for first in variants[i]:
                for pattern, key, words in self._by_first_key.get(first, ()):
                    if self._matches(variants, i, pattern, joins):
                        exact = all(self._language.fold_word(tokens[i + k].surface) == word for k, word in enumerate(words))
                        candidates.add((len(pattern), 0 if exact else 1, i, key))
        if self._by_name_key:
            candidates |= self._name_candidates(text, tokens, joins)
        if self._bound:
            candidates |= {(length, -1, i, key) for i, length, key in self._bound_candidates(text, tokens, variants)}
        taken = [False] * len(tokens)
        mentions = []

        def take(i: int, length: int, key: str) -> None:
            if any(taken[i:i + length]):
                return
            taken[i:i + length] = [True] * length
            start, end = tokens[i].start, tokens[i + length - 1].end
            mentions.append(Mention(key, start, end, text[start:end]))

        for length, _, i, key in sorted(candidates, key=lambda c: (-c[0], c[1], c[2], c[3])):
            take(i, length, key)
        return sorted(mentions, key=lambda mention: mention.start)

    def _joins(self, text: str, tokens: list[Token]) -> list[bool]:
        """joins[i]: token i continues the phrase of token i-1 — only spaces or hyphens between,
        or the dot of an abbreviation ("устья р. Амура" is one phrase)."""
        joins = [False]
        for before, token in zip(tokens, tokens[1:]):
            gap = text[before.end:token.start]
            joins.append(bool(JOINING_GAP_RE.fullmatch(gap)) or (
                gap[:1] == "." and not gap[1:].strip() and before.surface.casefold() in self._language.abbreviations))
        return joins

    @staticmethod
    def _matches(variants: list[frozenset[str]], first: int, pattern: tuple[frozenset[str], ...],
                 joins: list[bool]) -> bool:
        if first + len(pattern) > len(variants):
            return False
        for offset in range(1, len(pattern)):
            i = first + offset
            if not variants[i] & pattern[offset] or not joins[i]:
                return False
        return True

    def _name_candidates(self, text: str, tokens: list[Token], joins: list[bool]) -> set[tuple[int, int, int, str]]:
        """Runs of words whose name key is a name form's: capitalised, or hyphenated (ли-фань-юань)."""
        found = set()
        for i, token in enumerate(tokens):
            if is_han(token.surface) or token.surface[:1].isdigit():
                continue
            for j in range(i, min(len(tokens), i + self._language.max_name_words)):
                if j > i and (not joins[j] or tokens[j].surface[:1].isdigit()):
                    break
                hyphenated = j > i and "-" in text[tokens[i].end:tokens[j].start]
                if not (token.surface[:1].isupper() or hyphenated):
                    continue
                for key in self._entries_named(text[token.start:tokens[j].end]):
                    found.add((j - i + 1, 2, i, key))
        return found

    def _entries_named(self, surface: str) -> set[str]:
        """The entries whose name key one of the surface's base forms has, read once per surface
        (endings change, not the start of a name: a surface starting otherwise is none)."""
        key = name_key(surface)
        if not any(key[:n] in self._name_starts for n in range(1, NAME_START + 1)):
            return set()
        if surface not in self._named:
            self._named[surface] = {key for base in self._language.name_forms(surface)
                                    for key in self._by_name_key.get(name_key(base), ())}
        return self._named[surface]

    def _bound_candidates(self, text: str, tokens: list[Token],
                          variants: list[frozenset[str]]) -> list[tuple[int, int, str]]:
        found = []
        for i in range(len(tokens)):
            for first in variants[i]:
                for form, key in self._bound.get(first, ()):
                    length = len(form.core)
                    if i + length > len(tokens) or not all(
                            variants[i + k] & form.core[k] and self._adjacent(text, tokens, i + k)
                            for k in range(1, length)):
                        continue
                    if form.before is not None and not (
                            i > 0 and self._adjacent(text, tokens, i) and variants[i - 1] & form.before):
                        continue
                    last = i + length - 1
                    if form.after is not None and not (
                            last + 1 < len(tokens) and self._adjacent(text, tokens, last + 1)
                            and variants[last + 1] & form.after):
                        continue
                    found.append((i, length, key))
        return found

    @staticmethod
    def _adjacent(text: str, tokens: list[Token], i: int) -> bool:
        """Is token i written right after token i-1 (one compound: nothing but a space between)?"""
        return not text[tokens[i - 1].end:tokens[i].start].strip()
