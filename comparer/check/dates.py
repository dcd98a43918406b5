"""Dates: date_mismatch between versions, date_inconsistency inside one version.

date_mismatch: the versions of a group write dates that name different days. Each written date
is read in every calendar it may be in (`calendars.readings`: a stated calendar, a Qing reign era,
or both Julian and Gregorian for a bare European date), so 16 May 1858 (Julian), 28 May 1858 and
咸豐八年四月十六日 agree. A European date that states no calendar is read in one where something
says which (`CalendarChoice`): the treaty's TEI header, whose signing dates give their @calendar
(a Julian or Gregorian date of that version whose label the version's language reads as the same
written day), else the version's language, whose texts dated by one calendar in the date's period
(`Dating.customary_calendar`: a Russian date before 1 February 1918 is Julian). The message says
so ("read as Julian: Russian dates before 1 February 1918"). A group is reported when two
versions each have a date that names no day of the other's dates (of its dates of the same kind,
European or lunar, where it has both); every reading is reported. Dates without a year cannot be
placed and are left out.

date_inconsistency: one clause gives one day in two calendars ("A (B)", "A, то есть B", "A即B",
"16/28 мая") and the two name different days. A date written without a year beside one with a
year is read in the year nearest it ("1 июня (V луны, 3-го числа)"). Any reading that agrees
clears the pair; otherwise the nearest readings are reported with their conversions. Two
European dates given as one day are in two calendars: no custom reads either of them.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

from comparer import calendars
from comparer import lang as languages
from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.check.messages import Messages
from comparer.lang.dates import CalendarPeriod, DateMention
from comparer.model import Clause, Finding, Treaty

_ISO_DAY = re.compile(r"(\d{1,4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Basis:
    """Why a European date that states no calendar is read in `calendar`: the version's language
    dated by it in the date's period (`period`), or the treaty's header says so (period None)."""

    calendar: str
    period: CalendarPeriod | None = None


class CalendarChoice:
    """The calendar each European date a version writes without stating one is read in, for one
    treaty: the header's word first (it speaks of this text), then the language's custom."""

    def __init__(self, treaty: Treaty):
        self._treaty = treaty
        self._stated: dict[tuple[str, str], dict[tuple[int, int, int], str]] = {}

    def basis(self, key: str, lang: str, mention: DateMention) -> Basis | None:
        """Why `mention`, a date of version `key` in language `lang`, is read in one calendar;
        None when it states its calendar or nothing says which (it is read in both)."""
        if not mention.calendar_unstated:
            return None
        stated = self._header(key, lang).get((mention.year, mention.month, mention.day))
        if stated:
            return Basis(stated)
        dating = languages.get(lang).dating
        period = dating.customary_calendar(mention) if dating else None
        return Basis(period.calendar, period) if period else None

    def _header(self, key: str, lang: str) -> dict[tuple[int, int, int], str]:
        """The written days the header's Julian and Gregorian signing dates of version `key` give
        in a label its language reads as that day ("21 октября 1727", @calendar="#julian"), with
        their calendar. A label in another language ("1 November 1727", the Gregorian conversion
        of a Russian date) says nothing of how the text writes it; nor does a day given in both."""
        if (key, lang) not in self._stated:
            found: dict[tuple[int, int, int], set[str]] = {}
            for record in self._treaty.dates:
                value = _ISO_DAY.fullmatch(record.value)
                if record.calendar == "qing" or value is None or (record.versions and key not in record.versions):
                    continue
                day = tuple(int(part) for part in value.groups())
                if any((m.year, m.month, m.day) == day and m.era is None for m in languages.get(lang).dates(record.label)):
                    found.setdefault(day, set()).add(record.calendar)
            self._stated[key, lang] = {day: named.pop() for day, named in found.items() if len(named) == 1}
        return self._stated[key, lang]


class Dated(NamedTuple):
    hit: Hit
    readings: dict[str, calendars.Day]
    basis: Basis | None  # why a date that states no calendar was read in one


def _written(mention: DateMention, basis: Basis | None = None) -> dict[str, calendars.Day]:
    """The days one reading of a written date may mean, in the calendar `basis` chose for it if
    any; none when it has no year or names no day."""
    if mention.year is None:
        return {}
    try:
        return calendars.readings(basis.calendar if basis else mention.calendar, mention.era, mention.year,
                                  mention.month, mention.day, mention.leap_month)
    except calendars.InvalidDate:
        return {}  # a date naming no real day is not comparable


class _DateReader:
    """The dates of each side, read in the calendars the header and the languages choose."""

    def __init__(self, ctx: CheckContext):
        self.choice = CalendarChoice(ctx.treaty)

    def dated(self, side: Side) -> list[Dated]:
        found = []
        for hit in side.dates:
            basis = self.choice.basis(side.key, side.lang, hit.item)
            readings = _written(hit.item, basis)
            mention = hit.item.alternative
            while mention is not None:  # a double date ("16/28 мая") carries its second reading as `alternative`
                readings |= _written(mention)
                mention = mention.alternative
            if readings:
                found.append(Dated(hit, readings, basis))
        return found

    def unmatched(self, mine: Side, theirs: Side) -> list[Hit]:
        """My dates that name no day of the other version's dates — of its dates of the same kind
        where it has some: where both give a European date and a reign date, "1 June (5th moon, 3rd
        day)" against "2 June (5th moon, 3rd day)" differ although the 1 June is a day of the other."""
        other = self.dated(theirs)
        unmatched = []
        for hit, readings, _ in self.dated(mine):
            kind = hit.item.lunar
            alike = [d.readings for d in other if kind is not None and d.hit.item.lunar == kind] \
                or [d.readings for d in other]
            if not any(calendars.same_day(readings, r)[0] for r in alike):
                unmatched.append(hit)
        return unmatched

    def differ(self, a: Side, b: Side) -> bool:
        return bool(self.unmatched(a, b)) and bool(self.unmatched(b, a))


