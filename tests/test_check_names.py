"""Names and concepts on texts the lexicon was not written from (issue 11): the issue's examples
through `comparer check --text`, each with a variant that differs for real, a renumbered article,
and a treaty imported from plain text whose names no lexicon knows."""

from __future__ import annotations

import json

import pytest


def check(run_cli, tmp_path, ru: str, zh: str) -> list[dict]:
    (tmp_path / "ru.txt").write_text(ru, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    result = run_cli("check", "--text", f"ru={tmp_path / 'ru.txt'}", "--text", f"zh={tmp_path / 'zh.txt'}",
                     "--json", "--no-semantic")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]


def article(text: str, heading: str) -> str:
    return f"{heading}\n{text}\n"


# (ru, zh) of one article that say the same thing in the wording of the period's editions
SAME = {
    "Tianjin, hyphenated and inflected": ("Договор подписан в городе Тянь-Цзине.", "此約在天津地方畫押。"),
    "Lifanyuan in Palladius, lower case": ("Сношения производятся через сенат и ли-фань-юань.",
                                           "由薩那特衙門及理藩院行文。"),
    "Lake Khanka by its period name": ("Граница идет до озера Хинкай.", "交界至興凱湖。"),
    "the capital inside 進京": ("Российский посланник может ехать в Пекин.", "俄國使臣可以進京。"),
    "boundary inside 東界": ("Восточная граница двух государств идет по реке Уссури.", "兩國東界，順烏蘇里河。"),
    "после is 'after', not посол": ("После заключения мира беглецов не принимать.", "自議和之後，逃人不准收留。"),
    "a town the lexicon lacks, 海 inside its name": ("Для торговли открывается город Хайлар.", "海拉爾城開市通商。"),
    "boundary inside 沿界, Russian merchants": ("Русские купцы, живущие вдоль границы, могут торговать.",
                                                "俄國沿界居住之商人，准其貿易。"),
    "海口 at a boundary river's end is its sea-mouth": ("Левый берег Амура до морского устья принадлежит России.",
                                                      "黑龍江左岸至海口屬俄國。"),
    "海口 is a port too": ("Русские суда могут заходить в порт Шанхай.", "俄國船隻可進上海海口。"),
    "the post carries 書信": ("Почта между Кяхтой и Пекином отправляется ежемесячно.", "恰克圖與京城之間，書信每月發送一次。"),
    "сношения may be 行文": ("Сношения производятся через сенат и ли-фань-юань.", "由薩那特衙門及理藩院行文。"),
    "heavy mail is 物件": ("Каждые три месяца отправляется тяжелая почта.", "每三個月運送物件一次。"),
    "ratifications exchanged, 互換": ("Трактат вступает в силу со дня обмена ратификаций.", "此約自互換之日起施行。"),
    "its source, 其源": ("По правому берегу Уссури вверх до ее истоков земли принадлежат Китаю.",
                        "烏蘇里江右岸溯流而上至其源之地屬中國。"),
    "販賣 is trade": ("Купцам запрещается торговать опиумом.", "商人不准販賣鴉片。"),
    "платят пошлин in 納稅": ("Русские купцы не платят пошлин при торговле на границе.", "俄國商人在交界處貿易，免納稅餉。"),
}

# the same articles changed in one controlled way: (ru, zh, finding type, entry or None, version naming it)
DIFFERENT = {
    "another town": ("Договор подписан в городе Тянь-Цзине.", "此約在北京地方畫押。",
                     "name_mismatch", "place.tianjin", "ru"),
    "Lifanyuan left out": ("Сношения производятся через сенат и ли-фань-юань.", "由薩那特衙門行文。",
                           "missing_concept", "org.lifanyuan", "ru"),
    "another river than the lake": ("Граница идет до озера Хинкай.", "交界至松花江。",
                                    "missing_concept", "place.sungari", "zh"),
    "not the capital": ("Российский посланник может ехать в Пекин.", "俄國使臣可以行走。",
                        "missing_concept", "place.beijing", "ru"),
    "no boundary": ("Восточная граница двух государств идет по реке Уссури.", "兩國東岸，順烏蘇里河。",
                    "missing_concept", "concept.boundary", "ru"),
    "an envoy the Chinese lacks": ("Посол может беглецов не принимать.", "逃人不准收留。",
                                   "missing_concept", "concept.envoy", "ru"),
    "a port the Russian leaves out": ("Русские суда могут заходить в Шанхай.", "俄國船隻可進上海海口。",
                                      "missing_concept", "concept.port", "zh"),
    "no post at all": ("Почта между Кяхтой и Пекином отправляется ежемесячно.", "恰克圖與京城之間，每月發送一次。",
                       "missing_concept", "concept.mail", "ru"),
    "a river mouth, not a port": ("Русские суда могут заходить в порт Шанхай.", "俄國船隻可進上海河口。",
                                  "missing_concept", "concept.port", "ru"),
}


