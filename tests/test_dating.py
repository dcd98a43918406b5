"""Dating formulae of the period's treaty texts, read by each language module (comparer/lang/dates.py
and the language's data), in sentences as the editions write them; and what is no date."""

import pytest

from comparer import lang, paths

RU, ZH, EN, LA, ID = (lang.get(code) for code in ("ru", "zh", "en", "la", "id"))


def read(language, text):
    """(surface, calendar, era, year, month, day, leap) of every date in the text."""
    return [(d.surface, d.calendar, d.era, d.year, d.month, d.day, d.leap_month) for d in language.dates(text)]


def only(language, text):
    (mention,) = language.dates(text)
    assert text[mention.start:mention.end] == mention.surface
    return mention


# --- Russian ------------------------------------------------------------------

@pytest.mark.parametrize("text, surface, ymd", [
    ("заключенного в городе Айгуне 1858 года, мая 16-го дня, и", "1858 года, мая 16-го дня", (1858, 5, 16)),
    ("Писано в городе Айхуне 1858 года мая 16 дня.", "1858 года мая 16 дня", (1858, 5, 16)),
    ("Город Айхунь, мая 16 дня 1858 года.", "мая 16 дня 1858 года", (1858, 5, 16)),
    ("Писан в Тяньцзине 1 июня 1858 года.", "1 июня 1858 года", (1858, 6, 1)),
    ("Подписан 16-го мая 1858 г. в Айгуне", "16-го мая 1858 г.", (1858, 5, 16)),
    ("в 1858 году 16 мая", "1858 году 16 мая", (1858, 5, 16)),
    ("ноября 2-го числа 1860 года", "ноября 2-го числа 1860 года", (1860, 11, 2)),
    ("Писан в Пекине ноября 2 дня", "ноября 2 дня", (None, 11, 2)),
    ("Подписан в 16 день мая 1858 года.", "16 день мая 1858 года", (1858, 5, 16)),
    ("в 27-й день августа 1689 года", "27-й день августа 1689 года", (1689, 8, 27)),
    ("16-го числа мая 1858 года", "16-го числа мая 1858 года", (1858, 5, 16)),
])
def test_russian_dates_in_every_order(text, surface, ymd):
    mention = only(RU, text)
    assert (mention.surface, (mention.year, mention.month, mention.day)) == (surface, ymd)
    assert mention.calendar is None and not mention.reign_year


@pytest.mark.parametrize("text, first, second", [
    ("мая 16/28 дня 1858 года", (1858, 5, 16), (1858, 5, 28)),
    ("1858 года, мая 16/28 дня", (1858, 5, 16), (1858, 5, 28)),
    ("1 (13) июня 1858 года", (1858, 6, 1), (1858, 6, 13)),
])
def test_russian_double_dates_in_year_first_and_month_first_order(text, first, second):
    mention = only(RU, text)
    assert (mention.calendar, mention.year, mention.month, mention.day) == ("julian", *first)
    alternative = mention.alternative
    assert (alternative.calendar, alternative.year, alternative.month, alternative.day) == ("gregorian", *second)


@pytest.mark.parametrize("text, written, ymd", [
    ("Писан на рубеже лета 7197 августа в 27 день", 7197, (1689, 8, 27)),  # January–August: AM - 5508
    ("лета 7197-го, августа 27 дня", 7197, (1689, 8, 27)),
    ("лета 7198 сентября 2 дня", 7198, (1689, 9, 2)),  # the Byzantine year 7198 began 1 September 1689
    ("7198 года генваря 10 дня", 7198, (1690, 1, 10)),
    ("27 августа 7197 года от сотворения мира", 7197, (1689, 8, 27)),
])
def test_russian_anno_mundi_years_follow_the_september_year(text, written, ymd):
    mention = only(RU, text)
    assert (mention.anno_mundi, (mention.year, mention.month, mention.day)) == (written, ymd)
    assert mention.calendar == "julian"  # the Russian calendar of the Creation era was the Julian one


