"""check_treaty on small hand-made treaties (one finding family at a time), the orthography and
self-comparison invariants on the corpus, the JSON schema, and the `comparer check` command."""

from __future__ import annotations

import json
import re

import jsonschema
import opencc
import pytest

from comparer import paths
from comparer.check import check_treaty
from comparer.check.schema import SCHEMA_FILE, render
from comparer.errors import InputError, UnknownLanguage
from comparer.model import (AlignedGroup, Alignment, Annotation, Bibl, Clause, Division, Mark, Status, Treaty,
                            Version, Witness)

GAP = "⟦gap⟧"  # in a clause text given to make_treaty: a <gap/> at this point
UNCLEAR = re.compile(r"⟨(.*?)⟩")  # ⟨…⟩: an <unclear> reading


def _clause(clause_id: str, text: str) -> Clause:
    marks = []
    while True:
        match = UNCLEAR.search(text)
        if not match:
            break
        text = text[:match.start()] + match.group(1) + text[match.end():]
        marks.append(Mark(kind="unclear", start=match.start(), end=match.start() + len(match.group(1))))
    while GAP in text:
        at = text.index(GAP)
        text = text[:at] + text[at + len(GAP):]
        marks.append(Mark(kind="gap", start=at, end=at))
    return Clause(id=clause_id, text=text.strip(), marks=marks)


def make_treaty(texts: dict[str, dict[str, list[str]]], treaty_id: str = "toy-1858") -> Treaty:
    """{lang: {division key: [clause texts]}} -> a treaty whose first language is authentic."""
    versions = {}
    for n, (lang, divisions) in enumerate(texts.items()):
        witness_id = f"{treaty_id}.{lang}"
        divs = []
        for key, clauses in divisions.items():
            kind = {"pre": "preamble", "end": "closing"}.get(key, "article")
            divs.append(Division(kind=kind, n=None if kind != "article" else key[1:],
                                 clauses=[_clause(f"{witness_id}.{key}.c{i}", t) for i, t in enumerate(clauses, 1)]))
        bibl = Bibl(id=f"{witness_id}.bibl", status=Status.authentic if n == 0 else Status.official, citation="test")
        versions[lang] = Version(lang=lang, witnesses=[Witness(id=witness_id, lang=lang, bibl=bibl, divisions=divs)])
    return Treaty(id=treaty_id, titles={"en": treaty_id}, versions=versions)


def parallel(treaty: Treaty, rows: list[dict[str, list[str]]] | None = None) -> Alignment:
    """Groups by division and clause number (c1 with c1), or the given rows of short ids ("a1.c2")."""
    langs = list(treaty.versions)
    if rows is None:
        slots: dict[str, dict[str, list[str]]] = {}
        for lang in langs:
            for clause in treaty.versions[lang].primary.clauses():
                slot = clause.id.split(".", 2)[2]
                slots.setdefault(slot, {})[lang] = [slot]
        rows = list(slots.values())
    groups = [
        AlignedGroup(id=f"g{i}", article=next(iter(row.values()))[0].split(".")[0],
                     segments={lang: [f"{treaty.id}.{lang}.{s}" for s in ids] for lang, ids in row.items()},
                     confidence=1.0)
        for i, row in enumerate(rows)
    ]
    return Alignment(treaty=treaty.id, pivot=langs[0], langs=langs, groups=groups)


@pytest.fixture(scope="session")
def lexicon(corpus):
    return corpus.lexicon


def run(lexicon, texts, rows=None, **kwargs):
    treaty = make_treaty(texts)
    return check_treaty(treaty, lexicon, alignment=parallel(treaty, rows), **kwargs)


def of_type(report, finding_type):
    return [f for f in report.findings if f.type == finding_type]


# ---------------------------------------------------------------- names and concepts


