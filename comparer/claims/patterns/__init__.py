"""The words that signal claims, per language, and the explanation templates — all kept as data.

`<lang>.json` holds regular expressions for each kind of claim (treaty names, drafts, signing,
article counts, article references, the place of signing, versions and their language names,
presence and absence words, the words putting a place in a role, provisions), quotation marks and stopwords. `explanations.json` holds one
template per verdict and situation in each interface language.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from comparer import lang as languages
from comparer.errors import InputError, UnknownLanguage

_LANGUAGES_SLOT = "{languages}"
_FIELD = re.compile(r"\{(\w+)\}")


def _data(name: str) -> dict:
    return json.loads((resources.files(__name__) / name).read_text(encoding="utf-8"))


def available() -> list[str]:
    """Languages a secondary text may be written in: those with a pattern file."""
    return sorted(p.name.removesuffix(".json") for p in resources.files(__name__).iterdir()
                  if p.name.endswith(".json") and p.name != "explanations.json")


def _compile(regexes: list[str], slot: str = "") -> list[re.Pattern]:
    return [re.compile(r.replace(_LANGUAGES_SLOT, slot), re.IGNORECASE) for r in regexes]


@dataclass(frozen=True)
class Patterns:
    """One language's claim signals, compiled."""

    lang: str
    treaty_name: list[re.Pattern]
    draft: list[re.Pattern]
    sign: list[re.Pattern]
    count: list[re.Pattern]
    article_ref: list[re.Pattern]
    place_before: re.Pattern
    version: list[re.Pattern]
    language_names: dict[str, str]
    absence: list[re.Pattern]
    role: list[re.Pattern]
    presence: list[re.Pattern]
    provision: list[re.Pattern]
    quotes: list[tuple[str, str]]
    bigrams: bool
    stopword_keys: frozenset[str]

    def version_lang(self, name: str) -> str | None:
        """The language code a language name in a version phrase stands for ("Cina" -> zh)."""
        folded = name.casefold()
        return next((code for key, code in self.language_names.items() if folded.startswith(key)), None)


@lru_cache(maxsize=None)
def get(code: str) -> Patterns:
    if code not in available():
        raise UnknownLanguage(f"no claim patterns for language {code!r} (available: {', '.join(available())})")
    data = _data(f"{code}.json")
    language = languages.get(code)
    names = {key.casefold(): value for key, value in data["languages"].items()}
    slot = "|".join(re.escape(k) for k in sorted(names, key=len, reverse=True))
    stop_keys = frozenset(t.key for word in data["stopwords"] for t in language.tokenize(word))
    return Patterns(
        lang=code,
        treaty_name=_compile(data["treaty_name"]),
        draft=_compile(data["draft"]),
        sign=_compile(data["sign"]),
        count=_compile(data["count"]),
        article_ref=_compile(data["article_ref"]),
        place_before=re.compile(data["place_before"], re.IGNORECASE),
        version=_compile(data["version"], slot),
        language_names=names,
        absence=_compile(data["absence"]),
        role=_compile(data["role"]),
        presence=_compile(data["presence"]),
        provision=_compile(data["provision"]),
        quotes=[tuple(pair) for pair in data["quotes"]],
        bigrams=bool(data["bigrams"]),
        stopword_keys=stop_keys,
    )


def find_all(patterns: list[re.Pattern], text: str) -> list[re.Match]:
    return [m for p in patterns for m in p.finditer(text)]