@pytest.mark.parametrize("text, era, year, month, day, leap", [
    ("(Сян-фын VIII года, IV луны, 21-го числа)", "xianfeng", 8, 4, 21, False),
    ("Сянь-фын 8 года, 5 луны, 3 числа", "xianfeng", 8, 5, 3, False),
    ("Сяньфын VIII года, V луны 3-го числа", "xianfeng", 8, 5, 3, False),
    ("VIII года Сянь-фына, IV луны, 16-го числа", "xianfeng", 8, 4, 16, False),
    ("21-го числа IV луны VIII года Сянь-фына", "xianfeng", 8, 4, 21, False),
    ("Кан-си XXVIII года, VII луны, 24-го числа", "kangxi", 28, 7, 24, False),
    ("Юн-чжэн V года, IX луны, 7 числа", "yongzheng", 5, 9, 7, False),
    ("Цянь-лун XXXIII года, IX луны, 19-го числа", "qianlong", 33, 9, 19, False),
    ("Дао-гуан XX года, II луны, 1-го числа", "daoguang", 20, 2, 1, False),
    ("Тун-чжи III года, VIII луны, 7-го числа", "tongzhi", 3, 8, 7, False),
    ("Гуан-сюй VII года, I луны, 26-го числа", "guangxu", 7, 1, 26, False),
    ("Сянь-фын X года, високосной III луны, 11 числа", "xianfeng", 10, 3, 11, True),
    ("Сянь-фын 10 года, 10 месяца, 2 дня", "xianfeng", 10, 10, 2, False),
])
def test_russian_qing_reign_dates(text, era, year, month, day, leap):
    mention = only(RU, text)
    assert (mention.calendar, mention.era, mention.year, mention.month, mention.day, mention.leap_month) == (
        "qing", era, year, month, day, leap)
    assert mention.reign_year and mention.lunar


def test_russian_lunar_date_without_its_reign_year():
    mention = only(RU, "(V луны, 3-го числа)")
    assert (mention.calendar, mention.era, mention.year, mention.month, mention.day) == ("qing", None, None, 5, 3)
    assert not mention.reign_year


def test_russian_same_year_gives_a_yearless_date_the_year_before_it():
    text = ("договора, заключенного в городе Айгуне 1858 года, мая 16-го дня (Сян-фын VIII года, IV луны, "
            "21-го числа), и договора, заключенного в том же году, июня 1-го дня (V луны, 3-го числа)")
    dates = RU.dates(text)
    assert [(d.year, d.month, d.day, d.era) for d in dates] == [
        (1858, 5, 16, None), (8, 4, 21, "xianfeng"), (1858, 6, 1, None), (None, 5, 3, None)]


@pytest.mark.parametrize("text", [
    "суда могут ходить в 4 луны",            # a month without its day
    "IV луны",
    "до 21-го числа",                          # a day without a month
    "VIII года",
    "статья 4 договора 1858 года",             # an article number and a year
    "Статья 16. Мая месяца",
    "на сумму 1858 рублей",
    "полной луны 3 числа",                     # no number before луны
])
def test_russian_texts_that_are_no_dates(text):
    assert RU.dates(text) == []


def test_an_amount_after_a_date_is_not_its_year():
    assert read(RU, "уплатить 16 мая 200 рублей") == [("16 мая", None, None, None, 5, 16, False)]


# --- Chinese ------------------------------------------------------------------

def test_chinese_european_dates_with_transcribed_russian_months():
    text = ("議定詳明一千八百五十八年瑪乙月十六日即咸豐八年四月二十一日在璦琿城所立和約之第一條，"
            "遵照是年伊雲月初一日即五月初三日在天津地方所立和約之第九條")
    assert read(ZH, text) == [
        ("一千八百五十八年瑪乙月十六日", None, None, 1858, 5, 16, False),
        ("咸豐八年四月二十一日", "qing", "xianfeng", 8, 4, 21, False),
        ("伊雲月初一日", None, None, 1858, 6, 1, False),  # 是年: the year of the European date before it
        ("五月初三日", None, None, None, 5, 3, False),
    ]
    european = ZH.dates(text)[0]
    assert european.lunar is False and ZH.dates(text)[1].lunar is True and ZH.dates(text)[3].lunar is None


