"""What every dating grammar shares: the mention it yields (`DateMention`) and the numbers a date
is written with (digits with any ordinal ending, Roman numerals, number words masked by
`SpelledNumbers`). The grammars are in dates.py and reign_dates.py."""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .base import LETTER
from .numbers import NumberReader, NumberWord, roman_value

__all__ = ["MASK", "DateMention", "SpelledNumbers", "number_value"]


@dataclass(frozen=True)
class DateMention:
    """A recognised date expression; conversion between calendars happens in comparer.calendars.

    `year` is a reign year when `era` is set (the month is then a lunar month: `reign_year` is
    true) and None when the text gives no year ("28 Augusti", "V луны, 3-го числа"). A year the
    text counts from the Creation ("лета 7197") is kept as written in `anno_mundi`, and `year`
    holds its AD year. `calendar` is set only where the text says ("по старому стилю", "O.S.",
    a reign era, a lunar month); for double dates ("16/28 мая 1858") the first reading is
    Julian and `alternative` holds the Gregorian one; both span the whole expression. `lunar`
    tells the kind of month: a lunar one (a reign date, "луны", 閏), a European month name, or
    None where the text does not tell (五月 without a reign year).
    """
    surface: str
    start: int
    end: int
    calendar: str | None  # 'julian' | 'gregorian' | 'qing' | None when the text does not say
    era: str | None
    year: int | None
    month: int
    day: int
    leap_month: bool = False
    alternative: DateMention | None = None
    anno_mundi: int | None = None
    lunar: bool | None = False

    @property
    def reign_year(self) -> bool:
        return self.era is not None

    @property
    def calendar_unstated(self) -> bool:
        """A European date with its year that does not say its calendar: "21 октября 1727 года",
        not "16/28 мая 1858", "28 мая 1858 н. ст." or a reign date."""
        return self.calendar is None and self.era is None and self.lunar is False and self.year is not None


# Stands for a number written in words in the masked text the date patterns read.
MASK = "\ue000"
_WORD_RE = re.compile(rf"{LETTER}+")
_RUN_GAP_RE = re.compile(r"[\s-]+")


class SpelledNumbers:
    """Numbers written in words inside dates ("the twenty-first day", "one thousand eight hundred
    and fifty-eight"). mask() replaces each run of the language's number words that makes one
    number by MASK characters, so that the date patterns stay small: they take a MASK run for a
    number and look its value up by where it starts."""

    def __init__(self, words: Mapping[str, NumberWord], joiners: Iterable[str] = (),
                 fold: Callable[[str], str] = str.casefold):
        """`words` and `joiners` ("and", "et") are folded by `fold`."""
        self._words, self._joiners, self._fold = words, frozenset(joiners), fold

    def mask(self, text: str) -> tuple[str, dict[int, int]]:
        """The text with its number-word runs masked (same length), and their values by start."""
        values, parts, last = {}, [], 0
        for start, end in self._runs(text):
            value = self.value(text[start:end])
            if value is None:
                continue
            values[start] = value
            parts += [text[last:start], MASK * (end - start)]
            last = end
        return "".join(parts) + text[last:], values

    def _runs(self, text: str) -> list[tuple[int, int]]:
        """Spans of consecutive number words, joined by spaces or hyphens or by a joiner word."""
        runs: list[list[int]] = []
        pending_joiner = False
        previous_end = None
        for match in _WORD_RE.finditer(text):
            folded = self._fold(match.group())
            joined = previous_end is not None and _RUN_GAP_RE.fullmatch(text, previous_end, match.start())
            if folded in self._words:
                if runs and joined and (pending_joiner or runs[-1][1] == previous_end):
                    runs[-1][1] = match.end()
                else:
                    runs.append([match.start(), match.end()])
                pending_joiner = False
            elif folded in self._joiners and runs and joined and runs[-1][1] == previous_end:
                pending_joiner = True  # "and" counts only if a number word follows
            else:
                pending_joiner = False
            previous_end = match.end()
        return [(start, end) for start, end in runs]

    def value(self, text: str) -> int | None:
        reader = NumberReader()
        for word in re.findall(rf"{LETTER}+", text):
            folded = self._fold(word)
            if reader.words and folded in self._joiners:
                continue
            number = self._words.get(folded)
            if number is None or not reader.add(number):
                return None
        return reader.value if reader.words else None


def number_value(text: str, start: int, spelled: Mapping[int, int]) -> int | None:
    """The number written at `start`: digits (with any ordinal ending), a Roman numeral or a
    masked run of number words."""
    if text.startswith(MASK):
        return spelled.get(start)
    digits = re.search(r"\d+", text)
    return int(digits.group()) if digits else roman_value(text.strip())


def pattern_candidates(text: str, searched: str, patterns, spelled: SpelledNumbers | None,
                       mention) -> list[tuple[int, int, DateMention]]:
    """(start, end, mention) for every match of a grammar's patterns in `searched` (the text, or a
    shadow of it with the same offsets), its spelled-out numbers masked; `mention(text, match,
    values)` reads a match, or returns None."""
    masked, values = spelled.mask(searched) if spelled else (searched, {})
    found = []
    for pattern in patterns:
        for match in pattern.finditer(masked):
            read = mention(text, match, values)
            if read is not None:
                found.append((match.start(), match.end(), read))
    return found

