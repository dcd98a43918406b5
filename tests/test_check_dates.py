"""Dates across and inside versions: date_inconsistency (one day given twice in one clause, the two
naming different days), date_mismatch on closings whatever the dates say, and no finding where the
datings agree. Texts go through the plain-text format, the aligner and the checks, as
`comparer check --text` takes them."""

import json

import pytest

from comparer import plaintext
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.corpus import Corpus

PEKING_RU = ("Статья 1\nВ подтверждение и пояснение первой статьи договора, заключенного в городе Айгуне "
             "1858 года, мая 16-го дня (Сян-фын VIII года, IV луны, 21-го числа), и во исполнение девятой "
             "статьи договора, заключенного в том же году, июня 1-го дня (Сян-фын VIII года, V луны, 3-го "
             "числа), в городе Тянь-цзине, определяется: восточная граница между двумя государствами пойдет "
             "вниз по течению реки Амур до места слияния сей последней реки с рекою Уссури.\n")
PEKING_ZH = ("第一條\n議定詳明一千八百五十八年瑪乙月十六日即咸豐八年四月二十一日，在璦琿城所立和約之第一條，"
             "遵照是年伊雲月初一日即五月初三日，在天津地方所立和約之第九條，此後兩國東界定為順黑龍江下流至"
             "該江、烏蘇里河會處。\n")


def check(corpus, texts: dict[str, str], ui_lang: str = "en"):
    treaty = plaintext.treaty_from_texts("user-texts", texts)
    alignment = align_treaty(treaty, corpus.lexicon, semantic=False)
    return check_treaty(treaty, corpus.lexicon, alignment=alignment, ui_lang=ui_lang)


def of_type(report, *types):
    return [f for f in report.findings if f.type in types]


def test_the_peking_dating_of_aigun_contradicts_itself_in_each_version(corpus):
    report = check(corpus, {"ru": PEKING_RU, "zh": PEKING_ZH})
    ru, zh = sorted(of_type(report, "date_inconsistency"), key=lambda f: list(f.segments))
    explained = (" gives one day in two ways that name different days: 16 May 1858 (Julian) is 28 May 1858, "
                 "Xianfeng 8/4/16; the text's Xianfeng 8/4/21 is 2 June 1858, 21 May 1858 (Julian)")
    # a Russian date of 1858 that states no calendar is Julian, and the message says why it was read so;
    # the Chinese 瑪乙月十六日 follows no custom: its Julian reading is the one nearest the reign date
    assert ru.message == ("Russian" + explained + " (1858 года, мая 16-го дня read as Julian: Russian dates "
                                                  "before 1 February 1918)")
    assert zh.message == "Chinese" + explained
    for finding, key in ((ru, "ru"), (zh, "zh")):
        assert (finding.severity, finding.article, list(finding.segments)) == ("high", "a1", [key])
        assert finding.values == {key: "1858-05-16 (julian) = 1858-05-28 ≠ Xianfeng 8/4/21 (qing) = 1858-06-02"}
    assert ru.evidence == {"ru": ["1858 года, мая 16-го дня", "Сян-фын VIII года, IV луны, 21-го числа"]}
    assert zh.evidence == {"zh": ["一千八百五十八年瑪乙月十六日", "咸豐八年四月二十一日"]}
    # the two versions say the same (wrong) thing: nothing differs between them
    assert of_type(report, "date_mismatch") == []


def test_the_message_in_indonesian(corpus):
    report = check(corpus, {"ru": PEKING_RU, "zh": PEKING_ZH}, ui_lang="id")
    explained = (" menyebut satu hari dengan dua cara yang menunjuk hari berbeda: 16 Mei 1858 (Julian) adalah "
                 "28 Mei 1858, Xianfeng 8/4/16; Xianfeng 8/4/21 dalam teks adalah 2 Juni 1858, 21 Mei 1858 (Julian)")
    ru, zh = sorted(of_type(report, "date_inconsistency"), key=lambda f: list(f.segments))
    assert ru.message.endswith(explained + " (1858 года, мая 16-го дня dibaca sebagai Julian: tanggal Rusia "
                                           "sebelum 1 Februari 1918)")
    assert zh.message.endswith(explained)


