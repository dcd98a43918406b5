"""The collation of a version's printed editions in the treaty view (?collate=ru), against
comparer.exchange.collate on the bundled corpus and on an edited copy."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from lxml import html

from comparer.corpus import Corpus
from comparer.exchange.collate import SUBSTANTIVE_KINDS, collate

try:
    from comparer.web import create_app, i18n
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import create_app, i18n

AIGUN = "/treaties/aigun-1858?langs=ru,zh,id"


@pytest.fixture(scope="module")
def collated(app) -> html.HtmlElement:
    return page(app.test_client(), AIGUN + "&collate=ru")


@pytest.fixture(scope="module")
def ru_collation():
    return collate(Corpus().treaty("aigun-1858"), "ru")


def page(client, url: str, status: int = 200) -> html.HtmlElement:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:500]
    return html.fromstring(response.get_data(as_text=True))


def apparatus_of(doc, clause_id: str) -> html.HtmlElement:
    """The apparatus printed right after a clause of the collated column."""
    found = doc.xpath(f"//div[@id='{clause_id}']/following-sibling::*[1][contains(@class,'apparatus')]")
    assert found, clause_id
    return found[0]


def toggle(doc, lang: str) -> html.HtmlElement | None:
    links = doc.xpath(f"//th[contains(@class,'col-head')][.//span[@class='lang-name']='{lang}']//a[contains(@class,'collate-toggle')]")
    return links[0] if links else None


def collate_param(href: str) -> str | None:
    values = parse_qs(urlsplit(href).query).get("collate")
    return values[0] if values else None


# ---------------------------------------------------------------- the toggle


def test_versions_with_other_printed_editions_get_a_toggle(client):
    doc = page(client, AIGUN)
    assert collate_param(toggle(doc, "Russian").get("href")) == "ru"
    assert collate_param(toggle(doc, "Chinese").get("href")) == "zh"
    assert toggle(doc, "Indonesian") is None, "its other witness is the seed article's paraphrase, not a printing"
    assert toggle(doc, "Russian").text_content().strip() == "Compare editions"
    assert not doc.xpath("//div[contains(@class,'apparatus')]"), "off unless asked for"


def test_the_toggle_turns_one_version_off_and_keeps_the_others(client, collated):
    on = toggle(collated, "Russian")
    assert "is-on" in on.get("class") and on.text_content().strip() == "Hide edition differences"
    assert collate_param(on.get("href")) is None and on.get("href").endswith("#text-h")
    assert collate_param(toggle(collated, "Chinese").get("href")) == "ru,zh"
    both = page(client, AIGUN + "&collate=ru,zh")
    assert collate_param(toggle(both, "Russian").get("href")) == "zh"


def test_a_column_showing_another_edition_has_no_toggle(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh&wit=ru:barsukov")
    assert toggle(doc, "Russian") is None and toggle(doc, "Chinese") is not None


# ---------------------------------------------------------------- what the column shows


def test_every_primary_clause_of_the_column_has_its_apparatus(collated, ru_collation):
    for row in ru_collation.clauses:
        notes = apparatus_of(collated, row.clause).xpath("./div[@class='app-edition']")
        assert [n.xpath("string(./*[contains(@class,'siglum')])") for n in notes] == ["barsukov"] * len(row.readings)
    assert not collated.xpath("//td[@lang='zh']//div[contains(@class,'apparatus')]"), "only the column asked for"


def test_substantive_differences_are_deletions_and_insertions_with_their_kind(collated, ru_collation):
    total = 0
    for row in ru_collation.clauses:
        [reading] = row.readings
        changes = apparatus_of(collated, row.clause).xpath(".//ul[@class='app-changes']/li")
        assert len(changes) == len(reading.substantive), row.clause
        for item, difference in zip(changes, reading.substantive):
            assert f"chg-{difference.kind}" in item.get("class")
            assert item.xpath("string(./span[@class='chg-kind'])") == i18n.translate("en", f"collate.kind.{difference.kind}")
            assert [d.xpath("string(./text())") for d in item.xpath("./del")] == ([difference.base] if difference.base else [])
            assert [i.xpath("string(./text())") for i in item.xpath("./ins")] == ([difference.reading] if difference.reading else [])
            total += 1
    assert total >= 10


def test_known_differences_of_barsukov(collated):
    a1 = apparatus_of(collated, "aigun-1858.ru.a1.c1")
    form = a1.xpath(".//li[contains(@class,'chg-form')]")[0]
    assert form.xpath("string(./del/text())") == "Усури" and form.xpath("string(./ins/text())") == "Уссури"
    assert form.xpath("./del/@lang") == ["ru"] and form.xpath("./span[@class='chg-kind']/text()") == ["variant form"]
    added = apparatus_of(collated, "aigun-1858.ru.pre.c2").xpath(".//li[contains(@class,'chg-addition')]")[0]
    assert not added.xpath("./del") and "охраненія отъ иностранцевъ" in added.xpath("string(./ins)")
    assert "edition barsukov:" in added.xpath("string(./ins/span[@class='vh'])"), "read aloud as well as seen"


def test_spelling_differences_are_listed_apart(collated, ru_collation):
    for row in ru_collation.clauses:
        [reading] = row.readings
        spellings = [d for d in reading.orthographic if d.kind == "spelling"]
        minor = apparatus_of(collated, row.clause).xpath(".//p[@class='app-minor'][contains(., 'spelling only')]")
        assert bool(minor) == bool(spellings), row.clause
        if spellings:
            pairs = [" ".join(p.text_content().split()) for p in minor[0].xpath("./span[@class='pair']")]
            assert pairs == [f"{' '.join(d.base.split())} → {' '.join(d.reading.split())}" for d in spellings]
            assert not minor[0].xpath(".//del | .//ins"), "spelling is not highlighted as a change of wording"
    assert "вечной → вѣчной" in apparatus_of(collated, "aigun-1858.ru.pre.c2").text_content()


def test_absent_clauses_and_same_wording_are_said(collated, ru_collation):
    absent = [row.clause for row in ru_collation.clauses if row.readings[0].absent]
    assert absent
    for clause_id in absent:
        assert "not in this edition" in apparatus_of(collated, clause_id).text_content()
    same = [row.clause for row in ru_collation.clauses
            if not row.readings[0].absent and not row.readings[0].substantive and not row.readings[0].untranscribed]
    for clause_id in same:
        assert "same wording" in apparatus_of(collated, clause_id).text_content()


def test_untranscribed_stretches_are_noted_not_claimed(client):
    doc = page(client, "/treaties/aigun-1858?langs=ru,zh&collate=zh")
    whole = apparatus_of(doc, "aigun-1858.zh.a1.c2")
    assert "not transcribed" in whole.text_content() and not whole.xpath(".//del | .//ins")
    part = apparatus_of(doc, "aigun-1858.zh.pre.c1")
    assert part.xpath(".//p[contains(@class,'app-gaps')]") and "same wording where transcribed" in part.text_content()
    changed = apparatus_of(doc, "aigun-1858.zh.a1.c1")
    assert changed.xpath(".//del/text()")[:1] == ["訥"] and changed.xpath(".//ins/text()")[:1] == ["納"]


def test_the_edition_siglum_links_to_its_text(client, collated):
    link = apparatus_of(collated, "aigun-1858.ru.a1.c1").xpath(".//a[contains(@class,'siglum')]")[0]
    path, _, anchor = link.get("href").partition("#")
    assert anchor == "aigun-1858.ru.barsukov.a1.c1" and "wit=ru:barsukov" in path
    assert page(client, path).xpath(f"//*[@id='{anchor}']")


def test_the_legend_explains_the_marks(collated, client):
    legend = collated.xpath("//p[@class='legend']")[0]
    assert legend.xpath(".//del") and legend.xpath(".//ins") and "spelling only" in legend.text_content()
    assert not page(client, AIGUN).xpath("//p[@class='legend']//del")


def test_filters_keep_the_collation(client, collated):
    assert collated.xpath("//form[@id='finding-filters']/input[@name='collate'][@value='ru']")
    reset = collated.xpath("//p[@class='filter-actions']/a/@href")[0]
    assert collate_param(reset) == "ru"


def test_interface_language(client):
    doc = page(client, AIGUN + "&collate=ru&ui=id")
    assert toggle(doc, "Rusia").text_content().strip() == "Sembunyikan perbedaan edisi"
    assert doc.xpath("//li[contains(@class,'chg-form')]/span[@class='chg-kind']/text()")[0] == "bentuk varian"
    assert "hanya ejaan" in apparatus_of(doc, "aigun-1858.ru.pre.c2").text_content()


# ---------------------------------------------------------------- parameters


@pytest.mark.parametrize("url, reason", [
    (AIGUN + "&collate=xx", "'xx' is not one of the versions shown"),
    (AIGUN + "&collate=la", "'la' is not one of the versions shown"),
    (AIGUN + "&collate=id", "no other printed edition"),
    ("/treaties/aigun-1858?langs=ru,zh&wit=ru:barsukov&collate=ru", "choose the primary edition"),
    ("/treaties/nerchinsk-1689?collate=la", "no other printed edition"),
])
def test_a_bad_collate_value_is_a_400_with_the_reason(client, url, reason):
    doc = page(client, url, 400)
    message = doc.xpath("string(//*[@role='alert'])")
    assert reason in message and "collate=" in message


@pytest.mark.parametrize("url, location", [
    (AIGUN + "&collate=ru&collate=zh", "/treaties/aigun-1858?langs=ru,zh,id&collate=ru,zh"),
    (AIGUN + "&collate=", "/treaties/aigun-1858?langs=ru,zh,id"),
    ("/treaties/aigun-1858?langs=ru&langs=zh&collate=ru&collate=ru", "/treaties/aigun-1858?langs=ru,zh&collate=ru"),
])
def test_repeated_or_empty_collate_is_redirected_to_the_pages_own_url(client, url, location):
    response = client.get(url)
    assert response.status_code == 303 and response.headers["Location"].endswith(location)


def test_collations_are_computed_once(app):
    services = app.extensions["comparer"]
    treaty = services.treaty("aigun-1858")
    assert services.pipeline.collation(treaty, "ru") is services.pipeline.collation(treaty, "ru")


# ---------------------------------------------------------------- escaping, CSP, print


@pytest.fixture()
def hostile_edition(corpus_copy: Path) -> Path:
    """A corpus copy whose barsukov edition adds markup to article 1 clause 1."""
    path = corpus_copy / "aigun-1858.xml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("владѣніемъ Дайцынскаго государства;<note",
                        "владѣніемъ Дайцынскаго государства &lt;script&gt;alert(1)&lt;/script&gt;;<note", 1)
    path.write_text(text, encoding="utf-8")
    return corpus_copy


def test_edition_text_is_escaped(hostile_edition):
    client = create_app(str(hostile_edition), testing=True).test_client()
    response = client.get(AIGUN + "&collate=ru")
    assert response.status_code == 200 and "<script>alert" not in response.get_data(as_text=True)
    doc = html.fromstring(response.get_data(as_text=True))
    added = apparatus_of(doc, "aigun-1858.ru.a1.c1").xpath(".//li[contains(@class,'chg-addition')]/ins")
    assert any("<script>alert(1)</script>" in i.text_content() for i in added)


def test_collated_page_needs_no_inline_script_or_style(collated):
    assert all(s.get("src") for s in collated.iter("script"))
    assert not collated.xpath("//style") and not collated.xpath("//@style")


def test_print_keeps_the_apparatus_and_drops_the_toggle(client):
    css = client.get("/static/print.css").get_data(as_text=True)
    hidden = css.split("{ display: none !important; }")[0]
    assert "a.collate-toggle" in hidden and "tr.claims-row" in hidden and ".apparatus" not in hidden


def test_collation_labels_exist_in_every_interface_language():
    for ui in i18n.UI_LANGS:
        for kind in SUBSTANTIVE_KINDS:
            assert f"collate.kind.{kind}" in i18n.catalog(ui), (ui, kind)
