"""Treaty-level alignment: article mapping, clause rows, N-way composition, corrections, errors."""

from __future__ import annotations

import json

import pytest

from comparer import plaintext
from comparer.align.treaty import CORRECTION, align_treaty
from comparer.errors import InputError, UnknownLanguage
from comparer.model import AlignmentLink


def test_every_clause_of_every_version_is_in_exactly_one_row(corpus):
    for treaty in corpus.treaties.values():
        alignment = align_treaty(treaty, corpus.lexicon, semantic=False)
        for lang in alignment.langs:
            ids = [c for g in alignment.groups for c in g.segments.get(lang, [])]
            assert sorted(ids) == sorted(c.id for c in treaty.version(lang).primary.clauses()), (treaty.id, lang)


def test_aigun_article_one_rows_pair_the_same_clauses(corpus):
    alignment = align_treaty(corpus.treaty("aigun-1858"), corpus.lexicon, ["ru", "zh", "id"], semantic=False)
    row = alignment.group_of("aigun-1858.ru.a1.c1")
    assert row.segments == {"ru": ["aigun-1858.ru.a1.c1"], "zh": ["aigun-1858.zh.a1.c1"], "id": ["aigun-1858.id.a1.c1"]}
    assert row.article == "a1"
    assert {"place.amur", "place.argun", "concept.left-bank"} <= {e.key for e in row.evidence}
    assert 0.5 < row.confidence <= 1


def test_the_date_lines_meet_across_calendars(corpus):
    """мая 16 дня 1858 (Julian) and 咸豐八年四月十六日 name one day: the date ties the rows."""
    alignment = align_treaty(corpus.treaty("aigun-1858"), corpus.lexicon, ["ru", "zh"], semantic=False)
    row = alignment.group_of("aigun-1858.zh.end.c1")
    assert "aigun-1858.ru.end.c1" in row.segments["ru"]
    assert any(e.kind == "date" for e in row.evidence)


def _user_treaty(ru: str, zh: str):
    return plaintext.treaty_from_texts("t-1900", {"ru": ru, "zh": zh})


def test_articles_are_mapped_by_content_when_numbering_differs(corpus):
    ru = "Статья 1\nЛевый берег реки Амура принадлежит России.\nСтатья 2\nПо рекам Амуру и Сунгари могут плавать суда.\nСтатья 3\nТорговля дозволяется на реке Усури.\n"
    # The Chinese merges articles 1 and 2 into one item and numbers the trade clause 2.
    zh = "第一條\n黑龍江左岸作為俄羅斯國所屬之地。\n黑龍江、松花江只准行船。\n第二條\n烏蘇里河一同交易。\n"
    alignment = align_treaty(_user_treaty(ru, zh), corpus.lexicon, semantic=False)
    assert alignment.group_of("t-1900.ru.a3.c1").segments["zh"] == ["t-1900.zh.a2.c1"]
    assert alignment.group_of("t-1900.ru.a2.c1").segments["zh"] == ["t-1900.zh.a1.c2"]


def test_an_added_clause_gets_its_own_row_in_order(corpus):
    ru = "Статья 1\nЛевый берег реки Амура принадлежит России.\nТорговля дозволяется на реке Усури.\n"
    zh = "第一條\n黑龍江左岸作為俄羅斯國所屬之地。\n松花江海口設立界碑十二座。\n烏蘇里河一同交易。\n"
    alignment = align_treaty(_user_treaty(ru, zh), corpus.lexicon, semantic=False)
    rows = [g.segments for g in alignment.groups]
    assert {"zh": ["t-1900.zh.a1.c2"]} in rows
    position = rows.index({"zh": ["t-1900.zh.a1.c2"]})
    assert rows[position - 1]["ru"] == ["t-1900.ru.a1.c1"] and rows[position + 1]["ru"] == ["t-1900.ru.a1.c2"]


def test_n_way_rows_join_versions_through_the_pivot(corpus):
    alignment = align_treaty(corpus.treaty("tianjin-1858"), corpus.lexicon, ["ru", "zh", "id"], pivot="ru",
                             semantic=False)
    assert alignment.pivot == "ru"
    id_rows = [g for g in alignment.groups if "id" in g.segments and "ru" in g.segments]
    # The Indonesian is our clause-by-clause translation of the Russian: one row per clause.
    assert all(len(g.segments["id"]) == len(g.segments["ru"]) for g in id_rows)


