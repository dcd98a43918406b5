"""Numbers as treaty texts write them besides digits: Roman numerals ("XII", Cyrillic "І") and
numbers spelled out in words, whose words a language module lists as `NumberWord`s and
`NumberReader` combines left to right ("one thousand eight hundred and fifty-eight")."""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

__all__ = ["NumberReader", "NumberWord", "roman_value"]

_ROMAN_RE = re.compile(r"M{0,4}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}
# Cyrillic letters that OCR and old typesetting use for Roman numerals ("Статья І").
_ROMAN_LOOKALIKES = str.maketrans({"І": "I", "Х": "X", "С": "C", "М": "M"})


def roman_value(text: str) -> int | None:
    """Value of an upper-case Roman numeral ("XII", "Ⅻ", Cyrillic "І"), else None."""
    text = unicodedata.normalize("NFKC", text).translate(_ROMAN_LOOKALIKES)
    if not text or not _ROMAN_RE.fullmatch(text):
        return None
    total = 0
    for char, following in zip(text, text[1:] + " "):
        value = _ROMAN_VALUES[char]
        total += -value if value < _ROMAN_VALUES.get(following, 0) else value
    return total


@dataclass(frozen=True)
class NumberWord:
    """One word of a spelled-out number and how it combines with its neighbours."""
    value: int
    scale: bool = False       # thousand, million: multiplies everything before it
    multiplier: bool = False  # English "hundred", Indonesian "puluh"/"ratus": multiplies the unit before
    teen: bool = False        # Indonesian "belas": adds ten to the unit before
    ordinal: bool = False     # only ordinals may follow an ordinal ("millesimo sexcentesimo")


def _limit_after(value: int) -> int:
    """Exclusive upper bound for the next additive word: after 50 a unit may follow, after 8 nothing."""
    if value < 20:
        return 1
    place = 10 ** (len(str(value)) - 1)
    return place if value % place == 0 else 1


class NumberReader:
    """Accumulates number words left to right; add() refuses a word that cannot continue the number."""

    def __init__(self) -> None:
        self.total = 0
        self.group = 0
        self.limit: float = float("inf")
        self.last_unit = 0           # a unit 1-9 that a multiplier or teen word may still act on
        self.limit_before_unit: float = float("inf")
        self.last_scale: float = float("inf")
        self.after_ordinal = False
        self.words = 0

    @property
    def value(self) -> int:
        return self.total + self.group

    def add(self, word: NumberWord) -> bool:
        if self.after_ordinal and not word.ordinal:
            return False
        if word.scale:
            if word.value >= self.last_scale:
                return False
            self.total += (self.group or 1) * word.value
            self.group, self.last_unit = 0, 0
            self.limit = self.last_scale = word.value
        elif word.multiplier or word.teen:
            if not self._combine_with_unit(word):
                return False
        else:
            if word.value >= self.limit:
                return False
            self.limit_before_unit = self.limit
            self.group += word.value
            self.last_unit = word.value if 1 <= word.value <= 9 else 0
            self.limit = _limit_after(word.value)
        self.after_ordinal = word.ordinal
        self.words += 1
        return True

    def _combine_with_unit(self, word: NumberWord) -> bool:
        if self.words == 0 and word.multiplier:  # a bare "hundred"
            self.group, self.limit = word.value, word.value
            return True
        unit = self.last_unit
        if not unit:
            return False
        combined = unit + 10 if word.teen else unit * word.value
        if combined >= self.limit_before_unit:
            return False
        self.group += combined - unit
        self.limit = 1 if word.teen else word.value
        self.last_unit = 0
        return True

