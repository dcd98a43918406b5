"""Negation and statements by each language's rules (comparer.lang.statements): what a negator
negates, where a statement ends, how negation turns a modality."""

from __future__ import annotations

import pytest

from comparer import lang


def negated(code: str, text: str) -> list[tuple[str, str]]:
    """(negator, the words it negates) for every negation in the text."""
    return [(n.surface, text[n.scope_start:n.scope_end].strip()) for n in lang.get(code).negations(text)]


@pytest.mark.parametrize("code,text,expected", [
    ("ru", "Сухопутная торговля впредь не будет ограничиваема", [("не", "будет ограничиваема")]),
    ("ru", "будут без отлагательства исследованы на местах", [("без", "отлагательства")]),  # the delay, not the survey
    ("ru", "плавать не должно, а правый берег", [("не", "должно")]),  # a comma ends the scope
    ("id", "Perdagangan darat tidak akan dibatasi", [("tidak", "akan dibatasi")]),
    ("id", "diperbolehkan tanpa batasan jumlah pedagang", [("tanpa", "batasan")]),
    ("id", "tidak hanya melalui darat, tetapi juga melalui laut", [("tidak", "hanya melalui")]),
    ("en", "Article 4 does not limit the number", [("not", "limit the")]),
    ("en", "The treaty doesn't name it", [("doesn't", "name it")]),
    ("zh", "准許兩國所屬之人隨便交易，並不納稅。", [("不", "納稅")]),
    ("zh", "璦琿條約不是在天津簽訂的。", [("不是", "在天津簽訂的")]),  # the rest of the statement
    ("zh", "商人數目不必示以限制", [("不", "必示以")]),
    ("la", "non licet nisi Russis", [("non", "licet nisi"), ("nisi", "Russis")]),
])
def test_a_negator_negates_the_words_after_it(code, text, expected):
    assert negated(code, text) == expected


def test_a_negator_is_a_whole_word():
    assert negated("id", "Tidakkah") == [] and negated("ru", "необходимо") == [] and negated("en", "nothing") == []


@pytest.mark.parametrize("code,text,parts", [
    ("zh", "由黑龍江、松花江、烏蘇里河，此後只准中國、俄國行船，各別外國船隻不准由此江河行走。",
     ["由黑龍江、松花江、烏蘇里河", "此後只准中國、俄國行船", "各別外國船隻不准由此江河行走"]),
    ("ru", "Левый берег да будет владением Российского государства, а правый берег владением Дайцинского государства;",
     ["Левый берег да будет владением Российского государства, ", "а правый берег владением Дайцинского государства"]),
    ("id", "kapal negara Rusia boleh berlayar; kapal negara asing tidak boleh berlayar.",
     ["kapal negara Rusia boleh berlayar", "kapal negara asing tidak boleh berlayar"]),
])
def test_statements_end_at_the_languages_breaks(code, text, parts):
    grammar = lang.get(code).statements
    assert [text[s:e] for s, e in grammar.statements(text)] == parts


@pytest.mark.parametrize("code,modality,turned", [
    ("ru", "obligation", "prohibition"),  # не должно: must not
    ("en", "obligation", "exemption"),  # is not obliged: need not ("must not" is a lexicon form)
    ("id", "obligation", "exemption"),  # tidak harus / tidak wajib: need not
    ("zh", "permission", "prohibition"),
    ("id", "prohibition", "permission"),
    ("ru", "exclusivity", "inclusion"),  # не только: not only
])
def test_negation_turns_a_modality(code, modality, turned):
    assert lang.get(code).statements.turn(modality) == turned


def test_agent_markers_name_who_acts():
    grammar = lang.get("id").statements
    text = "biaya misi harus ditanggung oleh pemerintah Tiongkok"
    assert [text[s:e] for s, e in grammar.agents(text)] == ["oleh"]


def test_a_form_spelled_word_for_word_wins_over_one_matched_by_its_stem():
    """Indonesian "dibatasi" (limited) shares its stem with "batas" (boundary): the form the text
    spells is the one found; "perbatasan" still finds the boundary."""
    forms = lang.get("id").compile_forms({"concept.boundary": ["batas"], "concept.limitation": ["dibatasi"]})
    assert [m.key for m in forms.find("tidak akan dibatasi")] == ["concept.limitation"]
    assert [m.key for m in forms.find("garis perbatasan")] == ["concept.boundary"]