@pytest.mark.parametrize("text, expected", [
    ("一千八百六十一年伊云月十六日", (None, None, 1861, 6, 16, False)),
    ("去年諾雅布爾月初二日所定和約", (None, None, None, 11, 2, False)),
    # Read by transcription, not from a list: spellings of other prints, other months, and the
    # words before the month's name left out of the date.
    ("一千八百六十年諾雅貝爾月初二日", (None, None, 1860, 11, 2, False)),
    ("一千八百五十八年阿瓦古斯特月初一日", (None, None, 1858, 8, 1, False)),
    ("即俄國伊雲月初二日", (None, None, None, 6, 2, False)),
    ("俄曆一千八百六十年十一月初二日", ("julian", None, 1860, 11, 2, False)),
    ("西曆一千八百五十八年五月二十八日", ("gregorian", None, 1858, 5, 28, False)),
    ("咸豊十一年五月二十一日", ("qing", "xianfeng", 11, 5, 21, False)),  # 豊, a variant of 豐
    ("咸豐十年閏三月十一日", ("qing", "xianfeng", 10, 3, 11, True)),
    ("閏三月十一日", ("qing", None, None, 3, 11, True)),  # an intercalary month is a lunar one
    ("光緒七年正月二十六日", ("qing", "guangxu", 7, 1, 26, False)),
    ("咸豐八年戊午五月初三日", ("qing", "xianfeng", 8, 5, 3, False)),  # the year in the sexagenary cycle too
    ("咸豐八年，歲次戊午，五月初三日", ("qing", "xianfeng", 8, 5, 3, False)),
])
def test_chinese_dates(text, expected):
    ((_, *values),) = read(ZH, text)
    assert tuple(values) == expected


@pytest.mark.parametrize("text", ["於本月初二日", "同年某月十六日", "一千八百六十年其後月初二日"])
def test_words_before_a_month_are_no_transcribed_month(text):
    assert read(ZH, text) == []



@pytest.mark.parametrize("text", [
    "於咸豐十一年三月內辦理",          # a month without a day
    "每屆三個月一次，一年之間分為四次",
    "及一千七百二十八年，即雍正六年，所立沙賓達巴哈之界牌",  # years only
    "八年四月",
    "第十二條",
])
def test_chinese_texts_that_are_no_dates(text):
    assert ZH.dates(text) == []


# --- English ------------------------------------------------------------------

@pytest.mark.parametrize("text, ymd, calendar", [
    ("Done at Aigun the 28th day of May 1858", (1858, 5, 28), None),
    ("this twenty-sixth day of June, in the year of our Lord one thousand eight hundred and fifty-eight",
     (1858, 6, 26), None),
    ("signed on the 16th of May, 1858 (O.S.)", (1858, 5, 16), "julian"),
    ("May 28, 1858, N.S.", (1858, 5, 28), "gregorian"),
])
def test_english_european_dates(text, ymd, calendar):
    mention = only(EN, text)
    assert ((mention.year, mention.month, mention.day), mention.calendar) == (ymd, calendar)


@pytest.mark.parametrize("text, era, year, month, day, leap", [
    ("Hien-fung, 8th year, 4th moon, 21st day", "xianfeng", 8, 4, 21, False),
    ("the 21st day of the 4th moon of the 8th year of Hsien-fêng", "xianfeng", 8, 4, 21, False),
    ("corresponding with the Chinese date, the sixteenth day, fifth moon, of the eighth year of Hien Fung",
     "xianfeng", 8, 5, 16, False),
    ("Kang-hi, 28th year, 7th moon, 24th day", "kangxi", 28, 7, 24, False),
    ("K'ang-hsi, 28th year, 7th moon, 24th day", "kangxi", 28, 7, 24, False),
    ("the 7th day of the 9th moon of the 5th year of Yung-cheng", "yongzheng", 5, 9, 7, False),
    ("Taou-kwang, 22nd year, 7th moon, 24th day", "daoguang", 22, 7, 24, False),
    ("the 2nd day of the 10th moon of the 1st year of Tung-chi", "tongzhi", 1, 10, 2, False),
    ("Kwang-su, 7th year, 1st moon, 26th day", "guangxu", 7, 1, 26, False),
    ("the 11th day of the intercalary 3rd month of the 10th year of Hsien-feng", "xianfeng", 10, 3, 11, True),
    ("Xianfeng 8th year, 4th moon, 16th day", "xianfeng", 8, 4, 16, False),
    ("Hsien-feng VIII, 4th month, 21st day", "xianfeng", 8, 4, 21, False),  # a Roman year, no "year"
    ("Kang-hi XXVIII, 7th moon, 24th day", "kangxi", 28, 7, 24, False),
])
def test_english_qing_reign_dates(text, era, year, month, day, leap):
    mention = only(EN, text)
    assert (mention.calendar, mention.era, mention.year, mention.month, mention.day, mention.leap_month) == (
        "qing", era, year, month, day, leap)