def test_a_river_one_version_adds_is_a_high_missing_concept(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["Левый берег реки Амура до моря да будет владением Российского государства."]},
        "zh": {"a1": ["黑龍江、松花江左岸至海，作為俄羅斯國所屬之地。"]},
    })
    [finding] = report.findings
    assert (finding.type, finding.severity, finding.article, finding.concept) == \
        ("missing_concept", "high", "a1", "place.sungari")
    assert finding.segments == {"zh": ["toy-1858.zh.a1.c1"], "ru": ["toy-1858.ru.a1.c1"]}
    assert finding.values == {"zh": "place.sungari", "ru": "absent"}
    assert finding.evidence == {"zh": ["松花江"]}
    assert finding.message == "Chinese names 松花江 (Sungari) here; Russian names only Amur"


def test_absence_in_untranscribed_text_is_only_low(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["По рекам Амуру и Сунгари плавают суда."]},
        "zh": {"a1": [f"由黑龍江{GAP}行船。"]},
    })
    [finding] = report.findings
    assert (finding.type, finding.severity, finding.concept) == ("missing_concept", "low", "place.sungari")
    assert "not transcribed" in finding.message


def test_a_name_read_with_doubt_is_never_high(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["Река Амур."]},
        "zh": {"a1": ["黑龍江、⟨松花江⟩。"]},
    })
    assert [(f.type, f.severity) for f in report.findings] == [("missing_concept", "medium")]


def test_a_different_river_in_the_same_place_is_a_name_mismatch(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["Река Горбица, которая впадает в реку Шилку, рубеж постановить."]},
        "zh": {"a1": ["格爾必齊河流入黑龍江，為界。"]},
    })
    [finding] = report.findings
    assert (finding.type, finding.severity, finding.concept) == ("name_mismatch", "high", "place.shilka")
    assert finding.values == {"ru": "place.shilka", "zh": "place.amur"}
    assert finding.message == "The river here is Шилку (Shilka) in Russian but 黑龍江 (Amur) in Chinese"


def test_a_name_given_in_the_next_clause_instead_is_moved(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["По реке Сунгари плавают суда.", "Торговля дозволяется."]},
        "zh": {"a1": ["各國船隻行走。", "松花江居住之人一同交易。"]},
    })
    [finding] = [f for f in report.findings if f.concept == "place.sungari"]
    assert (finding.type, finding.severity) == ("moved", "low")
    assert finding.segments == {"ru": ["toy-1858.ru.a1.c1"], "zh": ["toy-1858.zh.a1.c2"]}


def test_a_name_not_repeated_after_the_clause_that_gives_it_is_no_finding(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["Река Амур течет в море.", "Левый берег реки Амура принадлежит России."]},
        "zh": {"a1": ["黑龍江流入海。", "其左岸屬俄羅斯。"]},
    })
    assert report.findings == []


def test_a_name_in_a_derived_form_is_not_reported_missing(lexicon):
    # "амурский главнокомандующий" names the Amur as 黑龍江將軍 does; the matcher sees only the river
    report = run(lexicon, {
        "ru": {"a1": ["Амурский главнокомандующий И-Шань."]},
        "zh": {"a1": ["黑龍江將軍奕山。"]},
    })
    assert report.findings == []


# ---------------------------------------------------------------- numbers, dates


def test_numbers_agree_across_numeral_systems_and_a_changed_one_is_reported(lexicon):
    same = run(lexicon, {"ru": {"a1": ["На двадцать верст выше устья."]}, "zh": {"a1": ["與江口相距不過二十里。"]}})
    assert same.findings == []
    report = run(lexicon, {"ru": {"a1": ["На двадцать верст выше устья."]}, "zh": {"a1": ["與江口相距不過三十里。"]}})
    [finding] = report.findings
    assert (finding.type, finding.severity, finding.values) == ("number_mismatch", "high", {"ru": "20", "zh": "30"})
    assert finding.message == "The numbers here differ: 20 in Russian; 30 in Chinese"


