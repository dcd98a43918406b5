"""Dating formulae: the grammars a language module fills with its month names, reign names,
calendar words and connectors, and the mentions they produce.

A language's `Dating` combines
- a `DateGrammar` for European dates with a month name ("16 мая 1858", "мая 16-го дня 1858 года",
  "1858 года, мая 16-го дня", "May 16/28, 1858", "die 28 Augusti anno 1689", "лета 7197 августа 27 дня"),
- a `ReignDateGrammar` for Qing reign dates written in an alphabetic language ("Сян-фын VIII года,
  IV луны, 21-го числа", "the 21st day of the 4th moon of the 8th year of Hien-fung";
  reign_dates.py),
- or any other grammar with a `candidates(text)` method (the Chinese module has its own),
and the language's words for "the same year" (того же года, 是年), which give a date written
without a year the year of the date before it, and its words for "that is" (то есть, 即, i.e.),
which say that two dates side by side name one day (`Dating.same_day_pairs`), and the calendar
its texts dated by in each period (`CalendarPeriod`: Russian texts before the 1918 reform are
Julian), for a European date that states none.

Everything here is rules; the words are data in each language module. Offsets point into the
text the caller passed in. `DateMention` and `SpelledNumbers`, which every grammar shares, are
in date_parts.py; this module is where language modules import them all from.
"""
from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from .base import LETTER, select_longest
from .date_parts import MASK, DateMention, SpelledNumbers, number_value, pattern_candidates
from .reign_dates import ReignDateGrammar

__all__ = ["CalendarPeriod", "DateGrammar", "DateMention", "Dating", "ReignDateGrammar", "SpelledNumbers"]

_CACHED_TEXTS = 4096
# A year counted from the Creation (Byzantine era, лета 7197): no AD year of these texts is as large.
_FIRST_CREATION_YEAR = 5509


# ---------------------------------------------------------------------------
# European dates written with a month name

