"""comparer claims: claims a secondary text makes about the treaties, their verdicts and their storage."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree

from comparer import paths, tei
from comparer.claims import VERDICTS, Sentence, check_claims, source_sentences, treaty_texts
from comparer.claims.store import load_claims, store_claims
from comparer.claims.verify import claim_id
from comparer.corpus import Corpus
from comparer.validate import CORPUS_SCHEMA, schema_errors

SEED = paths.bundled("texts") / "sources" / "seed.xml"

# Every claim the seed article makes about a treaty of the corpus: (sentence, kind, subject, treaty) -> verdict.
# None: the claim must be found and judged, whatever the verdict (summaries of partly transcribed articles).
SEED_CLAIMS = {
    ("seed.p1.s1", "date", "date", "tianjin-1858"): "supported",  # 13 June 1858, Gregorian
    ("seed.p1.s1", "place", "place.tianjin", "tianjin-1858"): "supported",
    ("seed.p1.s2", "count", "count", "tianjin-1858"): "supported",  # 12 articles
    ("seed.p1.s3", "provision", "provision", "tianjin-1858"): None,
    ("seed.p1.s4", "signatory", "person.putyatin", "tianjin-1858"): "supported",
    ("seed.p1.s4", "signatory", "person.huashana", "tianjin-1858"): "variant",  # "Hua Shan"
    ("seed.p2.s1", "provision", "provision", "tianjin-1858"): None,
    ("seed.p2.s2", "provision", "provision", "tianjin-1858"): "supported",  # land trade without limits: article 4
    ("seed.p3.s1", "provision", "provision", "tianjin-1858"): "supported",  # consuls: article 5
    ("seed.p3.s2", "provision", "provision", "tianjin-1858"): "not_verifiable",  # extraterritoriality: no text names it
    ("seed.p3.s3", "provision", "provision", "tianjin-1858"): None,
    ("seed.p4.s1", "provision", "provision", "tianjin-1858"): "supported",  # border survey: article 9
    ("seed.p4.s2", "year", "year", "beijing-1860"): "supported",  # Beijing 1860
    ("seed.p10.s4", "date", "date", "nerchinsk-1689"): "variant",  # 27 August 1689: Julian
    ("seed.p10.s4", "signatory", "person.golovin", "nerchinsk-1689"): "supported",
    ("seed.p11.s2", "provision", "provision", "bura-1727"): "not_verifiable",  # the 1727 border: Bura's text mostly gaps
    ("seed.p11.s2", "provision", "provision", "kyakhta-1727"): "not_verifiable",  # … and Kyakhta's, named with it
    ("seed.p25.s4", "provision", "provision", None): "not_verifiable",  # the Russian draft
    ("seed.p25.s5", "provision", "provision", None): "not_verifiable",  # the Russian draft
    ("seed.p25.s7", "date", "date", "aigun-1858"): "variant",  # 16 May 1858: Julian
    ("seed.p25.s8", "provision", "provision", "aigun-1858"): "supported",  # Aigun art. 1, left bank to Russia
    ("seed.p25.s9", "provision", "provision", "aigun-1858"): "supported",  # joint possession
    ("seed.p25.s10", "absence", "zh:concept.left-bank+concept.right-bank", "aigun-1858"): "contradicted",
    ("seed.p26.s1", "date", "date", "aigun-1858"): "variant",  # "perjanjian 16 Mei"
    ("seed.p26.s4", "presence", "all:concept.joint-possession", "aigun-1858"): "supported",
    ("seed.p27.s7", "date", "date", "beijing-1860"): "variant",  # 2 November 1860: Julian
    ("seed.p27.s8", "provision", "provision", "beijing-1860"): None,
}


@pytest.fixture(scope="module")
def seed_claims(corpus):
    return {(c.sentence, c.kind, c.subject, c.treaty): c for c in check_claims(source_sentences(SEED), corpus, "id")}


def _claims(corpus, lang, *texts):
    """Claims in made-up sentences, one paragraph each."""
    sentences = [Sentence(id=f"own.p{i}.s1", text=t, paragraph=f"own.p{i}") for i, t in enumerate(texts, 1)]
    return check_claims(sentences, corpus, lang)


# ---------------------------------------------------------------- the seed article


def test_every_seed_claim_about_the_corpus_is_found_and_nothing_else(seed_claims):
    assert set(seed_claims) == set(SEED_CLAIMS)


@pytest.mark.parametrize("key", [k for k, v in SEED_CLAIMS.items() if v], ids=lambda k: f"{k[0]}-{k[1]}-{k[3]}")
def test_seed_claim_verdict(seed_claims, key):
    assert seed_claims[key].verdict == SEED_CLAIMS[key]


def test_every_seed_claim_has_a_verdict_explained_in_both_languages_with_evidence(seed_claims):
    for claim in seed_claims.values():
        assert claim.verdict in VERDICTS
        assert claim.explanation["en"].strip() and claim.explanation["id"].strip()
        if claim.link == "draft":
            continue  # a draft is not in the corpus: nothing there decides it
        if claim.verdict != "not_verifiable" and claim.kind not in ("date", "year"):
            assert claim.evidence and all(e.strings for e in claim.evidence), claim.sentence
        if claim.kind in ("date", "year"):  # the header's dates decide; clauses show them where transcribed
            assert any(":" in k or k in ("gregorian", "julian") for k in claim.values), claim.values
    clause_ids = {cid for t in Corpus().treaties.values() for cid in t.clause_index()}
    assert all(e.clause in clause_ids for c in seed_claims.values() for e in c.evidence)


def test_seed_claims_are_linked_to_their_treaties_and_articles(seed_claims):
    assert seed_claims["seed.p1.s2", "count", "count", "tianjin-1858"].link == "inherited"
    assert seed_claims["seed.p25.s8", "provision", "provision", "aigun-1858"].article == "a1"
    bank = seed_claims["seed.p25.s10", "absence", "zh:concept.left-bank+concept.right-bank", "aigun-1858"]
    assert (bank.treaty, bank.article, bank.version, bank.link) == ("aigun-1858", "a1", "zh", "inherited")
    may16 = seed_claims["seed.p26.s1", "date", "date", "aigun-1858"]
    assert (may16.treaty, may16.link) == ("aigun-1858", "date")  # no name in the paragraph: the date decides
    assert seed_claims["seed.p25.s4", "provision", "provision", None].treaty is None  # the draft, not the treaty


def test_julian_dates_without_a_calendar_are_variants_not_errors(seed_claims):
    aigun = seed_claims["seed.p25.s7", "date", "date", "aigun-1858"]
    assert "consistent, Julian" in aigun.explanation["en"] and "28 May 1858" in aigun.explanation["en"]
    assert "aigun-1858.ru.end.c1" in [e.clause for e in aigun.evidence]
    tianjin = seed_claims["seed.p1.s1", "date", "date", "tianjin-1858"]
    assert "Gregorian" in tianjin.explanation["en"]
    assert "tianjin-1858.zh.end.c3" in [e.clause for e in tianjin.evidence]  # 咸豐八年五月初三日, the same day


def test_hua_shan_is_a_variant_with_the_canonical_form(seed_claims):
    hua_shan = seed_claims["seed.p1.s4", "signatory", "person.huashana", "tianjin-1858"]
    assert hua_shan.values["canonical"] == "Huashana"
    assert "error" in hua_shan.values["lexicon_note"]
    assert "Huashana" in hua_shan.explanation["id"]
    assert {"Хуашана", "花沙納"} <= {s for e in hua_shan.evidence for s in e.strings}


def test_left_and_right_bank_claim_shows_every_version_side_by_side(seed_claims, corpus):
    claim = seed_claims["seed.p25.s10", "absence", "zh:concept.left-bank+concept.right-bank", "aigun-1858"]
    assert claim.verdict == "contradicted"
    assert set(claim.comparison) == {"ru", "ru.barsukov", "zh", "zh.chouban", "id"}
    matcher = treaty_texts(corpus).matcher
    for key, rows in claim.comparison.items():
        first = rows[0]
        assert first.clause.endswith(".a1.c1") and first.clause.startswith(f"aigun-1858.{key}.")
        found = {m.key for s in first.strings for m in matcher.find(first.lang, s)}
        assert found == {"concept.left-bank", "concept.right-bank"}, key
    assert {"左岸", "右岸"} <= set(claim.comparison["zh"][0].strings)
    assert {"aigun-1858.zh.a1.c1", "aigun-1858.zh.chouban.a1.c1"} <= {e.clause for e in claim.evidence}


def test_left_and_right_bank_verdict_follows_the_texts(corpus_copy):
    """Take 左岸/右岸 out of the Chinese texts: the claim is no longer refuted."""
    aigun = corpus_copy / "aigun-1858.xml"
    text = aigun.read_text(encoding="utf-8").replace("左岸", "北岸").replace("右岸", "南岸")
    aigun.write_text(text, encoding="utf-8")
    claims = check_claims(source_sentences(corpus_copy / "sources" / "seed.xml"), Corpus(corpus_copy), "id")
    bank = next(c for c in claims if c.sentence == "seed.p25.s10")
    assert bank.verdict == "not_verifiable"  # parts of the 籌辦夷務始末 article 1 are not transcribed
    assert bank.comparison["zh"] == [] and bank.comparison["ru"]


def test_text_output_has_one_line_per_version(run_cli):
    result = run_cli("claims", str(SEED))
    assert result.exit_code == 0
    block = result.stdout.split("seed.p25.s10")[1].split("\n\n")[0]
    lines = [line.split() for line in block.splitlines() if line.startswith("    ")]
    assert [line[0] for line in lines] == ["ru", "ru.barsukov", "zh", "zh.chouban", "id"]
    assert "左岸," in lines[2] and "右岸;" in lines[2]
    assert "contradicted" in result.stdout.splitlines()[-1]


def test_claim_ids_are_stable(seed_claims, corpus):
    again = check_claims(source_sentences(SEED), corpus, "id")
    assert {c.id for c in again} == {c.id for c in seed_claims.values()}
    claim = seed_claims["seed.p1.s2", "count", "count", "tianjin-1858"]
    assert claim.id == claim_id("seed.p1.s2", "count", "count")


# ---------------------------------------------------------------- claims written for the tests

OWN_CLAIMS = [
    # Indonesian
    ("id", "Perjanjian Aigun terdiri dari 3 pasal.", "count", "supported"),
    ("id", "Perjanjian Aigun terdiri dari 2 pasal.", "count", "variant"),  # only the 籌辦夷務始末 text
    ("id", "Perjanjian Aigun terdiri dari lima pasal.", "count", "contradicted"),
    ("id", "Perjanjian Tianjin ditandatangani pada 1 Juni 1858.", "date", "variant"),
    ("id", "Perjanjian Tianjin ditandatangani pada 13 Juni 1858 (kalender Gregorian).", "date", "supported"),
    ("id", "Perjanjian Beijing ditandatangani pada tahun 1858.", "year", "contradicted"),
    ("id", "Perjanjian Tianjin ditandatangani di kota Aigun.", "place", "contradicted"),
    ("id", "Perjanjian Aigun ditandatangani oleh Putyatin.", "signatory", "contradicted"),
    ("id", "Perjanjian Aigun ditandatangani oleh Yi Shan.", "signatory", "variant"),
    ("id", "Pasal 1 Perjanjian Aigun menetapkan bahwa tepi kiri Sungai Amur menjadi milik Tiongkok.",
     "provision", "contradicted"),
    ("id", "Pasal 3 Perjanjian Aigun mengatur perdagangan antara penduduk di sepanjang Sungai Ussuri, Amur dan Sungari.",
     "provision", "contradicted"),  # that is article 2
    ("id", "Dalam teks Rusia Perjanjian Aigun, konsep \"tepi kiri\" tidak ada.", "absence", "contradicted"),
    ("id", "Dalam teks Manchu Perjanjian Aigun, konsep \"tepi kiri\" tidak ada.", "absence", "not_verifiable"),
    ("id", "Teks Cina Perjanjian Aigun memuat konsep \"kepemilikan bersama\".", "presence", "supported"),
    # Russian
    ("ru", "Айгунский договор состоит из трёх статей.", "count", "supported"),
    ("ru", "Айгунский договор состоит из пяти статей.", "count", "contradicted"),
    ("ru", "Айгунский договор был подписан 16 мая 1858 года в Айгуне.", "date", "variant"),
    ("ru", "Тяньцзиньский трактат подписал Хуашан.", "signatory", "variant"),
    ("ru", "В маньчжурском тексте Айгунского договора нет слов «левый берег».", "absence", "not_verifiable"),
    ("ru", "Статья 1 Айгунского договора устанавливает, что левый берег Амура принадлежит России.",
     "provision", "supported"),
    # Chinese
    ("zh", "璦琿條約中文本沒有「左岸」和「右岸」。", "absence", "contradicted"),
    ("zh", "璦琿條約共有三條。", "count", "supported"),
    ("zh", "璦琿條約由木喇福岳福簽訂。", "signatory", "variant"),
    ("zh", "璦琿條約滿文本沒有「左岸」。", "absence", "not_verifiable"),
    ("zh", "璦琿條約第一條規定黑龍江左岸作為大清國所屬之地。", "provision", "contradicted"),
    # English
    ("en", "The Treaty of Tianjin was signed by Hua Shan.", "signatory", "variant"),
    ("en", "The Treaty of Tianjin was signed on 13 June 1858.", "date", "supported"),
    ("en", "The Treaty of Aigun consists of five articles.", "count", "contradicted"),
    ("en", "The Manchu text of the Treaty of Aigun has no \"left bank\".", "absence", "not_verifiable"),
    ("en", "Article 1 of the Treaty of Aigun gives the left bank of the Amur to China.", "provision", "contradicted"),
]


@pytest.mark.parametrize("lang,text,kind,verdict", OWN_CLAIMS, ids=[f"{c[0]}-{c[2]}-{c[3]}" for c in OWN_CLAIMS])
def test_own_claim(corpus, lang, text, kind, verdict):
    found = [c for c in _claims(corpus, lang, text) if c.kind == kind]
    assert len(found) == 1, [c.kind for c in _claims(corpus, lang, text)]
    assert found[0].verdict == verdict, found[0].explanation["en"]


def test_own_claims_cover_every_verdict_in_every_language():
    """Each verdict is reached from claims written in each language."""
    for lang in ("id", "ru", "zh", "en"):
        assert {c[3] for c in OWN_CLAIMS if c[0] == lang} == set(VERDICTS), lang


def test_provision_conflict_points_at_the_clauses_that_decide(corpus):
    (claim,) = _claims(corpus, "id", "Pasal 1 Perjanjian Aigun menetapkan bahwa tepi kiri Sungai Amur menjadi milik Tiongkok.")
    assert claim.verdict == "contradicted"
    assert "aigun-1858.zh.a1.c1" in {e.clause for e in claim.evidence}
    assert "Russia" in claim.explanation["en"]


def test_absence_is_supported_only_where_every_witness_is_transcribed(corpus):
    (ru,) = _claims(corpus, "id", "Dalam teks Rusia, Pasal 2 Perjanjian Aigun tidak memuat konsep \"tepi kiri\".")
    assert (ru.version, ru.article, ru.verdict) == ("ru", "a2", "supported")
    assert {e.clause for e in ru.evidence} == {"aigun-1858.ru.a2.c1", "aigun-1858.ru.barsukov.a2.c1"}
    (zh,) = _claims(corpus, "id", "Dalam teks Cina, Pasal 2 Perjanjian Aigun tidak memuat konsep \"tepi kiri\".")
    assert zh.verdict == "not_verifiable"  # the 籌辦夷務始末 article 2 is not transcribed
    (sungari,) = _claims(corpus, "en", "The Russian text of the Treaty of Aigun does not mention the \"Sungari\".")
    assert sungari.verdict == "contradicted" and "aigun-1858.ru.a1.c3" in {e.clause for e in sungari.evidence}


def test_inheritance_stays_within_a_paragraph(corpus):
    sentences = [
        Sentence(id="x.p1.s1", text="Perjanjian Aigun ditandatangani pada 16 Mei 1858.", paragraph="x.p1"),
        Sentence(id="x.p1.s2", text="Perjanjian tersebut terdiri dari 3 pasal.", paragraph="x.p1"),
        Sentence(id="x.p2.s1", text="Perjanjian tersebut terdiri dari 3 pasal.", paragraph="x.p2"),
    ]
    claims = check_claims(sentences, corpus, "id")
    assert [(c.sentence, c.kind, c.treaty, c.link) for c in claims] == [
        ("x.p1.s1", "date", "aigun-1858", "name"), ("x.p1.s2", "count", "aigun-1858", "inherited")]


def test_other_treaties_give_no_claims(corpus):
    assert _claims(corpus, "id", "Pada 30 Maret 1856, Perjanjian Paris ditandatangani.") == []
    assert _claims(corpus, "en", "The Treaty of Nanking was signed on 29 August 1842.") == []


def test_plain_text_input(run_cli, tmp_path):
    article = tmp_path / "article.txt"
    article.write_text("Perjanjian Aigun ditandatangani pada 16 Mei 1858. Perjanjian tersebut terdiri dari 3 pasal.\n",
                       encoding="utf-8")
    result = run_cli("claims", "--text", f"id={article}", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert [(c["sentence"], c["kind"], c["verdict"]) for c in data["claims"]] == [
        ("text.p1.s1", "date", "variant"), ("text.p1.s2", "count", "supported")]
    assert set(data["claims"][0]) >= {"id", "sentence", "text", "kind", "treaty", "article", "version", "verdict",
                                      "explanation", "evidence", "comparison", "review"}


# ---------------------------------------------------------------- storing claims in the source file


def _body(path: Path) -> bytes:
    root = tei.parse_file(path).getroot()
    return etree.tostring(root.find("t:text", tei.NS), with_tail=False)


def test_store_and_load(corpus_copy, run_cli, tei_all):
    source = corpus_copy / "sources" / "seed.xml"
    body = _body(source)
    result = run_cli("--corpus", str(corpus_copy), "claims", str(source), "--store", "--json")
    assert result.exit_code == 0
    claims = json.loads(result.stdout)["claims"]
    stored = {s.id: s for s in load_claims(source)}
    assert set(stored) == {c["id"] for c in claims}
    bank = next(c for c in claims if c["sentence"] == "seed.p25.s10")
    kept = stored[bank["id"]]
    assert (kept.verdict, kept.kind, kept.treaty, kept.sentence) == ("contradicted", "absence", "aigun-1858", "seed.p25.s10")
    assert "aigun-1858.zh.a1.c1" in kept.clauses and kept.evidence["aigun-1858.zh.a1.c1"] == ["左岸", "右岸"]
    assert kept.explanation == bank["explanation"]
    raw = source.read_text(encoding="utf-8")
    assert 'target="#seed.p25.s10 ../aigun-1858.xml#aigun-1858.zh.a1.c1' in raw
    assert 'ana="#claim.contradicted #claim.kind.absence"' in raw
    tree = tei.parse_file(source)
    assert schema_errors(tree, paths.schema(CORPUS_SCHEMA)) == []
    assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]
    assert _body(source) == body  # the sentences are untouched
    assert [s.id for s in source_sentences(source)] == [s.id for s in source_sentences(SEED)]


def test_reviews_survive_storing_again(corpus_copy, run_cli):
    source = corpus_copy / "sources" / "seed.xml"
    corpus = Corpus(corpus_copy)
    store_claims(source, check_claims(source_sentences(source), corpus, "id"), corpus.folder)
    count = next(s for s in load_claims(source) if s.sentence == "seed.p1.s2" and s.kind == "count")
    tree = tei.parse_file(source)
    annotation = tree.getroot().find(f".//t:annotation[@xml:id='{count.id}']", {**tei.NS, "xml": tei.XML_NS})
    annotation.set("n", "confirmed")
    tei.write_atomic(source, etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))

    result = run_cli("--corpus", str(corpus_copy), "claims", str(source), "--store", "--json")
    reviewed = next(c for c in json.loads(result.stdout)["claims"] if c["id"] == count.id)
    assert reviewed["review"] == "confirmed"
    assert next(s for s in load_claims(source) if s.id == count.id).review == "confirmed"

    # The text no longer makes the claim: the reviewed annotation stays, marked stale.
    text = source.read_text(encoding="utf-8").replace("terdiri dari 12 pasal", "terdiri dari banyak pasal")
    source.write_text(text, encoding="utf-8")
    store_claims(source, check_claims(source_sentences(source), corpus, "id"), corpus.folder)
    stale = next(s for s in load_claims(source) if s.id == count.id)
    assert stale.stale and stale.review == "confirmed"


MINIMAL_SOURCE = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="note" xml:lang="id">
  <teiHeader>
    <fileDesc>
      <titleStmt><title>Catatan</title></titleStmt>
      <publicationStmt><publisher>Treaty Comparer</publisher></publicationStmt>
      <sourceDesc><p>Test text.</p></sourceDesc>
    </fileDesc>
  </teiHeader>
  <text>
    <body>
      <p xml:id="note.p1"><s xml:id="note.p1.s1">Perjanjian Aigun terdiri dari 3 pasal.</s></p>
    </body>
  </text>
</TEI>
"""


