"""Convert dates between the Julian, Gregorian and Qing reign-year lunisolar calendars.

The treaties were dated in Julian (Russian), Gregorian (Western) and Qing reign-year
(Chinese, Manchu) terms, so checking that two versions name the same day means mapping
each written date onto one real day: a `Day`, identified by its Julian Day Number.
Julian/Gregorian arithmetic comes from `convertdate`; the Chinese lunisolar calendar from
`lunar_python` (astronomical; the Qing Shixian calendar may differ by a day in rare months).
"""
from __future__ import annotations

import datetime
from dataclasses import dataclass
from itertools import product
from types import MappingProxyType
from typing import Iterable, Mapping, NamedTuple

from convertdate import gregorian as _gregorian
from convertdate import julian as _julian
from lunar_python import LunarYear, Solar

# datetime ordinals count 0001-01-01 (Gregorian) as day 1; its JDN is 1721426.
_ORDINAL_TO_JDN = 1721425


class InvalidDate(ValueError):
    """A written date that names no real day (30 Feb, lunar month 13, Xianfeng 12, …)."""


class EraInfo(NamedTuple):
    traditional: str
    simplified: str
    first_year: int  # Gregorian number of the lunar year that is reign year 1 (元年)


ERAS: Mapping[str, EraInfo] = MappingProxyType({
    "shunzhi": EraInfo("順治", "顺治", 1644),
    "kangxi": EraInfo("康熙", "康熙", 1662),
    "yongzheng": EraInfo("雍正", "雍正", 1723),
    "qianlong": EraInfo("乾隆", "乾隆", 1736),
    "jiaqing": EraInfo("嘉慶", "嘉庆", 1796),
    "daoguang": EraInfo("道光", "道光", 1821),
    "xianfeng": EraInfo("咸豐", "咸丰", 1851),
    "tongzhi": EraInfo("同治", "同治", 1862),
    "guangxu": EraInfo("光緒", "光绪", 1875),
    "xuantong": EraInfo("宣統", "宣统", 1909),
})
# The dynasty ended during Xuantong 3 (abdication 12 Feb 1912, in the lunar year 1911).
_LAST_QING_LUNAR_YEAR = 1911


def _last_year(era: str) -> int:
    """Gregorian number of the era's last lunar year: the year before the next era began."""
    later = [info.first_year for info in ERAS.values() if info.first_year > ERAS[era].first_year]
    return min(later) - 1 if later else _LAST_QING_LUNAR_YEAR


_DIGITS = "〇一二三四五六七八九"


def _chinese_number(n: int) -> str:
    """1–99 as written in Qing dates: 十, 十一, 二十, 二十八."""
    tens, units = divmod(n, 10)
    tens_part = "" if tens == 0 else ("十" if tens == 1 else _DIGITS[tens] + "十")
    return tens_part + (_DIGITS[units] if units else "")


@dataclass(frozen=True)
class QingDate:
    era: str  # key of ERAS
    year: int  # reign year
    month: int  # lunar month
    day: int
    leap_month: bool = False

    def chinese(self, traditional: bool = True) -> str:
        """The date as a Qing document writes it, e.g. 咸豐八年四月十六日."""
        info = ERAS[self.era]
        era = info.traditional if traditional else info.simplified
        year = "元" if self.year == 1 else _chinese_number(self.year)
        leap = ("閏" if traditional else "闰") if self.leap_month else ""
        month = "正" if self.month == 1 else _chinese_number(self.month)
        day = ("初" if self.day <= 10 else "") + _chinese_number(self.day)
        return f"{era}{year}年{leap}{month}月{day}日"

    def pinyin(self) -> str:
        """Compact romanised form, e.g. 'Xianfeng 8/4/16' or 'Xianfeng 10/leap 3/1'."""
        month = f"leap {self.month}" if self.leap_month else str(self.month)
        return f"{self.era.capitalize()} {self.year}/{month}/{self.day}"