@pytest.mark.parametrize("name", SAME)
def test_the_issues_examples_give_no_finding(run_cli, tmp_path, name):
    ru, zh = SAME[name]
    findings = check(run_cli, tmp_path, article(ru, "Статья 1"), article(zh, "第一條"))
    assert findings == [], [f["message"] for f in findings]


@pytest.mark.parametrize("name", DIFFERENT)
def test_a_real_difference_in_them_is_found(run_cli, tmp_path, name):
    ru, zh, finding_type, entry, present = DIFFERENT[name]
    findings = check(run_cli, tmp_path, article(ru, "Статья 1"), article(zh, "第一條"))
    found = [f for f in findings if f["type"] == finding_type and entry in ({f["concept"]} | set(f["values"].values()))]
    assert found, [f["message"] for f in findings]
    assert present in found[0]["evidence"]


def test_a_renumbered_article_is_mapped_by_content_and_reported(run_cli, tmp_path):
    ru = ("Статья 1\nГраница между двумя государствами идет по реке Амуру до моря.\n"
          "Статья 2\nТорговля дозволяется подданным обоих государств.\n"
          "Статья 3\nНастоящий договор хранится в двух экземплярах.\n")
    zh = ("第一條\n兩國交界順黑龍江至海。\n"
          "第二條\n兩國所屬之人准其交易。\n"
          "第四條\n此約繕寫兩分存照。\n")
    findings = check(run_cli, tmp_path, ru, zh)
    [renumbered] = [f for f in findings if f["type"] == "structure_mismatch"]
    assert "numbers this article 4," in renumbered["message"] and renumbered["message"].endswith(" 3")
    assert (renumbered["article"], renumbered["values"]) == ("a3", {"ru": "3", "zh": "4"})
    assert renumbered["segments"] == {"ru": ["user-texts.ru.a3.c1"], "zh": ["user-texts.zh.a4.c1"]}
    # mapped by content: no clause is left without its counterpart
    assert not [f for f in findings if f["type"] == "unaligned_clause"], [f["message"] for f in findings]


def test_articles_numbered_alike_give_no_structure_finding(run_cli, tmp_path):
    ru = "Статья 1\nТорговля дозволяется.\nСтатья 2\nДоговор хранится в двух экземплярах.\n"
    zh = "第一條\n准其交易。\n第二條\n此約繕寫兩分存照。\n"
    assert not [f for f in check(run_cli, tmp_path, ru, zh) if f["type"] == "structure_mismatch"]


# An imported treaty with a river and a town that no lexicon knows, written by transcription in both
# versions: Балэка / 巴勒喀河, Чамуту / 察穆圖城 (invented for the test).
INVENTED_RU = "Статья 1\nГраница идет вверх по реке Балэка до города Чамуту.\n"
INVENTED_ZH = "第一條\n交界順巴勒喀河上流至察穆圖城。\n"


def imported_findings(run_cli, tmp_path, ru: str, zh: str) -> list[dict]:
    (tmp_path / "ru.txt").write_text(ru, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(zh, encoding="utf-8")
    folder = tmp_path / "corpus"
    folder.mkdir()
    result = run_cli("import", "--id", "border-1900", "--title", "Invented border treaty",
                     "--text", f"ru={tmp_path / 'ru.txt'}", "--text", f"zh={tmp_path / 'zh.txt'}", "--into", str(folder))
    assert result.exit_code == 0, result.stderr
    result = run_cli("--corpus", str(folder), "check", "border-1900", "--json", "--no-semantic")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)["findings"]


BOTH_STATES_RU = ("Статья 1\nКупцы могут торговать в Кяхте.\n"
                  "Статья 2\nТорговля России с Китаем может производиться и морем.\n"
                  "Статья 3\nРоссия и Китай обменяются ратификациями.\n")
BOTH_STATES_ZH = "第一條\n商人准在恰克圖貿易。\n第二條\n兩國亦准由海路通商。\n第三條\n俄國、中國互換批准。\n"


def test_both_states_name_the_treaty_s_two_parties(run_cli, tmp_path):
    findings = check(run_cli, tmp_path, BOTH_STATES_RU, BOTH_STATES_ZH)
    assert findings == [], [f["message"] for f in findings]