@pytest.mark.parametrize("ru, zh", [
    ("Купцы торгуют в пределах 20 верст от границы.", "商人准在離邊界四十里以內貿易。"),  # 21.3 km, 23.0 km
    ("С каждого воза берется не более 10 пудов.", "每車不過二百七十斤。"),           # 163.8 kg, 161.1 kg
])
def test_a_quantity_in_another_unit_of_measure_agrees(lexicon, ru, zh):
    assert run(lexicon, {"ru": {"a1": [ru]}, "zh": {"a1": [zh]}}).findings == []


@pytest.mark.parametrize("ru, zh", [
    ("Купцы торгуют в пределах 20 верст от границы.", "商人准在離邊界百里以內貿易。"),
    ("Караван не должен превышать 200 человек.", "商隊人數不得過四十里。"),  # no unit on one side: values compared
])
def test_a_quantity_in_another_unit_that_differs_is_reported(lexicon, ru, zh):
    [finding] = run(lexicon, {"ru": {"a1": [ru]}, "zh": {"a1": [zh]}}).findings
    assert finding.type == "number_mismatch"


def test_spelled_out_one_and_two_are_idiom_not_quantity(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Подданные обоих государств торгуют."]},
                           "zh": {"a1": ["兩國所屬之人一同交易。"]}})
    assert report.findings == []


def test_one_day_in_three_calendars_and_four_languages_agrees(lexicon):
    report = run(lexicon, {
        "ru": {"end": ["Город Айгун, мая 16 дня 1858 года."]},
        "zh": {"end": ["咸豐八年四月十六日"]},
        "id": {"end": ["Kota Aigun, tanggal 16 Mei 1858."]},
        "en": {"end": ["Aigun, 28 May 1858."]},
    })
    assert of_type(report, "date_mismatch") == []


def test_a_date_one_day_off_reports_every_reading(lexicon):
    # an English date that states no calendar may be either (a Russian one of 1858 is Julian: test_check_dates)
    report = run(lexicon, {"en": {"end": ["Signed May 16, 1858."]}, "zh": {"end": ["咸豐八年四月十七日"]}})
    [finding] = report.findings
    assert (finding.type, finding.severity, finding.article) == ("date_mismatch", "high", "end")
    assert finding.values == {"en": "1858-05-28 (julian) / 1858-05-16 (gregorian)", "zh": "1858-05-29 (qing)"}
    assert finding.evidence == {"en": ["May 16, 1858"], "zh": ["咸豐八年四月十七日"]}


# ---------------------------------------------------------------- directions, modality