class DateGrammar:
    """Day, month name and year in the orders a language writes them.

    Forms: "16 May 1858", "16/28 May 1858", "16 (28) May", "20 May / 1 June 1858",
    "20 December 1858 (1 January 1859)", "May 16, 1858", "May 16/28, 1858", "мая 16 дня" (a month
    and day without a year only with a day word, or in languages whose month names cannot be
    anything else), and with `year_first` "1858 года, мая 16-го дня" (the year then needs its
    word). Each may be followed by a calendar marker ("O.S.", "(по старому стилю)"). With
    `creation_years`, a year of 5509 or more is counted from the Creation ("лета 7197").
    """

    def __init__(self, *, month_regex: str, months: Mapping[str, int], fold: Callable[[str], str],
                 day_suffix: str = "", day_link: str = "", day_word: str = "", day_prefix: str = "",
                 year_prefix: str = "", year_suffix: str = "", year_regex: str = "", year_ending: str = "",
                 year_first: bool = False, bare_month_day: bool = False, creation_years: bool = False,
                 spelled: SpelledNumbers | None = None, markers: Iterable[tuple[str, str]] = ()):
        self._months = months
        self._fold = fold
        self._spelled = spelled
        self._creation_years = creation_years
        self._markers = [(re.compile(regex, re.IGNORECASE), calendar) for regex, calendar in markers]

        ordinal_ending = rf"(?:{day_suffix})?" if day_suffix else ""
        spelled_alternative = f"|{MASK}+" if spelled else ""
        year_number = (rf"(?<!\d)\d{{4}}(?!\d)" + (f"(?:{year_ending})?" if year_ending else "")
                       + (f"|{year_regex}" if year_regex else "") + spelled_alternative)

        def day(n: int) -> str:
            return rf"(?P<d{n}>(?<!\d)\d{{1,2}}(?!\d){ordinal_ending}{spelled_alternative})"

        def month(n: int) -> str:
            return rf"(?<!{LETTER})(?P<m{n}>{month_regex})(?!{LETTER})"

        def year(n: int) -> str:
            prefix = rf"(?:(?:{year_prefix})\s+)?" if year_prefix else ""
            suffix = rf"(?:{year_suffix})?" if year_suffix else ""
            return rf"{prefix}(?P<y{n}>{year_number}){suffix}"

        def year_with_word(n: int) -> str:
            """A year that says it is one: "1858 года", "лета 7197", "anno 1689"."""
            alternatives = []
            if year_prefix:
                suffix = rf"(?:{year_suffix})?" if year_suffix else ""
                alternatives.append(rf"(?:{year_prefix})\s+(?P<y{n}>{year_number}){suffix}")
            if year_suffix:
                alternatives.append(rf"(?P<y{n}b>{year_number})(?:{year_suffix})")
            return "(?:" + "|".join(alternatives) + ")"

        second_day = rf"\s*(?:(?P<paren>\()|/)\s*{day(2)}\s*(?(paren)\))"
        link = day_link
        marker = ""
        if self._markers:
            alternatives = "|".join(f"(?:{regex})" for regex, _ in markers)
            marker = rf"(?:\s*,?\s*(?P<mparen>\()?\s*(?P<marker>{alternatives})\s*(?(mparen)\)))?"
        word_after_day = rf"(?:\s+(?:{day_word}))?" if day_word else ""
        before_day = rf"(?:(?:{day_prefix})\s+)?" if day_prefix else ""
        month_day = rf"{month(1)}\s+{before_day}{day(1)}(?:{second_day})?"
        forms = [
            # 16 May 1858 · 16/28 May 1858 · 16 (28) May
            rf"{day(1)}(?:{second_day})?{link}\s+{month(1)}(?:,?\s+{year(1)})?",
            # 20 May / 1 June 1858 · 20 December 1858 (1 January 1859)
            rf"{day(1)}{link}\s+{month(1)}(?:,?\s+{year(1)})?\s*(?:(?P<paren>\()|/)\s*"
            rf"{day(2)}{link}\s+{month(2)}(?:,?\s+{year(2)})?\s*(?(paren)\))(?:,?\s+{year(3)})?",
            # May 16, 1858 · мая 16 дня 1858 года · May 16/28, 1858
            rf"{month_day}{word_after_day},?\s+{year(1)}",
        ]
        if bare_month_day:  # Augusti 28
            forms.append(rf"{month_day}{word_after_day}")
        elif day_word:  # мая 16 дня: the day word makes it a date
            forms.append(rf"{month_day}\s+(?:{day_word})")
        if year_first:  # 1858 года, мая 16-го дня · 1858 года 16 мая · лета 7197 августа в 27 день
            forms += [rf"{year_with_word(1)},?\s+{month_day}{word_after_day}",
                      rf"{year_with_word(1)},?\s+{before_day}{day(1)}(?:{second_day})?{link}\s+{month(1)}"]
        self._patterns = [re.compile(form + marker, re.IGNORECASE) for form in forms]

    def find(self, text: str) -> list[DateMention]:
        return [mention for _, _, mention in select_longest(self.candidates(text))]

    def candidates(self, text: str) -> list[tuple[int, int, DateMention]]:
        return pattern_candidates(text, text, self._patterns, self._spelled, self._mention)

    def _month(self, text: str) -> int | None:
        return self._months.get(self._fold(text).rstrip("."))

    def _mention(self, text: str, match: re.Match, spelled: Mapping[int, int]) -> DateMention | None:
        groups = match.groupdict()

        def number(*names: str) -> int | None:
            name = next((n for n in names if groups.get(n)), None)
            return number_value(groups[name], match.start(name), spelled) if name else None

        day, month = number("d1"), self._month(groups["m1"])
        if month is None or day is None or not 1 <= day <= 31:
            return None
        year = number("y1", "y1b")
        calendar = self._calendar(groups.get("marker"))
        surface = text[match.start():match.end()]
        anno_mundi = None
        if self._creation_years and year is not None and year >= _FIRST_CREATION_YEAR:
            from comparer.calendars import anno_mundi_to_ad

            anno_mundi, year, calendar = year, anno_mundi_to_ad(year, month), calendar or "julian"
        alternative = None
        if groups.get("d2"):
            alt_day = number("d2")
            if alt_day is None or not 1 <= alt_day <= 31:
                return None
            if groups.get("m2"):
                alt_month = self._month(groups["m2"])
                if alt_month is None:
                    return None
            else:  # "25/6 мая" style: a smaller second day belongs to the following month
                alt_month = month if alt_day > day else month % 12 + 1
            year, alt_year = _double_date_years(year, number("y2"), number("y3"), month, alt_month)
            calendar = "julian"
            alternative = DateMention(surface, match.start(), match.end(), "gregorian",
                                      None, alt_year, alt_month, alt_day)
        return DateMention(surface, match.start(), match.end(), calendar, None,
                           year, month, day, alternative=alternative, anno_mundi=anno_mundi)

    def _calendar(self, marker: str | None) -> str | None:
        if marker:
            for regex, calendar in self._markers:
                if regex.fullmatch(marker):
                    return calendar
        return None


def _double_date_years(first: int | None, second: int | None, trailing: int | None,
                       month: int, alt_month: int) -> tuple[int | None, int | None]:
    """Years of both readings of a double date. A year written only after the second reading
    belongs to it, so the first is a year earlier when the months wrap ("20 декабря / 1 января 1859");
    a year written with the first reading carries over to the second the same way."""
    wraps = alt_month < month
    if first is None:
        shared = trailing or second
        if shared is None:
            return None, None
        return (shared - 1 if wraps else shared), shared
    return first, second or trailing or (first + 1 if wraps else first)


