import datetime

import pytest
from hypothesis import given, strategies as st

from comparer.calendars import (
    ERAS, Day, InvalidDate, QingDate, anno_mundi_to_ad, from_gregorian, from_julian, from_lunar, from_qing,
    readings, readings_near, same_day,
)

# Signing dates of the treaties as the texts write them (the dates each treaty file's header gives):
# (event, Julian (y, m, d) or None, Gregorian (y, m, d), Qing (era, year, month, day)).
TREATY_DATES = [
    ("Nerchinsk, Russian text", (1689, 8, 27), (1689, 9, 6), ("kangxi", 28, 7, 23)),
    ("Nerchinsk, Latin & Manchu", (1689, 8, 28), (1689, 9, 7), ("kangxi", 28, 7, 24)),
    ("Nerchinsk, Latin signed", (1689, 8, 29), (1689, 9, 8), ("kangxi", 28, 7, 25)),
    ("Bura", (1727, 8, 20), (1727, 8, 31), ("yongzheng", 5, 7, 15)),
    ("Bura, variant", (1727, 8, 25), (1727, 9, 5), ("yongzheng", 5, 7, 20)),
    ("Kyakhta, Russian date", (1727, 10, 21), (1727, 11, 1), ("yongzheng", 5, 9, 18)),
    ("Kyakhta, Chinese date", (1727, 10, 10), (1727, 10, 21), ("yongzheng", 5, 9, 7)),
    ("Kyakhta, exchange", (1728, 6, 14), (1728, 6, 25), ("yongzheng", 6, 5, 18)),
    ("Kyakhta Art. 10", (1768, 10, 18), (1768, 10, 29), ("qianlong", 33, 9, 19)),
    ("Aigun", (1858, 5, 16), (1858, 5, 28), ("xianfeng", 8, 4, 16)),
    ("Tianjin", (1858, 6, 1), (1858, 6, 13), ("xianfeng", 8, 5, 3)),
    ("Tianjin, Qing ratification", None, (1858, 7, 2), ("xianfeng", 8, 5, 22)),
    ("Tianjin, exchange", (1859, 4, 12), (1859, 4, 24), ("xianfeng", 9, 3, 22)),
    ("Beijing", (1860, 11, 2), (1860, 11, 14), ("xianfeng", 10, 10, 2)),
]


@pytest.mark.parametrize("event, julian, gregorian, qing", TREATY_DATES, ids=[r[0] for r in TREATY_DATES])
def test_treaty_dates_name_one_day_in_every_calendar(event, julian, gregorian, qing):
    day = from_gregorian(*gregorian)
    assert from_qing(*qing) == day
    assert day.qing() == QingDate(*qing)
    assert day.gregorian() == datetime.date(*gregorian)
    if julian is not None:
        assert from_julian(*julian) == day
        assert day.julian() == julian


def test_kyakhta_chinese_date_is_not_the_russian_julian_date():
    chinese = readings("qing", "yongzheng", 5, 9, 7)  # 雍正五年九月初七日
    russian = readings("julian", None, 1727, 10, 21)
    assert same_day(chinese, russian) == (False, None)
    # it is 21 Oct read as a Gregorian date, off by the 11-day calendar gap
    assert same_day(chinese, readings(None, None, 1727, 10, 21)) == (True, "qing=gregorian")
    assert from_julian(1727, 10, 21).jdn - from_qing("yongzheng", 5, 9, 7).jdn == 11


def test_qianlong_33_9_19_is_29_not_30_october_1768():
    assert from_qing("qianlong", 33, 9, 19) == from_gregorian(1768, 10, 29)
    assert from_qing("qianlong", 33, 9, 19) != from_gregorian(1768, 10, 30)


def test_describe_gives_the_day_in_every_calendar():
    assert from_gregorian(1858, 5, 28).describe() == {
        "gregorian": "1858-05-28",
        "julian": "1858-05-16",
        "qing": "咸豐八年四月十六日",
        "qing_pinyin": "Xianfeng 8/4/16",
    }


def test_describe_leaves_out_qing_outside_the_dynasty():
    assert from_gregorian(1600, 1, 1).describe() == {"gregorian": "1600-01-01", "julian": "1599-12-22"}
    assert from_gregorian(1600, 1, 1).qing() is None


@pytest.mark.parametrize("qing, traditional, simplified", [
    (("kangxi", 28, 7, 24), "康熙二十八年七月二十四日", "康熙二十八年七月二十四日"),
    (("xianfeng", 8, 5, 3), "咸豐八年五月初三日", "咸丰八年五月初三日"),
    (("xianfeng", 10, 10, 2), "咸豐十年十月初二日", "咸丰十年十月初二日"),
    (("xianfeng", 1, 1, 10), "咸豐元年正月初十日", "咸丰元年正月初十日"),
    (("guangxu", 20, 11, 20), "光緒二十年十一月二十日", "光绪二十年十一月二十日"),
    (("kangxi", 61, 12, 30), "康熙六十一年十二月三十日", "康熙六十一年十二月三十日"),
    (("xianfeng", 10, 3, 11, True), "咸豐十年閏三月十一日", "咸丰十年闰三月十一日"),
])
def test_chinese_writes_dates_as_qing_documents_do(qing, traditional, simplified):
    assert QingDate(*qing).chinese() == traditional
    assert QingDate(*qing).chinese(traditional=False) == simplified


