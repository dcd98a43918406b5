"""The web reader and JSON API through Flask's test client, on the bundled corpus and on edited copies."""

from __future__ import annotations

import json
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import get_args

import pytest
from lxml import html

from comparer.model import Evidence, FindingType, Status

try:
    from comparer.web import create_app
    from comparer.web import i18n
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import create_app
    from web import i18n

TREATIES = ["nerchinsk-1689", "bura-1727", "kyakhta-1727", "aigun-1858", "tianjin-1858", "beijing-1860"]


def page(client, url: str, status: int = 200) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return html.fromstring(response.get_data(as_text=True))


def api(client, url: str, status: int = 200):
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    assert response.mimetype == "application/json"
    return response.get_json()


# ---------------------------------------------------------------- routes


@pytest.mark.parametrize("url", [
    "/", "/lexicon", "/search", "/search?q=Amur", "/assets/lexicon.css", "/static/reader.css",
    "/static/reader.js", "/static/print.css",
    *(f"/treaties/{t}" for t in TREATIES),
    "/treaties/aigun-1858?langs=zh,ru", "/treaties/aigun-1858?langs=ru,zh,id&wit=ru:barsukov,zh:chouban",
    "/treaties/aigun-1858?langs=ru,zh&seed=open", "/treaties/aigun-1858?langs=ru,zh,id&severity=medium",
])
def test_every_page_answers(client, url):
    assert client.get(url).status_code == 200


@pytest.mark.parametrize("url", [
    "/api/treaties", "/api/treaties/aigun-1858", "/api/treaties/aigun-1858?langs=zh&article=1",
    "/api/treaties/aigun-1858?langs=ru&witness=barsukov", "/api/treaties/aigun-1858/align?langs=ru,zh",
    "/api/treaties/aigun-1858/align?langs=ru,zh,id&pivot=zh", "/api/treaties/aigun-1858/check?langs=ru,zh",
    "/api/treaties/aigun-1858/check?ui=id", "/api/lexicon", "/api/search?q=Amur", "/api/openapi.json",
])
def test_every_api_route_answers_json(client, url):
    api(client, url)


@pytest.mark.parametrize("url, status", [
    ("/treaties/no-such-1900", 404),
    ("/treaties/aigun-1858?langs=ru,xx", 404),
    ("/treaties/aigun-1858?langs=ru,zh&wit=ru:nosuch", 400),
    ("/treaties/aigun-1858?langs=ru,zh&wit=id:seed", 400),
    ("/treaties/aigun-1858?langs=ru,zh&severity=extreme", 400),
    ("/treaties/aigun-1858?langs=ru,zh&pair=ru-la", 400),
    ("/search?q=", 400),
    ("/search?q=" + "x" * 201, 400),
    ("/no/such/page", 404),
])
def test_bad_requests_get_a_message(client, url, status):
    doc = page(client, url, status)
    assert doc.xpath("string(//*[@role='alert'])").strip(), "the reason is shown"
    if not url.startswith("/search"):  # the search page keeps its form above the message
        assert doc.xpath("string(//h1)").strip().endswith(str(status))


@pytest.mark.parametrize("url, status", [
    ("/api/treaties/no-such-1900", 404),
    ("/api/treaties/aigun-1858?langs=xx", 404),
    ("/api/treaties/aigun-1858/align?langs=ru,xx", 404),
    ("/api/treaties/aigun-1858/align?langs=ru,zh&pivot=id", 400),
    ("/api/treaties/aigun-1858/align?langs=ru", 400),
    ("/api/treaties/aigun-1858/check?langs=ru,zh&ui=fr", 400),
    ("/api/treaties/aigun-1858?witness=nosuch", 400),
    ("/api/treaties/aigun-1858?article=99", 400),
    ("/api/search", 400),
    ("/api/search?q=", 400),
    ("/api/search?q=" + "x" * 201, 400),
    ("/api/search?q=Amur&limit=lots", 400),
    ("/api/search?q=Amur&limit=0", 400),
    ("/api/search?q=Amur&langs=xx", 404),
    ("/api/no-such-route", 404),
])
def test_api_errors_are_json(client, url, status):
    body = api(client, url, status)
    assert body["status"] == status and body["error"]