def normalised(readings: dict[str, calendars.Day]) -> str:
    """'1858-05-28 (julian) / 1858-05-16 (gregorian)': the Gregorian day of every reading."""
    return " / ".join(f"{day.gregorian().isoformat()} ({calendar})" for calendar, day in readings.items())


def check(ctx: CheckContext) -> list[Finding]:
    return [*_mismatches(ctx), *_inconsistencies(ctx)]


def _mismatches(ctx: CheckContext) -> list[Finding]:
    findings = []
    reader = _DateReader(ctx)
    for group, sides in disagreements(ctx, reader.differ):
        dated = {k: reader.dated(s) for k, s in sides.items()}
        values = {k: "; ".join(normalised(d.readings) for d in found) for k, found in dated.items()}
        shown = langs_by_value({k: ", ".join(_shown(ctx.messages, d, sides[k].lang) for d in found)
                                for k, found in dated.items()})
        doubtful = any(d.hit.doubtful for found in dated.values() for d in found)
        findings.append(ctx.finding(
            "date_mismatch", grade("high", doubtful=doubtful), group.article,
            {k: s.ids for k, s in sides.items()},
            ctx.messages.say("date_mismatch", listing=ctx.messages.listing(shown)),
            values=values, evidence={k: [d.hit.surface for d in found] for k, found in dated.items()},
        ))
    return findings


def _shown(messages: Messages, dated: Dated, lang: str) -> str:
    """'21 октября 1727 года (= 1727-11-01 (julian); read as Julian: Russian dates before 1 February 1918)'."""
    why = f"; {read_as(messages, dated.basis, lang)}" if dated.basis else ""
    return f"{dated.hit.surface} (= {normalised(dated.readings)}{why})"


def read_as(messages: Messages, basis: Basis, lang: str) -> str:
    """Why a date that states no calendar was read in one, in the message language."""
    calendar = messages.say(f"date.calendar.{basis.calendar}")
    period = basis.period
    if period is None:
        return messages.say("date.read_as.header", calendar=calendar, lang=lang)
    bounds = [messages.say(f"date.period.{name}", date=_written_day(messages, day))
              for name, day in (("since", period.since), ("until", period.until)) if day]
    return messages.say("date.read_as.custom", calendar=calendar, lang=lang, period=messages.join(bounds))


def _written_day(messages: Messages, day: tuple[int, int, int]) -> str:
    year, month, number = day
    return messages.say("date.day", day=number, month=messages.month(month), year=year)


# ---------------------------------------------------------------- one day given twice