QING_SPAN = st.integers(from_qing("shunzhi", 1, 1, 1).jdn, from_qing("xuantong", 3, 12, 30).jdn)


@given(QING_SPAN)
def test_qing_round_trip(jdn):
    qing = Day(jdn).qing()
    assert from_qing(qing.era, qing.year, qing.month, qing.day, qing.leap_month) == Day(jdn)


@given(st.integers(from_gregorian(1600, 1, 1).jdn, from_gregorian(2000, 12, 31).jdn))
def test_julian_and_gregorian_round_trip(jdn):
    day = Day(jdn)
    assert from_julian(*day.julian()) == day
    greg = day.gregorian()
    assert from_gregorian(greg.year, greg.month, greg.day) == day


def test_days_order_by_time():
    assert from_julian(1689, 8, 27) < from_julian(1689, 8, 28) < from_gregorian(1858, 5, 28)


def test_leap_month_follows_the_month_it_repeats():
    # Xianfeng 10 (1860) had a leap third month (閏三月)
    third, leap_third, fourth = (from_qing("xianfeng", 10, 3, 1), from_qing("xianfeng", 10, 3, 1, True),
                                 from_qing("xianfeng", 10, 4, 1))
    assert third < leap_third < fourth
    assert leap_third.jdn - third.jdn in (29, 30) and fourth.jdn - leap_third.jdn in (29, 30)
    assert leap_third.qing() == QingDate("xianfeng", 10, 3, 1, leap_month=True)
    assert Day(leap_third.jdn - 1).qing() == QingDate("xianfeng", 10, 3, (leap_third.jdn - third.jdn))


def test_no_leap_month_where_the_year_has_none():
    with pytest.raises(InvalidDate, match="no leap month 4"):
        from_qing("xianfeng", 8, 4, 1, leap_month=True)  # 1858 had no leap month


# Reign year 1 (元年) is the lunar year after accession; its sixth month is mid-year.
@pytest.mark.parametrize("era, gregorian_year", [
    ("shunzhi", 1644), ("kangxi", 1662), ("yongzheng", 1723), ("qianlong", 1736), ("jiaqing", 1796),
    ("daoguang", 1821), ("xianfeng", 1851), ("tongzhi", 1862), ("guangxu", 1875), ("xuantong", 1909),
])
def test_first_reign_year(era, gregorian_year):
    assert from_qing(era, 1, 6, 1).gregorian().year == gregorian_year


def test_eras_are_listed_in_order_with_both_scripts():
    first_years = [info.first_year for info in ERAS.values()]
    assert first_years == sorted(first_years)
    assert ERAS["xianfeng"] == ("咸豐", "咸丰", 1851)


def test_era_changes_at_chinese_new_year():
    tongzhi_starts = from_qing("tongzhi", 1, 1, 1)
    assert tongzhi_starts == from_gregorian(1862, 1, 30)
    last_xianfeng_day = Day(tongzhi_starts.jdn - 1).qing()
    assert (last_xianfeng_day.era, last_xianfeng_day.year, last_xianfeng_day.month) == ("xianfeng", 11, 12)
    assert from_qing("tongzhi", 1, 1, 1).jdn - 1 == from_qing("xianfeng", 11, 12, last_xianfeng_day.day).jdn


def test_dynasty_bounds():
    assert Day(from_qing("shunzhi", 1, 1, 1).jdn - 1).qing() is None
    assert Day(from_qing("xuantong", 3, 12, 30).jdn + 1).qing() is None
    assert from_qing("xuantong", 3, 12, 25) == from_gregorian(1912, 2, 12)  # the abdication


@pytest.mark.parametrize("call, message", [
    (lambda: from_qing("xianfeng", 12, 1, 1), "years 1–11"),
    (lambda: from_qing("xuantong", 4, 1, 1), "years 1–3"),
    (lambda: from_qing("kangxi", 0, 1, 1), "years 1–61"),
    (lambda: from_qing("xianfeng", 8, 13, 1), "no month 13"),
    (lambda: from_qing("xianfeng", 10, -3, 1), "no month -3"),  # not a spelling of the leap month
    (lambda: from_qing("xianfeng", 8, 4, 30), "29 days"),  # 咸豐八年四月 had 29 days
    (lambda: from_qing("xianfeng", 8, 4, 0), "29 days"),
    (lambda: from_qing("chongzhen", 1, 1, 1), "unknown Qing reign era"),
    (lambda: from_gregorian(1858, 2, 30), "no day 30"),
    (lambda: from_julian(1858, 2, 30), "no day 30"),
    (lambda: from_gregorian(1858, 13, 1), "no month 13"),
    (lambda: from_julian(1858, 0, 1), "no month 0"),
    (lambda: from_gregorian(1700, 2, 29), "no day 29"),
])
def test_invalid_dates_are_refused(call, message):
    with pytest.raises(InvalidDate, match=message):
        call()


