"""The bundled texts say what the printed editions say (issue 12, items 3 and 4).

Every test reads the real TEI files through the corpus loader. Where an edition's text is wrong (the
Peking treaty dates the Aigun treaty 16 May 1858 = Xianfeng 8/4/21, which are different days), the
corpus encodes the text as printed: the inconsistency is the historical fact the checks must find.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from comparer import calendars

REPO = Path(__file__).resolve().parent.parent

# Peking 1860, art. 1: the Aigun treaty as both texts date it.
AIGUN_DATING = {
    "ru": ("1858 года, мая 16-го дня", "(Сян-фын VIII года, IV луны, 21-го числа)"),
    "zh": ("一千八百五十八年瑪乙月十六日", "即咸豐八年四月二十一日"),
    "id": ("16 Mei 1858", "(tahun VIII Xianfeng, bulan IV, tanggal 21)"),
}
# … and the Tianjin treaty's Qing date in the same sentence (its European date: 1 June).
TIANJIN_QING_DATING = {"ru": "V луны, 3-го числа", "zh": "即五月初三日", "id": "bulan V, tanggal 3"}


@pytest.fixture(scope="module")
def peking(corpus):
    return corpus.treaty("beijing-1860").clause_index()


@pytest.mark.parametrize("lang", ["ru", "zh", "id"])
def test_peking_article_1_dates_the_aigun_treaty_16_may_and_4th_month_21st_day(peking, lang):
    text = peking[f"beijing-1860.{lang}.a1.c1"].text
    european, qing = AIGUN_DATING[lang]
    assert european in text and qing in text
    assert text.index(european) < text.index(qing) < text.index(TIANJIN_QING_DATING[lang])


def test_peking_article_1_chinese_no_longer_has_the_corrected_aigun_date(peking):
    assert "四月十六日" not in peking["beijing-1860.zh.a1.c1"].text


@pytest.mark.parametrize("lang", ["ru", "zh", "id"])
def test_peking_article_1_dates_the_tianjin_treaty_5th_month_3rd_day(peking, lang):
    clause = peking[f"beijing-1860.{lang}.a1.c1"]
    assert TIANJIN_QING_DATING[lang] in clause.text
    if lang == "zh":  # its European date (1 June, the month in transcription) is not transcribed
        gap_at = [m.start for m in clause.marks if m.kind == "gap"]
        assert clause.text.index("即五月初三日") in gap_at
    else:
        assert ("июня 1-го дня" if lang == "ru" else "1 Juni") in clause.text


def test_the_two_datings_of_the_aigun_treaty_name_different_days(corpus):
    """16 May 1858 (Julian) is the Aigun treaty's day (its header); Xianfeng 8/4/21 is five days later."""
    aigun_julian = next(d.value for d in corpus.treaty("aigun-1858").dates if d.calendar == "julian")
    european = calendars.from_julian(*map(int, aigun_julian.split("-")))
    assert european == calendars.from_julian(1858, 5, 16)
    assert calendars.from_qing("xianfeng", 8, 4, 21) != european
    assert calendars.from_qing("xianfeng", 8, 4, 21) == calendars.from_julian(1858, 5, 21)
    assert calendars.from_qing("xianfeng", 8, 5, 3) == calendars.from_julian(1858, 6, 1)


@pytest.mark.parametrize(("clause", "content"), [
    ("beijing-1860.zh.a1.c11", "boundary is never to be changed"),
    ("beijing-1860.ru.a1.c11", "boundary is never to be changed"),
    ("beijing-1860.zh.a2.c4", "doubtful"),
    ("beijing-1860.ru.a2.c4", "doubtful"),
    ("beijing-1860.zh.pre.c3", "full powers"),
])
def test_peking_sentences_the_project_lacked_are_gaps_with_a_note_of_their_content(peking, clause, content):
    found = peking[clause]
    assert any(m.kind == "gap" for m in found.marks)
    assert any(content in note for note in found.notes)


def test_tianjin_article_2_russian_has_no_invented_purpose_and_its_first_sentence_is_a_gap(corpus):
    tianjin = corpus.treaty("tianjin-1858")
    article = tianjin.version("ru").primary.article(2)
    assert "ускорения" not in " ".join(c.text for c in article.clauses)
    first = article.clauses[0]
    assert not first.text and "former right to send envoys" in first.notes[0]
    chinese_first = tianjin.version("zh").primary.article(2).clauses[0]
    assert not chinese_first.text and "to be amended" in chinese_first.notes[0]


def test_nerchinsk_russian_titles_keep_the_copys_endings(corpus):
    text = corpus.treaty("nerchinsk-1689").clause_index()["nerchinsk-1689.ru.pre.c2"].text
    assert "наместник брянской" in text and "наместник елатомской" in text
    assert "брянский" not in text and "елатомский" not in text


# A note must cite the edition or public source itself, never the project's research notes file
# (not part of the project) nor a path on someone's machine.
PRIVATE_REFERENCE = re.compile(
    r"treaty-facts|project(?:'s)? (?:research )?notes|found in the notes"  # the notes file, by name or description
    r"|(?<![\w.:/])/(?:work|home|Users|tmp)/|\b[A-Z]:\\")  # an absolute path (not a URL's path)


def _data_files():
    for folder in ("texts", "docs", "web", "tests/data", "tests/fixtures"):
        for path in sorted((REPO / folder).rglob("*")):
            if path.is_file() and path.suffix in {".xml", ".md", ".json", ".html", ".txt", ".csv", ".js", ".css"}:
                yield path


def test_no_reference_points_outside_the_project():
    offending = [f"{path.relative_to(REPO)}:{n}: {match.group(0)}"
                 for path in _data_files()
                 for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 for match in [PRIVATE_REFERENCE.search(line)] if match]
    assert offending == []
