"""The bundled corpus loads, has the treaties and versions the project promises, and round-trips."""

from __future__ import annotations

from comparer import tei
from comparer.model import CLAUSE_ID, Status

EXPECTED_ARTICLES = {("aigun-1858", "ru"): 3, ("tianjin-1858", "ru"): 12, ("beijing-1860", "ru"): 15,
                     ("tianjin-1858", "zh"): 12, ("beijing-1860", "zh"): 15,
                     ("kyakhta-1727", "ru"): 11, ("kyakhta-1727", "zh"): 11,
                     ("bura-1727", "ru"): 1}  # Bura has no numbered articles: one division, the project's
EXPECTED_VERSIONS = {
    "nerchinsk-1689": {"la", "ru", "zh", "id"},
    "bura-1727": {"ru", "id"},
    "kyakhta-1727": {"ru", "zh", "id"},
    "aigun-1858": {"ru", "zh", "id"},
    "tianjin-1858": {"ru", "zh", "id"},
    "beijing-1860": {"ru", "zh", "id"},
}


def test_the_six_treaties_with_their_versions(corpus):
    assert set(corpus.treaties) == set(EXPECTED_VERSIONS)
    for treaty_id, langs in EXPECTED_VERSIONS.items():
        assert langs <= set(corpus.treaty(treaty_id).versions), treaty_id


def test_article_counts(corpus):
    for (treaty_id, lang), count in EXPECTED_ARTICLES.items():
        assert len(corpus.treaty(treaty_id).version(lang).primary.articles) == count, (treaty_id, lang)


def test_every_clause_id_follows_the_pattern_and_is_unique(corpus):
    seen = set()
    for treaty in corpus.treaties.values():
        for clause_id in treaty.clause_index():
            assert CLAUSE_ID.match(clause_id), clause_id
            assert clause_id.startswith(treaty.id + ".")
            assert clause_id not in seen
            seen.add(clause_id)


def test_indonesian_is_marked_as_the_projects_translation(corpus):
    for treaty in corpus.treaties.values():
        indonesian = treaty.version("id")
        assert indonesian.status is Status.translation, treaty.id
        assert indonesian.primary.bibl.translated_from in {f"{treaty.id}.{lang}" for lang in treaty.versions}
        paraphrases = [w for w in indonesian.witnesses if w.bibl.status is Status.paraphrase]
        for witness in paraphrases:
            assert all(c.corresp and "seed.xml#seed.p" in c.corresp for c in witness.clauses()), witness.id


def test_header_dates_cover_three_calendars_for_1858(corpus):
    for treaty_id in ("aigun-1858", "tianjin-1858", "beijing-1860"):
        calendars = {d.calendar for d in corpus.treaty(treaty_id).dates}
        assert calendars == {"gregorian", "julian", "qing"}, treaty_id


def test_load_write_load_gives_an_equal_model(corpus):
    for treaty in corpus.treaties.values():
        again = tei.treaty_from_tree(tei.parse_bytes(tei.treaty_to_bytes(treaty)))
        assert again == treaty, treaty.id


def test_every_witness_clause_points_at_a_primary_clause(corpus):
    for treaty in corpus.treaties.values():
        clauses = treaty.clause_index()
        for version in treaty.versions.values():
            for witness in version.witnesses[1:]:
                if witness.bibl.status is Status.paraphrase:
                    continue
                for clause in witness.clauses():
                    assert clause.corresp and clause.corresp.lstrip("#") in clauses, clause.id