def test_1700_was_a_leap_year_only_in_the_julian_calendar():
    assert from_julian(1700, 2, 29) == from_gregorian(1700, 3, 11)
    assert readings(None, None, 1700, 2, 29) == {"julian": from_julian(1700, 2, 29)}


def test_readings_follow_what_the_date_states():
    assert readings("julian", None, 1858, 6, 1) == {"julian": from_julian(1858, 6, 1)}
    assert readings("gregorian", None, 1858, 6, 13) == {"gregorian": from_gregorian(1858, 6, 13)}
    assert readings(None, "xianfeng", 8, 5, 3) == {"qing": from_qing("xianfeng", 8, 5, 3)}
    assert readings("qing", "xianfeng", 10, 3, 1, True) == {"qing": from_qing("xianfeng", 10, 3, 1, True)}
    assert readings(None, None, 1858, 6, 13) == {
        "julian": from_julian(1858, 6, 13), "gregorian": from_gregorian(1858, 6, 13)}


@pytest.mark.parametrize("args, message", [
    (("qing", None, 8, 5, 3), "needs its reign era"),
    (("julian", "xianfeng", 8, 5, 3), "cannot date a julian"),
    (("hijri", None, 1275, 1, 1), "unknown calendar"),
    ((None, None, 1858, 6, None), "incomplete date"),
    ((None, None, 1858, 2, 30), "Julian date .* Gregorian date"),
])
def test_readings_refuse_dates_with_no_reading(args, message):
    with pytest.raises(InvalidDate, match=message):
        readings(*args)


def test_same_day_names_the_calendars_that_agree():
    undated = readings(None, None, 1858, 6, 13)
    old_style = readings("julian", None, 1858, 6, 1)
    assert same_day(undated, old_style) == (True, "gregorian=julian")
    assert same_day(old_style, undated) == (True, "julian=gregorian")
    assert same_day(undated, readings(None, "xianfeng", 8, 5, 3)) == (True, "gregorian=qing")
    assert same_day(undated, readings(None, None, 1858, 6, 14)) == (False, None)


def test_same_day_prefers_reading_both_in_one_calendar():
    assert same_day(readings(None, None, 1858, 6, 13), readings(None, None, 1858, 6, 13)) == (
        True, "julian=julian")
    assert same_day(readings(None, None, 1858, 6, 13), readings("gregorian", None, 1858, 6, 13)) == (
        True, "gregorian=gregorian")


def test_nerchinsk_russian_date_is_a_day_before_the_manchu_date():
    manchu = readings(None, "kangxi", 28, 7, 24)
    assert same_day(readings("julian", None, 1689, 8, 27), manchu) == (False, None)
    assert same_day(readings(None, None, 1689, 8, 28), manchu) == (True, "julian=qing")
    assert same_day(readings(None, None, 1689, 9, 7), manchu) == (True, "gregorian=qing")


@pytest.mark.parametrize("written, month, ad", [
    (7197, 8, 1689),  # Nerchinsk, лета 7197 августа 27: January–August keep AM - 5508
    (7198, 9, 1689),  # the Byzantine year 7198 began on 1 September 1689
    (7198, 8, 1690),
    (7208, 12, 1699),  # the last December counted from the Creation
])
def test_anno_mundi_years_begin_in_september(written, month, ad):
    assert anno_mundi_to_ad(written, month) == ad


def test_lunar_dates_without_a_reign_are_placed_by_their_lunar_year():
    assert from_lunar(1858, 4, 16) == from_qing("xianfeng", 8, 4, 16) == from_julian(1858, 5, 16)
    assert from_lunar(1860, 3, 11, leap_month=True) == from_qing("xianfeng", 10, 3, 11, True)
    with pytest.raises(InvalidDate, match="no leap month 4"):
        from_lunar(1858, 4, 1, leap_month=True)


def test_a_yearless_date_is_read_in_the_year_nearest_its_neighbour():
    aigun = from_julian(1858, 5, 16)
    near = readings_near(5, 3, aigun)  # "V луны, 3-го числа" / 五月初三日 beside 16 May 1858
    assert near["qing"] == from_qing("xianfeng", 8, 5, 3)
    assert near["julian"] == from_julian(1858, 5, 3) and near["gregorian"] == from_gregorian(1858, 5, 3)
    assert readings_near(12, 30, from_gregorian(1859, 1, 2), calendars=["gregorian"]) == {
        "gregorian": from_gregorian(1858, 12, 30)}  # the year before, not the same year
    assert readings_near(2, 30, aigun, calendars=["julian", "gregorian"]) == {}
