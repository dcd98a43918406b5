"""The reader on every screen and from the keyboard (issue 14), in Debian's Chromium through Playwright.

At 390 px (a phone), 768 px and 1366 px every page type fits its viewport (no horizontal scrolling:
document.documentElement.scrollWidth <= clientWidth); screenshots go to test-artifacts/ as
screen-<width>-<page>.png for a person to look at. On a phone each row's versions stack, every cell
labelled with its version and what its text is; the navigation folds behind a Menu button.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest

from comparer import paths
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.corpus import Corpus
from comparer.review import Checker, review_finding

try:
    from comparer.web import create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
TREATIES = ["nerchinsk-1689", "bura-1727", "kyakhta-1727", "aigun-1858", "tianjin-1858", "beijing-1860"]
PAGES = {"home": "/", **{t: f"/treaties/{t}" for t in TREATIES}, "lexicon": "/lexicon", "search": "/search?q=Amur",
         "sources": "/sources", "source": "/sources/seed", "history": "/treaties/aigun-1858/history"}
WIDTHS = (390, 768, 1366)
OVERFLOW = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
IN_VIEW = "el => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight && r.height > 0; }"


@pytest.fixture(scope="module")
def base_url(tmp_path_factory):
    """The reader, read-only, on a copy of the corpus where one finding has been reviewed (the history
    page then has a row to lay out)."""
    folder = tmp_path_factory.mktemp("screens") / "corpus"
    shutil.copytree(paths.bundled("texts"), folder)
    corpus = Corpus(str(folder))
    treaty = corpus.treaty("aigun-1858")
    langs = list(treaty.versions)
    report = check_treaty(treaty, corpus.lexicon, langs=langs, alignment=align_treaty(treaty, corpus.lexicon, langs=langs,
                                                                                      semantic=False))
    review_finding(folder / "aigun-1858.xml", report.findings[0], "dismissed", "the same river under its Manchu name",
                   editor="anna", langs=langs, checker=Checker(corpus.lexicon, False))
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, create_app(str(folder)), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def chromium():
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing (apt-get install chromium; CI installs it)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=LAUNCH_ARGS)
        yield browser
        browser.close()


def open_tab(chromium, width: int):
    context = chromium.new_context(viewport={"width": width, "height": 844 if width < 700 else 900}, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
    return context, page


@pytest.fixture()
def phone(chromium):
    context, page = open_tab(chromium, 390)
    yield page
    assert not page.csp_errors, page.csp_errors
    context.close()


@pytest.fixture()
def desktop(chromium):
    context, page = open_tab(chromium, 1366)
    yield page
    assert not page.csp_errors, page.csp_errors
    context.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_no_page_is_wider_than_the_screen(chromium, base_url, width):
    context, page = open_tab(chromium, width)
    wide = {}
    for name, url in PAGES.items():
        page.goto(base_url + url)
        scroll, client = page.evaluate(OVERFLOW)
        if scroll > client:
            wide[name] = (scroll, client)
        page.screenshot(path=str(ARTIFACTS / f"screen-{width}-{name}.png"))
    assert not page.csp_errors, page.csp_errors
    context.close()
    assert wide == {}, "pages wider than the viewport (scrollWidth, clientWidth)"


def test_on_a_phone_the_versions_stack_each_labelled_with_what_its_text_is(phone, base_url):
    phone.goto(f"{base_url}/treaties/aigun-1858")
    row = phone.locator("tr.row:has([id='aigun-1858.zh.a1.c1'])")
    cells = row.locator("td.text")
    boxes = [cells.nth(i).bounding_box() for i in range(cells.count())]
    assert len(boxes) == 3 and boxes[0]["y"] < boxes[1]["y"] < boxes[2]["y"], "one under another"
    assert all(box["width"] > 300 for box in boxes), "each at the screen's width"
    labels = row.locator(".cell-label").all_inner_texts()
    assert labels[0].startswith("Russian · authentic text, reconstructed") and labels[1].startswith("Chinese")
    heads = phone.locator("th.col-head .col-status")
    assert heads.count() == 3 and all(heads.nth(i).is_visible() for i in range(3)), "the column heads' status stays"
    assert "reconstruction" in phone.locator("footer.colophon").inner_text()
    assert phone.locator("p.caveat").is_visible()
    row.scroll_into_view_if_needed()
    phone.screenshot(path=str(ARTIFACTS / "screen-390-aigun-a1-stacked.png"))


def test_on_a_phone_the_navigation_folds_behind_a_button(phone, base_url):
    phone.goto(f"{base_url}/lexicon")
    menu = phone.locator("button.menu-toggle")
    assert menu.is_visible() and not phone.locator("nav.sitenav").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true" and phone.locator("nav.sitenav").is_visible()
    phone.screenshot(path=str(ARTIFACTS / "screen-390-menu-open.png"))
    phone.locator("nav.sitenav a", has_text="Sources").click()
    phone.wait_for_url("**/sources")


def test_an_article_link_does_not_hide_its_heading_under_the_column_heads(desktop, base_url):
    desktop.goto(f"{base_url}/treaties/tianjin-1858")
    desktop.locator("nav.article-nav a[href='#sec-a2']").click()
    heads = desktop.locator("table.aligned > thead th.col-head").first.bounding_box()
    heading = desktop.locator("#sec-a2 tr.division-head h3").bounding_box()
    assert heads["y"] == pytest.approx(0, abs=1), "the column heads stick to the top"
    assert heading["y"] >= heads["y"] + heads["height"], "the article's heading clears them"
    desktop.screenshot(path=str(ARTIFACTS / "screen-1366-tianjin-art2.png"))


def test_a_clause_permalink_turns_its_version_on_when_one_version_is_read(desktop, base_url):
    clause = "aigun-1858.zh.a1.c2"
    desktop.goto(f"{base_url}/treaties/aigun-1858?langs=ru#{clause}")
    desktop.wait_for_url(lambda url: unquote(url).endswith(f"?langs=ru,zh#{clause}"))
    assert desktop.locator(f"[id='{clause}']").is_visible()


def test_keyboard_only_from_the_top_of_a_treaty_to_three_findings(desktop, base_url):
    desktop.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id")
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.getAttribute('href')") == "#main"
    desktop.keyboard.press("Tab")
    assert desktop.evaluate("document.activeElement.getAttribute('href')") == "#findings"
    assert desktop.locator("a.skip[href='#findings']").is_visible(), "a skip link shows when it has focus"
    desktop.keyboard.press("Enter")
    assert desktop.evaluate("document.activeElement.id") == "findings"
    expected = desktop.locator("li.finding:not([hidden])").evaluate_all("items => items.map(li => li.id)")[:3]
    assert len(expected) == 3
    for finding_id in expected:
        desktop.keyboard.press("j")
        assert desktop.evaluate("document.activeElement.closest('li.finding').id") == finding_id
        row = desktop.locator("tr.row.is-target")
        assert row.count() == 1 and row.evaluate(IN_VIEW), "its row is brought into view"
        badges = row.locator(".badge").evaluate_all("bs => bs.flatMap(b => b.dataset.findings.split(' '))")
        assert finding_id.removeprefix("finding-") in badges
        assert desktop.locator(f"[id='{finding_id}']").evaluate(IN_VIEW), "and the finding in its list"
    desktop.keyboard.press("k")
    assert desktop.evaluate("document.activeElement.closest('li.finding').id") == expected[1]
    desktop.keyboard.press("Enter")
    assert desktop.locator(f"[id='{expected[1]}'] details").get_attribute("open") is not None
    assert expected[1].removeprefix("finding-") in desktop.locator("#finding-current").inner_text() or \
        "Discrepancy 2 of" in desktop.locator("#finding-current").inner_text()
    desktop.screenshot(path=str(ARTIFACTS / "screen-1366-keyboard-findings.png"))


def test_on_a_phone_j_brings_the_findings_row_into_view(phone, base_url):
    phone.goto(f"{base_url}/treaties/aigun-1858")
    phone.locator("button.finding-step[data-step='1']").click()
    row = phone.locator("tr.row.is-target")
    assert row.count() == 1 and row.evaluate(IN_VIEW)
    phone.keyboard.press("j")
    assert phone.evaluate("document.activeElement.classList.contains('badge')")
    assert phone.locator("tr.row.is-target").evaluate(IN_VIEW)


def test_names_and_terms_are_reached_with_the_arrows_not_the_tab_key(desktop, base_url):
    desktop.goto(f"{base_url}/treaties/aigun-1858")
    for _ in range(80):
        desktop.keyboard.press("Tab")
        assert not desktop.evaluate("document.activeElement.classList.contains('lx')")
    row = desktop.locator("tr.row:has([id='aigun-1858.ru.a1.c1'])")
    row.locator("a.row-num").focus()
    desktop.keyboard.press("ArrowRight")
    first = row.locator("td.text a.lx").first
    assert desktop.evaluate("document.activeElement.dataset.entry") == first.get_attribute("data-entry")
    desktop.keyboard.press("ArrowRight")
    assert desktop.evaluate("document.activeElement.dataset.entry") == row.locator("td.text a.lx").nth(1).get_attribute("data-entry")
    assert desktop.locator("#lx-tip").is_visible(), "focus shows the entry, as hovering does"
    desktop.keyboard.press("Escape")
    assert desktop.evaluate("document.activeElement.classList.contains('row-num')")


def test_downloads_and_citation_from_the_page(desktop, base_url):
    desktop.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh")
    desktop.locator("details#downloads summary").click()
    with desktop.expect_download() as download:
        desktop.locator("details#downloads a", has_text="TEI").click()
    assert download.value.suggested_filename == "aigun-1858_ru-zh.xml"
    desktop.locator("details#cite summary").click()
    assert desktop.locator("pre.cite-bibtex").is_visible()
    desktop.screenshot(path=str(ARTIFACTS / "screen-1366-cite.png"))
