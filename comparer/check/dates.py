"""Dates: date_mismatch between versions, date_inconsistency inside one version.

date_mismatch: the versions of a group write dates that name different days. Each written date
is read in every calendar it may be in (`calendars.readings`: a stated calendar, a Qing reign era,
or both Julian and Gregorian for a bare European date), so 16 May 1858 (Julian), 28 May 1858 and
咸豐八年四月十六日 agree. A group is reported when two versions each have a date that names no day
of the other's dates (of its dates of the same kind, European or lunar, where it has both); every
reading is reported. Dates without a year cannot be placed and are left out.

date_inconsistency: one clause gives one day in two calendars ("A (B)", "A, то есть B", "A即B",
"16/28 мая") and the two name different days. A date written without a year beside one with a
year is read in the year nearest it ("1 июня (V луны, 3-го числа)"). Any reading that agrees
clears the pair; otherwise the nearest readings are reported with their conversions.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparer import calendars
from comparer import lang as languages
from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.lang.dates import DateMention
from comparer.model import Clause, Finding


def _readings(hit: Hit) -> dict[str, calendars.Day]:
    found: dict[str, calendars.Day] = {}
    mention = hit.item
    while mention is not None:  # a double date ("16/28 мая") carries its second reading as `alternative`
        found |= _written(mention)
        mention = mention.alternative
    return found


def _written(mention: DateMention) -> dict[str, calendars.Day]:
    """The days one reading of a written date may mean; none when it has no year or names no day."""
    if mention.year is None:
        return {}
    try:
        return calendars.readings(mention.calendar, mention.era, mention.year, mention.month, mention.day,
                                  mention.leap_month)
    except calendars.InvalidDate:
        return {}  # a date naming no real day is not comparable


def _dated(side: Side) -> list[tuple[Hit, dict[str, calendars.Day]]]:
    return [(h, r) for h in side.dates if (r := _readings(h))]


def _unmatched(mine: Side, theirs: Side) -> list[Hit]:
    """My dates that name no day of the other version's dates — of its dates of the same kind
    where it has some: where both give a European date and a reign date, "1 June (5th moon, 3rd
    day)" against "2 June (5th moon, 3rd day)" differ although the 1 June is a day of the other."""
    other = _dated(theirs)
    unmatched = []
    for hit, readings in _dated(mine):
        kind = hit.item.lunar
        alike = [r for h, r in other if kind is not None and h.item.lunar == kind] or [r for _, r in other]
        if not any(calendars.same_day(readings, r)[0] for r in alike):
            unmatched.append(hit)
    return unmatched


def _differ(a: Side, b: Side) -> bool:
    return bool(_unmatched(a, b)) and bool(_unmatched(b, a))


def normalised(readings: dict[str, calendars.Day]) -> str:
    """'1858-05-28 (julian) / 1858-05-16 (gregorian)': the Gregorian day of every reading."""
    return " / ".join(f"{day.gregorian().isoformat()} ({calendar})" for calendar, day in readings.items())


def check(ctx: CheckContext) -> list[Finding]:
    return [*_mismatches(ctx), *_inconsistencies(ctx)]


def _mismatches(ctx: CheckContext) -> list[Finding]:
    findings = []
    for group, sides in disagreements(ctx, _differ):
        dated = {k: _dated(s) for k, s in sides.items()}
        values = {k: "; ".join(normalised(r) for _, r in d) for k, d in dated.items()}
        shown = langs_by_value({k: ", ".join(f"{h.surface} (= {normalised(r)})" for h, r in d)
                                for k, d in dated.items()})
        doubtful = any(h.doubtful for d in dated.values() for h, _ in d)
        findings.append(ctx.finding(
            "date_mismatch", grade("high", doubtful=doubtful), group.article,
            {k: s.ids for k, s in sides.items()},
            ctx.messages.say("date_mismatch", listing=ctx.messages.listing(shown)),
            values=values, evidence={k: [h.surface for h, _ in d] for k, d in dated.items()},
        ))
    return findings


# ---------------------------------------------------------------- one day given twice


@dataclass(frozen=True)
class Contradiction:
    """Two datings of one day in one clause that name different days, as read nearest each other."""

    first: DateMention
    second: DateMention
    first_reading: tuple[str, calendars.Day]  # (calendar, day)
    second_reading: tuple[str, calendars.Day]


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


def contradiction(first: DateMention, second: DateMention) -> Contradiction | None:
    """The nearest readings of two datings of one day when no reading of one names a day of the
    other; None when they agree or cannot be placed (neither has a year, or one names no day)."""
    a, b = _written(first), _written(second)
    if first.year is None and second.year is None:
        return None
    a = a or (_placed(first, b) if first.year is None else {})
    b = b or (_placed(second, a) if second.year is None else {})
    if not a or not b or calendars.same_day(a, b)[0]:
        return None
    nearest = min(((x, y) for x in a.items() for y in b.items()), key=lambda pair: abs(pair[0][1].jdn - pair[1][1].jdn))
    return Contradiction(first, second, *nearest)


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


def contradictions(lang: str, text: str, dates: list[DateMention]) -> list[Contradiction]:
    """Every day a clause in language `lang` gives twice in ways that disagree."""
    dating = languages.get(lang).dating
    pairs = dating.same_day_pairs(text, dates) if dating else []
    found = [c for d in dates if (c := double_date_contradiction(d))]
    found += [c for a, b in pairs if (c := contradiction(a, b))]
    return found


def _inconsistencies(ctx: CheckContext) -> list[Finding]:
    findings, seen = [], set()
    for index, group in enumerate(ctx.groups):
        for key, side in ctx.sides(index).items():
            for clause in side.clauses:
                if (key, clause.id) in seen:
                    continue
                seen.add((key, clause.id))
                hits = {(h.start, h.end): h for h in side.dates if h.clause is clause}
                found = contradictions(side.lang, clause.text, [h.item for h in hits.values()])
                found = [c for c in found if not any(m.kind == "gap" and c.first.start <= m.start <= c.second.end
                                                     for m in clause.marks)]  # the link may be lost
                if found:
                    findings.append(_inconsistency(ctx, group.article, key, clause, found, hits))
    return findings


def _inconsistency(ctx: CheckContext, article: str | None, key: str, clause: Clause,
                   found: list[Contradiction], hits: dict[tuple[int, int], Hit]) -> Finding:
    # a clause with an uncertain reading or a passage not transcribed anywhere gives no high finding
    doubtful = clause.uncertain or any(hits[m.start, m.end].doubtful for c in found for m in (c.first, c.second))
    explained = [ctx.messages.say(
        "date_inconsistency.pair",
        first=_as_written(ctx, c.first_reading), first_same=_in_other_calendars(ctx, c.first_reading, c.second_reading),
        second=_as_written(ctx, c.second_reading),
        second_same=_in_other_calendars(ctx, c.second_reading, c.first_reading)) for c in found]
    values = "; ".join(f"{_iso(c.first_reading)} ≠ {_iso(c.second_reading)}" for c in found)
    surfaces = list(dict.fromkeys(m.surface for c in found for m in (c.first, c.second)))
    return ctx.finding(
        "date_inconsistency", grade("high", doubtful=doubtful), article, {key: [clause.id]},
        ctx.messages.say("date_inconsistency", lang=key, pairs=ctx.messages.join(explained)),
        values={key: values}, evidence={key: surfaces},
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