def test_datings_that_agree_give_nothing(corpus):
    ru = PEKING_RU.replace("IV луны, 21-го числа", "IV луны, 16-го числа")
    zh = PEKING_ZH.replace("四月二十一日", "四月十六日")
    report = check(corpus, {"ru": ru, "zh": zh})
    assert of_type(report, "date_inconsistency", "date_mismatch") == []


def test_a_contradiction_in_one_version_only_is_that_versions(corpus):
    zh = PEKING_ZH.replace("四月二十一日", "四月十六日")
    report = check(corpus, {"ru": PEKING_RU, "zh": zh})
    [finding] = of_type(report, "date_inconsistency")
    assert list(finding.segments) == ["ru"]
    # and the versions now differ on the reign date
    [mismatch] = of_type(report, "date_mismatch")
    assert "Сян-фын VIII года, IV луны, 21-го числа" in mismatch.evidence["ru"]
    assert "咸豐八年四月十六日" in mismatch.evidence["zh"]


@pytest.mark.parametrize("dating, contradicts", [
    ("мая 16/28 дня 1858 года", False),
    ("мая 16/29 дня 1858 года", True),
    ("28 (16) мая 1858 года", False),  # the Gregorian day first
    ("20 мая / 1 июня 1858 года", False),
    ("1 (13) июня 1858 года", False),
    ("1 (14) июня 1858 года", True),
    ("июня 1-го дня 1858 года (V луны, 3-го числа)", False),  # a lunar date without its year, placed by the other
    ("июня 1-го дня 1858 года (V луны, 4-го числа)", True),
    ("1858 года мая 16 дня, то есть Сянь-фын VIII года, IV луны, 16-го числа", False),
    ("1858 года мая 16 дня, то есть Сянь-фын VIII года, IV луны, 17-го числа", True),
    ("мая 16 дня 1858 года (28 мая)", False),
    ("мая 16 дня 1858 года (29 мая)", True),
])
def test_one_day_given_twice_in_russian(corpus, dating, contradicts):
    report = check(corpus, {"ru": f"Статья 1\nПисано в городе Айгуне {dating}.\n",
                            "id": "Pasal 1\nDitulis di kota Aigun.\n"})
    assert bool(of_type(report, "date_inconsistency")) == contradicts


def test_an_uncertain_reading_gives_no_high_finding(corpus):
    ru = PEKING_RU.replace("21-го числа", "[?21-го числа]")
    report = check(corpus, {"ru": ru, "zh": PEKING_ZH})
    ru_finding = next(f for f in of_type(report, "date_inconsistency") if "ru" in f.segments)
    assert ru_finding.severity == "medium"


def test_untranscribed_text_between_two_datings_gives_no_finding(corpus):
    ru = PEKING_RU.replace("мая 16-го дня (", "мая 16-го дня […] (")
    report = check(corpus, {"ru": ru, "zh": PEKING_ZH})
    assert [list(f.segments) for f in of_type(report, "date_inconsistency")] == [["zh"]]


# ---------------------------------------------------------------- closings pair whatever the dates say


CLOSING_RU = "Статья 1\nРеки Амур, Сунгари и Уссури плавать только судам двух государств.\n[closing]\n"
CLOSING_ZH = "第一條\n黑龍江、松花江、烏蘇里河，此後只准中國、俄國行船。\n[closing]\n"


def test_a_changed_date_in_the_closing_is_a_date_mismatch(corpus):
    report = check(corpus, {"ru": CLOSING_RU + "мая 17 дня 1858 года\n", "zh": CLOSING_ZH + "咸豐八年四月十六日\n"})
    [finding] = [f for f in report.findings if f.article == "end"]
    assert (finding.type, finding.severity) == ("date_mismatch", "high")
    assert finding.evidence == {"ru": ["мая 17 дня 1858 года"], "zh": ["咸豐八年四月十六日"]}


