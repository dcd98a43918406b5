"""Per-language text rules: folding, tokens, numbers, dates, clauses, headings, lexicon forms."""
import random

import pytest

from comparer import lang
from comparer.lang import GenericLanguage, UnknownLanguageError, ru as ru_module
from comparer.lang.en import stem as english_stem
from comparer.lang.id import stems as indonesian_stems
from comparer.lang.zh import chinese_number, chinese_numeral

RU, ZH, ID, LA, EN = (lang.get(code) for code in ("ru", "zh", "id", "la", "en"))


def values(language, text):
    return [n.value for n in language.numbers(text)]


def date_tuple(mention):
    return (mention.calendar, mention.era, mention.year, mention.month, mention.day, mention.leap_month)


def keys(language, text):
    return [t.key for t in language.tokenize(text)]


# --- registry -----------------------------------------------------------------

def test_known_codes_get_their_own_module():
    assert lang.KNOWN == ("ru", "zh", "id", "la", "en")
    for code in lang.KNOWN:
        language = lang.get(code)
        assert language.code == code and not isinstance(language, GenericLanguage)
        assert lang.get(code) is language


@pytest.mark.parametrize("code", ["de", "fr", "mnc", "mn"])
def test_other_iso_codes_get_generic_rules(code):
    language = lang.get(code)
    assert isinstance(language, GenericLanguage) and language.code == code


@pytest.mark.parametrize("code", ["x1", "", "DE", "deut", "zh-Hant", "d", None])
def test_malformed_codes_are_refused(code):
    with pytest.raises(UnknownLanguageError) as error:
        lang.get(code)
    assert repr(code) in str(error.value) and "ISO 639" in str(error.value)


# --- normalize ----------------------------------------------------------------

def test_normalize_composes_and_unifies_without_changing_words():
    decomposed = "Мурав\u0438\u0306ев\u00a0 «Амур»\n– берег"
    assert RU.normalize(decomposed) == 'Муравйев "Амур" — берег'
    assert EN.normalize("  it\u2019s\tthe  \u201cbank\u201d ") == "it's the \"bank\""


# --- Russian ------------------------------------------------------------------

@pytest.mark.parametrize("old, new", [
    ("Россійскаго государства", "Российского государства"),
    ("Амуръ", "Амур"),
    ("по рѣкѣ Амуру", "по реке Амуру"),
    ("Ѳеодоръ", "Феодор"),
    ("синяго моря", "синего моря"),
    ("трёх", "трех"),
    ("мѵро", "миро"),
])
def test_russian_old_and_new_spelling_have_equal_keys(old, new):
    assert RU.fold(old) == RU.fold(new)
    assert keys(RU, old) == keys(RU, new)


def test_russian_keys_are_lemmas():
    assert keys(RU, "по левому берегу Амура") == ["по", "левый", "берег", "амур"]
    assert RU.fold("благо") == "благо"  # short words ending in -аго are not old adjectives


def test_russian_lexicon_finds_inflected_and_old_forms_with_original_offsets():
    index = RU.compile_forms({"place.amur": ["Амур"]})
    text = "Рѣка Амуръ; по Амуру, у Амура, АМУР."
    mentions = index.find(text)
    assert [m.surface for m in mentions] == ["Амуръ", "Амуру", "Амура", "АМУР"]
    assert all(text[m.start:m.end] == m.surface and m.key == "place.amur" for m in mentions)


def test_russian_multiword_forms_match_inflected_sequences_longest_first():
    index = RU.compile_forms({"concept.left-bank": ["левый берег"], "concept.bank": ["берег"],
                              "place.amur": ["Амур"]})
    text = "по левому берегу Амура, левого берега и лѣваго берега, правый берег"
    found = [(m.key, m.surface) for m in index.find(text)]
    assert found == [("concept.left-bank", "левому берегу"), ("place.amur", "Амура"),
                     ("concept.left-bank", "левого берега"), ("concept.left-bank", "лѣваго берега"),
                     ("concept.bank", "берег")]
    # words of a form must be adjacent: punctuation between them breaks the match
    assert [m.key for m in index.find("левый, берег")] == ["concept.bank"]