@pytest.mark.parametrize("text", [
    "in the 4th moon", "the 8th year of his reign", "they may 16 times refuse", "Article 4 of 1858",
    "the 4th month, 21st day",  # a month that is no moon, without a reign year
    "I signed it in Hien-fung I, IV moon",  # a month without its day
])
def test_english_texts_that_are_no_dates(text):
    assert EN.dates(text) == []


# --- Latin --------------------------------------------------------------------

@pytest.mark.parametrize("text, ymd, calendar", [
    ("Datum in castris die 28 Augusti anno 1689", (1689, 8, 28), None),
    ("anno Domini 1689, die 28 Augusti", (1689, 8, 28), None),
    ("Augusti 28", (None, 8, 28), None),
    ("anno MDCLXXXIX die 27 Augusti stilo veteri", (1689, 8, 27), "julian"),
    ("die 7 Septembris 1689 stilo novo", (1689, 9, 7), "gregorian"),
    ("die vicesimo octavo Augusti anno millesimo sexcentesimo octogesimo nono", (1689, 8, 28), None),
    ("27. Augusti anno Domini 1689", (1689, 8, 27), None),
])
def test_latin_dates(text, ymd, calendar):
    mention = only(LA, text)
    assert ((mention.year, mention.month, mention.day), mention.calendar) == (ymd, calendar)


@pytest.mark.parametrize("text", [
    "anno Cam-hi vigesimo octavo, luna septima, die vigesima quarta",
    "Cam-hi 28 anno, 7 luna, 24 die",
    "anno Kang-hi XXVIII, luna VII, die XXIV",
])
def test_latin_qing_reign_dates(text):
    mention = only(LA, text)
    assert (mention.calendar, mention.era, mention.year, mention.month, mention.day) == ("qing", "kangxi", 28, 7, 24)


@pytest.mark.parametrize("text", ["Articulus 28", "viginti octo milia", "anno 1689", "luna septima", "anno Cam-hi 28"])
def test_latin_texts_that_are_no_dates(text):
    assert LA.dates(text) == []


# --- Indonesian ---------------------------------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("Kota Aihun, tanggal 16 Mei 1858.", (None, None, 1858, 5, 16, False)),
    ("pada 16 Mei tahun 1858", (None, None, 1858, 5, 16, False)),
    ("pada tanggal 16 bulan Mei tahun 1858", (None, None, 1858, 5, 16, False)),
    ("(tahun VIII Xianfeng, bulan IV, tanggal 21)", ("qing", "xianfeng", 8, 4, 21, False)),
    ("tahun ke-8 Xianfeng, bulan ke-4, hari ke-21", ("qing", "xianfeng", 8, 4, 21, False)),
    ("tanggal 21 bulan keempat tahun ke-8 pemerintahan Xianfeng", ("qing", "xianfeng", 8, 4, 21, False)),
    ("tahun ke-10 Xianfeng, bulan kabisat ke-3, hari ke-11", ("qing", "xianfeng", 10, 3, 11, True)),
    ("bulan ke-5 Imlek, tanggal 3", ("qing", None, None, 5, 3, False)),
])
def test_indonesian_dates(text, expected):
    ((_, *values),) = read(ID, text)
    assert tuple(values) == expected


def test_indonesian_double_date_and_the_same_year():
    dates = ID.dates("pada tanggal 16/28 Mei 1858, dan pada tanggal 1 Juni tahun yang sama di kota Tianjin")
    assert [(d.calendar, d.year, d.month, d.day) for d in dates] == [("julian", 1858, 5, 16), (None, 1858, 6, 1)]
    assert (dates[0].alternative.year, dates[0].alternative.month, dates[0].alternative.day) == (1858, 5, 28)