def test_dating_clauses_pair_beside_untranscribed_ones(corpus):
    """Both closings have a dating and a passage not transcribed, in another order: the dates
    differ, so only their being dates ties the dating clauses; they share a row and the changed
    date is reported, instead of each dating pairing with the other version's gap."""
    report = check(corpus, {"ru": CLOSING_RU + "Писан в городе Айгуне мая 17 дня 1858 года.\n[gap]\n",
                            "zh": CLOSING_ZH + "[gap]\n咸豐八年四月十六日\n"})
    assert [f.type for f in report.findings if f.article == "end" and f.type.startswith("date")] == ["date_mismatch"]


def test_the_cli_reports_the_peking_contradiction(tmp_path, run_cli):
    (tmp_path / "ru.txt").write_text(PEKING_RU, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(PEKING_ZH, encoding="utf-8")
    result = run_cli("check", "--no-semantic", "--text", f"ru={tmp_path / 'ru.txt'}",
                     "--text", f"zh={tmp_path / 'zh.txt'}", "--json")
    assert result.exit_code == 0, result.stderr
    found = [f for f in json.loads(result.stdout)["findings"] if f["type"] == "date_inconsistency"]
    assert sorted(k for f in found for k in f["segments"]) == ["ru", "zh"]


def test_a_passage_not_transcribed_elsewhere_in_the_clause_gives_no_high_finding(corpus):
    ru = PEKING_RU.replace("определяется:", "определяется: […]")
    report = check(corpus, {"ru": ru, "zh": PEKING_ZH})
    ru_finding = next(f for f in of_type(report, "date_inconsistency") if "ru" in f.segments)
    assert ru_finding.severity == "medium"


# ---------------------------------------------------------------- the calendar of a date that states none


DATING = {"ru": "Статья 1\nПисано в городе Кяхте {}.\n", "zh": "第一條\n{}。\n", "id": "Pasal 1\nDitulis di Kyakhta {}.\n",
          "en": "Article 1\nDone at Kyakhta {}.\n", "la": "Articulus 1\nDatum in Kiachta {}.\n"}


@pytest.mark.parametrize("first, second, differ", [
    # 21 October 1727: Julian in a Russian text (= 1 November, 雍正五年九月十八日); 九月初七日 is 21 October Gregorian
    (("ru", "21 октября 1727 года"), ("zh", "雍正五年九月初七日"), True),
    (("ru", "21 октября 1727 года"), ("zh", "雍正五年九月十八日"), False),
    # what the clause states wins over the custom
    (("ru", "21 октября 1727 года по новому стилю"), ("zh", "雍正五年九月初七日"), False),
    (("ru", "21 октября 1727 года н. ст."), ("zh", "雍正五年九月十八日"), True),
    (("ru", "10/21 октября 1727 года"), ("zh", "雍正五年九月初七日"), False),  # the double date gives both
    # issue 11: the year-first order, the same day and a changed one
    (("ru", "1858 года, мая 16-го дня"), ("zh", "咸豐八年四月十六日"), False),
    (("ru", "мая 17 дня 1858 года"), ("zh", "咸豐八年四月十六日"), True),
    # after the reform of 1918 a Russian date is Gregorian: 1 March 1924 is not 14 March read as Julian
    (("ru", "1 марта 1924 года"), ("id", "14 Maret 1924"), True),
    (("ru", "14 марта 1924 года"), ("id", "14 Maret 1924"), False),
    # the days the reform left out were no Russian civil dates: either reading may be meant
    (("ru", "5 февраля 1918 года"), ("id", "18 Februari 1918"), False),
    # no custom for the other languages: English, Latin (the Jesuits' Latin of Nerchinsk), Indonesian
    (("en", "October 21, 1727"), ("zh", "雍正五年九月初七日"), False),
    (("la", "die 21 Octobris anno 1727"), ("zh", "雍正五年九月初七日"), False),
    (("id", "21 Oktober 1727"), ("zh", "雍正五年九月初七日"), False),
    (("id", "21 Oktober 1727"), ("ru", "21 октября 1727 года"), False),  # a translation keeping the day
])
def test_a_date_that_states_no_calendar_is_read_in_the_custom_of_its_language(corpus, first, second, differ):
    report = check(corpus, {lang: DATING[lang].format(date) for lang, date in (first, second)})
    assert of_type(report, "date_inconsistency") == []
    assert bool(of_type(report, "date_mismatch")) == differ


def test_the_message_says_which_calendar_was_assumed_and_why(corpus):
    report = check(corpus, {"ru": DATING["ru"].format("1 марта 1924 года"), "id": DATING["id"].format("14 Maret 1924")})
    [finding] = of_type(report, "date_mismatch")
    assert "1 марта 1924 года (= 1924-03-01 (gregorian); read as Gregorian: Russian dates from 14 February 1918)" \
        in finding.message
    assert finding.values == {"ru": "1924-03-01 (gregorian)",
                              "id": "1924-03-27 (julian) / 1924-03-14 (gregorian)"}  # no custom: both readings


@pytest.mark.parametrize("dating, contradicts", [
    ("28 мая 1858 года (Сянь-фын VIII года, IV луны, 16-го числа)", True),  # 28 May Julian is 4/28
    ("28 мая 1858 года н. ст. (Сянь-фын VIII года, IV луны, 16-го числа)", False),
    ("мая 16 дня 1858 года (28 мая)", False),  # two European dates of one day: two calendars, whatever the custom
    ("16 мая 1858 года по старому стилю (28 мая)", False),
])
def test_the_custom_in_a_day_given_twice(corpus, dating, contradicts):
    report = check(corpus, {"ru": DATING["ru"].format(dating), "id": DATING["id"].format("")})
    found = of_type(report, "date_inconsistency")
    assert bool(found) == contradicts
    if found:
        assert "28 мая 1858 года read as Julian: Russian dates before 1 February 1918" in found[0].message


KYAKHTA_RU_DATE = ('<date type="signed" when-custom="1727-10-21" datingMethod="#julian" calendar="#julian" '
                   'corresp="#kyakhta-1727.ru" xml:lang="ru">21 октября 1727</date>')


@pytest.mark.parametrize("header_date, differ", [
    (KYAKHTA_RU_DATE, True),
    # an edition whose header says its Russian text dates by the Gregorian calendar overrides the custom
    ('<date type="signed" when="1727-10-21" calendar="#gregorian" corresp="#kyakhta-1727.ru" '
     'xml:lang="ru">21 октября 1727</date>', False),
    # a Gregorian date in another language is a conversion: it says nothing of how the text writes its date
    ('<date type="signed" when="1727-10-21" calendar="#gregorian" corresp="#kyakhta-1727.ru">21 October 1727</date>',
     True),
    # a date of another version says nothing of this one
    ('<date type="signed" when="1727-10-21" calendar="#gregorian" corresp="#kyakhta-1727.zh" '
     'xml:lang="ru">21 октября 1727</date>', True),
])
def test_the_tei_header_states_the_calendar_of_a_versions_date(corpus_copy, header_date, differ):
    path = corpus_copy / "kyakhta-1727.xml"
    tei = path.read_text(encoding="utf-8")
    assert KYAKHTA_RU_DATE in tei
    path.write_text(tei.replace(KYAKHTA_RU_DATE, header_date), encoding="utf-8")
    corpus = Corpus(corpus_copy)
    treaty = corpus.treaty("kyakhta-1727")
    alignment = align_treaty(treaty, corpus.lexicon, langs=["ru", "zh"], semantic=False)
    report = check_treaty(treaty, corpus.lexicon, langs=["ru", "zh"], alignment=alignment)
    found = [f for f in of_type(report, "date_mismatch") if f.article == "end"]
    assert bool(found) == differ
