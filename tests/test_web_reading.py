"""The reader as a scholar takes from it (issue 14), through Flask's test client on the bundled corpus:
downloads and citations, one version read alone, errors that lead back to the treaty, the whole
interface in Indonesian, search filters and snippets, the sources' verdicts as filters, compression."""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from datetime import date

import brotli
import pytest
from lxml import html

from comparer import tei
from comparer.corpus import Corpus

try:
    from comparer.web import i18n
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import i18n

TREATIES = ["nerchinsk-1689", "bura-1727", "kyakhta-1727", "aigun-1858", "tianjin-1858", "beijing-1860"]
MEDIA_TYPES = {"tei": "application/tei+xml", "html": "text/html", "csv": "text/csv", "tmx": "application/x-tmx+xml",
               "json": "application/json"}
EXTENSIONS = {"tei": "xml", "html": "html", "csv": "csv", "tmx": "tmx", "json": "json"}


def page(client, url: str, status: int = 200) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    return html.fromstring(response.get_data(as_text=True))


# ---------------------------------------------------------------- downloads


def download_links(doc) -> list[str]:
    return doc.xpath("//details[@id='downloads']//a[@download]/@href")


def test_a_treaty_page_offers_every_export_format_for_the_versions_shown(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh")
    links = download_links(doc)
    formats = sorted((re.search(r"format=(\w+)", link).group(1), (re.search(r"table=(\w+)", link) or [None, None])[1])
                     for link in links)
    assert formats == [("csv", "alignment"), ("csv", "findings"), ("html", None), ("json", None), ("tei", None),
                       ("tmx", None)]
    for link in links:
        assert "langs=ru%2Czh" in link or "langs=ru,zh" in link
        response = client.get(link)
        fmt = re.search(r"format=(\w+)", link).group(1)
        assert response.status_code == 200
        assert response.mimetype == MEDIA_TYPES[fmt]
        disposition = response.headers["Content-Disposition"]
        assert disposition.startswith("attachment; ")
        name = re.search(r'filename="([^"]+)"', disposition).group(1)
        assert name.startswith("aigun-1858_ru-zh") and name.endswith("." + EXTENSIONS[fmt])
        assert response.data


@pytest.mark.parametrize("fmt, table", [("csv", "findings"), ("csv", "alignment"), ("json", None)])
def test_a_download_is_what_comparer_export_writes(client, run_cli, fmt, table):
    """The same library call (comparer.exchange.formats.render) over the same alignment and report."""
    query = f"format={fmt}&langs=ru,zh,id" + (f"&table={table}" if table else "")
    served = client.get(f"/api/treaties/aigun-1858/export?{query}").data
    args = ["export", "aigun-1858", "--format", fmt, "--langs", "ru,zh,id", "--no-semantic"]
    written = run_cli(*args, *(["--table", table] if table else []))
    assert written.exit_code == 0, written.stderr
    assert served == written.stdout_bytes


def test_the_downloaded_tei_is_valid_for_one_version_and_for_several(client, tei_all):
    for langs in ("ru", "ru,zh,id"):
        response = client.get(f"/api/treaties/aigun-1858/export?format=tei&langs={langs}")
        tree = tei.parse_bytes(response.data)
        assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]
        exported = tei.treaty_from_tree(tree)
        assert list(exported.versions) == langs.split(",")


def test_every_format_downloads_for_every_treaty(client):
    for treaty_id in TREATIES:
        for fmt in MEDIA_TYPES:
            response = client.get(f"/api/treaties/{treaty_id}/export?format={fmt}")
            assert response.status_code == 200 and response.mimetype == MEDIA_TYPES[fmt], (treaty_id, fmt)


def test_the_alignment_csv_has_a_row_per_aligned_group(client):
    rows = list(csv.DictReader(io.StringIO(
        client.get("/api/treaties/tianjin-1858/export?format=csv&table=alignment&langs=ru,zh").get_data(as_text=True))))
    alignment = client.get("/api/treaties/tianjin-1858/align?langs=ru,zh").get_json()
    assert [r["group"] for r in rows] == [g["id"] for g in alignment["groups"]]
    assert {r["status_ru"] for r in rows} == {"authentic text · reconstructed from memory, not collated with the edition"}


@pytest.mark.parametrize("query, status", [("format=pdf", 400), ("format=tei&table=alignment", 400),
                                           ("format=csv&table=nothing", 400), ("langs=ru,xx", 404),
                                           ("format=csv&ui=fr", 400)])
def test_a_bad_download_request_is_a_json_error(client, query, status):
    response = client.get(f"/api/treaties/aigun-1858/export?{query}")
    assert response.status_code == status and response.get_json()["error"]


# ---------------------------------------------------------------- cite this