@pytest.mark.parametrize("text, expected", [
    ("двенадцать", [12]),
    ("двух и трех государств", [2, 3]),
    ("тысяча восемьсот пятьдесят восьмого года", [1858]),
    ("сто двадцать пять верст", [125]),
    ("двадцать одна тысяча", [21000]),
    ("в двух, трех местах", [2, 3]),
    ("осьмого дня", [8]),
    ("статья первая и вторая", [1, 2]),
    ("16/28 мая 1858 г., 1.5 версты", [16, 28, 1858]),
    ("в пункте IV", []),  # Roman numerals count only in headings
    ("двухъ государствъ", [2]),
])
def test_russian_numbers(text, expected):
    assert values(RU, text) == expected


def test_russian_number_offsets_point_into_the_text():
    text = "Лета тысяча восемьсот пятьдесят восьмого"
    (mention,) = RU.numbers(text)
    assert text[mention.start:mention.end] == mention.surface == "тысяча восемьсот пятьдесят восьмого"


@pytest.mark.parametrize("line, number", [
    ("Статья 1", 1), ("Статья I", 1), ("Статья первая", 1), ("Статья первая.", 1), ("1.", 1),
    ("I.", 1), ("Ст. 1", 1), ("Статья 12-я.", 12), ("СТАТЬЯ XII", 12), ("Статья двенадцатая", 12),
    ("Статья І", 1),  # Cyrillic І typeset for the Roman numeral
    ("Статья", None), ("1858 г.", None), ("1. Река Амур", None), ("Н. Н. Муравьев", None),
])
def test_russian_headings(line, number):
    assert RU.article_heading(line) == number


def test_heading_prefix_gives_where_the_text_starts():
    line = "Статья 3. Река Амур"
    number, end = RU.article_heading_prefix(line)
    assert (number, line[end:]) == (3, " Река Амур")
    # a bare letter that opens a name is no Roman numeral: not article 100 or 5
    assert RU.article_heading_prefix("С. Петербург") is None
    assert EN.article_heading_prefix("C. Smith signed") is None
    assert EN.article_heading_prefix("V. F. Bratishchev signed") is None
    assert EN.article_heading_prefix("IV. The envoys") == (4, 3)


@pytest.mark.parametrize("text, expected", [
    ("16 мая 1858", (None, None, 1858, 5, 16, False)),
    ("мая 16 дня 1858 года", (None, None, 1858, 5, 16, False)),
    ("Маія 16-го дня 1858 года", (None, None, 1858, 5, 16, False)),
    ("16 мая 1858 года по старому стилю", ("julian", None, 1858, 5, 16, False)),
    ("28 мая 1858 г. (н. ст.)", ("gregorian", None, 1858, 5, 28, False)),
    ("16 іюня 1858 г. ст. ст.", ("julian", None, 1858, 6, 16, False)),
])
def test_russian_dates(text, expected):
    (mention,) = RU.dates(text)
    assert date_tuple(mention) == expected and mention.alternative is None
    assert mention.surface == text


@pytest.mark.parametrize("text, first, second", [
    ("16/28 мая 1858 г.", (1858, 5, 16), (1858, 5, 28)),
    ("16 (28) мая 1858", (1858, 5, 16), (1858, 5, 28)),
    ("16 (28) мая", (None, 5, 16), (None, 5, 28)),
    ("20 мая / 1 июня 1858", (1858, 5, 20), (1858, 6, 1)),
    ("20 декабря 1858 (1 января 1859)", (1858, 12, 20), (1859, 1, 1)),
    ("20 декабря / 1 января 1859", (1858, 12, 20), (1859, 1, 1)),
])
def test_russian_double_dates(text, first, second):
    (mention,) = RU.dates(text)
    assert (mention.calendar, mention.year, mention.month, mention.day) == ("julian", *first)
    alternative = mention.alternative
    assert (alternative.calendar, alternative.year, alternative.month, alternative.day) == ("gregorian", *second)


def test_russian_date_offsets_inside_a_sentence():
    text = "Подписан в городе Айгуне мая 16 дня 1858 года."
    (mention,) = RU.dates(text)
    assert text[mention.start:mention.end] == mention.surface == "мая 16 дня 1858 года"


