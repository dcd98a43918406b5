"""Qing reign dates written in an alphabetic language ("Сян-фын VIII года, IV луны, 21-го числа",
"the 21st day of the 4th moon of the 8th year of Hien-fung"): `ReignDateGrammar`, which a
language module fills with its reign names and its words for year, moon and day. Chinese keeps
its own grammar in zh.py."""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping

from .base import LETTER, select_longest
from .date_parts import MASK, DateMention, SpelledNumbers, number_value, pattern_candidates

__all__ = ["ReignDateGrammar"]

_APOSTROPHES = "'’‘ʻʼ`´"


def _shadow_table() -> dict[int, str]:
    table = {ord(char): "'" for char in _APOSTROPHES}
    table.update({ord("ё"): "е", ord("Ё"): "Е"})
    for code in range(0xC0, 0x250):  # Latin letters with accents: ê, ü, ō…
        char = chr(code)
        base = unicodedata.normalize("NFD", char)[0]
        if char.isalpha() and base != char and base.isascii():
            table[code] = base
    return table


_SHADOW = _shadow_table()


def _shadow(text: str) -> str:
    """The text with Latin letters stripped of accents, ё as е and every apostrophe as ',
    character for character, so that a match in it has the offsets of the original."""
    return text.translate(_SHADOW)


def _name_key(text: str) -> str:
    return re.sub(r"[\s\-']", "", _shadow(text).casefold())


def _name_regex(form: str, silent: str = "") -> str:
    """A reign name as written in a table ("Hien-fung", "K'ang-hsi"), matched with or without its
    hyphens, spaces and apostrophes ("Hien Fung", "Hienfung", "Kang-hsi"), and with or without a
    `silent` letter before a hyphen or space (the hard sign of "Сянъ-фынъ")."""
    parts = []
    optional = f"[{silent}]?" if silent else ""
    for char in _shadow(form):
        if char in "- ":
            parts.append(rf"{optional}[-\s]?")
        elif char == "'":
            parts.append("'?")
        else:
            parts.append(re.escape(char))
    return "".join(parts)


class ReignDateGrammar:
    """A reign date written in words: the reign name with its year, the lunar month ("moon"),
    the day, ascending ("Сян-фын VIII года, IV луны, 21-го числа") or descending ("the 21st day
    of the 4th moon of the 8th year of Hien-fung"). Without the reign year only a month word that
    names a lunar month ("V луны, 3-го числа", not "bulan ke-4") makes a date, and a month
    without its day is never one ("в 4 луны").

    The forms are regex templates: `{era}` stands for a reign name, `{n}` for a number (the
    language's `number` regex: digits, Roman numerals, words), `{leap}` for the words marking an
    intercalary month (閏月: "intercalary", "високосной"). `eras` maps an era key of
    comparer.calendars.ERAS to the names the language writes it with; `silent_letters` may end a
    part of a hyphenated name without being in the table (the pre-1918 hard sign: Сянъ-фынъ).
    """

    def __init__(self, *, eras: Mapping[str, Iterable[str]], number: str, year_forms: Iterable[str],
                 moon_forms: Iterable[str], day_forms: Iterable[str], month_forms: Iterable[str] = (),
                 leap: str = "", separator: str = r"\s*,?\s*", spelled: SpelledNumbers | None = None,
                 silent_letters: str = ""):
        self._spelled = spelled
        self._silent = str.maketrans("", "", silent_letters)
        self._eras = {_name_key(form): era for era, forms in eras.items() for form in forms}
        names = sorted({_name_regex(form, silent_letters) for forms in eras.values() for form in forms},
                       key=len, reverse=True)
        era = rf"(?<!{LETTER})(?:{'|'.join(names)})"
        self._era_re = re.compile(era, re.IGNORECASE)
        if spelled:
            number = f"{number}|{MASK}+"
        number = rf"(?<!{LETTER})(?:{number})(?!{LETTER})"
        self._number_re = re.compile(number, re.IGNORECASE)
        self._leap_re = re.compile(rf"(?<!{LETTER})(?:{leap})", re.IGNORECASE) if leap else None

        leap_words = f"(?:{leap})" if leap else "(?!)"

        def part(forms: Iterable[str]) -> str:
            return "(?:" + "|".join(f.replace("{era}", era).replace("{n}", number).replace("{leap}", leap_words)
                                    for f in forms) + ")"

        year, day = part(year_forms), part(day_forms)
        moon = part(moon_forms)
        any_month = part([*moon_forms, *month_forms])
        end = rf"(?!{LETTER})"
        sep = separator
        forms = [
            rf"(?P<year>{year}){sep}(?P<month>{any_month}){sep}(?P<day>{day}){end}",
            rf"(?P<day>{day}){sep}(?P<month>{any_month}){sep}(?P<year>{year}){end}",
            rf"(?P<month>{moon}){sep}(?P<day>{day}){end}",
            rf"(?P<day>{day}){sep}(?P<month>{moon}){end}",
        ]
        self._patterns = [re.compile(form, re.IGNORECASE) for form in forms]

    def find(self, text: str) -> list[DateMention]:
        return [mention for _, _, mention in select_longest(self.candidates(text))]

    def candidates(self, text: str) -> list[tuple[int, int, DateMention]]:
        return pattern_candidates(text, _shadow(text), self._patterns, self._spelled, self._mention)

    def _mention(self, text: str, match: re.Match, spelled: Mapping[int, int]) -> DateMention | None:
        def number(name: str, skip: re.Match | None = None) -> int | None:
            """The number in the part `name`, outside the reign name `skip`."""
            part, start = match.group(name), match.start(name)
            for found in self._number_re.finditer(part):
                if skip is None or not skip.start() <= found.start() < skip.end():
                    return number_value(found.group(), start + found.start(), spelled)
            return None

        era = year = None
        if match.groupdict().get("year") is not None:
            named = self._era_re.search(match.group("year"))
            era = self._eras.get(_name_key(named.group().translate(self._silent))) if named else None
            year = number("year", named)
            if era is None or year is None:
                return None
        month, day = number("month"), number("day")
        if not (month and 1 <= month <= 12 and day and 1 <= day <= 30):
            return None
        leap = bool(self._leap_re and self._leap_re.search(match.group("month")))
        return DateMention(text[match.start():match.end()], match.start(), match.end(), "qing",
                           era, year, month, day, leap_month=leap, lunar=True)