def test_api_method_not_allowed_is_json(client):
    response = client.post("/api/treaties")
    assert response.status_code == 405
    assert response.get_json()["status"] == 405


def test_api_internal_error_is_json_without_traceback():
    app = create_app(testing=False)

    def broken():
        raise RuntimeError("secret detail")

    app.add_url_rule("/api/broken", view_func=broken)
    app.add_url_rule("/broken", view_func=broken, endpoint="broken_page")
    client = app.test_client()
    response = client.get("/api/broken")
    assert response.status_code == 500
    assert response.get_json() == {"error": "internal server error", "status": 500}
    page_response = client.get("/broken")
    assert page_response.status_code == 500 and b"secret detail" not in page_response.data


def test_a_form_submission_is_redirected_to_the_pages_own_url(client):
    response = client.get("/treaties/aigun-1858?langs=ru&langs=zh&wit=ru:barsukov&wit=zh:&seed=&severity=")
    assert response.status_code == 303
    assert response.headers["Location"].endswith("/treaties/aigun-1858?langs=ru,zh&wit=ru:barsukov")


def test_the_app_is_read_only(app):
    assert app.config["EDIT"] is False
    for rule in app.url_map.iter_rules():
        assert rule.methods <= {"GET", "HEAD", "OPTIONS"}, rule


# ---------------------------------------------------------------- security


@pytest.mark.parametrize("url", ["/", "/treaties/aigun-1858", "/api/treaties", "/static/reader.css", "/nope", "/api/nope"])
def test_security_headers_on_every_response(client, url):
    headers = client.get(url).headers
    csp = headers["Content-Security-Policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
                      "frame-ancestors 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"]


@pytest.mark.parametrize("url", ["/", "/treaties/aigun-1858?langs=ru,zh,id", "/lexicon", "/search?q=Amur"])
def test_pages_need_no_inline_script_or_style(client, url):
    doc = page(client, url)
    assert all(s.get("src") for s in doc.iter("script"))
    assert not doc.xpath("//style")
    assert not doc.xpath("//@style")
    assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]


@pytest.fixture()
def hostile_corpus(corpus_copy: Path) -> Path:
    """A corpus copy whose Russian article 1 clause 1 and a lexicon-free title hold markup."""
    path = corpus_copy / "aigun-1858.xml"
    text = path.read_text(encoding="utf-8")
    clause = '<seg type="clause" xml:id="aigun-1858.ru.a1.c1">'
    start = text.index(clause) + len(clause)
    end = text.index("</seg>", start)
    text = text[:start] + "Река &lt;script&gt;alert(1)&lt;/script&gt; и &lt;b onclick=\"x()\"&gt;Амур&lt;/b&gt;" + text[end:]
    text = text.replace('<title xml:lang="en">Treaty of Aigun</title>',
                        '<title xml:lang="en">Treaty &lt;img src=x onerror=alert(2)&gt;</title>')
    path.write_text(text, encoding="utf-8")
    return corpus_copy