@dataclass(frozen=True, order=True)
class Day:
    """One real day, whatever calendar named it."""

    jdn: int  # Julian Day Number

    def gregorian(self) -> datetime.date:
        return datetime.date.fromordinal(self.jdn - _ORDINAL_TO_JDN)

    def julian(self) -> tuple[int, int, int]:
        return _julian.from_jd(self.jdn)

    def qing(self) -> QingDate | None:
        """The Qing reign-year date of this day, or None outside Shunzhi 1 – Xuantong 3."""
        greg = self.gregorian()
        if not ERAS["shunzhi"].first_year <= greg.year <= _LAST_QING_LUNAR_YEAR + 1:
            return None  # far outside the dynasty: no need to ask the lunisolar calendar
        lunar = Solar.fromYmd(greg.year, greg.month, greg.day).getLunar()
        lunar_year = lunar.getYear()
        era = next((era for era, info in ERAS.items()
                    if info.first_year <= lunar_year <= _last_year(era)), None)
        if era is None:
            return None
        return QingDate(era, lunar_year - ERAS[era].first_year + 1,
                        abs(lunar.getMonth()), lunar.getDay(), lunar.getMonth() < 0)

    def describe(self) -> dict[str, str]:
        """This day in every calendar; the qing keys are absent outside the Qing era."""
        y, m, d = self.julian()
        described = {"gregorian": self.gregorian().isoformat(), "julian": f"{y:04d}-{m:02d}-{d:02d}"}
        qing = self.qing()
        if qing is not None:
            described["qing"] = qing.chinese()
            described["qing_pinyin"] = qing.pinyin()
        return described


def _european_day(convertdate_module, name: str, y: int, m: int, d: int) -> Day:
    # convertdate checks the day but not the month (it accepts month 13).
    if not 1 <= m <= 12:
        raise InvalidDate(f"{name} date {y}-{m}-{d}: there is no month {m}")
    try:
        convertdate_module.legal_date(y, m, d)
    except ValueError:
        raise InvalidDate(f"{name} date {y}-{m}-{d}: month {m} of {y} has no day {d}") from None
    return Day(int(convertdate_module.to_jd(y, m, d) + 0.5))  # convertdate counts from midnight (x.5)


def from_julian(y: int, m: int, d: int) -> Day:
    return _european_day(_julian, "Julian", y, m, d)


def from_gregorian(y: int, m: int, d: int) -> Day:
    return _european_day(_gregorian, "Gregorian", y, m, d)


def from_qing(era: str, year: int, month: int, day: int, leap_month: bool = False) -> Day:
    era = era.lower()
    written = QingDate(era, year, month, day, leap_month)
    if era not in ERAS:
        raise InvalidDate(f"unknown Qing reign era {era!r}; known eras: {', '.join(ERAS)}")
    reign_years = _last_year(era) - ERAS[era].first_year + 1
    if not 1 <= year <= reign_years:
        raise InvalidDate(f"{written.pinyin()}: the {era.capitalize()} era has years 1–{reign_years}")
    return _lunar_day(ERAS[era].first_year + year - 1, month, day, leap_month,
                      f"{written.pinyin()}: ", f"{era.capitalize()} {year}")


def from_lunar(lunar_year: int, month: int, day: int, leap_month: bool = False) -> Day:
    """A Chinese lunisolar date whose year is given by the Gregorian number of the year in
    which it begins (a month and day written without a reign year, placed by the caller)."""
    return _lunar_day(lunar_year, month, day, leap_month, f"lunar {lunar_year}/{month}/{day}: ", str(lunar_year))