def test_russian_clause_splitting_keeps_abbreviations_and_initials():
    text = ("Подписано в г. Айгуне 16 мая 1858 г. генерал-губернатором Н. Н. Муравьевым, т.е. на р. Амур "
            "у оз. Ханка и ст. Горбица, гг. Айгун и Сахалян. Река длиною 1.5 версты; "
            "земли те общие! Так ли? Да")
    assert RU.split_clauses(text) == [
        "Подписано в г. Айгуне 16 мая 1858 г. генерал-губернатором Н. Н. Муравьевым, т.е. на р. Амур "
        "у оз. Ханка и ст. Горбица, гг. Айгун и Сахалян.",
        "Река длиною 1.5 версты;", "земли те общие!", "Так ли?", "Да",
    ]
    assert RU.split_clauses("1. Река Амур. Вторая часть.") == ["1. Река Амур.", "Вторая часть."]


def test_russian_lemmatizer_runs_once_per_distinct_word(monkeypatch):
    """Tokenizing a corpus-sized text calls pymorphy3 at most once per distinct word."""
    parsed = []
    analyzer = ru_module._analyzer()

    class CountingAnalyzer:
        def parse(self, word):
            parsed.append(word)
            return analyzer.parse(word)

    monkeypatch.setattr(ru_module, "_analyzer", CountingAnalyzer)
    ru_module._lemmas.cache_clear()
    sentences = [
        "Левый берег реки Амура, начиная от реки Аргуни до морского устья реки Амура, да будет "
        "владением Российского государства",
        "а правый берег, считая вниз по течению до реки Уссури, владением Дайцинского государства",
        "По рекам Амуру, Сунгари и Уссури могут плавать только суда Дайцинского и Российского государств",
        "Россійскаго государства подданные и Дайцинскаго государства подданные, живущіе по рѣкамъ, "
        "могутъ взаимно торговать",
    ]
    words = " ".join(sentences).split()
    rng = random.Random(1858)
    clauses = [" ".join(rng.choice(words) for _ in range(rng.randint(12, 40))) for _ in range(3000)]
    try:
        language = ru_module.Russian()  # a fresh instance: no word cache of its own yet
        for clause in clauses:
            language.tokenize(clause)
        assert parsed and len(parsed) == len(set(parsed))
        first_pass = len(parsed)
        for clause in clauses:
            language.tokenize(clause)
        assert len(parsed) == first_pass
    finally:
        ru_module._lemmas.cache_clear()  # the counting analyzer goes away with monkeypatch


# --- Chinese ------------------------------------------------------------------

def test_chinese_traditional_and_simplified_fold_together():
    assert ZH.fold("黑龍江左岸") == ZH.fold("黑龙江左岸") == "黑龙江左岸"
    assert ZH.fold("嶽") == ZH.fold("岳") and ZH.fold("淸") == "清" and ZH.fold("畧") == "略"
    assert keys(ZH, "黑龍江") == keys(ZH, "黑龙江") == ["黑", "龙", "江"]


def test_chinese_tokens_are_characters_and_latin_runs():
    tokens = ZH.tokenize("乾隆年 Amur 1858年 A")
    assert [(t.surface, t.key) for t in tokens] == [
        ("乾", "乾"), ("隆", "隆"), ("年", "年"), ("Amur", "amur"), ("1858", "1858"), ("年", "年"), ("A", "a")]
    assert tokens[3].start == 4 and tokens[3].end == 8


def test_chinese_lexicon_finds_both_scripts():
    index = ZH.compile_forms({"place.amur": ["黑龍江"]})
    text = "由黑龙江至黑龍江口"
    assert [(m.surface, m.start, m.end) for m in index.find(text)] == [("黑龙江", 1, 4), ("黑龍江", 5, 8)]


@pytest.mark.parametrize("text, expected", [
    ("十二", 12), ("二十一", 21), ("一千八百五十八", 1858), ("十五", 15), ("十", 10), ("兩", 2),
    ("廿一", 21), ("一百零五", 105), ("一萬二千", 12000), ("〇", 0), ("一八五八", 1858), ("1858", 1858),
    ("一二", None), ("年", None),
])
def test_chinese_number_values(text, expected):
    assert chinese_number(text) == expected


def test_chinese_numerals_round_trip():
    assert all(chinese_number(chinese_numeral(n)) == n for n in range(1, 10_000))
    assert chinese_numeral(12) == "十二" and chinese_numeral(105) == "一百零五"