@dataclass(frozen=True)
class Contradiction:
    """Two datings of one day in one clause that name different days, as read nearest each other."""

    first: DateMention
    second: DateMention
    first_reading: tuple[str, calendars.Day]  # (calendar, day)
    second_reading: tuple[str, calendars.Day]
    first_basis: Basis | None = None  # why a dating that states no calendar was read in one
    second_basis: Basis | None = None


def _possible_calendars(mention: DateMention) -> list[str]:
    if mention.calendar:
        return [mention.calendar]
    if mention.lunar is True:
        return ["qing"]
    if mention.lunar is False:
        return ["julian", "gregorian"]
    return ["julian", "gregorian", "qing"]  # 五月初三日: a lunar or a European month


def _placed(mention: DateMention, beside: dict[str, calendars.Day]) -> dict[str, calendars.Day]:
    """A yearless date's readings, each in the year nearest the other date's readings."""
    found: dict[str, calendars.Day] = {}
    for near in beside.values():
        placed = calendars.readings_near(mention.month, mention.day, near, _possible_calendars(mention),
                                         mention.leap_month)
        for calendar, day in placed.items():
            if calendar not in found or _distance(day, beside) < _distance(found[calendar], beside):
                found[calendar] = day
    return found


def _distance(day: calendars.Day, readings: dict[str, calendars.Day]) -> int:
    return min(abs(day.jdn - other.jdn) for other in readings.values())


def contradiction(first: DateMention, second: DateMention, first_basis: Basis | None = None,
                  second_basis: Basis | None = None) -> Contradiction | None:
    """The nearest readings of two datings of one day when no reading of one names a day of the
    other; None when they agree or cannot be placed (neither has a year, or one names no day).
    A basis reads a dating that states no calendar in the calendar it chose."""
    a, b = _written(first, first_basis), _written(second, second_basis)
    if first.year is None and second.year is None:
        return None
    a = a or (_placed(first, b) if first.year is None else {})
    b = b or (_placed(second, a) if second.year is None else {})
    if not a or not b or calendars.same_day(a, b)[0]:
        return None
    nearest = min(((x, y) for x in a.items() for y in b.items()), key=lambda pair: abs(pair[0][1].jdn - pair[1][1].jdn))
    return Contradiction(first, second, *nearest, first_basis, second_basis)


def double_date_contradiction(mention: DateMention) -> Contradiction | None:
    """A double date ("16/28 мая 1858") whose Julian and Gregorian readings name different days,
    read either way round (some prints put the Gregorian day first: "28 (16) мая")."""
    second = mention.alternative
    if second is None or mention.year is None or second.year is None:
        return None
    julian, gregorian = _written(mention), _written(second)
    if not julian or not gregorian or calendars.same_day(julian, gregorian)[0]:
        return None
    for month in {second.month, mention.month, (mention.month - 2) % 12 + 1}:
        try:
            if calendars.from_gregorian(mention.year, mention.month, mention.day) == \
                    calendars.from_julian(second.year, month, second.day):
                return None
        except calendars.InvalidDate:
            continue
    return Contradiction(mention, second, next(iter(julian.items())), next(iter(gregorian.items())))


def contradictions(lang: str, text: str, dates: list[DateMention],
                   basis: Callable[[DateMention], Basis | None] = lambda mention: None) -> list[Contradiction]:
    """Every day a clause in language `lang` gives twice in ways that disagree; `basis` chooses
    the calendar of a dating that states none, unless both are European: "мая 16 (28 мая)"
    gives the day in two calendars whatever the custom."""
    dating = languages.get(lang).dating
    pairs = dating.same_day_pairs(text, dates) if dating else []
    found = [c for d in dates if (c := double_date_contradiction(d))]
    for a, b in pairs:
        two_european = a.era is None and b.era is None and a.lunar is False and b.lunar is False
        chosen = (None, None) if two_european else (basis(a), basis(b))
        if c := contradiction(a, b, *chosen):
            found.append(c)
    return found