@pytest.mark.parametrize("text", ["bulan ke-4, hari ke-21", "Pasal 4", "tahun ke-8 pemerintahannya"])
def test_indonesian_texts_that_are_no_dates(text):
    assert ID.dates(text) == []


# --- one day given twice --------------------------------------------------------

@pytest.mark.parametrize("language, text, pairs", [
    (RU, "1858 года, мая 16-го дня (Сян-фын VIII года, IV луны, 21-го числа)", 1),
    (RU, "мая 16 дня 1858 года, то есть Сянь-фын VIII года, IV луны, 16-го числа", 1),
    (RU, "мая 16 дня 1858 года, т. е. 28 мая", 1),
    (RU, "мая 16 дня 1858 года или Сянь-фын VIII года, IV луны, 16-го числа", 1),  # or: across calendars
    (RU, "мая 16 дня 1858 года или июня 1 дня 1858 года", 0),  # or between two European dates: a choice
    (RU, "с 16 мая 1858 года по 1 июня 1858 года", 0),
    (RU, "договор 16 мая 1858 года (ратифицирован 2 июня 1858 года)", 0),
    (ZH, "一千八百五十八年瑪乙月十六日即咸豐八年四月二十一日", 1),
    (ZH, "一千八百六十一年伊云月十六日，即咸豊十一年五月二十一日", 1),
    (ZH, "咸豐八年四月十六日（一千八百五十八年瑪乙月十六日）", 1),
    (ZH, "咸豐八年四月十六日及咸豐八年五月初三日", 0),
    (EN, "this twenty-sixth day of June, 1858, corresponding with the Chinese date, the sixteenth day, "
         "fifth moon, of the eighth year of Hien Fung", 1),
    (EN, "16 May 1858 (i.e. Hien-fung, 8th year, 4th moon, 16th day)", 1),
    (EN, "16 May 1858 = Hien-fung, 8th year, 4th moon, 16th day", 1),
    (LA, "die 28 Augusti anno 1689, id est 7 Septembris", 1),
    (ID, "16 Mei 1858 (tahun VIII Xianfeng, bulan IV, tanggal 21)", 1),
    (ID, "16 Mei 1858, yaitu tahun ke-8 Xianfeng, bulan ke-4, hari ke-16", 1),
    (ID, "16 Mei 1858 atau tahun ke-8 Xianfeng, bulan ke-4, hari ke-16", 1),
    (ID, "16 Mei 1858 atau 1 Juni 1858", 0),
])
def test_dates_given_as_one_day(language, text, pairs):
    dates = language.dates(text)
    assert len(language.dating.same_day_pairs(text, dates)) == pairs



@pytest.mark.parametrize("language, text, calendar", [
    (RU, "16 мая 1858 года по юлианскому календарю", "julian"),
    (RU, "16 мая 1858 года по юліанскому календарю", "julian"),
    (RU, "28 мая 1858 года (по григорианскому календарю)", "gregorian"),
    (EN, "16 May 1858 (Julian)", "julian"),
    (EN, "28 May 1858 in the Gregorian calendar", "gregorian"),
    (ID, "14 November 1860 (menurut kalender Gregorius)", "gregorian"),
    (ID, "14 November 1860 menurut penanggalan Masehi", "gregorian"),
    (ID, "2 November 1860 menurut kalender Julius", "julian"),
])
def test_calendar_named_after_a_date_in_words(language, text, calendar):
    assert only(language, text).calendar == calendar


def test_no_transcribed_month_is_read_in_modern_chinese_prose():
    """Two characters before 月 in novels, essays and news are words, never a transcribed month."""
    folder = paths.shared_dir() / "bench" / "aligner-eval-zh-en"
    if not folder.is_dir():
        pytest.skip(f"aligner-eval gold sets not found in {folder} (set COMPARER_SHARED; CI has it)")
    lines = [line for path in sorted(folder.glob("*/src/*"))
             for line in path.read_text(encoding="utf-8").splitlines()]
    assert len(lines) > 10_000
    months = [mention.surface for line in lines for mention in ZH.dates(line)
              if "月" in mention.surface and mention.surface.split("月")[0].rstrip()[-1:] not in "0123456789〇零一二三四五六七八九十正"]
    assert months == []