def test_chinese_numbers_in_text():
    assert values(ZH, "兩國交界，共十二處，計1858年") == [2, 12, 1858]
    assert values(ZH, "一切事宜，一體遵行，十分和好，萬一有事，第一條") == [1]  # idioms, not numbers
    assert values(ZH, "長1.5里，共3處") == [3]
    assert values(ZH, "一二日") == [1, 2]


def test_chinese_liang_after_a_unit_is_a_weight_and_capital_numerals_count_in_runs():
    assert values(ZH, "賠償銀一百萬兩，又五十兩，兩千兩") == [1_000_000, 50, 2000]  # not 1,000,002 / 52 / 2002
    assert values(ZH, "一兩天，三兩人") == [1, 2, 3, 2]  # after a bare digit: "one or two", "two or three"
    assert values(ZH, "賠銀壹百萬兩，參贊伍名，陸路通商，陸百名") == [1_000_000, 600]  # 參贊, 陸路 are words
    assert ZH.article_heading_prefix("第壹條") == (1, 3)


@pytest.mark.parametrize("line, number", [
    ("第一條", 1), ("第一条", 1), ("第一款", 1), ("一、", 1), ("第十二條", 12), ("第12條", 12),
    ("一、兩國", None), ("條", None), ("黑龍江、松花江", None),
])
def test_chinese_headings(line, number):
    assert ZH.article_heading(line) == number


@pytest.mark.parametrize("text, expected", [
    ("咸豐八年四月十六日", ("qing", "xianfeng", 8, 4, 16, False)),
    ("咸丰八年五月初三日", ("qing", "xianfeng", 8, 5, 3, False)),
    ("咸豐十年十月初二日", ("qing", "xianfeng", 10, 10, 2, False)),
    ("康熙二十八年七月二十四日", ("qing", "kangxi", 28, 7, 24, False)),
    ("咸豐元年閏正月初十日", ("qing", "xianfeng", 1, 1, 10, True)),
    ("五月二十二日", (None, None, None, 5, 22, False)),
    ("1858年5月28日", ("gregorian", None, 1858, 5, 28, False)),
    ("一八五八年五月二十八日", ("gregorian", None, 1858, 5, 28, False)),
])
def test_chinese_dates(text, expected):
    (mention,) = ZH.dates(text)
    assert date_tuple(mention) == expected and mention.surface == text


def test_chinese_date_offsets():
    text = "於咸豐八年四月十六日在璦琿城"
    (mention,) = ZH.dates(text)
    assert (mention.start, mention.end) == (1, 10) and text[1:10] == mention.surface


def test_chinese_clauses_split_at_full_stops_and_semicolons_never_at_enumeration_commas():
    text = "黑龍江、松花江、烏蘇里江，此後只准中國、俄國行船；各別外國船隻不准行走。「俱照舊准行！」其餘"
    assert ZH.split_clauses(text) == [
        "黑龍江、松花江、烏蘇里江，此後只准中國、俄國行船；", "各別外國船隻不准行走。", "「俱照舊准行！」", "其餘"]


# --- Indonesian ---------------------------------------------------------------

@pytest.mark.parametrize("word, stem", [
    ("perjanjian", "janji"), ("ditandatangani", "tandatangan"), ("penandatanganan", "tandatangan"),
    ("tersebut", "sebut"), ("kekaisaran", "kaisar"), ("perdagangan", "dagang"), ("pedagang", "dagang"),
    ("pelabuhan", "labuh"), ("perbatasan", "batas"), ("berbatasan", "batas"), ("diputuskan", "putus"),
    ("menerima", "terima"), ("menjadi", "jadi"), ("pemerintahan", "perintah"), ("diperbolehkan", "boleh"),
    ("menyerahkan", "serah"), ("lainnya", "lain"), ("berjalan", "jalan"), ("kedua", "dua"),
    # left alone: roots that only look affixed, and words too short to strip
    ("dinasti", "dinasti"), ("berita", "berita"), ("terima", "terima"), ("berat", "berat"),
    ("sejarah", "sejarah"), ("masalah", "masalah"), ("sungai", "sungai"), ("menteri", "menteri"),
    ("kapal", "kapal"), ("bulan", "bulan"),
])
def test_indonesian_stems(word, stem):
    assert indonesian_stems(word)[0] == stem
    assert keys(ID, word.capitalize()) == [stem]


