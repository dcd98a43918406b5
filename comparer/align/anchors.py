"""Evidence that survives translation into another script, read through the language modules.

Between Chinese and a language written in letters, length says little and no word is shared,
but some things are written in both and mean the same: numbers in any numeral system
(二十一 and "twenty-one", 1858 and 一千八百五十八), dates, the marks that structure a
sentence (a question, an exclamation, a quotation opening the sentence), and the start of a
paragraph.  Each becomes an evidence key of a unit; the scorer weighs a key by how rare it is
in the two texts, so a common mark counts for little.  How a language writes a number, a date
or a quotation is its module's rule (`comparer.lang`); this module only turns what the
language module reads into keys.
"""
from __future__ import annotations

import unicodedata
from typing import Hashable, Sequence

from comparer import calendars
from comparer import lang as languages
from comparer.align.keys import Key

# Marks compared across scripts, after NFKC (full-width ？！：；（ become ASCII) and the
# language's own normalisation (typographic quotes become ").
_MARKS = {"?": "?", "!": "!", ":": ":", ";": ";", "(": "(", '"': '"', "...": "...", "…": "..."}
_CLOSERS = "\"')]»”’」』"


def unit_keys(code: str, texts: Sequence[str]) -> list[set[Hashable]]:
    """Per unit, the keys its language reads in it: numbers, dates and marks."""
    language = languages.get(code)
    return [_keys(language, text) for text in texts]


def paragraph_keys(starts: Sequence[bool]) -> list[set[Hashable]]:
    """A key on the first unit of each paragraph (other than the first): translations keep
    paragraphs more often than not."""
    return [{Key("paragraph", "start")} if start and i else set() for i, start in enumerate(starts)]


def _keys(language, text: str) -> set[Hashable]:
    keys: set[Hashable] = {Key("number", str(m.value)) for m in language.numbers(text)}
    for mention in language.dates(text):
        for day in date_days(mention):
            keys.add(Key("date", day))
    keys |= _marks(language, text)
    return keys


def date_days(mention) -> list[int]:
    """Julian day numbers a written date can mean (a date without a calendar may be Julian or
    Gregorian); a date without a year gives none."""
    days = []
    for candidate in (mention, getattr(mention, "alternative", None)):
        if candidate is None or candidate.year is None:
            continue
        try:
            readings = calendars.readings(candidate.calendar, candidate.era, candidate.year,
                                          candidate.month, candidate.day, candidate.leap_month)
        except calendars.InvalidDate:
            continue
        days += [day.jdn for day in readings.values()]
    return days


def _marks(language, text: str) -> set[Key]:
    normal = unicodedata.normalize("NFKC", language.normalize(text))
    for mark in getattr(language, "quotation_marks", ""):
        normal = normal.replace(mark, '"')
    keys = {Key("punct", name) for sign, name in _MARKS.items() if sign in normal}
    stripped = normal.strip()
    if stripped[:1] == '"':
        keys.add(Key("punct", "opens with a quotation"))
    last = stripped.rstrip(_CLOSERS)[-1:]
    if last in ("?", "!"):
        keys.add(Key("punct", "ends with " + last))
    return keys
