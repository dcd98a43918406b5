"""Concordance search: matching through each language's rules and through the lexicon."""

from __future__ import annotations

import pytest

from comparer.errors import InputError, UnknownLanguage
from comparer.search import MAX_QUERY_CHARS, Hit, check_query, concordance, search


def clause_texts(corpus) -> dict[str, str]:
    return {c.id: c.text for t in corpus.treaties.values() for v in t.versions.values()
            for w in v.witnesses for c in w.clauses()}


def test_a_name_in_one_script_finds_its_forms_in_every_version(corpus):
    hits = search(corpus, "Amur", limit=1000)
    matched = {(h.lang, h.match) for h in hits if h.entry == "place.amur"}
    assert {"ru", "zh", "id"} <= {lang for lang, _ in matched}
    zh_forms = {m for lang, m in matched if lang == "zh"}
    assert zh_forms & {"黑龍江", "黑龙江"}
    assert any(m.startswith("Амур") and m != "Амур" for lang, m in matched if lang == "ru"), "inflected Амура"


@pytest.mark.parametrize("query", ["黑龙江", "黑龍江", "Амура", "amur"])
def test_every_form_of_an_entry_names_the_same_entry(corpus, query):
    assert concordance(corpus).entries_named(query) == ["place.amur"]


def test_hits_point_at_the_text_they_quote(corpus):
    texts = clause_texts(corpus)
    hits = search(corpus, "Amur", limit=1000)
    assert hits
    for hit in hits:
        text = texts[hit.clause]
        assert text[hit.start:hit.end] == hit.match
        assert text[:hit.start].endswith(hit.left) and text[hit.end:].startswith(hit.right)
        assert hit.clause.startswith(hit.witness + ".")
        assert hit.treaty == hit.clause.split(".")[0]


def test_literal_words_are_found_in_witnesses_too(corpus):
    # The Barsukov edition spells the Ussuri "Уссури"; the 1952 edition "Усури".
    hits = search(corpus, "Уссури", langs=["ru"], limit=1000)
    assert any(h.witness == "aigun-1858.ru.barsukov" for h in hits)
    assert all(h.lang == "ru" for h in hits)


def test_a_word_in_no_text_finds_nothing(corpus):
    assert search(corpus, "Zanzibar") == []


def test_limit_and_order(corpus):
    every = search(corpus, "Amur", limit=1000)
    first = search(corpus, "Amur", limit=3)
    assert first == every[:3]
    treaty_order = list(corpus.treaties)
    positions = [treaty_order.index(h.treaty) for h in every]
    assert positions == sorted(positions)


@pytest.mark.parametrize("query", ["", "   ", "x" * (MAX_QUERY_CHARS + 1), None])
def test_malformed_queries_are_refused(corpus, query):
    with pytest.raises(InputError):
        search(corpus, query)


def test_query_whitespace_is_collapsed():
    assert check_query("  left \n bank ") == "left bank"


def test_unknown_language_is_refused(corpus):
    with pytest.raises(UnknownLanguage):
        search(corpus, "Amur", langs=["xx"])


def test_hit_serialises_to_plain_json(corpus):
    hit = search(corpus, "Amur", limit=1)[0]
    assert isinstance(hit, Hit)
    assert set(hit.as_dict()) == {"treaty", "lang", "witness", "clause", "start", "end", "left", "match", "right", "entry",
                                  "status", "transcription", "gaps", "unclear", "shown"}