def test_indonesian_lexicon_uses_stem_alternatives():
    index = ID.compile_forms({"concept.treaty": ["perjanjian"], "org.qing": ["dinasti Qing"]})
    text = "Perjanjian itu dijanjikan oleh Dinasti Qing."
    assert [(m.key, m.surface) for m in index.find(text)] == [
        ("concept.treaty", "Perjanjian"), ("concept.treaty", "dijanjikan"), ("org.qing", "Dinasti Qing")]


@pytest.mark.parametrize("text, expected", [
    ("satu", [1]), ("dua belas", [12]), ("sebelas", [11]), ("dua puluh", [20]), ("dua puluh satu", [21]),
    ("seratus", [100]), ("seribu", [1000]), ("delapan ratus", [800]), ("lima puluh delapan", [58]),
    ("seribu delapan ratus lima puluh delapan", [1858]), ("dua ribu", [2000]), ("pasal kedua belas", [12]),
    ("terdiri dari 12 pasal", [12]), ("tiga dua", [3, 2]), ("puluhan kapal", []),
])
def test_indonesian_numbers(text, expected):
    assert values(ID, text) == expected


@pytest.mark.parametrize("line, number", [
    ("Pasal 1", 1), ("Pasal I", 1), ("PASAL XII.", 12), ("Pasal kedua belas", 12), ("Pasal", None),
])
def test_indonesian_headings(line, number):
    assert ID.article_heading(line) == number


def test_indonesian_dates():
    text = "Pada 13 Juni 1858, sebuah perjanjian; 16 Mei 1858 (kalender Julian)"
    first, second = ID.dates(text)
    assert date_tuple(first) == (None, None, 1858, 6, 13, False) and first.surface == "13 Juni 1858"
    assert date_tuple(second) == ("julian", None, 1858, 5, 16, False)


def test_indonesian_clause_splitting():
    text = ("Perjanjian Tianjin menegaskan hak St. Petersburg untuk mengirim utusan. "
            "Pihak Rusia menerima hak; V. F. Bratishchev hadir.")
    assert ID.split_clauses(text) == [
        "Perjanjian Tianjin menegaskan hak St. Petersburg untuk mengirim utusan.",
        "Pihak Rusia menerima hak;", "V. F. Bratishchev hadir."]


# --- Latin --------------------------------------------------------------------

def test_latin_folding_and_stems():
    assert LA.fold("Julius VIVUS Æthiopia quâ") == "iulius uiuus aethiopia qua"
    assert len(set(keys(LA, "fluvius fluvio fluvii fluviorum Fluuium"))) == 1
    assert keys(LA, "Imperium imperii") == ["imper", "imper"]
    assert keys(LA, "duo") == ["duo"]  # short words keep their ending


@pytest.mark.parametrize("text, expected", [
    ("duodecim", [12]), ("unus", [1]), ("tres", [3]), ("viginti octo", [28]),
    ("mille octingenti quinquaginta octo", [1858]), ("millesimo sexcentesimo octogesimo nono", [1689]),
    ("anno MDCLXXXIX", [1689]), ("articulus IV", [4]), ("C. Julius", []), ("tres et duo", [3, 2]),
])
def test_latin_numbers(text, expected):
    assert values(LA, text) == expected


@pytest.mark.parametrize("line, number", [
    ("Articulus 1", 1), ("Articulus I", 1), ("Art. I", 1), ("ARTICULUS PRIMUS", 1), ("Articulus sextus.", 6),
])
def test_latin_headings(line, number):
    assert LA.article_heading(line) == number


@pytest.mark.parametrize("text, expected, surface", [
    ("die 28 Augusti 1689", (None, None, 1689, 8, 28, False), "28 Augusti 1689"),
    ("die 28 Augusti", (None, None, None, 8, 28, False), "28 Augusti"),
    ("29 Junii anno 1689 stilo veteri", ("julian", None, 1689, 6, 29, False), "29 Junii anno 1689 stilo veteri"),
    ("7 Xbris 1689", (None, None, 1689, 12, 7, False), "7 Xbris 1689"),
])
def test_latin_dates(text, expected, surface):
    (mention,) = LA.dates(text)
    assert date_tuple(mention) == expected and mention.surface == surface