def test_both_states_do_not_name_a_third_state(run_cli, tmp_path):
    ru = BOTH_STATES_RU.replace("России с Китаем", "России с Англией")
    findings = check(run_cli, tmp_path, ru, BOTH_STATES_ZH)
    assert [(f["type"], f["concept"]) for f in findings] == [("missing_concept", "org.britain")]


def test_a_party_one_version_names_only_as_both_states_is_a_party(run_cli, tmp_path):
    # The Chinese names China nowhere but in 兩國: the two parties are still Russia and China.
    ru = "Статья 1\nСношения России с Китаем ведутся через Сенат.\nСтатья 2\nРусские купцы торгуют в Кяхте.\n"
    zh = "第一條\n嗣後兩國行文，由薩那特衙門。\n第二條\n俄國商人准在恰克圖貿易。\n"
    findings = check(run_cli, tmp_path, ru, zh)
    assert not [f for f in findings if f.get("concept") == "org.qing"], [f["message"] for f in findings]


def test_names_no_lexicon_knows_transcribed_in_both_versions_give_no_finding(run_cli, tmp_path):
    findings = imported_findings(run_cli, tmp_path, INVENTED_RU, INVENTED_ZH)
    assert findings == [], [f["message"] for f in findings]


@pytest.mark.parametrize("ru, zh, name, present, absent", [
    (INVENTED_RU, "第一條\n交界順巴勒喀河上流。\n", "Чамуту", "ru", "zh"),
    ("Статья 1\nГраница идет вверх по реке Балэка.\n", INVENTED_ZH, "察穆圖城", "zh", "ru"),
])
def test_a_name_one_version_leaves_out_is_a_low_finding_with_the_name(run_cli, tmp_path, ru, zh, name, present, absent):
    [finding] = imported_findings(run_cli, tmp_path, ru, zh)
    assert (finding["type"], finding["severity"], finding["concept"]) == ("missing_concept", "low", None)
    assert finding["evidence"] == {present: [name]}
    assert finding["values"] == {present: name, absent: "absent"}
    assert name in finding["message"] and "the lexicon does not know" in finding["message"]



# (ru, id) of one article that say the same thing in words of the period's Russian and of Indonesian
SAME_RU_ID = {
    "berniaga is trade": ("Русским купцам дозволяется торговать в Кашгаре.",
                          "Para saudagar Rusia diizinkan berniaga di Kashgar."),
    "осмотр is a survey": ("Обе стороны назначат комиссаров для осмотра границы.",
                           "Kedua belah pihak akan menunjuk komisaris untuk memeriksa garis perbatasan."),
    "bandar is a port": ("Русское судно может заходить в порт.", "Kapal Rusia boleh singgah di bandar."),
}


@pytest.mark.parametrize("name", SAME_RU_ID)
def test_russian_and_indonesian_synonyms_give_no_finding(name, check_texts):
    ru, id_ = SAME_RU_ID[name]
    findings = check_texts({"ru": article(ru, "Статья 3"), "id": article(id_, "Pasal 3")})
    assert findings == [], [f["message"] for f in findings]


def test_a_reign_name_inside_a_date_is_no_unknown_name(check_texts):
    findings = check_texts({
        "la": article("Datum anno Cam-hi vigesimo octavo, luna septima, die vigesima quarta.", "Articulus 7"),
        "zh": article("康熙二十八年七月二十四日。", "第七條")})
    assert findings == [], [f["message"] for f in findings]


def test_the_words_between_two_datings_of_one_day_name_nothing(check_texts):
    findings = check_texts({
        "en": article("Done at Tientsin, the 13th day of June 1858, corresponding with the Chinese date, "
                      "the 3rd day, 5th moon, of the 8th year of Hien-fung.", "Article 12"),
        "zh": article("咸豐八年五月初三日在天津畫押。", "第十二條")})
    assert findings == [], [f["message"] for f in findings]


def test_two_unknown_names_in_one_slot_are_one_name_mismatch(check_texts):
    [finding] = check_texts({"zh": article("商隊由海拉爾城行走。", "第五條"),
                                                   "id": article("Kafilah melewati kota Mergen.", "Pasal 5")})
    assert (finding["type"], finding["severity"]) == ("name_mismatch", "low")
    assert finding["evidence"] == {"zh": ["海拉爾城"], "id": ["Mergen"]}


def test_the_languages_a_treaty_is_written_in_are_no_states(run_cli, tmp_path):
    findings = check(run_cli, tmp_path, article("Договор составлен на русском, маньчжурском и китайском языках.", "Статья 11"),
                     article("此約用俄羅斯、滿洲、漢字三樣文字書寫。", "第十一條"))
    assert findings == [], [f["message"] for f in findings]
