"""date_mismatch: the versions of a group write dates that name different days.

Each written date is read in every calendar it may be in (`calendars.readings`: a stated
calendar, a Qing reign era, or both Julian and Gregorian for a bare European date), so
16 May 1858 (Julian), 28 May 1858 and 咸豐八年四月十六日 agree. A group is reported when two
versions each have a date that names no day of the other's dates; every reading is reported.
Dates without a year cannot be placed and are left out.
"""

from __future__ import annotations

from comparer import calendars
from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.model import Finding


def _readings(hit: Hit) -> dict[str, calendars.Day]:
    found: dict[str, calendars.Day] = {}
    mention = hit.item
    while mention is not None:  # a double date ("16/28 мая") carries its second reading as `alternative`
        if mention.year is not None:
            try:
                found |= calendars.readings(mention.calendar, mention.era, mention.year, mention.month,
                                            mention.day, mention.leap_month)
            except calendars.InvalidDate:
                pass  # a date naming no real day is not comparable
        mention = mention.alternative
    return found


def _dated(side: Side) -> list[tuple[Hit, dict[str, calendars.Day]]]:
    return [(h, r) for h in side.dates if (r := _readings(h))]


def _unmatched(mine: Side, theirs: Side) -> list[Hit]:
    other = [r for _, r in _dated(theirs)]
    return [h for h, r in _dated(mine) if not any(calendars.same_day(r, o)[0] for o in other)]


def _differ(a: Side, b: Side) -> bool:
    return bool(_unmatched(a, b)) and bool(_unmatched(b, a))


def normalised(readings: dict[str, calendars.Day]) -> str:
    """'1858-05-28 (julian) / 1858-05-16 (gregorian)': the Gregorian day of every reading."""
    return " / ".join(f"{day.gregorian().isoformat()} ({calendar})" for calendar, day in readings.items())


def check(ctx: CheckContext) -> list[Finding]:
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