def _lunar_day(lunar_year: int, month: int, day: int, leap_month: bool, where: str, year_name: str) -> Day:
    if not 1 <= month <= 12:
        raise InvalidDate(f"{where}there is no month {month}")
    # lunar_python numbers a leap month with the negative of the month it follows.
    lunar_month = LunarYear.fromYear(lunar_year).getMonth(-month if leap_month else month)
    if lunar_month is None:
        kind = "leap month" if leap_month else "month"
        raise InvalidDate(f"{where}{year_name} has no {kind} {month}")
    if not 1 <= day <= lunar_month.getDayCount():
        raise InvalidDate(f"{where}that month has {lunar_month.getDayCount()} days")
    return Day(lunar_month.getFirstJulianDay() + day - 1)


# The Byzantine era counted years from the Creation, 5509 BC; its year began on 1 September,
# so September–December of AM 7198 fall in AD 1689 and January–August of AM 7198 in AD 1690.
_CREATION_TO_AD = 5508
_BYZANTINE_NEW_YEAR_MONTH = 9


def anno_mundi_to_ad(year: int, month: int) -> int:
    """The AD year of month `month` of the year `year` counted from the Creation (лета 7197)."""
    return year - _CREATION_TO_AD - (1 if month >= _BYZANTINE_NEW_YEAR_MONTH else 0)


def readings(calendar: str | None, era: str | None, year: int, month: int, day: int,
             leap_month: bool = False) -> dict[str, Day]:
    """Every plausible day a written date may mean, keyed by the calendar read in.

    A stated calendar gives one reading, a reign era the Qing one; a European date written
    without a calendar is read both as Julian and as Gregorian (where valid in each).
    """
    if None in (year, month, day):
        raise InvalidDate(f"incomplete date: year={year}, month={month}, day={day}")
    if era is not None:
        if calendar not in (None, "qing"):
            raise InvalidDate(f"a reign era ({era}) cannot date a {calendar} calendar date")
        return {"qing": from_qing(era, year, month, day, leap_month)}
    if calendar == "qing":
        raise InvalidDate("a Qing date needs its reign era to name a year")
    converters = {"julian": from_julian, "gregorian": from_gregorian}
    if calendar is not None and calendar not in converters:
        raise InvalidDate(f"unknown calendar {calendar!r}")
    found, errors = {}, []
    for name in [calendar] if calendar else converters:
        try:
            found[name] = converters[name](year, month, day)
        except InvalidDate as error:
            errors.append(str(error))
    if not found:
        raise InvalidDate("; ".join(errors))
    return found


def readings_near(month: int, day: int, near: Day, calendars: Iterable[str] = ("julian", "gregorian", "qing"),
                  leap_month: bool = False) -> dict[str, Day]:
    """A month and day written without a year ("V луны, 3-го числа", "28 мая"), read in each of
    `calendars` ("qing" for the Chinese lunisolar one) in the year that brings it nearest to
    `near`: the day the text means when it gives it beside another date."""
    makers = {
        "julian": lambda y: from_julian(y, month, day),
        "gregorian": lambda y: from_gregorian(y, month, day),
        "qing": lambda y: from_lunar(y, month, day, leap_month),
    }
    base_year = near.gregorian().year
    found = {}
    for name in calendars:
        days = []
        for year in (base_year - 1, base_year, base_year + 1):
            try:
                days.append(makers[name](year))
            except InvalidDate:
                continue
        if days:
            found[name] = min(days, key=lambda d: abs(d.jdn - near.jdn))
    return found


def same_day(a_readings: Mapping[str, Day], b_readings: Mapping[str, Day]) -> tuple[bool, str | None]:
    """Do two written dates name the same day under some reading of each?

    Returns (True, 'calendar_a=calendar_b') for the first agreeing pair, preferring pairs
    read in the same calendar (no conversion needed), else (False, None).
    """
    pairs = sorted(product(a_readings.items(), b_readings.items()), key=lambda p: p[0][0] != p[1][0])
    for (a_calendar, a_day), (b_calendar, b_day) in pairs:
        if a_day == b_day:
            return True, f"{a_calendar}={b_calendar}"
    return False, None