def test_a_scholars_correction_is_kept_and_aligned_around(corpus):
    treaty = corpus.treaty("aigun-1858")
    forced = AlignmentLink(targets=["aigun-1858.ru.a1.c1", "aigun-1858.ru.a1.c2", "aigun-1858.zh.a1.c1"],
                           type=CORRECTION, resp="#editor")
    corrected = treaty.model_copy(update={"alignment": [forced]})
    alignment = align_treaty(corrected, corpus.lexicon, ["ru", "zh"], semantic=False)
    row = alignment.group_of("aigun-1858.ru.a1.c1")
    assert row.fixed and row.confidence == 1.0
    assert row.segments == {"ru": ["aigun-1858.ru.a1.c1", "aigun-1858.ru.a1.c2"], "zh": ["aigun-1858.zh.a1.c1"]}
    # The clauses after the fixed row are still aligned to their counterparts.
    assert "aigun-1858.zh.a1.c3" in alignment.group_of("aigun-1858.ru.a1.c3").segments["zh"]
    assert alignment.group_of("aigun-1858.ru.a1.c4").segments["zh"] == ["aigun-1858.zh.a1.c4"]


def test_unknown_language_and_bad_pivot(corpus):
    treaty = corpus.treaty("aigun-1858")
    with pytest.raises(UnknownLanguage):
        align_treaty(treaty, corpus.lexicon, ["ru", "la"], semantic=False)
    with pytest.raises(InputError):
        align_treaty(treaty, corpus.lexicon, ["ru", "zh"], pivot="id", semantic=False)


def test_align_json_has_the_documented_shape(run_cli):
    result = run_cli("align", "aigun-1858", "--langs", "ru,zh", "--json", "--no-semantic")
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"treaty", "pivot", "langs", "groups", "texts", "clauses"}
    assert data["langs"] == ["ru", "zh"] and data["pivot"] == "ru"
    group = data["groups"][0]
    assert set(group) >= {"id", "article", "segments", "confidence", "evidence"}
    # what each text is, and every clause of the rows with its marks
    assert set(data["texts"]) == {"ru", "zh"} and data["texts"]["ru"]["transcription"]
    assert {c for g in data["groups"] for ids in g["segments"].values() for c in ids} == set(data["clauses"])


def test_align_files_prints_a_ladder_covering_every_line(run_cli, tmp_path):
    src = tmp_path / "de.txt"
    tgt = tmp_path / "fr.txt"
    src.write_text("Der Berg ist 4478 Meter hoch.\nWir stiegen um 5 Uhr auf.\nDas Wetter war gut.\n", encoding="utf-8")
    tgt.write_text("La montagne a 4478 mètres.\nNous sommes partis à 5 heures.\nIl faisait beau.\nTrès beau.\n",
                   encoding="utf-8")
    result = run_cli("align-files", str(src), str(tgt), "--no-semantic")
    assert result.exit_code == 0, result.stderr
    beads = [line for line in result.stdout.splitlines() if line]
    assert beads[0] == "[0]:[0]" and beads[1] == "[1]:[1]"
    covered = [n for line in beads for n in json.loads(line.split(":")[1])]
    assert sorted(covered) == [0, 1, 2, 3]


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\x00\x01\x02binary", "binary"),
    (b"\xff\xfe\xfa not utf8", "UTF-8"),
])
def test_align_files_refuses_bad_input(run_cli, tmp_path, content, message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Ein Satz.\n", encoding="utf-8")
    result = run_cli("align-files", str(bad), str(good), "--no-semantic")
    assert result.exit_code != 0 and message in result.stderr and "Traceback" not in result.stderr


def test_align_files_refuses_a_file_in_another_script(run_cli, tmp_path):
    ru = tmp_path / "ru.txt"
    ru.write_text("黑龍江左岸。\n", encoding="utf-8")
    result = run_cli("align-files", str(ru), str(ru), "--src-lang", "ru", "--tgt-lang", "zh", "--no-semantic")
    assert result.exit_code != 0 and "does not look like Russian" in result.stderr


def test_rows_take_the_pivots_article_whatever_the_column_order(corpus):
    alignment = align_treaty(corpus.treaty("aigun-1858"), corpus.lexicon, ["zh", "ru"], pivot="ru", semantic=False)
    assert alignment.group_of("aigun-1858.ru.a2.c1").article == "a2"
    assert alignment.group_of("aigun-1858.ru.a1.c1").id == "g.aigun-1858.ru.a1.c1"