def test_corpus_text_is_escaped(hostile_corpus):
    client = create_app(str(hostile_corpus), testing=True).test_client()
    for url in ("/treaties/aigun-1858?langs=ru,zh", "/search?q=alert", "/", "/lexicon"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body and "<b onclick" not in body, url
    body = client.get("/treaties/aigun-1858?langs=ru,zh").get_data(as_text=True)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    doc = html.fromstring(body)
    clause = doc.get_element_by_id("aigun-1858.ru.a1.c1")
    assert "<script>alert(1)</script>" in clause.text_content()
    assert clause.xpath(".//a[contains(@class,'lx')][@data-entry='place.amur']"), "mentions still marked"
    assert client.get("/api/treaties/aigun-1858?langs=ru&article=1").get_json()["versions"]["ru"]["articles"][0][
        "clauses"][0]["text"].startswith("Река <script>")


def test_search_query_is_escaped(client):
    body = client.get("/search?q=%3Cscript%3Ealert(3)%3C/script%3E").get_data(as_text=True)
    assert "<script>alert(3)" not in body and "&lt;script&gt;alert(3)" in body


# ---------------------------------------------------------------- the treaty view


@pytest.fixture(scope="module")
def aigun(app) -> html.HtmlElement:
    return page(app.test_client(), "/treaties/aigun-1858?langs=ru,zh,id")


def test_columns_carry_language_and_direction(aigun):
    heads = aigun.xpath("//table[contains(@class,'aligned')]/thead//th[contains(@class,'col-head')]")
    assert [h.xpath("string(.//*[@class='lang-name'])") for h in heads] == ["Russian", "Chinese", "Indonesian"]
    cells = aigun.xpath("//tr[contains(@class,'row')]/td[contains(@class,'text')]")
    assert cells and all(c.get("lang") in ("ru", "zh", "id") and c.get("dir") == "ltr" for c in cells)


def test_every_clause_has_a_permalink(aigun):
    clauses = aigun.xpath("//div[contains(@class,'clause')]")
    assert len(clauses) > 30
    for clause in clauses:
        assert clause.xpath(f".//a[@href='#{clause.get('id')}']")


def test_rows_follow_the_alignment(app, client, aigun):
    alignment = api(client, "/api/treaties/aigun-1858/align?langs=ru,zh,id")
    rows = aigun.xpath("//tr[contains(@class,' row') or starts-with(@class,'row')]")
    assert [r.get("id") for r in rows] == [g["id"] for g in alignment["groups"]]
    for group, row in zip(alignment["groups"], rows):
        shown = {d.get("id") for d in row.xpath(".//div[contains(@class,'clause')]")}
        assert shown == {c for ids in group["segments"].values() for c in ids}


def test_alignments_are_computed_once_by_the_aligner(app):
    services = app.extensions["comparer"]
    treaty = services.corpus.treaty("aigun-1858")
    first = services.pipeline.alignment(treaty, ["ru", "zh"])
    assert services.pipeline.alignment(treaty, ["ru", "zh"]) is first, "computed once"
    assert {e.kind for g in first.groups for e in g.evidence} - {"position"}


def test_lexicon_mentions_share_entry_colour_and_have_a_second_signal(aigun):
    row = aigun.get_element_by_id(aigun.xpath("//div[@id='aigun-1858.ru.a1.c1']/ancestor::tr")[0].get("id"))
    by_lang: dict[str, set[str]] = {}
    for mark in row.xpath(".//a[contains(@class,'lx ')]"):
        lang = mark.xpath("ancestor::td[1]")[0].get("lang")
        by_lang.setdefault(lang, set()).add(mark.get("data-entry"))
    assert "place.amur" in by_lang["ru"] & by_lang["zh"] & by_lang["id"]
    for mark in aigun.xpath("//a[contains(concat(' ', @class, ' '), ' lx ')]"):
        kinds = [c for c in mark.get("class").split() if c.startswith("lx-")]
        assert kinds and mark.get("title"), "underline style by kind and a title, not colour alone"
        assert mark.get("href").endswith("#" + mark.get("data-entry"))


def test_entry_colours_come_from_a_stylesheet(client):
    css = client.get("/assets/lexicon.css").get_data(as_text=True)
    hue = re.search(r'\.lx\[data-entry="place\.amur"\]\{--hue:(\d+)\}', css)
    assert hue and 0 <= int(hue.group(1)) < 360
    assert css == client.get("/assets/lexicon.css").get_data(as_text=True)


def test_rows_open_their_confidence_and_evidence(aigun):
    why = aigun.xpath("//tr[contains(@class,'row')]//details[contains(@class,'why')]")
    assert why and all(d.xpath("./summary") for d in why)
    assert aigun.xpath("//details[contains(@class,'why')]//ul[contains(@class,'evidence')]/li")


def test_header_facts(aigun):
    text = aigun.xpath("string(//section[contains(@class,'facts-block')])")
    for expected in ("28 May 1858", "16 May 1858", "咸豐八年四月十六日", "Gregorian", "Julian", "Qing", "Aigun",
                     "Николай Муравьев", "木喇福岳福", "Nikolai Muravyov"):
        assert expected in text
    assert aigun.xpath("//table[contains(@class,'signatories')]//td[@lang='zh'][.='奕山']")


def test_article_navigation_links_to_sections(aigun):
    links = aigun.xpath("//nav[contains(@class,'article-nav')]//a/@href")
    assert links[:2] == ["#sec-pre", "#sec-a1"]
    for href in links:
        assert aigun.xpath(f"//*[@id='{href[1:]}']")


def test_seed_account_beside_the_article(aigun):
    section = aigun.get_element_by_id("sec-a1")
    seed = section.xpath(".//tr[contains(@class,'paraphrase')]//details")
    assert seed and seed[0].xpath(".//div[@id='aigun-1858.id.seed.a1.c4']")
    assert seed[0].xpath(".//div[@lang='id']")


def test_seed_can_be_opened_everywhere(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh&seed=open")
    panels = doc.xpath("//tr[contains(@class,'paraphrase')]/td/details")
    assert panels and all(d.get("open") is not None for d in panels)


def test_a_column_can_show_another_witness(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh&wit=ru:barsukov")
    assert doc.xpath("//td[@lang='ru']//div[@id='aigun-1858.ru.barsukov.a1.c1']")
    assert not doc.xpath("//td[@lang='ru']//div[@id='aigun-1858.ru.a1.c1']")
    row = doc.xpath("//div[@id='aigun-1858.ru.barsukov.a1.c1']/ancestor::tr")[0]
    assert row.xpath(".//div[@id='aigun-1858.zh.a1.c1']"), "the witness clause sits on its primary clause's row"
    assert doc.xpath("//select[@name='wit']/option[@selected][@value='ru:barsukov']")


# ---------------------------------------------------------------- findings


def test_findings_panel_matches_the_check_report(client, aigun):
    report = api(client, "/api/treaties/aigun-1858/check?langs=ru,zh,id")
    items = aigun.xpath("//ol[contains(@class,'finding-list')]/li[contains(@class,'finding')]")
    assert [li.get("id") for li in items] == [f"finding-{f['id']}" for f in report["findings"]]
    assert report["findings"], "the Aigun versions disagree (Sungari, protection from foreigners, …)"
    for finding, li in zip(report["findings"], items):
        assert li.xpath("./details/summary"), "keyboard-reachable"
        assert finding["message"] in li.text_content()
        for ids in finding["segments"].values():
            for clause_id in ids:
                assert li.xpath(f".//li[@data-clause='{clause_id}']/a/@href")[0].startswith("#")


def test_findings_badges_link_to_the_panel(client, aigun):
    badges = aigun.xpath("//ul[contains(@class,'badges')]//a[contains(@class,'badge')]")
    assert badges
    badged = set()
    for badge in badges:
        ids = badge.get("data-findings").split()
        assert badge.get("href") == f"#finding-{ids[0]}"
        for finding_id in ids:
            finding = aigun.get_element_by_id(f"finding-{finding_id}")
            assert finding.get("data-severity") in badge.get("class")
            assert finding.xpath("string(.//span[@class='type-label'])") in badge.text_content(), \
                "the badge names the finding type, not just a colour"
        badged.update(ids)
    report = api(client, "/api/treaties/aigun-1858/check?langs=ru,zh,id")
    assert badged == {f["id"] for f in report["findings"] if f["segments"]}


def test_findings_filter_without_javascript(client):
    report = api(client, "/api/treaties/aigun-1858/check?langs=ru,zh,id")
    severity = report["findings"][0]["severity"]
    doc = page(client, f"/treaties/aigun-1858?langs=ru,zh,id&severity={severity}")
    visible = doc.xpath("//li[contains(@class,'finding')][not(@hidden)]")
    assert len(visible) == sum(f["severity"] == severity for f in report["findings"])
    assert all(li.get("data-severity") == severity for li in visible)
    count = doc.xpath("string(//*[@id='finding-count'])")
    assert f"{len(visible)} of {len(report['findings'])}" in count
    options = doc.xpath("//select[@name='severity']/option[@value]")
    counted = {o.get("value"): int(o.get("data-count")) for o in options if o.get("value")}
    assert sum(counted.values()) == len(report["findings"])


def test_index_counts_findings_by_severity(client):
    """The index counts the findings of the versions a treaty's page shows first: the same numbers."""
    doc = page(client, "/")
    for treaty_id in TREATIES:
        card = doc.xpath(f"//li[contains(@class,'treaty-card')][.//a[@href='/treaties/{treaty_id}']]")[0]
        shown = page(client, f"/treaties/{treaty_id}").xpath("//li[contains(@class,'finding')][@data-severity]")
        for severity in ("high", "medium", "low"):
            n = sum(li.get("data-severity") == severity for li in shown)
            assert card.xpath(f".//li[contains(@class,'sev-{severity}')][contains(., '{n} {severity}')]")
        for date in api(client, "/api/treaties")[TREATIES.index(treaty_id)]["dates"].values():
            assert date["label"] in card.text_content() or i18n.day("en", date["value"]) in card.text_content()


# ---------------------------------------------------------------- lexicon and search pages


def test_lexicon_page_lists_forms_and_occurrences(client):
    doc = page(client, "/lexicon")
    amur = doc.get_element_by_id("place.amur")
    assert amur.xpath(".//td[@lang='zh'][contains(., '黑龍江')]") and amur.xpath(".//td[@lang='ru'][contains(., 'Амур')]")
    links = amur.xpath(".//details[contains(@class,'occurrences')]//a/@href")
    assert any(h.startswith("/treaties/aigun-1858#aigun-1858.zh.") for h in links)


def test_search_page_finds_every_script(client):
    doc = page(client, "/search?q=Amur")
    matches = {(m.xpath("ancestor::td[1]")[0].get("lang"), m.text_content()) for m in doc.xpath("//td[@class='match']/mark")}
    assert ("zh", "黑龍江") in matches and any(lang == "ru" and m.startswith("Амур") for lang, m in matches)
    link = doc.xpath("//table[contains(@class,'kwic')]//th[@class='where']/a/@href")[0]
    assert link.startswith("/treaties/") and "#" in link


def test_search_result_links_open_the_clause(client):
    doc = page(client, "/search?q=Уссури")
    for href in doc.xpath("//th[@class='where']/a/@href"):
        path, _, anchor = href.partition("#")
        target = page(client, path)
        assert target.xpath(f"//*[@id='{anchor}']"), href


def test_api_search_matches_library(client, corpus):
    from comparer.search import search

    body = api(client, "/api/search?q=Amur&limit=5")
    assert body["entries"] == ["place.amur"]
    assert body["hits"] == [h.as_dict() for h in search(corpus, "Amur", limit=5)]
    assert body["truncated"] is True


# ---------------------------------------------------------------- API mirrors the CLI


def test_api_list_mirrors_cli(client, run_cli):
    result = run_cli("list", "--json")
    assert api(client, "/api/treaties") == json.loads(result.stdout)


def test_api_show_mirrors_cli(client, run_cli):
    result = run_cli("show", "aigun-1858", "--lang", "zh", "--article", "1", "--json")
    assert api(client, "/api/treaties/aigun-1858?langs=zh&article=1") == json.loads(result.stdout)


def test_openapi_document_is_valid_and_complete(app, client):
    validator = pytest.importorskip("openapi_spec_validator", reason="openapi-spec-validator is not installed")
    spec = api(client, "/api/openapi.json")
    validator.validate(spec)
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", p) for p in spec["paths"]}
    routed = {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}
    assert documented == routed


# ---------------------------------------------------------------- interface language


def test_interface_language_switch_is_remembered(client):
    doc = page(client, "/treaties/aigun-1858?ui=id")
    assert doc.get("lang") == "id"
    assert doc.xpath("string(//h2[@id='findings-h'])") == "Perbedaan"
    cookie = client.get_cookie(i18n.COOKIE)
    assert cookie is not None and cookie.value == "id"
    again = page(client, "/lexicon")
    assert again.get("lang") == "id" and again.xpath("string(//h1)") == "Leksikon"
    assert page(client, "/?ui=en").get("lang") == "en"


def test_browser_language_is_the_default(app):
    client = app.test_client()
    doc = html.fromstring(client.get("/", headers={"Accept-Language": "id-ID,id;q=0.9"}).get_data(as_text=True))
    assert doc.get("lang") == "id"


def test_findings_messages_follow_the_interface_language(client):
    en = api(client, "/api/treaties/aigun-1858/check?langs=ru,zh,id")
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh,id&ui=id")
    messages = [m.text_content() for m in doc.xpath("//p[@class='message']")]
    assert messages and messages != [f["message"] for f in en["findings"]]


def test_catalogs_have_the_same_keys_and_no_empty_label():
    en, id_ = i18n.catalog("en"), i18n.catalog("id")
    assert set(en) == set(id_)
    for value in (*en.values(), *id_.values()):
        forms = value.values() if isinstance(value, dict) else [value]
        assert all(form.strip() for form in forms)


def test_counted_labels_agree_with_their_number():
    assert i18n.translate("en", "lexicon.occurs", n=1) == "Named in 1 clause"
    assert i18n.translate("en", "lexicon.occurs", n=3) == "Named in 3 clauses"
    assert i18n.translate("id", "lexicon.occurs", n=3) == "Disebut dalam 3 klausa"


@pytest.mark.parametrize("group, values", [
    ("type", get_args(FindingType)),
    ("evidence", get_args(Evidence.model_fields["kind"].annotation)),
    ("status", [s.value for s in Status]),
    ("calendar", ["gregorian", "julian", "qing"]),
    ("kind", ["place", "person", "org", "concept"]),
    ("severity", ["high", "medium", "low"]),
    ("review", ["open", "confirmed", "dismissed"]),
])
def test_every_value_from_the_model_has_a_label(group, values):
    for ui in i18n.UI_LANGS:
        for value in values:
            assert f"{group}.{value}" in i18n.catalog(ui), (ui, group, value)


def test_templates_use_only_known_labels():
    folder = Path(i18n.__file__).parent / "templates"
    pattern = r"""\bt\(["']([a-z][\w.]*\w)["']"""  # a literal key, not a prefix joined to data
    keys = {k for f in folder.glob("*.html") for k in re.findall(pattern, f.read_text())}
    assert keys and keys <= set(i18n.catalog("en"))


# ---------------------------------------------------------------- accessibility basics


@pytest.mark.parametrize("url", ["/", "/treaties/aigun-1858?langs=ru,zh,id", "/treaties/nerchinsk-1689",
                                 "/lexicon", "/search?q=Amur", "/search", "/no/such/page"])
def test_accessibility_basics(client, url):
    response = client.get(url)
    doc = html.fromstring(response.get_data(as_text=True))
    assert len(doc.xpath("//h1")) == 1
    levels = [int(h.tag[1]) for h in doc.iter("h1", "h2", "h3", "h4", "h5", "h6")]
    assert levels[0] == 1 and all(b - a <= 1 for a, b in zip(levels, levels[1:])), levels
    labelled = set(doc.xpath("//label/@for"))
    for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
        assert control.get("id") in labelled or control.get("aria-label") or control.xpath("ancestor::label"), \
            html.tostring(control)
    for link in doc.xpath("//a"):
        assert link.get("href") and (link.text_content().strip() or link.get("aria-label") or link.get("title"))
    assert doc.xpath("//main[@id='main']") and doc.xpath("//a[@href='#main']")


# ---------------------------------------------------------------- comparer serve


def test_serve_refuses_a_bad_port(run_cli):
    result = run_cli("serve", "--port", "70000")
    assert result.exit_code == 2 and "70000" in result.output


def test_serve_refuses_a_port_in_use(run_cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port))
    assert result.exit_code != 0 and f"127.0.0.1:{port}" in result.stderr


def test_serve_refuses_debug_with_workers(run_cli):
    result = run_cli("serve", "--debug", "--workers", "2")
    assert result.exit_code != 0 and "--debug" in result.stderr


def test_serve_answers_under_gunicorn_with_workers(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    log = (tmp_path / "serve.log").open("w+")
    command = [sys.executable, "-c", "from comparer.cli import main; main()", "serve", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, cwd=Path(__file__).resolve().parent.parent, stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + 120
        body = None
        while body is None and time.monotonic() < deadline and server.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/treaties", timeout=5) as response:
                    body = json.load(response)
            except OSError:
                time.sleep(0.3)
        assert body and [t["id"] for t in body] == TREATIES
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        output = log.read()
    assert output.count("Booting worker") == 2, output[-2000:]