def test_store_into_a_source_without_header_declarations_or_standoff(tmp_path, corpus, tei_all):
    source = tmp_path / "note.xml"
    source.write_text(MINIMAL_SOURCE, encoding="utf-8")
    assert store_claims(source, check_claims(source_sentences(source), corpus, "id"), corpus.folder) == 1
    (stored,) = load_claims(source)
    assert (stored.kind, stored.verdict, stored.sentence) == ("count", "supported", "note.p1.s1")
    tree = tei.parse_file(source)
    assert schema_errors(tree, paths.schema(CORPUS_SCHEMA)) == []
    assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]
    pointer = tree.getroot().find(".//t:note[@type='evidence']", tei.NS).get("target")
    assert (source.parent / pointer.split("#")[0]).resolve() == (corpus.folder / "aigun-1858.xml").resolve()


# ---------------------------------------------------------------- bad input


@pytest.mark.parametrize("name,content,option", [
    ("nul.txt", b"Perjanjian\x00Aigun", "text"),
    ("latin1.txt", "Perjanjian Aigun ditandatangani di Aigun, 16 Mei 1858 – «ok»".encode("cp1252"), "text"),
    ("empty.txt", b"  \n\n", "text"),
    ("binary.xml", bytes(range(256)), "source"),
    ("notxml.xml", b"Perjanjian Aigun terdiri dari 3 pasal.", "source"),
])
def test_bad_input_gives_one_line_and_a_non_zero_exit(run_cli, tmp_path, name, content, option):
    path = tmp_path / name
    path.write_bytes(content)
    args = ["claims", "--text", f"id={path}"] if option == "text" else ["claims", str(path)]
    result = run_cli(*args)
    assert result.exit_code != 0
    assert result.stderr.startswith("comparer: error:") and result.stderr.count("\n") == 1, result.stderr


@pytest.mark.parametrize("args", [
    ["claims", "--text", "xx=PLACEHOLDER"],  # no patterns for this language
    ["claims", "--text", "PLACEHOLDER"],  # no LANG=
    ["claims", str(paths.bundled("texts") / "aigun-1858.xml")],  # a treaty, not a source
    ["claims", str(paths.bundled("texts") / "lexicon.xml")],
    ["claims", "missing.xml"],
    ["claims"],
    ["claims", "--text", "id=PLACEHOLDER", "--store"],
])
def test_bad_arguments(run_cli, tmp_path, args):
    article = tmp_path / "a.txt"
    article.write_text("Perjanjian Aigun terdiri dari 3 pasal.", encoding="utf-8")
    result = run_cli(*[a.replace("PLACEHOLDER", str(article)) for a in args])
    assert result.exit_code != 0
    assert result.stderr.startswith("comparer: error:") and result.stderr.count("\n") == 1, result.stderr


def test_library_rejects_an_unknown_language(corpus):
    from comparer.errors import UnknownLanguage

    with pytest.raises(UnknownLanguage):
        check_claims([], corpus, "xx")