# ---------------------------------------------------------------------------
# A language's dating formulae together

@dataclass(frozen=True)
class CalendarPeriod:
    """The calendar a language's texts date by from `since` (inclusive) until `until` (exclusive),
    each a written (year, month, day) or None for an open end: the reading of a European date
    of that period that states no calendar. Compared as written, for that is all a text gives."""

    calendar: str  # 'julian' | 'gregorian'
    since: tuple[int, int, int] | None = None
    until: tuple[int, int, int] | None = None

    def holds(self, written: tuple[int, int, int]) -> bool:
        return (self.since is None or self.since <= written) and (self.until is None or written < self.until)


class Dating:
    """Every grammar of one language, its words for "the same year" (which give a yearless date
    the year of the date before it, of the same kind: a reign year to a lunar date, an AD year
    to a European one), its words for "that is" between two dates that name one day, and the
    calendars its texts dated by (`customary`; a period no rule covers leaves both readings).

    `same_day` must match the whole stretch between two dates ("(", ", то есть ", "即", " = ");
    `same_day_across` is for words such as "или"/"or" that join two datings of one day only when
    one is a reign date and the other is not (between two European dates they offer a choice).
    """

    def __init__(self, *grammars, same_year: str = "", same_day: str = "", same_day_across: str = "",
                 customary: Iterable[CalendarPeriod] = ()):
        self._grammars = grammars
        self._customary = tuple(customary)
        self._found: dict[str, tuple[DateMention, ...]] = {}
        self._same_year_before = re.compile(rf"(?:{same_year})[\s,]*$", re.IGNORECASE) if same_year else None
        self._same_year_after = re.compile(rf"[\s,]*(?:{same_year})", re.IGNORECASE) if same_year else None
        self._same_day = re.compile(same_day, re.IGNORECASE) if same_day else None
        self._same_day_across = re.compile(same_day_across, re.IGNORECASE) if same_day_across else None

    def find(self, text: str) -> list[DateMention]:
        found = self._found.get(text)
        if found is None:  # the aligner and the checks read the same clauses
            candidates = [c for grammar in self._grammars for c in grammar.candidates(text)]
            mentions = [mention for _, _, mention in select_longest(candidates)]
            found = tuple(self._carry_years(text, mentions) if self._same_year_before else mentions)
            if len(self._found) >= _CACHED_TEXTS:
                self._found.clear()
            self._found[text] = found
        return list(found)

    def _carry_years(self, text: str, mentions: list[DateMention]) -> list[DateMention]:
        carried = []
        for mention in mentions:
            if mention.year is None and self._says_same_year(text, mention):
                source = next((m for m in reversed(carried) if m.year is not None
                               and mention.lunar in (None, m.reign_year)), None)
                if source is not None:
                    mention = _with_year(mention, source)
            carried.append(mention)
        return carried

    def _says_same_year(self, text: str, mention: DateMention) -> bool:
        window = 40  # the words sit right beside the date
        before = text[max(0, mention.start - window):mention.start]
        return bool(self._same_year_before.search(before) or self._same_year_after.match(text, mention.end))

    def customary_calendar(self, mention: DateMention) -> CalendarPeriod | None:
        """The rule that says which calendar a European date with its year is in when it states
        none ("21 октября 1727 года" in Russian: Julian); None when it states one or no rule holds."""
        if not mention.calendar_unstated:
            return None
        written = (mention.year, mention.month, mention.day)
        return next((period for period in self._customary if period.holds(written)), None)

    def same_day_pairs(self, text: str, mentions: list[DateMention]) -> list[tuple[DateMention, DateMention]]:
        """Neighbouring dates the text gives as one day: "A (B)", "A, то есть B", "A即B", "A = B"."""
        pairs = []
        for first, second in zip(mentions, mentions[1:]):
            gap = text[first.end:second.start]
            if self._same_day and self._same_day.fullmatch(gap):
                pairs.append((first, second))
            elif (self._same_day_across and self._same_day_across.fullmatch(gap)
                  and {first.lunar, second.lunar} == {True, False}):
                pairs.append((first, second))
        return pairs


def _with_year(mention: DateMention, source: DateMention) -> DateMention:
    """A yearless date given the year (and reign) of an earlier one ("того же года июня 1-го дня")."""
    if source.reign_year:
        return dataclasses.replace(mention, era=source.era, year=source.year)
    alternative = mention.alternative
    if alternative is not None and alternative.year is None:
        wraps = alternative.month < mention.month
        alternative = dataclasses.replace(alternative, year=source.year + (1 if wraps else 0))
    return dataclasses.replace(mention, year=source.year, alternative=alternative)
