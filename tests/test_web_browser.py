"""The reader in a real browser: Debian's Chromium driven by Playwright against the app on loopback.

Screenshots go to test-artifacts/ (git-ignored) under stable names, for a person to look at.
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from urllib.parse import unquote

import pytest

from comparer import paths

try:
    from comparer.web import auth, create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
LAUNCH_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
               "--disable-sync", "--no-first-run"]
TARGET_BACKGROUND = "rgb(255, 240, 184)"  # --target in reader.css
EDITOR_TOKEN = "browser-editor-token-0123456789"


def serve(app):
    from werkzeug.serving import make_server

    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, thread


@pytest.fixture(scope="module")
def base_url():
    server, thread = serve(create_app())
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="module")
def editing_url(tmp_path_factory):
    """An editing server on a copy of the corpus (the bundled texts are never written)."""
    folder = tmp_path_factory.mktemp("review") / "corpus"
    shutil.copytree(paths.bundled("texts"), folder)
    server, thread = serve(create_app(str(folder), edit=True, editors=auth.Editors({"alice": EDITOR_TOKEN})))
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


@pytest.fixture()
def tab(chromium):
    context = chromium.new_context(viewport={"width": 1440, "height": 1000}, locale="en-GB")
    page = context.new_page()
    page.csp_errors = []
    page.on("console", lambda m: "Content Security Policy" in m.text and page.csp_errors.append(m.text))
    yield page
    assert not page.csp_errors, page.csp_errors
    context.close()


def shot(page, name: str, full_page: bool = False) -> None:
    page.screenshot(path=str(ARTIFACTS / name), full_page=full_page)


def row_of(page, clause_id: str):
    return page.locator(f"tr.row:has([id='{clause_id}'])")


def test_treaty_view_and_other_pages(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858")
    assert tab.locator("th.col-head .lang-name").all_inner_texts() == ["Russian", "Chinese", "Indonesian"]
    assert tab.locator("tr.row").count() > 10
    shot(tab, "treaty-view-aigun.png")
    shot(tab, "treaty-view-aigun-full.png", full_page=True)
    tab.locator("#sec-a1").scroll_into_view_if_needed()
    tab.evaluate("document.getElementById('sec-a1').scrollIntoView()")
    shot(tab, "treaty-view-aigun-article1.png")
    for url, name in (("/", "index.png"), ("/lexicon", "lexicon.png"), ("/search?q=Amur", "search-amur.png")):
        tab.goto(base_url + url)
        shot(tab, name)
    assert tab.locator("td.match mark[data-entry='place.amur']").count() > 10


def test_switch_versions_and_witness(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858")
    tab.uncheck("#lang-id")
    tab.click("form.choose button[type=submit]")
    tab.wait_for_url("**/treaties/aigun-1858?langs=ru,zh*")
    assert tab.locator("th.col-head .lang-name").all_inner_texts() == ["Russian", "Chinese"]
    tab.select_option("#wit-ru", "ru:barsukov")
    tab.click("form.choose button[type=submit]")
    tab.wait_for_url("**wit=ru:barsukov*")
    assert tab.locator("td[lang=ru] [id='aigun-1858.ru.barsukov.a1.c1']").count() == 1
    assert "barsukov" in tab.locator("th.col-head").first.inner_text()
    shot(tab, "treaty-view-witness-barsukov.png")


def test_filter_findings_without_reload(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id")
    findings = tab.locator("li.finding")
    total = findings.count()
    assert total > 1
    severities = findings.evaluate_all("items => items.map(li => li.dataset.severity)")
    chosen = min(set(severities), key=severities.count)
    tab.evaluate("window.notReloaded = true")
    tab.select_option("#filter-severity", chosen)
    visible = tab.locator("li.finding:not([hidden])")
    assert visible.count() == severities.count(chosen) < total
    assert set(visible.evaluate_all("items => items.map(li => li.dataset.severity)")) == {chosen}
    assert tab.evaluate("window.notReloaded") is True
    assert f"severity={chosen}" in tab.url
    assert tab.locator("#finding-count").inner_text().startswith(str(severities.count(chosen)))
    first = visible.first.locator("summary")
    first.focus()
    tab.keyboard.press("Enter")
    assert visible.first.locator("details").get_attribute("open") is not None
    shot(tab, "findings-filtered.png")


def test_permalink_highlights_its_row(tab, base_url):
    clause = "aigun-1858.zh.a1.c2"
    tab.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id#{clause}")
    row = row_of(tab, clause)
    assert "is-target" in row.get_attribute("class")
    assert row.locator("td.text").first.evaluate("td => getComputedStyle(td).backgroundColor") == TARGET_BACKGROUND
    assert tab.locator(f"[id='{clause}']").is_visible()
    shot(tab, "permalink-aigun-zh-a1-c2.png")
    other = "aigun-1858.ru.a3.c1"
    tab.locator(f"[id='{other}'] a.cl-num").click()
    assert "is-target" in row_of(tab, other).get_attribute("class")
    assert "is-target" not in row.get_attribute("class")


def test_a_permalink_to_a_clause_of_a_hidden_version_turns_it_on(tab, base_url):
    clause = "aigun-1858.id.a1.c2"
    tab.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh#{clause}")
    tab.wait_for_url(lambda url: unquote(url).endswith(f"?langs=ru,zh,id#{clause}"))
    assert tab.locator(f"[id='{clause}']").is_visible()
    assert "is-target" in row_of(tab, clause).get_attribute("class")


def test_hovering_a_name_lights_its_counterparts(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id")
    row = row_of(tab, "aigun-1858.ru.a1.c1")
    amur = row.locator("a.lx[data-entry='place.amur']")
    langs = amur.evaluate_all("marks => marks.map(m => m.closest('td').lang)")
    assert {"ru", "zh", "id"} <= set(langs)
    amur.first.hover()
    lit = row.locator("a.lx.lit")
    assert set(lit.evaluate_all("marks => marks.map(m => m.dataset.entry)")) == {"place.amur"}
    assert set(lit.evaluate_all("marks => marks.map(m => m.closest('td').lang)")) >= {"ru", "zh", "id"}
    tip = tab.locator("#lx-tip")
    assert tip.is_visible() and "黑龍江" in tip.inner_text() and "Амур" in tip.inner_text()
    shot(tab, "lexicon-hover.png")
    tab.mouse.move(0, 0)
    assert row.locator("a.lx.lit").count() == 0
    row.locator("td[lang=zh] a.lx[data-entry='place.amur']").first.focus()  # keyboard users get the same
    assert row.locator("td[lang=id] a.lx.lit[data-entry='place.amur']").count() >= 1


def test_switch_interface_to_indonesian(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id")
    tab.click("nav.uilang a[hreflang=id]")
    tab.wait_for_url("**ui=id*")
    assert tab.locator("html").get_attribute("lang") == "id"
    assert tab.locator("#findings-h").inner_text().strip().lower() == "perbedaan"
    assert tab.locator("th.col-head .lang-name").all_inner_texts() == ["Rusia", "Tionghoa", "Indonesia"]
    shot(tab, "treaty-view-id-ui.png")
    tab.goto(f"{base_url}/lexicon")
    assert tab.locator("html").get_attribute("lang") == "id", "remembered in a cookie"
    tab.goto(f"{base_url}/?ui=en")


def test_reading_and_filtering_work_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id")
    assert page.locator("tr.row").count() > 10
    total = page.locator("li.finding").count()
    severity = page.locator("li.finding").first.get_attribute("data-severity")
    page.select_option("#filter-severity", severity)
    page.click("#finding-filters button[type=submit]")
    page.wait_for_url(f"**severity={severity}*")
    shown = page.locator("li.finding:not([hidden])").count()
    assert 0 < shown <= total
    shot(page, "treaty-view-no-javascript.png")
    context.close()


def test_print_shows_the_aligned_table_only(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858?langs=ru,zh,id")
    tab.emulate_media(media="print")
    assert not tab.locator("aside.findings-panel").is_visible()
    assert not tab.locator("form.choose").is_visible()
    assert tab.locator("table.aligned").is_visible()
    shot(tab, "treaty-view-print.png", full_page=True)
    tab.pdf(path=str(ARTIFACTS / "treaty-view-aigun.pdf"), landscape=True, print_background=False)
    assert (ARTIFACTS / "treaty-view-aigun.pdf").stat().st_size > 10_000


def test_log_in_dismiss_a_finding_merge_two_rows_and_reload(tab, editing_url):
    tab.goto(f"{editing_url}/treaties/aigun-1858")
    tab.click("div.editor-status a")
    tab.fill("#token", EDITOR_TOKEN)
    tab.click("form.login-form button[type=submit]")
    tab.wait_for_url("**/treaties/aigun-1858*")
    assert "alice" in tab.locator("div.editor-status").inner_text()

    finding = tab.locator("li.finding").first
    finding_id = finding.get_attribute("id")
    finding.locator("summary").click()
    finding.locator("textarea").fill("Same river, another script <b>not bold</b>")
    finding.locator("button[value=dismissed]").click()
    tab.wait_for_url(f"**#{finding_id}")
    dismissed = tab.locator(f"[id='{finding_id}']")
    assert dismissed.get_attribute("data-review") == "dismissed"
    assert "<b>not bold</b>" in dismissed.locator(".decision-comment").inner_text()
    dismissed.scroll_into_view_if_needed()
    shot(tab, "review-dismissed.png")

    # Two neighbouring rows away from the finding's clauses, so merging them leaves that finding as it is.
    concerned = set(dismissed.locator(".clause-links li").evaluate_all("items => items.map(li => li.dataset.clause)"))
    ids = tab.locator("tr.row").evaluate_all("rows => rows.map(r => [...r.querySelectorAll('div.clause')].map(c => c.id))")
    n = next(i for i in range(len(ids) - 2, 0, -1) if not concerned & set(ids[i] + ids[i + 1]))
    upper, lower = tab.locator("tr.row").nth(n), tab.locator("tr.row").nth(n + 1)
    row_id = upper.get_attribute("id")
    both = set(upper.locator("div.clause").evaluate_all("els => els.map(e => e.id)")) | set(
        lower.locator("div.clause").evaluate_all("els => els.map(e => e.id)"))
    upper.locator("details.edit-row summary").click()
    shot(tab, "review-row-form.png")
    upper.locator("button[value=merge]").click()
    tab.wait_for_url(f"**#{row_id}")

    tab.reload()
    merged = tab.locator(f"tr[id='{row_id}']")
    assert set(merged.locator("div.clause").evaluate_all("els => els.map(e => e.id)")) == both
    assert merged.locator(".fixed-mark").is_visible()
    assert tab.locator(f"[id='{finding_id}']").get_attribute("data-review") == "dismissed"
    merged.scroll_into_view_if_needed()
    shot(tab, "review-merged.png")
    tab.goto(f"{editing_url}/treaties/aigun-1858/history")
    assert tab.locator("table.history tbody tr").count() == 2
    shot(tab, "review-history.png")


def test_claims_panel_and_collation_of_editions(tab, base_url):
    tab.goto(f"{base_url}/treaties/aigun-1858")
    panel = tab.locator("details#claims-a1")
    assert panel.get_attribute("open") is None
    panel.locator("summary").focus()
    tab.keyboard.press("Enter")  # keyboard users open it as everyone else does
    assert panel.get_attribute("open") is not None
    claim = panel.locator("li.claim", has=tab.locator("span.sentence-id", has_text="seed.p25.s10"))
    badge = claim.locator(".claim-head .verdict")
    assert badge.inner_text().strip().endswith("contradicted")
    assert badge.locator(".verdict-icon").evaluate("el => getComputedStyle(el, '::before').content") == '"✗"'
    comparison = claim.locator("table.comparison").inner_text()
    assert "左岸" in comparison and "右岸" in comparison and "правый берег" in comparison
    panel.locator("summary").evaluate("el => { el.scrollIntoView(); window.scrollBy(0, -110); }")
    shot(tab, "claims-aigun-a1.png")
    claim.locator("a.cl-ref[href='#aigun-1858.zh.a1.c1']").click()
    assert "is-target" in row_of(tab, "aigun-1858.zh.a1.c1").get_attribute("class")

    tab.locator("th.col-head", has_text="Russian").locator("a.collate-toggle").click()
    tab.wait_for_url("**collate=ru*")
    apparatus = row_of(tab, "aigun-1858.ru.a1.c1").locator("div.apparatus")
    assert apparatus.locator("del", has_text="Усури").is_visible() and apparatus.locator("ins", has_text="Уссури").is_visible()
    assert "spelling only" in apparatus.inner_text()
    assert tab.locator("td[lang=zh] div.apparatus").count() == 0
    tab.evaluate("document.getElementById('sec-a1').scrollIntoView(); window.scrollBy(0, -90)")
    shot(tab, "collation-aigun-ru.png")
    tab.locator("a.collate-toggle.is-on").click()
    tab.wait_for_url(lambda url: "collate" not in url)
    assert tab.locator("div.apparatus").count() == 0


def test_claims_and_collation_work_without_javascript(chromium, base_url):
    context = chromium.new_context(java_script_enabled=False, viewport={"width": 1440, "height": 1000})
    page = context.new_page()
    page.goto(f"{base_url}/treaties/aigun-1858")
    page.click("details#claims-a1 > summary")
    assert page.locator("details#claims-a1 li.claim").first.is_visible()
    page.locator("th.col-head", has_text="Chinese").locator("a.collate-toggle").click()
    page.wait_for_url("**collate=zh*")
    assert page.locator("td[lang=zh] div.apparatus").count() > 5
    context.close()