class Explanations:
    """Fills the explanation templates of one interface language."""

    def __init__(self, ui_lang: str):
        data = _explanations()
        if ui_lang not in data["templates"]:
            raise InputError(f"unknown interface language {ui_lang!r} (available: {', '.join(ui_languages())})")
        self.lang = ui_lang
        self._templates = data["templates"][ui_lang]
        self._words = data["words"][ui_lang]

    def join(self, items: list[str]) -> str:
        items = [str(i) for i in items if str(i)]
        if len(items) <= 1:
            return "".join(items)
        return self._words["separator"].join(items[:-1]) + self._words["last"] + items[-1]

    def language(self, code: str) -> str:
        return self._words["languages"].get(code, code)

    def calendar(self, name: str) -> str:
        return self._words["calendars"][name]

    def version_text(self, code: str | None) -> str:
        """"the Chinese text", or "its texts" when the claim names no version."""
        if code is None:
            return self._words["all_versions"]
        return self._words["version_text"].replace("{language}", self.language(code))

    def scope(self, article: str | None, treaty: str) -> str:
        """"article 1 of the Treaty of Aigun", or the treaty alone."""
        if article is None:
            return self._words["scope_treaty"].replace("{treaty}", treaty)
        return self._words["scope_article"].replace("{article}", article).replace("{treaty}", treaty)

    def version_subject(self, code: str | None) -> str:
        """"the Chinese text", or "each text" when the claim names no version (a singular subject)."""
        if code is None:
            return self._words["each_version"]
        return self._words["version_subject"].replace("{language}", self.language(code))

    def state(self, name: str) -> str:
        """A state's name as a sentence has it: "the Qing Empire" in English, the name elsewhere."""
        definite = self._words.get("definite")
        return self._words["article"].replace("{name}", name) if definite and re.search(definite, name) else name

    def place(self, name: str, kind: str | None) -> str:
        """A place's name as a sentence has it: "the Sungari" (a river) in English, "Lake Khanka"."""
        if kind in self._words.get("definite_places", ()):
            return self._words["article"].replace("{name}", name)
        return name

    def assignments(self, pairs: list[tuple[str, str]]) -> str:
        """"the left bank goes to Russia and the right bank to the Qing Empire"."""
        parts = [self._words["first_assignment" if i == 0 else "next_assignment"]
                 .replace("{direction}", d).replace("{state}", s) for i, (d, s) in enumerate(pairs)]
        return self.join(parts)

    def assignment(self, direction: str, state: str) -> str:
        """"the right bank to Russia"."""
        return self._words["claimed_assignment"].replace("{direction}", direction).replace("{state}", state)

    def predication(self, modality: str, exclusive: bool | None, parties: list[str], negated: list[str] = ()) -> str:
        """"a permission only for the Qing Empire and Russia", "a prohibition for foreign states",
        "a negation of “limit”", "a statement about Russia"."""
        noun = self._words["modalities"][modality]
        if negated:
            noun = self._words["negating"].replace("{modality}", noun).replace(
                "{topics}", self.join([f"“{t}”" for t in negated]))
        if parties and modality in ("stated", "denied") and exclusive is None:
            return self._words["about"].replace("{modality}", noun).replace("{parties}", self.join(parties))
        if parties:
            key = {True: "only_for", False: "not_only_for", None: "for"}[exclusive]
            return self._words[key].replace("{modality}", noun).replace("{parties}", self.join(parties))
        if exclusive is None:
            return noun
        return self._words["only" if exclusive else "not_only"].replace("{modality}", noun)

    def affirmation(self, topics: list[str]) -> str:
        """"an affirmation of “limit”": what a sentence says where a text negates it."""
        return self._words["affirming"].replace("{topics}", self.join([f"“{t}”" for t in topics]))

    def other_matters(self) -> str:
        return self._words["other_matters"]

    def this_matter(self) -> str:
        return self._words["this_matter"]

    def date(self, iso: str) -> str:
        """'1858-05-28' -> "28 May 1858"."""
        year, month, day = (int(x) for x in iso.split("-"))
        template = self._words["date"]
        return (template.replace("{day}", str(day)).replace("{month}", self._words["months"][month - 1])
                .replace("{year}", str(year)))

    def all_articles(self) -> str:
        return self._words["all_articles"]

    def articles(self, numbers: list[str]) -> str:
        """"article 1", "articles 2 and 3"."""
        template = self._words["one_article" if len(numbers) == 1 else "many_articles"]
        return template.replace("{n}", self.join(numbers))

    def say(self, key: str, **fields) -> str:
        def fill(match: re.Match) -> str:
            value = fields[match.group(1)]
            if callable(value):  # a field that depends on the interface language (a title, a language name)
                value = value(self)
            return self.join(value) if isinstance(value, list) else str(value)

        text = _FIELD.sub(fill, self._templates[key])
        return text[:1].upper() + text[1:]


@lru_cache(maxsize=None)
def explanations(ui_lang: str) -> Explanations:
    return Explanations(ui_lang)


@lru_cache(maxsize=1)
def _explanations() -> dict:
    return _data("explanations.json")


def ui_languages() -> list[str]:
    return sorted(_explanations()["templates"])