def test_left_bank_against_right_bank_is_a_direction_mismatch(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Левый берег реки Амура."]}, "zh": {"a1": ["黑龍江右岸。"]}})
    [finding] = report.findings
    assert (finding.type, finding.severity) == ("direction_mismatch", "high")
    assert finding.values == {"ru": "concept.left-bank", "zh": "concept.right-bank"}


def test_left_bank_against_north_side_is_a_direction_mismatch(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Левый берег реки Амура."]}, "zh": {"a1": ["黑龍江北岸。"]}})
    assert [f.type for f in report.findings] == ["direction_mismatch"]


def test_left_bank_glossed_as_north_agrees_with_north_side(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Земли по левому берегу (на север) реки Амур."]},
                           "zh": {"a1": ["黑龍江北邊地。"]}})
    assert report.findings == []


def test_banks_swapped_between_the_two_states_is_a_direction_mismatch(lexicon):
    report = run(lexicon, {
        "ru": {"a1": ["Левый берег реки Амура да будет владением Российского государства, "
                      "а правый берег владением Дайцинского государства."]},
        "zh": {"a1": ["黑龍江左岸作為大清國所屬之地；右岸作為俄羅斯國所屬之地。"]},
    })
    [finding] = report.findings
    assert finding.type == "direction_mismatch"
    assert finding.values == {"ru": "concept.left-bank → org.russia; concept.right-bank → org.qing",
                              "zh": "concept.left-bank → org.qing; concept.right-bank → org.russia"}


def test_may_against_shall_is_a_modality_mismatch_but_only_added_is_not(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Суда могут плавать по рекам."]}, "zh": {"a1": ["船應由江河行船。"]}})
    [finding] = report.findings
    assert (finding.type, finding.values) == ("modality_mismatch", {"ru": "concept.permission", "zh": "concept.obligation"})
    assert finding.severity == "medium"
    only = run(lexicon, {"ru": {"a1": ["Плавать могут только суда обоих государств."]},
                         "zh": {"a1": ["只准兩國行船。"]}})
    assert only.findings == []


# ---------------------------------------------------------------- structure


def test_a_clause_without_counterpart_is_unaligned_and_low_next_to_untranscribed_text(lexicon):
    texts = {"ru": {"a1": ["Река Амур.", "Торговля дозволяется."], "a2": ["Копии вручены."]},
             "zh": {"a1": ["黑龍江。"], "a2": ["照依此文繕錄。"]}}
    rows = [{"ru": ["a1.c1"], "zh": ["a1.c1"]}, {"ru": ["a1.c2"]}, {"ru": ["a2.c1"], "zh": ["a2.c1"]}]
    [finding] = run(lexicon, texts, rows).findings
    assert (finding.type, finding.severity, finding.article) == ("unaligned_clause", "medium", "a1")
    assert finding.segments == {"ru": ["toy-1858.ru.a1.c2"]} and finding.values == {"ru": "present", "zh": "absent"}
    texts["zh"]["a1"].append(GAP)
    rows[1] = {"ru": ["a1.c2"], "zh": ["a1.c2"]}
    assert run(lexicon, texts, rows).findings == []  # facing a clause that was not transcribed: nothing to say
    rows[1:2] = [{"ru": ["a1.c2"]}, {"zh": ["a1.c2"]}]
    [finding] = run(lexicon, texts, rows).findings
    assert (finding.type, finding.severity) == ("unaligned_clause", "low")
    assert "untranscribed" in finding.message


def test_different_article_counts_and_order_are_structure_mismatches(lexicon):
    texts = {"ru": {"a1": ["Река Амур."], "a2": ["Торговля дозволяется."], "a3": ["Копии вручены."]},
             "zh": {"a1": ["黑龍江。"], "a2": ["照依此文繕錄。"], "a3": ["一同交易。"], "a4": ["永遠遵行。"]}}
    rows = [{"ru": ["a1.c1"], "zh": ["a1.c1"]}, {"ru": ["a2.c1"], "zh": ["a3.c1"]},
            {"ru": ["a3.c1"], "zh": ["a2.c1"]}, {"zh": ["a4.c1"]}]
    report = run(lexicon, texts, rows)
    structure = sorted(of_type(report, "structure_mismatch"), key=lambda f: -len(f.values))  # count, then order
    assert [f.values for f in structure] == [{"ru": "3", "zh": "4"}, {"zh": "1, 3, 2, 4"}]
    assert structure[1].segments == {"zh": ["toy-1858.zh.a2.c1"]}
    assert all(f.article is None for f in structure)


def test_a_group_far_longer_than_the_pair_usually_is_a_low_length_outlier(lexicon):
    ru = ["Статья о торговле между двумя государствами."] * 6 + ["Статья о торговле между двумя государствами. " * 8]
    zh = ["兩國通商之事。"] * 7
    report = run(lexicon, {"ru": {"a1": ru}, "zh": {"a1": zh}})
    [finding] = of_type(report, "length_outlier")
    assert finding.severity == "low" and finding.segments["ru"] == ["toy-1858.ru.a1.c7"]


# ---------------------------------------------------------------- ids, reviews, languages


def test_ids_are_stable_and_do_not_depend_on_the_message_language(lexicon):
    texts = {"ru": {"a1": ["Река Шилка.", "Суда могут плавать."], "end": ["Мая 16 дня 1858 года."]},
             "zh": {"a1": ["黑龍江。", "船應行船。"], "end": ["咸豐八年四月十七日"]}}
    first, again, indonesian = run(lexicon, texts), run(lexicon, texts), run(lexicon, texts, ui_lang="id")
    ids = [f.id for f in first.findings]
    assert len(ids) == 3 and len(set(ids)) == 3
    assert all(re.fullmatch(r"F-[0-9a-f]{8}", i) for i in ids)
    assert ids == [f.id for f in again.findings] == [f.id for f in indonesian.findings]
    assert [f.message for f in first.findings] != [f.message for f in indonesian.findings]


def test_messages_in_indonesian(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Река Амур."]}, "zh": {"a1": ["黑龍江、松花江。"]}}, ui_lang="id")
    assert report.findings[0].message == "Tionghoa menyebut 松花江 (Sungari) di sini; Rusia hanya menyebut Amur"


def test_a_review_in_the_treaty_sets_the_finding_status(lexicon):
    texts = {"ru": {"a1": ["Река Амур."]}, "zh": {"a1": ["黑龍江、松花江。"]}}
    treaty = make_treaty(texts)
    [finding] = check_treaty(treaty, lexicon, alignment=parallel(treaty)).findings
    assert finding.review == "open"
    reviewed = treaty.model_copy(update={"annotations": [
        Annotation(id="review.1", targets=["toy-1858.zh.a1.c1"], ana=f"#{finding.id}", status="dismissed"),
    ]})
    [again] = check_treaty(reviewed, lexicon, alignment=parallel(reviewed)).findings
    assert (again.id, again.review) == (finding.id, "dismissed")


def test_bad_parameters_are_user_errors(lexicon):
    treaty = make_treaty({"ru": {"a1": ["Река Амур."]}, "zh": {"a1": ["黑龍江。"]}})
    with pytest.raises(UnknownLanguage):
        check_treaty(treaty, lexicon, langs=["ru", "la"], alignment=parallel(treaty))
    with pytest.raises(InputError, match="interface language"):
        check_treaty(treaty, lexicon, alignment=parallel(treaty), ui_lang="fr")
    ru_only = parallel(treaty).model_copy(update={"langs": ["ru"]})
    with pytest.raises(InputError, match="does not cover zh"):
        check_treaty(treaty, lexicon, langs=["ru", "zh"], alignment=ru_only)


# ---------------------------------------------------------------- invariants on the corpus


def _as_second_version(treaty: Treaty, witness: Witness, key: str) -> Treaty:
    """The treaty with `witness` added as a version of its own under `key`, aligned by corresp."""
    versions = dict(treaty.versions) | {key: Version(lang=witness.lang, witnesses=[witness])}
    return treaty.model_copy(update={"versions": versions})


def _aligned_copy(treaty: Treaty, lang: str, key: str, copy: Witness) -> Alignment:
    primary = treaty.versions[lang].primary
    target = {c.corresp.removeprefix("#") if c.corresp else c.id: c.id for c in copy.clauses()}
    groups = []
    for division in primary.divisions:
        for clause in division.clauses:
            row = {lang: [clause.id]} | ({key: [target[clause.id]]} if clause.id in target else {})
            groups.append(AlignedGroup(id=f"g.{clause.id}", article=division.key, segments=row, confidence=1.0))
    return Alignment(treaty=treaty.id, pivot=lang, langs=[lang, key], groups=groups)


def _copy_with(witness: Witness, transform) -> Witness:
    divisions = [d.model_copy(update={"clauses": [c.model_copy(update={"text": transform(c.text)}) for c in d.clauses]})
                 for d in witness.divisions]
    return witness.model_copy(update={"divisions": divisions})


@pytest.mark.parametrize("treaty_id", ["aigun-1858", "tianjin-1858", "beijing-1860", "nerchinsk-1689"])
def test_every_version_checked_against_itself_gives_nothing(corpus, treaty_id):
    treaty = corpus.treaty(treaty_id)
    for lang, version in treaty.versions.items():
        copy = version.primary
        twin = _as_second_version(treaty, copy, "xx")
        report = check_treaty(twin, corpus.lexicon, langs=[lang, "xx"], alignment=_aligned_copy(twin, lang, "xx", copy))
        assert _between_versions(report) == [], (lang, [f.message for f in report.findings])
        _each_version_contradicts_itself_alike(report, lang, "xx")


def _between_versions(report):
    """The findings that compare versions: a date_inconsistency is about one version alone."""
    return [f for f in report.findings if f.type != "date_inconsistency"]


def _each_version_contradicts_itself_alike(report, lang, twin):
    inconsistent = {key: [f.values[key] for f in report.findings if f.type == "date_inconsistency" and key in f.segments]
                    for key in (lang, twin)}
    assert inconsistent[lang] == inconsistent[twin]


@pytest.mark.parametrize("treaty_id", ["aigun-1858", "tianjin-1858", "beijing-1860", "nerchinsk-1689"])
def test_simplified_chinese_copy_gives_nothing(corpus, treaty_id):
    treaty = corpus.treaty(treaty_id)
    to_simplified = opencc.OpenCC("t2s").convert
    copy = _copy_with(treaty.versions["zh"].primary, to_simplified)
    assert copy.clauses()[0].text != treaty.versions["zh"].primary.clauses()[0].text or not copy.clauses()[0].text
    twin = _as_second_version(treaty, copy, "xx")
    report = check_treaty(twin, corpus.lexicon, langs=["zh", "xx"], alignment=_aligned_copy(twin, "zh", "xx", copy))
    assert _between_versions(report) == [], [f.message for f in report.findings]
    _each_version_contradicts_itself_alike(report, "zh", "xx")


def test_the_old_orthography_edition_differs_from_the_modern_one_only_where_its_words_do(corpus):
    """Barsukov's 1891 edition (pre-1918 spelling, Уссури, Дайцынскаго) against the 1952 one: the
    only real difference is the preamble's "охранения от иностранцев" (present in Barsukov's edition, absent in the 1952 one)."""
    treaty = corpus.treaty("aigun-1858")
    barsukov = treaty.versions["ru"].witness("barsukov")
    twin = _as_second_version(treaty, barsukov, "xx")
    report = check_treaty(twin, corpus.lexicon, langs=["ru", "xx"], alignment=_aligned_copy(twin, "ru", "xx", barsukov))
    real = [f for f in report.findings if f.article == "pre" and f.type == "missing_concept"]
    untranscribed = [f for f in report.findings if f.severity == "low" and "untranscribed" in f.message]
    assert sorted(report.findings, key=id) == sorted(real + untranscribed, key=id), \
        [f.message for f in report.findings]


# ---------------------------------------------------------------- JSON and schema


def test_the_schema_file_is_generated_from_the_model():
    on_disk = paths.schema(SCHEMA_FILE).read_text(encoding="utf-8")
    assert on_disk == render(), "schemas/findings.schema.json is stale: run python -m comparer.check.schema"


def test_a_report_validates_against_the_schema(lexicon):
    report = run(lexicon, {"ru": {"a1": ["Левый берег реки Шилки, двадцать верст."], "end": ["Мая 16 дня 1858 года."]},
                           "zh": {"a1": ["黑龍江右岸，三十里。"], "end": ["咸豐八年四月十七日"]}})
    assert {f.type for f in report.findings} >= {"name_mismatch", "number_mismatch", "date_mismatch", "direction_mismatch"}
    schema = json.loads(paths.schema(SCHEMA_FILE).read_text(encoding="utf-8"))
    jsonschema.validate(report.model_dump(mode="json"), schema)
    broken = report.model_dump(mode="json")
    broken["findings"][0]["severity"] = "critical"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(broken, schema)


# ---------------------------------------------------------------- the command line

RU_TEXT = ("Статья 1\nЛевый берег реки Амура до моря да будет владением Российского государства.\n"
           "По рекам Амуру и Уссури могут плавать только суда обоих государств.\n")
ZH_TEXT = "第一條\n黑龍江、松花江左岸至海，作為俄羅斯國所屬之地。\n由黑龍江、烏蘇里河，此後只准兩國行船。\n"


@pytest.fixture()
def text_files(tmp_path):
    (tmp_path / "ru.txt").write_text(RU_TEXT, encoding="utf-8")
    (tmp_path / "zh.txt").write_text(ZH_TEXT, encoding="utf-8")
    return tmp_path


def test_check_own_texts_as_json(run_cli, text_files):
    result = run_cli("check", "--text", f"ru={text_files / 'ru.txt'}", "--text", f"zh={text_files / 'zh.txt'}", "--json")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, json.loads(paths.schema(SCHEMA_FILE).read_text(encoding="utf-8")))
    assert data["langs"] == ["ru", "zh"]
    [sungari] = [f for f in data["findings"] if f["concept"] == "place.sungari"]
    assert (sungari["type"], sungari["severity"], sungari["article"]) == ("missing_concept", "high", "a1")
    assert "user-texts.zh.a1.c1" in sungari["segments"]["zh"]


def test_check_a_corpus_treaty_one_line_per_finding(run_cli):
    result = run_cli("check", "aigun-1858", "--langs", "ru,zh")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    sungari = [line for line in lines if "松花江" in line and "missing_concept" in line]
    assert len(sungari) == 1
    assert re.fullmatch(r"F-[0-9a-f]{8}  art\. 1 +missing_concept +high +Chinese names 松花江 \(Sungari\) here; "
                        r"Russian names only .+"
                        r"  \[aigun-1858\.ru\.a1\.c1(, aigun-1858\.ru\.a1\.c\d)* \| "
                        r"aigun-1858\.zh\.a1\.c1(, aigun-1858\.zh\.a1\.c\d)*\]", sungari[0])
    assert re.match(r"\d+ finding\(s\) between ru, zh: \d+ high, \d+ medium, \d+ low$", lines[-1])


@pytest.mark.parametrize("args, expected", [
    (["aigun-1858", "--text", "ru=x.txt"], "not both"),
    ([], "give a treaty id"),
    (["aigun-1858", "--langs", "ru,fr"], "no 'fr' version"),
    (["aigun-1858", "--langs", "ru"], "at least two versions"),
    (["aigun-1858", "--ui-lang", "fr"], "interface language"),
    (["no-such-treaty"], "unknown treaty"),
    (["--text", "ru"], "expected LANG=FILE"),
])
def test_bad_arguments_give_one_line_on_stderr(run_cli, args, expected):
    result = run_cli("check", *args)
    assert result.exit_code != 0
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("content, expected", [
    (RU_TEXT.encode("cp1251"), "not UTF-8"),
    (b"   \n", "empty"),
    ("Река Амур без заголовков статей.\n".encode(), "no article headings"),
])
def test_bad_text_files_give_one_line_on_stderr(run_cli, text_files, content, expected):
    (text_files / "bad.txt").write_bytes(content)
    result = run_cli("check", "--text", f"ru={text_files / 'bad.txt'}", "--text", f"zh={text_files / 'zh.txt'}")
    assert result.exit_code != 0
    assert expected in result.stderr and len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_language_code_in_text_is_a_user_error(run_cli, text_files):
    result = run_cli("check", "--text", f"russian={text_files / 'ru.txt'}", "--text", f"zh={text_files / 'zh.txt'}")
    assert result.exit_code != 0 and "not a language code" in result.stderr