# --- English ------------------------------------------------------------------

@pytest.mark.parametrize("words", [
    ("treaties", "treaty"), ("signed", "signing", "sign", "signs"), ("located", "locate"),
    ("agreed", "agree"), ("boundaries", "boundary"), ("rivers", "river"), ("running", "run"),
])
def test_english_inflections_share_a_key(words):
    assert len({english_stem(word) for word in words}) == 1
    assert english_stem("this") == "this" and english_stem("his") == "his"


@pytest.mark.parametrize("text, expected", [
    ("twelve", [12]), ("twenty-one", [21]), ("one hundred and fifty-eight", [158]),
    ("one thousand eight hundred and fifty-eight", [1858]), ("the first article", [1]),
    ("two and three", [2, 3]), ("twenty-first", [21]), ("1858 and 12", [1858, 12]),
])
def test_english_numbers(text, expected):
    assert values(EN, text) == expected


@pytest.mark.parametrize("line, number", [
    ("Article 1", 1), ("Article I", 1), ("Art. 12", 12), ("ARTICLE XII.", 12), ("Article twelve", 12),
    ("IV.", 4), ("V. F. Bratishchev", None), ("Article", None),
])
def test_english_headings(line, number):
    assert EN.article_heading(line) == number


@pytest.mark.parametrize("text, expected", [
    ("16 May 1858", (None, 1858, 5, 16)), ("May 16, 1858", (None, 1858, 5, 16)),
    ("1st June 1858", (None, 1858, 6, 1)), ("the 1st of June, 1858", (None, 1858, 6, 1)),
    ("May 16th, 1858", (None, 1858, 5, 16)), ("16 May 1858 (O.S.)", ("julian", 1858, 5, 16)),
    ("28 May 1858 N.S.", ("gregorian", 1858, 5, 28)), ("Aug. 28, 1689 Old Style", ("julian", 1689, 8, 28)),
])
def test_english_dates(text, expected):
    (mention,) = EN.dates(text)
    assert (mention.calendar, mention.year, mention.month, mention.day) == expected


@pytest.mark.parametrize("text", ["16 (28) May 1858", "16/28 May 1858", "May 16/28, 1858"])
def test_english_double_dates(text):
    (mention,) = EN.dates(text)
    assert (mention.calendar, mention.day, mention.alternative.calendar, mention.alternative.day) == (
        "julian", 16, "gregorian", 28)


def test_english_may_the_verb_is_not_a_month():
    assert EN.dates("they may 16 times refuse") == []


def test_english_clause_splitting():
    text = ("Mr. Smith went to St. Petersburg on 16 May 1858 (O.S.). He met V. F. Bratishchev, i.e. the "
            "envoy; it cost 1.5 oz. of gold. Done! Really? Yes")
    assert EN.split_clauses(text) == [
        "Mr. Smith went to St. Petersburg on 16 May 1858 (O.S.).",
        "He met V. F. Bratishchev, i.e. the envoy;", "it cost 1.5 oz. of gold.", "Done!", "Really?", "Yes"]


# --- generic ------------------------------------------------------------------

def test_generic_language_rules():
    de = lang.get("de")
    assert de.fold("Straße ÄRGER") == "strasse ärger"
    assert keys(de, "Der Vertrag, von Aigun") == ["der", "vertrag", "von", "aigun"]
    assert values(de, "am 16. Mai 1858, zwölf Artikel, 1.5") == [16, 1858]
    assert de.dates("16 May 1858") == []
    assert de.article_heading("Artikel 1") is None and de.article_heading("3.") == 3
    assert de.split_clauses("Er gilt. Wirklich? Ja; nein! A. B. Muster kam 1.5 mal.") == [
        "Er gilt.", "Wirklich?", "Ja;", "nein!", "A. B. Muster kam 1.5 mal."]


# --- shared ---------------------------------------------------------------------

@pytest.mark.parametrize("code", ["ru", "zh", "id", "la", "en", "mnc"])
def test_default_heading_reads_back(code):
    language = lang.get(code)
    assert all(language.article_heading(language.default_heading(n)) == n for n in range(1, 40))