def _inconsistencies(ctx: CheckContext) -> list[Finding]:
    findings, seen = [], set()
    choice = CalendarChoice(ctx.treaty)
    for index, group in enumerate(ctx.groups):
        for key, side in ctx.sides(index).items():
            for clause in side.clauses:
                if (key, clause.id) in seen:
                    continue
                seen.add((key, clause.id))
                hits = {(h.start, h.end): h for h in side.dates if h.clause is clause}
                found = contradictions(side.lang, clause.text, [h.item for h in hits.values()],
                                       lambda mention, key=key, lang=side.lang: choice.basis(key, lang, mention))
                found = [c for c in found if not any(m.kind == "gap" and c.first.start <= m.start <= c.second.end
                                                     for m in clause.marks)]  # the link may be lost
                if found:
                    findings.append(_inconsistency(ctx, group.article, key, side.lang, clause, found, hits))
    return findings


def _inconsistency(ctx: CheckContext, article: str | None, key: str, lang: str, clause: Clause,
                   found: list[Contradiction], hits: dict[tuple[int, int], Hit]) -> Finding:
    # a clause with an uncertain reading or a passage not transcribed anywhere gives no high finding
    doubtful = clause.uncertain or any(hits[m.start, m.end].doubtful for c in found for m in (c.first, c.second))
    explained = [ctx.messages.say(
        "date_inconsistency.pair",
        first=_as_written(ctx, c.first_reading), first_same=_in_other_calendars(ctx, c.first_reading, c.second_reading),
        second=_as_written(ctx, c.second_reading),
        second_same=_in_other_calendars(ctx, c.second_reading, c.first_reading)) for c in found]
    reasons = list(dict.fromkeys(
        ctx.messages.say("date.read_as.surface", surface=mention.surface, reason=read_as(ctx.messages, basis, lang))
        for c in found for mention, basis in ((c.first, c.first_basis), (c.second, c.second_basis)) if basis))
    values = "; ".join(f"{_iso(c.first_reading)} ≠ {_iso(c.second_reading)}" for c in found)
    surfaces = list(dict.fromkeys(m.surface for c in found for m in (c.first, c.second)))
    message = ctx.messages.say("date_inconsistency", lang=key, pairs=ctx.messages.join(explained))
    if reasons:
        message = ctx.messages.say("date.with_reasons", text=message, reasons=ctx.messages.join(reasons))
    return ctx.finding(
        "date_inconsistency", grade("high", doubtful=doubtful), article, {key: [clause.id]},
        message, values={key: values}, evidence={key: surfaces},
    )


def _iso(reading: tuple[str, calendars.Day]) -> str:
    """'1858-05-16 (julian) = 1858-05-28', 'Xianfeng 8/4/21 (qing) = 1858-06-02'."""
    calendar, day = reading
    described = day.describe()
    written = described.get("qing_pinyin" if calendar == "qing" else calendar, described["gregorian"])
    return f"{written} ({calendar}) = {described['gregorian']}"


def _as_written(ctx: CheckContext, reading: tuple[str, calendars.Day]) -> str:
    return _day_in(ctx, reading[1], reading[0], label=True)


def _in_other_calendars(ctx: CheckContext, reading: tuple[str, calendars.Day],
                        other: tuple[str, calendars.Day]) -> str:
    """The day of `reading` in the Gregorian calendar and in the other dating's calendar."""
    shown = dict.fromkeys(name for name in ("gregorian", other[0]) if name != reading[0])
    return ", ".join(_day_in(ctx, reading[1], name, label=name == "julian") for name in shown)


def _day_in(ctx: CheckContext, day: calendars.Day, calendar: str, label: bool) -> str:
    """The day as a reader of `calendar` writes it: '28 May 1858', '16 May 1858 (Julian)', 'Xianfeng 8/4/16'."""
    messages = ctx.messages
    qing = day.qing() if calendar == "qing" else None
    if qing is not None:
        month = messages.say("date.leap_month", month=qing.month) if qing.leap_month else str(qing.month)
        return messages.say("date.qing", era=qing.era.capitalize(), year=qing.year, month=month, day=qing.day)
    if calendar == "julian":
        year, month, number = day.julian()
    else:  # a lunar day outside the Qing reigns is shown as the Gregorian day
        greg = day.gregorian()
        year, month, number = greg.year, greg.month, greg.day
    written = messages.say("date.day", day=number, month=messages.month(month), year=year)
    return messages.say(f"date.{calendar}", date=written) if label and calendar != "qing" else written
