"""What the secondary sources claim, in the reader and the API: the treaty view's claims panels, the
/sources pages and /api/sources/<id>/claims, against comparer.claims on the bundled corpus and on
edited copies."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html

from comparer import paths
from comparer.claims import KINDS, VERDICTS, check_claims, source_sentences
from comparer.claims.store import load_claims, store_claims, with_reviews
from comparer.corpus import Corpus

try:
    from comparer.web import create_app, i18n, pipeline
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import create_app, i18n, pipeline

SEED = paths.bundled("texts") / "sources" / "seed.xml"
AIGUN = "/treaties/aigun-1858?langs=ru,zh,id"
LEFT_RIGHT_BANK = "seed.p25.s10"  # "the Chinese text lacks 'left bank' and 'right bank'": contradicted


@pytest.fixture(scope="module")
def library_claims():
    corpus = Corpus()
    return with_reviews(check_claims(source_sentences(SEED), corpus, "id"), load_claims(SEED))


@pytest.fixture(scope="module")
def aigun(app) -> html.HtmlElement:
    return page(app.test_client(), AIGUN)


def page(client, url: str, status: int = 200) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return html.fromstring(response.get_data(as_text=True))


def claim_items(doc, panel_id: str) -> list[html.HtmlElement]:
    return doc.xpath(f"//details[@id='{panel_id}']//li[contains(@class,'claim ')]")


def sentence_of(item) -> str:
    return item.xpath("string(.//p[@class='claim-source']/span[@class='sentence-id'])")


# ---------------------------------------------------------------- the API


def test_api_claims_are_the_librarys(client, library_claims):
    body = client.get("/api/sources/seed/claims").get_json()
    assert body["source"] == "seed" and body["lang"] == "id"
    assert body["claims"] == [c.model_dump(mode="json") for c in library_claims]
    assert body["summary"] == {v: sum(c.verdict == v for c in library_claims) for v in VERDICTS}
    assert body["summary"]["contradicted"] >= 1


def test_api_claims_mirror_the_cli(client, run_cli):
    cli = json.loads(run_cli("claims", str(SEED), "--json").stdout)
    body = client.get("/api/sources/seed/claims").get_json()
    assert {k: v for k, v in body.items() if k != "source"} == {k: v for k, v in cli.items() if k != "source"}


def test_api_lists_the_sources(client, library_claims):
    [seed] = client.get("/api/sources").get_json()
    assert seed["id"] == "seed" and seed["lang"] == "id" and seed["titles"]["en"]
    assert seed["sentences"] == len(source_sentences(SEED))
    assert sum(seed["summary"].values()) == len(library_claims)
    assert "Tianjin" in seed["citation"] and "machine" not in seed["citation"], "the citation, without the encoder's notes"
    assert "000_8bd39a1e25b6cc0e.txt" not in seed["citation"], "the file the user supplied is a note, never shown as a title"


def test_api_answers_match_the_openapi_document(client):
    validator = pytest.importorskip("openapi_schema_validator", reason="openapi-schema-validator is not installed")
    spec = client.get("/api/openapi.json").get_json()

    def check(url: str, schema: str, status: int = 200) -> None:
        response = client.get(url)
        assert response.status_code == status
        document = {"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
        validator.OAS30Validator(document).validate(response.get_json())

    check("/api/sources/seed/claims", "SourceClaims")
    check("/api/sources/no-such-source/claims", "Error", 404)
    for item in client.get("/api/sources").get_json():
        validator.OAS30Validator({"$ref": "#/components/schemas/SourceSummary",
                                  "components": spec["components"]}).validate(item)
    assert spec["paths"]["/api/sources/{source_id}/claims"]["get"]["responses"]["404"]


def test_unknown_source_is_404_as_json_and_as_a_page(client):
    body = client.get("/api/sources/nope/claims").get_json()
    assert body == {"error": "unknown source 'nope' (known: seed)", "status": 404}
    doc = page(client, "/sources/nope", 404)
    assert "nope" in doc.xpath("string(//*[@role='alert'])")
    assert doc.xpath("string(//h1)").strip().endswith("404")


# ---------------------------------------------------------------- the treaty view


def test_article_1_panel_holds_its_claims(aigun, library_claims):
    items = claim_items(aigun, "claims-a1")
    about_a1 = [c for c in library_claims if c.treaty == "aigun-1858" and c.article == "a1"]
    assert about_a1 and {c.sentence for c in about_a1} <= {sentence_of(i) for i in items}
    panel = aigun.xpath("//details[@id='claims-a1']")[0]
    assert panel.xpath("ancestor::tbody[@id='sec-a1']"), "beside article 1's rows"
    assert panel.xpath("./summary"), "a details panel: opens without JavaScript, reachable by keyboard"
    verdicts = [i.xpath("string(.//p[@class='claim-head']/span[contains(@class,'verdict ')])") for i in items]
    assert verdicts[0] == "contradicted", "what a reader should see first comes first"


def test_left_right_bank_claim_is_contradicted_side_by_side(aigun, library_claims):
    claim = next(c for c in library_claims if c.sentence == LEFT_RIGHT_BANK)
    item = next(i for i in claim_items(aigun, "claims-a1") if sentence_of(i) == LEFT_RIGHT_BANK)
    badge = item.xpath(".//span[contains(@class,'verdict ')]")[0]
    assert "verdict-contradicted" in badge.get("class") and badge.text_content().strip() == "contradicted"
    assert badge.xpath("./span[@class='verdict-icon'][@aria-hidden='true']"), "a sign as well as a word"
    quoted = item.xpath(".//blockquote[@lang='id']//mark/text()")
    assert quoted == claim.quote, "the words that make the claim are marked in the sentence"
    assert claim.explanation["en"] in item.xpath("string(.//p[@class='claim-why'])")
    table = item.xpath(".//table[contains(@class,'comparison')]")[0]
    rows = {" ".join("".join(r.xpath("./th/text()|./th/span[@class='siglum']/text()")).split()): r.xpath("string(./td)")
            for r in table.xpath(".//tbody/tr")}
    assert set(rows) == {"Russian", "Russian barsukov", "Chinese", "Chinese chouban", "Indonesian"}
    assert all(r.xpath("./th/span[@class='claim-text-status']") for r in table.xpath(".//tbody/tr")), "what each text is"
    assert "Левый берег" in rows["Russian"] and "правый берег" in rows["Russian"]
    assert "Лѣвый берегъ" in rows["Russian barsukov"]
    assert "左岸" in rows["Chinese"] and "右岸" in rows["Chinese"] and "左岸" in rows["Chinese chouban"]
    assert table.xpath(".//tr[@class='claimed']/th[contains(., 'Chinese')]"), "the version the claim is about stands out"


def test_evidence_links_open_their_clause(client, aigun):
    item = next(i for i in claim_items(aigun, "claims-a1") if sentence_of(i) == LEFT_RIGHT_BANK)
    hrefs = item.xpath(".//a[@class='cl-ref']/@href")
    on_page = [h for h in hrefs if h.startswith("#")]
    assert "#aigun-1858.zh.a1.c1" in on_page
    for href in on_page:
        assert aigun.xpath(f"//*[@id='{href[1:]}']"), href
    elsewhere = [h for h in hrefs if not h.startswith("#")]
    assert any("wit=zh:chouban" in h for h in elsewhere), "an edition the page does not show is one click away"
    for href in elsewhere:
        path, _, anchor = href.partition("#")
        assert page(client, path).xpath(f"//*[@id='{anchor}']"), href


def test_claims_about_the_whole_treaty_are_beside_its_facts(aigun, library_claims):
    whole = aigun.xpath("//section[contains(@class,'facts-block')]//details[@id='claims-treaty']")
    assert whole
    shown = {sentence_of(i) for i in claim_items(aigun, "claims-treaty")}
    dates = {c.sentence for c in library_claims if c.treaty == "aigun-1858" and c.kind == "date"}
    assert dates and dates <= shown
    assert "seed.p25.s7" not in {sentence_of(i) for i in claim_items(aigun, "claims-a1")}


def test_every_claim_about_the_treaty_is_shown_and_no_other(aigun, library_claims):
    panels = aigun.xpath("//details[starts-with(@id,'claims-')]")
    shown = {sentence_of(i) for p in panels for i in p.xpath(".//li[contains(@class,'claim ')]")}
    assert shown == {c.sentence for c in library_claims if c.treaty == "aigun-1858"}


def test_a_corpus_without_sources_has_no_claims_panels(corpus_copy):
    for path in (corpus_copy / "sources").iterdir():
        path.unlink()
    client = create_app(str(corpus_copy), testing=True).test_client()
    assert not page(client, AIGUN).xpath("//details[starts-with(@id,'claims-')]")
    assert page(client, "/sources").xpath("string(//p[@class='none'])") == i18n.translate("en", "sources.none")
    assert client.get("/api/sources").get_json() == []
    assert client.get("/api/sources/seed/claims").status_code == 404


def test_explanations_follow_the_interface_language(client, library_claims):
    claim = next(c for c in library_claims if c.sentence == LEFT_RIGHT_BANK)
    doc = page(client, AIGUN + "&ui=id")
    item = next(i for i in claim_items(doc, "claims-a1") if sentence_of(i) == LEFT_RIGHT_BANK)
    assert claim.explanation["id"] in item.text_content() and claim.explanation["en"] not in item.text_content()
    assert item.xpath("string(.//span[contains(@class,'verdict ')])").strip() == "dibantah"
    assert "Apa yang diklaim sumber" in doc.xpath("string(//details[@id='claims-a1']/summary)")


# ---------------------------------------------------------------- the sources pages


def test_source_page_lists_every_claim_with_its_verdict(client, library_claims):
    doc = page(client, "/sources/seed")
    items = doc.xpath("//li[contains(@class,'claim ')]")
    assert [i.get("id") for i in items] == [c.id for c in library_claims]
    for item, claim in zip(items, library_claims):
        assert f"verdict-{claim.verdict}" in item.get("class")
        assert item.xpath(f"ancestor::li[@id='{claim.sentence}']"), "grouped under its sentence"
        assert claim.explanation["en"] in item.text_content()
    counts = doc.xpath("string(//p[@class='claims-summary'])")
    for verdict in VERDICTS:
        n = sum(c.verdict == verdict for c in library_claims)
        assert (f"{n} {verdict.replace('_', ' ')}" in counts) == (n > 0)


def test_source_page_links_each_claim_to_its_place_in_the_treaty(client, library_claims):
    doc = page(client, "/sources/seed")
    targets = {}
    for claim in library_claims:
        links = doc.xpath(f"//li[@id='{claim.id}']//span[@class='claim-where']/a/@href")
        assert bool(links) == bool(claim.treaty), claim.id
        if links:
            targets.setdefault(links[0].partition("#")[0], set()).add(links[0].partition("#")[2])
    for path, anchors in targets.items():
        treaty_page = page(client, path)
        for anchor in anchors:
            assert treaty_page.xpath(f"//details[@id='{anchor}']"), (path, anchor)


def test_sources_index_and_navigation(client):
    doc = page(client, "/sources")
    link = doc.xpath("//li[contains(@class,'source-card')]//h2/a")[0]
    assert link.get("href") == "/sources/seed" and link.text_content() == "Treaty of Tianjin (source article)"
    assert doc.xpath("//nav[@class='sitenav']//a[@href='/sources']")
    assert page(client, "/sources?ui=id").xpath("string(//h1)") == "Sumber sekunder"


# ---------------------------------------------------------------- computed once; escaped; reviews


def test_claims_are_judged_once_per_version_of_the_source_file(corpus_copy, monkeypatch):
    calls = []
    judge = pipeline.check_claims
    monkeypatch.setattr(pipeline, "check_claims", lambda *a, **kw: calls.append(1) or judge(*a, **kw))
    client = create_app(str(corpus_copy), testing=True).test_client()
    for url in (AIGUN, "/treaties/tianjin-1858", "/sources", "/sources/seed", "/api/sources/seed/claims", AIGUN):
        assert client.get(url).status_code == 200
    assert len(calls) == 1

    # A scholar's review stored in the file is seen on the next request, which judges the claims again.
    path = corpus_copy / "sources" / "seed.xml"
    claims = check_claims(source_sentences(path), Corpus(corpus_copy), "id")
    store_claims(path, claims, corpus_copy)
    target = next(c for c in claims if c.sentence == LEFT_RIGHT_BANK)
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace(f'xml:id="{target.id}"', f'xml:id="{target.id}" n="dismissed" resp="#alice"'),
                    encoding="utf-8")
    doc = page(client, AIGUN)
    item = next(i for i in claim_items(doc, "claims-a1") if sentence_of(i) == LEFT_RIGHT_BANK)
    assert item.xpath("string(.//span[contains(@class,'review-dismissed')])") == "dismissed"
    assert len(calls) == 2
    reviewed = client.get("/api/sources/seed/claims").get_json()["claims"]
    assert next(c for c in reviewed if c["id"] == target.id)["review"] == "dismissed"


@pytest.fixture()
def hostile_source(corpus_copy: Path) -> Path:
    """A corpus copy whose seed article holds markup in a sentence that makes a claim, and in its title."""
    path = corpus_copy / "sources" / "seed.xml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("itulah sebabnya perlu", 'itulah sebabnya &lt;script&gt;alert(1)&lt;/script&gt; '
                                                 '&lt;b onclick="x()"&gt;perlu&lt;/b&gt;')
    text = text.replace("Treaty of Tianjin (source article)", "Source &lt;img src=x onerror=alert(2)&gt;")
    path.write_text(text, encoding="utf-8")
    return corpus_copy


def test_source_text_is_escaped(hostile_source):
    client = create_app(str(hostile_source), testing=True).test_client()
    for url in (AIGUN, "/sources", "/sources/seed"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<b onclick" not in body and "<img src=x" not in body, url
    doc = page(client, AIGUN)
    item = next(i for i in claim_items(doc, "claims-a1") if sentence_of(i) == LEFT_RIGHT_BANK)
    assert "<script>alert(1)</script>" in item.xpath("string(.//blockquote)")
    assert "<img src=x onerror=alert(2)>" in item.xpath("string(.//p[@class='claim-source']/a)")
    claims = client.get("/api/sources/seed/claims").get_json()["claims"]
    assert any("<script>alert(1)</script>" in c["text"] for c in claims)


def test_claim_pages_need_no_inline_script_or_style(client):
    for url in (AIGUN, "/sources", "/sources/seed"):
        doc = page(client, url)
        assert all(s.get("src") for s in doc.iter("script"))
        assert not doc.xpath("//style") and not doc.xpath("//@style")
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
        assert "unsafe-inline" not in client.get(url).headers["Content-Security-Policy"]


@pytest.mark.parametrize("url", ["/sources", "/sources/seed", "/sources/seed?ui=id"])
def test_source_pages_accessibility_basics(client, url):
    doc = page(client, url)
    assert len(doc.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    for link in doc.xpath("//a"):
        assert link.get("href") and (link.text_content().strip() or link.get("title"))
    ids = doc.xpath("//@id")
    assert len(ids) == len(set(ids)), "ids are unique, so every permalink names one place"


# ---------------------------------------------------------------- labels


@pytest.mark.parametrize("group, values", [("verdict", VERDICTS), ("verdict.count", VERDICTS), ("claim.kind", KINDS)])
def test_every_claim_value_has_a_label(group, values):
    for ui in i18n.UI_LANGS:
        for value in values:
            assert f"{group}.{value}" in i18n.catalog(ui), (ui, group, value)


def test_claim_templates_use_only_known_labels():
    folder = Path(i18n.__file__).parent / "templates"
    used = {k for name in ("_claims.html", "source.html", "sources.html")
            for k in re.findall(r"""\bt\(["']([a-z][\w.]*\w)["']""", (folder / name).read_text())}
    used |= set(re.findall(r'"(claims\.\w+\.summary)"', (folder / "treaty.html").read_text()))
    assert {"claims.treaty.summary", "claims.section.summary", "claim.comparison"} <= used
    for ui in i18n.UI_LANGS:
        assert used <= set(i18n.catalog(ui)), ui