@pytest.mark.parametrize("code, text", [
    ("ru", "по левому берегу Амура 16 мая 1858 года"), ("zh", "黑龍江左岸，咸豐八年四月十六日"),
    ("id", "Perjanjian Aigun, 16 Mei 1858"), ("la", "fluvius Kerbechi die 28 Augusti 1689"),
    ("en", "the left bank of the Amur, 16 May 1858"),
])
def test_token_number_and_date_offsets_point_into_the_original(code, text):
    language = lang.get(code)
    for item in [*language.tokenize(text), *language.numbers(text), *language.dates(text)]:
        assert text[item.start:item.end] == item.surface
    assert language.dates(text)


def test_boats_are_not_only():
    """船隻 (boats) must not read as 只 'only' after Traditional→Simplified folding."""
    from comparer import lang

    zh = lang.get("zh")
    assert zh.compile_forms({"concept.exclusivity": ["只"]}).find("外國船隻不准由此江河行走") == []
    assert zh.compile_forms({"concept.exclusivity": ["只准"]}).find("只准中國、俄國行船")


def test_indonesian_one_another_is_no_number():
    from comparer import lang

    assert [n.value for n in lang.get("id").numbers("berdagang satu sama lain")] == []


def test_derived_forms_follow_each_languages_morphology():
    from comparer import lang

    ru, id_ = lang.get("ru"), lang.get("id")
    assert ru.may_derive("амурский", "амур") and ru.may_derive("пограничный", "граница")
    assert not ru.may_derive("амур", "амур")  # the word itself is no derivation
    assert id_.may_derive("perdagangan", "dagang")
    assert not id_.may_derive("berdagang", "dagu")  # trading is no form of the port Dagu


@pytest.mark.parametrize("code, text, both", [
    ("ru", "Торговля обоих государств производится беспошлинно.", True),
    ("ru", "Обѣ державы обязуются…", True),
    ("ru", "Оба берега реки принадлежат…", False),
    ("zh", "此後除兩國旱路通商外", True),
    ("zh", "兩江總督", False),
    ("id", "kedua belah pihak berjanji", True),
    ("id", "kedua sungai itu", False),
    ("en", "the two Empires agree", True),
    ("en", "both banks of the river", False),
    ("la", "utriusque imperii subditi", True),
    ("la", "ambo flumina", False),
    ("mn", "хоёр улс", False),  # a language without the rule names nothing so
])
def test_both_parties_are_named_together_by_a_language_rule(code, text, both):
    assert lang.get(code).names_both_parties(text) is both


@pytest.mark.parametrize("code, text, expected", [
    ("ru", "600 тысяч лан серебра", [600_000]),
    ("ru", "1 000 000 рублей", [1_000_000]),
    ("ru", "5 миллионов рублей, 16 мая 1858 года", [5_000_000, 16, 1858]),
    ("en", "600,000 taels and 5 million roubles", [600_000, 5_000_000]),
    ("en", "3.5 miles", []),  # a decimal is no whole number
    ("id", "600.000 tahil dan 5 juta rubel", [600_000, 5_000_000]),
    ("zh", "賠銀600萬兩，又600,000兩", [6_000_000, 600_000]),
])
def test_large_numbers_in_digits_grouped_or_with_a_scale_word(code, text, expected):
    assert values(lang.get(code), text) == expected


@pytest.mark.parametrize("code, text, closes", [
    ("en", "'Come, Nannie! Be a bit more forbearing with them!'", True),
    ("en", 'I said: "Go."', True),
    ("en", "'Get along with you!' laughed Musk.", False),
    ("en", "She was called 'Aroma'.", False),       # a quoted word before the final stop
    ("en", "the girls'", False),                    # an apostrophe, no sentence mark before it
    ("zh", "彼时黛玉也过来劝道：“妈妈，你担待他们些就完了。”", True),
    ("zh", "他说：「走吧！」", True),
    ("zh", "只是‘爱’哥哥‘爱’哥哥的。", False),
    ("ru", "Он сказал: «Идём!»", True),
])
def test_a_text_closes_a_quotation_after_its_last_sentence_mark(code, text, closes):
    assert lang.get(code).closes_quotation(text) is closes
