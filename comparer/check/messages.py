"""Finding messages in the reader's language, from templates kept as data (messages/<lang>.json).

A template names its fields in braces. A field given as a list of items is joined the way the
language joins lists ("ru, zh and id"); `{field|verb}` picks the form of a verb that agrees with
how many items the field has ("names"/"name"), for languages whose verbs agree.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from comparer.errors import InputError

_FIELD = re.compile(r"\{(\w+)(?:\|(\w+))?\}")


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

    def word(self, name: str | None) -> str:
        """A kind of thing (river, person, state) as the message language calls it."""
        words = self._data["words"]
        return words.get(name or "", words["name"])

    def month(self, number: int) -> str:
        """The name of European month `number` (1–12) in the message language."""
        return self._data["months"][number - 1]

    def say(self, key: str, **fields: str | list[str]) -> str:
        def fill(match: re.Match) -> str:
            value = fields[match.group(1)]
            if match.group(2):
                forms = self._data["verbs"][match.group(2)]
                count = len(value) if isinstance(value, list) else 1
                return forms["one"] if count == 1 else forms["many"]
            return self.join(value) if isinstance(value, list) else str(value)

        return _FIELD.sub(fill, self._data["templates"][key])

    def listing(self, by_value: dict[str, list[str]]) -> str:
        """'20 in ru; 30 in zh and id': each distinct value with the versions that have it."""
        return self._data["list"]["between_items"].join(
            self.say("item", value=value, langs=langs) for value, langs in by_value.items())
