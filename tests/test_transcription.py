"""Names across scripts and the language rules behind them: comparer.lang.transcription (name keys,
readings, counterparts and the measured threshold), the lexicon's name keys and bound morphemes
(comparer.lang.forms), proper names by each language's rules, and Russian lemmas and derivation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from comparer import lang as languages
from comparer import paths
from comparer.lang.forms import BoundPatternError, parse_bound
from comparer.lang.transcription import (THRESHOLD, find_counterpart, han_keys, name_key, same_name,
                                         score)
from comparer.mentions import LexiconMatcher

ru, zh, id_ = languages.get("ru"), languages.get("zh"), languages.get("id")


def _benchmark():
    spec = importlib.util.spec_from_file_location(
        "transcription_threshold", Path(__file__).resolve().parent.parent / "benchmarks" / "transcription_threshold.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def lexicon(corpus):
    return corpus.lexicon


# ---------------------------------------------------------------- keys and readings


@pytest.mark.parametrize("forms", [
    ("Муравьев", "Муравьёв", "Muravyov", "Mouravieff", "Murawjew", "Muraviev"),
    ("Тяньцзинь", "Тянь-Цзинь", "Тянь-цзин", "тяньцзинь"),
    ("Уссури", "Усури", "Oussouri"),
    ("Hsien-feng", "Hien-feng"),
])
def test_the_spellings_of_one_name_share_a_key(forms):
    assert len({name_key(form) for form in forms}) == 1, {form: name_key(form) for form in forms}


def test_a_chinese_name_has_a_key_per_system_and_heteronym():
    assert {"tyantszin", "tyanjin", "tyenchin"} <= han_keys("天津")  # Palladius, pinyin, Wade–Giles
    assert {"chang", "zhang", "chzhan"} <= han_keys("長")  # 長 is cháng and zhǎng
    assert han_keys("abc") == frozenset()


def test_a_name_in_another_script_is_found_by_its_reading():
    assert same_name("理藩院", "zh", "ли-фань-юань", "ru")
    assert same_name("興凱湖", "zh", "Хинкай", "ru")  # without the lake word, through Wade–Giles
    assert same_name("咸豐", "zh", "Сян-фын", "ru") and same_name("咸豐", "zh", "Hien-fung", "en")
    assert same_name("Хинкай", "ru", "Hinkai", "id")
    assert not same_name("天津", "zh", "Тяньшань", "ru")
    assert score("天津", "zh", "天津", "zh") == 100.0 and score("天津", "zh", "天山", "zh") == 0.0


def test_a_counterpart_is_the_span_that_writes_the_name():
    text = "由薩那特衙門及理藩院行文。"
    found = find_counterpart("ли-фань-юань", "ru", text, "zh")
    assert text[found.start:found.end] == "理藩院" == found.surface
    found = find_counterpart("興凱湖", "zh", "Граница идет до озера Хинкай.", "ru")
    assert found.surface == "Хинкай"


def test_a_number_or_a_blocked_span_is_no_counterpart():
    assert find_counterpart("Шилки", "ru", "黑龍江右岸，三十里。", "zh") is None  # 十里 "ten li"
    text = "至興凱湖。"
    assert find_counterpart("Хинкай", "ru", text, "zh") is not None
    assert find_counterpart("Хинкай", "ru", text, "zh", blocked=((1, 4),)) is None


def test_a_chinese_numeral_that_counts_nothing_may_be_part_of_a_name():
    assert find_counterpart("Сань-син", "ru", "商人准往三姓。", "zh").surface == "三姓"
    assert find_counterpart("Эрдаохэ", "ru", "過二道河。", "zh").surface == "二道河"
    assert find_counterpart("Шилки", "ru", "黑龍江右岸，三十里。", "zh") is None  # 三十里 counts li


def test_a_chinese_span_with_a_grammatical_word_is_no_name():
    assert find_counterpart("Цюнчжоу", "ru", "此後除海路之外", "zh") is None  # 此後除 read tsy-hu-chzhu
    assert find_counterpart("Цюнчжоу", "ru", "此後除瓊州府之外", "zh").surface in ("瓊州", "瓊州府")


def test_sungai_river_is_no_counterpart_of_sungari():
    """A word the language names as no name (Indonesian "Sungai", river) is never a counterpart."""
    assert find_counterpart("Сунгари", "ru", "menuju Sungai Shilka", "id") is None


def test_the_threshold_in_use_finds_every_transcription_of_the_measured_set():
    benchmark = _benchmark()
    measured = benchmark.measure(benchmark.scored(benchmark.load()), THRESHOLD)
    assert measured["recall"] == 1.0
    assert measured["precision"] >= 0.9


# ---------------------------------------------------------------- lexicon forms


def test_a_lexicon_name_matches_any_case_hyphenation_and_inflection():
    index = ru.compile_forms({"place.tianjin": ["Тяньцзинь"], "org.lifanyuan": ["Лифаньюань"]})
    found = index.find("в городе Тянь-Цзине, через ли-фань-юань, в Тянь-цзин")
    assert [(m.key, m.surface) for m in found] == [
        ("place.tianjin", "Тянь-Цзине"), ("org.lifanyuan", "ли-фань-юань"), ("place.tianjin", "Тянь-цзин")]
    assert ru.compile_forms({"concept.boundary": ["граница"]}).find("Граница") != []
    assert ru.compile_forms({"place.x": ["Тяньцзинь"]}).find("тянь цзин") == []  # not a name written lower case


def test_a_name_is_found_in_another_alphabets_spelling(lexicon):
    matcher = LexiconMatcher(lexicon)
    assert [m.key for m in matcher.find("id", "menuju Sungai Hubitu")] == ["place.hubtu"]  # only Хубиту is listed


def test_a_bound_morpheme_counts_only_beside_its_neighbours():
    index = zh.compile_forms({"place.beijing": ["北京", "京城"], "concept.boundary-marker": ["界牌"]},
                             {"place.beijing": ["[進在到]京"], "concept.boundary": ["[東西交邊]界", "界[內外]"]})
    found = [(m.key, m.surface) for m in index.find("使臣進京，到南京，兩國東界，界牌，界內，世界。")]
    assert found == [("place.beijing", "京"), ("concept.boundary", "界"), ("concept.boundary-marker", "界牌"),
                     ("concept.boundary", "界")]


@pytest.mark.parametrize("pattern", ["京", "[進在]", "[]京", "[進[在]京"])
def test_a_bound_pattern_without_its_neighbours_is_refused(pattern):
    with pytest.raises(BoundPatternError):
        parse_bound(zh, pattern)


@pytest.mark.parametrize("written, broken, error", [
    (">[進进在到赴來来回抵駐驻入離离出住]京<", ">[]京<", r"place\.beijing: bound form"),
    ('type="homograph">海口<', 'type="homograph">河口<',
     r"concept\.river-mouth: '河口' \(zh\) is both a form and a homograph"),
])
def test_the_lexicon_reader_refuses_an_unreadable_bound_form_or_a_form_also_a_homograph(tmp_path, written, broken, error):
    from comparer.errors import CorpusError
    from comparer.tei import load_lexicon

    text = paths.bundled("texts").joinpath("lexicon.xml").read_text(encoding="utf-8")
    path = tmp_path / "lexicon.xml"
    path.write_text(text.replace(written, broken, 1), encoding="utf-8")
    with pytest.raises(CorpusError, match=error):
        load_lexicon(path)


def test_a_homograph_is_read_as_its_first_entry_and_known_as_the_other(lexicon):
    from comparer.check.context import _LexiconIndex

    matcher = LexiconMatcher(lexicon)
    assert [m.key for m in matcher.find("zh", "船隻進海口。")] == ["concept.port"]
    assert [m.key for m in matcher.find("zh", "黑龍江海口")][-1] == "concept.river-mouth"  # the bound form wins
    assert _LexiconIndex(lexicon).homograph_readings("zh", "海口") == {"concept.river-mouth"}
    assert _LexiconIndex(lexicon).homograph_readings("zh", "口岸") == set()


def test_an_indonesian_agent_noun_is_no_form_of_its_root():
    index = id_.compile_forms({"concept.trade": ["perdagangan", "berdagang"]})
    assert [m.surface for m in index.find("para pedagang boleh berdagang; perdagangan")] == ["berdagang", "perdagangan"]


def test_a_one_character_form_inside_a_transcribed_name_is_part_of_the_name(lexicon):
    matcher = LexiconMatcher(lexicon)
    assert [m.key for m in matcher.find("zh", "海拉爾城開市通商。")] == ["concept.trade"]  # no sea
    assert [m.surface for m in matcher.unknown_names("zh", "海拉爾城開市通商。")] == ["海拉爾城"]
    assert "place.sea" in {m.key for m in matcher.find("zh", "由此至海。")}


# ---------------------------------------------------------------- names by the rules of each language


def test_russian_names_are_capitalised_words_the_dictionary_does_not_know_as_common_words():
    text = "Генерал-губернатор Николай Муравьев и князь И-Шань постановили: граница идет до озера Хинкай."
    assert [name for _, _, name in ru.proper_names(text)] == ["Муравьев", "И-Шань", "Хинкай"]
    # an old word opening a sentence is no name; a known common noun with a capital is none either
    assert ru.proper_names("Такожде Император повелел.") == []


def test_chinese_names_are_transcription_runs_before_a_place_word_or_after_a_title():
    text = "俄羅斯國總督木喇福岳福，由豁爾莫勒津屯至興凱湖，該河兩岸。"
    assert [name for _, _, name in zh.proper_names(text)] == ["木喇福岳福", "豁爾莫勒津屯", "興凱湖"]


def test_indonesian_titles_and_place_words_are_no_names():
    text = "Yang Mulia Kaisar dan Pangeran Gong menetapkan batas di Sungai Shilka dan Danau Hinkai pada bulan Mei."
    assert [name for _, _, name in id_.proper_names(text)] == ["Gong", "Shilka", "Hinkai"]


def test_an_unknown_name_is_none_that_the_lexicon_accounts_for(lexicon):
    matcher = LexiconMatcher(lexicon)
    text = "по заключенному в Тяньцзине Тяньцзинскому договору, до Дайцинского и Российского государств, до Хинкай"
    assert [m.surface for m in matcher.unknown_names("ru", text)] == ["Хинкай"]


# ---------------------------------------------------------------- Russian lemmas and derivation


def test_a_rare_reading_of_a_russian_word_gives_no_lemma():
    index = ru.compile_forms({"concept.envoy": ["посол"]})
    assert index.find("После заключения мира") == []
    assert [m.surface for m in index.find("послы съехались, посла приняли")] == ["послы", "посла"]


@pytest.mark.parametrize("word, base", [
    ("пограничный", "граница"), ("ограниченный", "граница"), ("неограничен", "граница"), ("восточный", "восток"),
    ("амурский", "амур"), ("морской", "море"), ("всероссийский", "россия"), ("торговый", "торговать"),
])
def test_russian_derivation_keeps_the_real_derivatives(word, base):
    assert ru.may_derive(word, base)


@pytest.mark.parametrize("word, base", [
    ("способствовать", "посол"), ("после", "посол"), ("совершенный", "вера"), ("город", "гора"),
    ("основание", "ван"), ("бесспорный", "порт"), ("поселение", "селенга"), ("сунгача", "сунгари"),
])
def test_russian_derivation_is_not_a_shared_string_of_letters(word, base):
    assert not ru.may_derive(word, base)