def test_cite_this_gives_the_url_the_versions_their_status_edition_and_the_day(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh&wit=ru:barsukov")
    cite = doc.xpath("//details[@id='cite']")[0]
    url = cite.xpath("string(.//p[@class='cite-url']/a/@href)")
    assert url.endswith("/treaties/aigun-1858?langs=ru,zh&wit=ru:barsukov")
    texts = [p.text_content() for p in cite.xpath(".//p[@class='cite-text']")]
    assert len(texts) == 2
    today = i18n.day("en", date.today())
    assert all(url in t and f"accessed {today}" in t for t in texts)
    russian = Corpus().treaty("aigun-1858").version("ru").witness("barsukov")
    assert "Treaty of Aigun, Russian text (barsukov)" in texts[0]
    assert "reconstructed from memory, not collated with the edition" in texts[0], "never cited as the edition's text"
    assert " ".join(russian.bibl.citation.split()) in texts[0]
    bibtex = cite.xpath("string(.//pre[@class='cite-bibtex'])")
    assert bibtex.startswith("@misc{aigun-1858-ru-barsukov,") and "@misc{aigun-1858-zh," in bibtex
    assert f"urldate = {{{date.today().isoformat()}}}" in bibtex and "year = {1858}" in bibtex
    assert bibtex.count("{") == bibtex.count("}"), "BibTeX braces balance (specials escaped)"
    items = json.loads(cite.xpath("string(.//pre[@class='cite-csl'])"))
    assert [i["id"] for i in items] == ["aigun-1858-ru-barsukov", "aigun-1858-zh"]
    assert all(i["type"] == "treaty" and i["issued"] == {"date-parts": [[1858, 5, 28]]} for i in items)
    assert items[0]["accessed"] == {"date-parts": [[date.today().year, date.today().month, date.today().day]]}


def test_the_api_cites_as_the_page_does(client):
    body = client.get("/api/treaties/aigun-1858/cite?langs=zh&ui=id").get_json()
    assert body["accessed"] == date.today().isoformat() and body["url"].endswith("/treaties/aigun-1858?langs=zh")
    [entry] = body["entries"]
    assert entry["text"].startswith("Perjanjian Aigun, teks Tionghoa (teks resmi, direkonstruksi dari ingatan")
    assert body["csl"][0]["language"] == "zh" and body["bibtex"].startswith("@misc{aigun-1858-zh,")


# ---------------------------------------------------------------- one version, any choice of versions


def test_one_version_is_read_alone_with_its_notes(client, corpus):
    doc = page(client, "/treaties/beijing-1860?langs=ru")
    assert [th.text_content().strip() for th in doc.xpath("//th[contains(@class,'col-head')]/span[@class='lang-name']")] \
        == ["Russian"]
    primary = corpus.treaty("beijing-1860").version("ru").primary
    assert doc.xpath("//td[@lang='ru']//div[contains(@class,'clause')]/@id") == [c.id for c in primary.clauses()]
    with_notes = [c for c in primary.clauses() if c.notes]
    assert with_notes and len(doc.xpath("//td[@lang='ru']//details[contains(@class,'ed-note')]")) == len(with_notes)
    assert not doc.xpath("//details[contains(@class,'why')]"), "no alignment to explain"
    assert doc.xpath("//p[@class='one-version']")
    report = client.get("/api/treaties/beijing-1860/check?langs=ru,zh").get_json()
    assert all(f["type"] == "date_inconsistency" for f in
               [{"type": li.get("data-type")} for li in doc.xpath("//li[contains(@class,'finding')][@data-type]")])
    assert report["findings"], "two versions are compared"


def test_one_version_with_its_editions_apparatus(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru&collate=ru")
    assert doc.xpath("//td[@lang='ru']//div[contains(@class,'apparatus')]")


def test_every_choice_of_versions_from_one_to_all(client, corpus):
    nerchinsk = corpus.treaty("nerchinsk-1689")
    every = list(nerchinsk.versions)
    for langs in ([every[0]], every[:2], every):
        doc = page(client, f"/treaties/nerchinsk-1689?langs={','.join(langs)}")
        assert len(doc.xpath("//th[contains(@class,'col-head')]")) == len(langs)


def test_an_error_about_a_treaty_leads_back_to_the_treaty(client):
    for url in ("/treaties/aigun-1858?langs=ru,xx", "/treaties/aigun-1858?langs=ru&wit=ru:nosuch",
                "/treaties/aigun-1858/clauses/aigun-1858.ru.a99.c1"):
        doc = page(client, url, client.get(url).status_code)
        assert doc.xpath("//a[@href='/treaties/aigun-1858']")[0].text_content() == "Back to the treaty"
    assert not page(client, "/treaties/no-such-1900", 404).xpath("//a[@href='/treaties/no-such-1900']")


# ---------------------------------------------------------------- Indonesian interface


ENGLISH_MONTHS = re.compile(r"\b(January|February|March|May|June|July|August|October|December)\b")
CODE_WORDS = re.compile(r"(?<![\w.:/-])(ru|zh|la|id|mnc|en)(?![\w-])")
CODE_LABELS = re.compile(r"(?<![\w.-])(ru|zh|la|id|mnc|en):")  # 'ru: Амур' in a tooltip


def english_labels() -> re.Pattern:
    """The English catalogue's wording that the Indonesian one words otherwise (four letters or more),
    as one pattern of whole words."""
    en, id_ = i18n.catalog("en"), i18n.catalog("id")
    out = set()
    for key, value in en.items():
        forms = value.values() if isinstance(value, dict) else [value]
        other = id_[key].values() if isinstance(id_[key], dict) else [id_[key]]
        for english, indonesian in zip(forms, other):
            if english == indonesian:
                continue
            for part in re.split(r"\{\w+\}", english):
                part = part.strip(" :·,.()—-")
                if len(part) >= 4 and part not in indonesian:
                    out.add(part)
    return re.compile(r"(?<!\w)(" + "|".join(map(re.escape, sorted(out, key=len, reverse=True))) + r")(?!\w)")


def in_other_language(element) -> bool:
    """Inside text marked as another language (a version's text, an English note), or data (a URL, code)."""
    node = element
    while node is not None:
        if node.get("lang") and node.get("lang") != "id" or node.tag in ("pre", "code", "script", "style"):
            return True
        if node.get("translate") == "no":
            return True
        node = node.getparent()
    return False


def foreign_words(doc, labels: re.Pattern) -> list[tuple[str, str]]:
    site = i18n.translate("id", "site.name")
    note = i18n.translate("id", "note.english.inline", note="")
    found = []
    for element in doc.iter():
        if not isinstance(element.tag, str) or in_other_language(element):
            continue
        pieces = [(element.text, "text")] + [(element.get(a), a) for a in ("title", "aria-label", "placeholder")]
        parent = element.getparent()
        if parent is not None and not in_other_language(parent):
            pieces.append((element.tail, "tail"))
        for text, where in pieces:
            text = " ".join((text or "").split()).replace(site, "")
            text = text.split(note.strip())[0]  # what follows the label is the encoder's English, said so
            if not text or text.startswith("http"):
                continue
            bad = labels.findall(text)
            bad += ENGLISH_MONTHS.findall(text) + (CODE_WORDS.findall(text) if where in ("text", "tail") else [])
            bad += CODE_LABELS.findall(text)
            if bad:
                found.append((text[:120], ", ".join(bad)))
    return found


@pytest.mark.parametrize("treaty_id", TREATIES)
def test_an_indonesian_treaty_page_has_no_english_label_date_or_language_code(client, treaty_id):
    doc = page(client, f"/treaties/{treaty_id}?ui=id")
    assert doc.get("lang") == "id"
    assert foreign_words(doc, english_labels()) == []


def test_the_walk_finds_english_when_there_is_some(client):
    """The walk itself: an English page is full of what it looks for."""
    doc = page(client, "/treaties/aigun-1858?ui=en")
    doc.set("lang", "id")
    found = " ".join(bad for _, bad in foreign_words(doc, english_labels()))
    assert "Discrepancies" in found and "May" in found


def test_dates_and_messages_in_indonesian(client):
    doc = page(client, "/treaties/aigun-1858?ui=id")
    assert "28 Mei 1858" in doc.xpath("string(//p[@class='kicker'])")
    messages = [p.text_content() for p in doc.xpath("//p[@class='message']")]
    assert messages and all(not CODE_WORDS.search(m) for m in messages)
    assert any("Tionghoa" in m or "Rusia" in m for m in messages)
    nerchinsk = page(client, "/treaties/nerchinsk-1689?ui=id")
    assert "6 September 1689 (tanggal teks Rusia)" in " ".join(nerchinsk.xpath("string(//table[@class='dates-table'])").split())


def test_an_english_note_is_marked_and_labelled_in_indonesian(client):
    doc = page(client, "/treaties/aigun-1858?ui=id")
    notes = doc.xpath("//details[contains(@class,'ed-note')]/p")
    assert notes and all(p.get("lang") == "en" for p in notes)
    assert all(p.xpath("string(./span[@class='note-lang'])") == "(catatan dalam bahasa Inggris)" for p in notes)
    english = page(client, "/treaties/aigun-1858?ui=en").xpath("//details[contains(@class,'ed-note')]/p")
    assert not english[0].xpath("./span[@class='note-lang']")


# ---------------------------------------------------------------- the smaller points


def test_findings_name_their_clauses_by_version_and_number(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh,id")
    links = doc.xpath("//ul[@class='clause-links']/li[@data-clause='aigun-1858.zh.a1.c1']")
    assert links and links[0].text_content().strip() == "Chinese 1.1"


def test_the_gap_tooltip_says_it_once(client):
    doc = page(client, "/treaties/tianjin-1858")
    titles = doc.xpath("//span[@class='gap']/@title")
    assert titles and set(titles) == {"text not transcribed"}


def test_names_and_terms_are_not_tab_stops(client):
    doc = page(client, "/treaties/tianjin-1858")
    marks = doc.xpath("//td[contains(@class,'text')]//a[contains(@class,'lx')]")
    assert len(marks) > 100 and {a.get("tabindex") for a in marks} == {"-1"}
    assert doc.xpath("//a[@class='skip'][@href='#findings']") and doc.xpath("//aside[@id='findings'][@tabindex='-1']")


def test_the_legend_explains_every_mark(client):
    doc = page(client, "/treaties/aigun-1858")
    legend = doc.xpath("//p[@class='legend']")[0]
    for mark in ("unclear", "gap", "cert", "ed-note-mark", "conf-high", "conf-medium", "conf-low", "sev-high",
                 "transcription-reconstructed"):
        assert legend.xpath(f".//*[contains(concat(' ', @class, ' '), ' {mark} ')]"), mark
    assert "j and k" in legend.text_content()


def test_search_filters_by_treaty_and_language(client):
    everything = page(client, "/search?q=Amur")
    one = page(client, "/search?q=Amur&treaty=aigun-1858&langs=zh")
    where = one.xpath("//table[@class='kwic']//th[@class='where']/a/@href")
    assert where and all(href.startswith("/treaties/aigun-1858") for href in where)
    assert {td.get("lang") for td in one.xpath("//td[contains(@class,'match')]")} == {"zh"}
    assert len(where) < len(everything.xpath("//table[@class='kwic']//th[@class='where']"))
    assert one.xpath("//select[@name='treaty']/option[@selected]/@value") == ["aigun-1858"]
    body = client.get("/api/search?q=Amur&treaty=aigun-1858,tianjin-1858").get_json()
    assert body["hits"] and {h["treaty"] for h in body["hits"]} <= {"aigun-1858", "tianjin-1858"}
    assert client.get("/api/search?q=Amur&treaty=nowhere-1900").status_code == 404


def test_search_snippets_end_between_words_or_characters(client, corpus):
    clauses = {c.id: c.text for t in corpus.treaties.values() for v in t.versions.values()
               for w in v.witnesses for c in w.clauses()}
    for query in ("Amur", "граница", "黑龍江"):
        for hit in client.get(f"/api/search?q={query}&limit=1000").get_json()["hits"]:
            text, begin, end = clauses[hit["clause"]], hit["start"] - len(hit["left"]), hit["end"] + len(hit["right"])
            assert text[begin:end] == hit["left"] + hit["match"] + hit["right"]
            for at in (begin, end):
                if 0 < at < len(text) and hit["lang"] != "zh":
                    assert text[at - 1].isspace() or text[at].isspace(), (hit["clause"], text[max(0, at - 5):at + 5])
            if hit["lang"] == "zh" and begin > 0:
                assert len(hit["left"]) == 40, "Chinese is cut between any two characters"


def test_the_sources_verdict_counts_are_filters(client):
    sources = page(client, "/sources")
    contradicted = sources.xpath("//a[contains(@class,'verdict-contradicted')]/@href")
    assert contradicted == ["/sources/seed?verdict=contradicted"]
    doc = page(client, contradicted[0])
    claims = doc.xpath("//li[contains(@class,'claim')]")
    assert claims and {c.get("class") for c in claims} == {"claim verdict-contradicted"}
    assert len(claims) < len(page(client, "/sources/seed").xpath("//li[contains(@class,'claim')]"))
    assert client.get("/sources/seed?verdict=maybe").status_code in (303, 400), "an unknown verdict: dropped or refused"


def test_the_sources_page_shows_titles_never_file_names(client):
    doc = page(client, "/sources")
    assert doc.xpath("string(//li[@class='source-card']/h2)").strip() == "Treaty of Tianjin (source article)"
    assert not re.search(r"\w+\.txt\b", doc.text_content())


@pytest.mark.parametrize("url", ["/treaties/tianjin-1858", "/api/treaties/tianjin-1858/check?langs=ru,zh"])
@pytest.mark.parametrize("encoding", ["gzip", "br"])
def test_pages_and_json_are_compressed(client, url, encoding):
    plain = client.get(url, headers={"Accept-Encoding": "identity"})
    packed = client.get(url, headers={"Accept-Encoding": encoding})
    assert packed.headers["Content-Encoding"] == encoding and "Accept-Encoding" in packed.headers["Vary"]
    body = gzip.decompress(packed.data) if encoding == "gzip" else brotli.decompress(packed.data)
    assert body == plain.data and len(packed.data) < len(plain.data) / 3
