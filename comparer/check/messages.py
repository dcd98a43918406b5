"""Finding messages in the reader's language, from templates kept as data (messages/<lang>.json).

A template names its fields in braces. A field given as a list of items is joined the way the
language joins lists ("Russian, Chinese and Indonesian"); `{field|verb}` picks the form of a verb that agrees with
how many items the field has ("names"/"name"), for languages whose verbs agree.

The checks give versions by their language codes and clauses by their ids; a message names them
as a reader does: the language's name in the message language ("Russian", "Rusia"; the data's
`languages`, else CLDR through Babel) and a clause by its version and number ("Chinese 1.2").
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from babel import Locale, UnknownLocaleError

from comparer.errors import InputError
from comparer.model import CLAUSE_ID

_FIELD = re.compile(r"\{(\w+)(?:\|(\w+))?\}")
# The template fields that hold versions (language codes) and clauses (clause ids).
VERSION_FIELDS = frozenset({"present", "absent", "moved", "first_langs", "second_langs", "langs", "lang", "pivot",
                            "a", "b"})
CLAUSE_FIELDS = frozenset({"where"})
_DIVISION_PREFIX = {"pre": "P", "end": "C"}  # clause numbers as the reader's rows give them: P1, 1.2, C1


def _folder():
    return resources.files("comparer.check") / "messages"


def available() -> list[str]:
    return sorted(p.name.removesuffix(".json") for p in _folder().iterdir() if p.name.endswith(".json"))


@lru_cache(maxsize=None)
def _load(lang: str) -> dict:
    return json.loads((_folder() / f"{lang}.json").read_text(encoding="utf-8"))


class Messages:
    def __init__(self, lang: str = "en"):
        if lang not in available():
            raise InputError(f"unknown interface language {lang!r} (available: {', '.join(available())})")
        self.lang = lang
        self._data = _load(lang)

    def join(self, items: list[str]) -> str:
        words = self._data["list"]
        items = [str(i) for i in items]
        if len(items) <= 1:
            return "".join(items)
        return words["separator"].join(items[:-1]) + words["last"] + items[-1]

    @property
    def words(self) -> dict[str, str]:
        return self._data["words"]

    def word(self, name: str | None) -> str:
        """A kind of thing (river, person, state) as the message language calls it."""
        words = self._data["words"]
        return words.get(name or "", words["name"])

    def language(self, code: str) -> str:
        """A version's language by name in the message language: the data's name, else CLDR's, else the code."""
        named = self._data.get("languages", {}).get(code)
        if named:
            return named
        return _cldr_languages(self.lang).get(code, code)

    def clause(self, clause_id: str) -> str:
        """'Chinese 1.2' for aigun-1858.zh.a1.c2; a printed edition's clause keeps its sigil ('Russian (barsukov) 1.2')."""
        match = CLAUSE_ID.match(clause_id)
        if match is None:
            return clause_id
        div = match.group("div")
        number = f"{_DIVISION_PREFIX.get(div) or match.group('article') + '.'}{match.group('n')}"
        sigil = f" ({match.group('sigil')})" if match.group("sigil") else ""
        return f"{self.language(match.group('lang'))}{sigil} {number}"

    def month(self, number: int) -> str:
        """The name of European month `number` (1–12) in the message language."""
        return self._data["months"][number - 1]

    def say(self, key: str, **fields: str | list[str]) -> str:
        def fill(match: re.Match) -> str:
            value = self._named(match.group(1), fields[match.group(1)])
            if match.group(2):
                forms = self._data["verbs"][match.group(2)]
                count = len(value) if isinstance(value, list) else 1
                return forms["one"] if count == 1 else forms["many"]
            return self.join(value) if isinstance(value, list) else str(value)

        return _FIELD.sub(fill, self._data["templates"][key])

    def _named(self, field: str, value):
        name = self.language if field in VERSION_FIELDS else self.clause if field in CLAUSE_FIELDS else None
        if name is None:
            return value
        return [name(v) for v in value] if isinstance(value, list) else name(value)

    def listing(self, by_value: dict[str, list[str]]) -> str:
        """'20 in ru; 30 in zh and id': each distinct value with the versions that have it."""
        return self._data["list"]["between_items"].join(
            self.say("item", value=value, langs=langs) for value, langs in by_value.items())


@lru_cache(maxsize=None)
def _cldr_languages(lang: str) -> dict[str, str]:
    try:
        return dict(Locale.parse(lang).languages)
    except (UnknownLocaleError, ValueError):
        return {}
