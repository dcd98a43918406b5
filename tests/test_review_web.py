"""Reviewing and correcting through the web: the API, the HTML forms, logging in, and their security.

Every app here serves a copy of the corpus in tmp_path; texts/ is never written.
"""

from __future__ import annotations

import json
import os
import re
import socket
import stat
from pathlib import Path

import pytest
from lxml import etree, html

from comparer import paths, review, tei
from comparer.errors import ComparerError, InputError

try:
    from comparer.web import auth, create_app, editing
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app, editing

TREATY = "aigun-1858"
ALICE, BOB = "alice-token-0123456789", "bob-token-0123456789ab"
EDITORS = auth.Editors({"alice": ALICE, "bob": BOB})
HOSTILE = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "\u202eevil\u202c reversed",
           "a & b < c > d ' \" `"]
NS = {"t": tei.TEI_NS}


def editing_app(folder: Path, **kwargs):
    return create_app(str(folder), edit=True, editors=EDITORS, testing=True, **kwargs)


@pytest.fixture()
def app(corpus_copy):
    return editing_app(corpus_copy)


@pytest.fixture()
def client(app):
    return app.test_client()


def bearer(token: str = ALICE) -> dict:
    return {"Authorization": f"Bearer {token}"}


def doc_of(response) -> html.HtmlElement:
    return html.fromstring(response.get_data(as_text=True))


def first_finding(client) -> dict:
    return client.get(f"/api/treaties/{TREATY}/check").get_json()["findings"][0]


def groups(client) -> list[dict]:
    return client.get(f"/api/treaties/{TREATY}/alignment").get_json()["groups"]


def clauses(group: dict) -> set[str]:
    return {c for ids in group["segments"].values() for c in ids}


def log_in(client, token: str = ALICE):
    form = doc_of(client.get("/login"))
    csrf = form.xpath("//form[contains(@class,'login-form')]//input[@name='csrf']/@value")[0]
    return client.post("/login", data={"csrf": csrf, "token": token, "next": f"/treaties/{TREATY}"})


def form_fields(form: html.HtmlElement) -> dict:
    return {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")}


def treaty_page(client, query: str = "") -> html.HtmlElement:
    response = client.get(f"/treaties/{TREATY}{query}")
    assert response.status_code == 200
    return doc_of(response)


# ---------------------------------------------------------------- round trip


def test_api_changes_are_in_the_file_survive_a_restart_and_reach_the_reader_and_export(corpus_copy, client, run_cli,
                                                                                       tei_all):
    finding = first_finding(client)
    before = client.get(f"/api/treaties/{TREATY}/reviews")
    assert before.get_json()["reviews"] == [] and before.headers["ETag"].strip('"') == before.get_json()["etag"]
    posted = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer() | {"If-Match": before.headers["ETag"]},
                         json={"finding": finding["id"], "status": "dismissed", "comment": "same river"})
    assert posted.status_code == 201, posted.get_json()
    assert posted.get_json()["review"] | {"when": None} == {
        "id": "review-1", "finding": finding["id"], "status": "dismissed", "comment": "same river", "editor": "alice",
        "when": None, "targets": posted.get_json()["review"]["targets"], "langs": ["ru", "zh", "id"], "current": True,
        "stale": False, "parts": [p["id"] for p in finding["parts"]], "found_as": finding["id"], "resolved": False,
        "upgraded": False}
    upper, lower = groups(client)[3:5]
    merged = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer(BOB) | {"If-Match": posted.headers["ETag"]},
                         json={"action": "merge", "rows": [upper["id"], lower["id"]]})
    assert merged.status_code == 200, merged.get_json()
    assert merged.get_json()["corrections"][0]["editor"] == "bob"

    stored = tei.load_treaty(corpus_copy / f"{TREATY}.xml")
    assert [(a.ana, a.status, a.resp, a.note) for a in stored.annotations] == [
        (f"#{finding['id']}", "dismissed", "#alice", "same river")]
    assert [(link.type, link.resp, set(link.targets)) for link in stored.alignment] == [
        ("correction", "#bob", clauses(upper) | clauses(lower))]

    restarted = editing_app(corpus_copy).test_client()
    assert restarted.get(f"/api/treaties/{TREATY}/reviews").get_json()["reviews"][0]["comment"] == "same river"
    page = treaty_page(restarted)
    assert page.get_element_by_id(f"finding-{finding['id']}").get("data-review") == "dismissed"
    row = page.get_element_by_id(upper["id"])
    assert {d.get("id") for d in row.xpath(".//div[contains(@class,'clause')]")} == clauses(upper) | clauses(lower)
    assert row.xpath(".//p[contains(@class,'fixed-mark')]")
    assert not page.xpath(f"//tr[@id='{lower['id']}']"), "the lower row is gone into the merged one"

    exported = run_cli("--corpus", str(corpus_copy), "export", TREATY, "--format", "tei", "--no-semantic")
    root = etree.fromstring(exported.stdout_bytes)
    assert root.find(f"t:standOff/t:listAnnotation/t:annotation[@ana='#{finding['id']}'][@n='dismissed']", NS) is not None
    assert root.find("t:standOff/t:linkGrp/t:link[@type='correction'][@resp='#bob']", NS) is not None
    assert tei_all.validate(etree.ElementTree(root)), [e.message for e in tei_all.error_log][:3]


def test_another_worker_sees_a_write_on_its_next_request(corpus_copy):
    worker_a, worker_b = editing_app(corpus_copy).test_client(), editing_app(corpus_copy).test_client()
    finding = first_finding(worker_b)
    assert treaty_page(worker_b).get_element_by_id(f"finding-{finding['id']}").get("data-review") == "open"
    posted = worker_a.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(),
                           json={"finding": finding["id"], "status": "confirmed"})
    assert posted.status_code == 201
    assert treaty_page(worker_b).get_element_by_id(f"finding-{finding['id']}").get("data-review") == "confirmed"
    assert worker_b.get(f"/api/treaties/{TREATY}/reviews").headers["ETag"] == posted.headers["ETag"]
    assert worker_b.get(f"/api/treaties/{TREATY}/check").get_json()["findings"][0]["review"] == "confirmed"


# ---------------------------------------------------------------- read-only unless --edit


def test_without_edit_there_are_no_write_routes_and_writes_are_forbidden(corpus_copy):
    app = create_app(str(corpus_copy), testing=True)
    assert all(rule.methods <= {"GET", "HEAD", "OPTIONS"} for rule in app.url_map.iter_rules())
    client = app.test_client()
    for url in (f"/api/treaties/{TREATY}/reviews", f"/api/treaties/{TREATY}/alignment"):
        response = client.post(url, headers=bearer(), json={"finding": "F-00000000", "status": "open"})
        assert response.status_code == 403 and "--edit" in response.get_json()["error"]
    assert client.post(f"/treaties/{TREATY}/reviews").status_code in (404, 405)
    assert client.get("/login").status_code == 404
    page = treaty_page(client)
    assert not page.xpath("//form[@method='post']") and not page.xpath("//a[contains(@href,'/login')]")
    assert client.get(f"/api/treaties/{TREATY}/reviews").status_code == 200, "reading stays open"


def test_editing_needs_editors_and_a_corpus_folder_of_ones_own(corpus_copy, monkeypatch):
    monkeypatch.delenv(paths.CORPUS_ENV, raising=False)
    with pytest.raises(InputError, match="bundled corpus"):
        create_app(edit=True, editors=EDITORS)
    with pytest.raises(InputError, match="editors"):
        create_app(str(corpus_copy), edit=True)


def test_the_api_description_covers_the_editing_routes(app, client):
    validator = pytest.importorskip("openapi_spec_validator", reason="openapi-spec-validator is not installed")
    spec = client.get("/api/openapi.json").get_json()
    validator.validate(spec)
    documented = {re.sub(r"\{(\w+)\}", r"<\1>", p) for p in spec["paths"]}
    assert documented == {r.rule for r in app.url_map.iter_rules() if r.rule.startswith("/api/")}
    for path in ("/api/treaties/{treaty_id}/reviews", "/api/treaties/{treaty_id}/alignment"):
        post = spec["paths"][path]["post"]
        assert {"400", "401", "403", "404", "409", "413"} <= set(post["responses"])
        assert post["security"] == [{"editorToken": []}]


def test_review_and_alignment_answers_match_the_api_description(client):
    validator = pytest.importorskip("openapi_schema_validator", reason="openapi-schema-validator is not installed")
    spec = client.get("/api/openapi.json").get_json()

    def valid(payload, schema: str) -> None:
        validator.OAS30Validator({"$ref": f"#/components/schemas/{schema}", "components": spec["components"]}
                                 ).validate(payload)

    finding = first_finding(client)
    valid(client.get(f"/api/treaties/{TREATY}/check").get_json(), "CheckReport")
    posted = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(),
                         json={"finding": finding["id"], "status": "dismissed", "langs": ["ru", "zh", "id"]})
    valid(posted.get_json(), "ReviewWritten")
    valid(client.get(f"/api/treaties/{TREATY}/reviews").get_json(), "ReviewState")
    rows = groups(client)
    k = next(i for i, g in enumerate(rows) if g["article"] == "a1")
    edits = [{"action": "merge", "rows": [rows[k]["id"], rows[k + 1]["id"]]},
             {"action": "split", "rows": [rows[k]["id"]], "clause": rows[k + 1]["segments"]["ru"][0]},
             {"action": "move", "clause": rows[k + 1]["segments"]["zh"][0], "to": "up", "cross_division": False},
             {"action": "no-counterpart", "clause": rows[k + 2]["segments"]["id"][0]}]
    for body in edits:
        valid(body, "AlignmentEdit")
        answer = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer(), json=body)
        assert answer.status_code == 200, answer.get_json()
        valid(answer.get_json(), "AlignmentState")
    assert set(spec["components"]["schemas"]["AlignmentEdit"]["properties"]) == set(editing.EDIT_FIELDS)


# ---------------------------------------------------------------- the API's errors


@pytest.mark.parametrize("headers", [{}, bearer("wrong-token-0123456789"), {"Authorization": f"Basic {ALICE}"},
                                     {"Authorization": "Bearer"}])
def test_writes_need_an_editor_token(client, headers):
    response = client.post(f"/api/treaties/{TREATY}/reviews", headers=headers, json={"finding": "x", "status": "open"})
    assert response.status_code == 401 and response.headers["WWW-Authenticate"] == "Bearer"
    assert response.get_json()["status"] == 401


@pytest.mark.parametrize("url, body, status", [
    ("reviews", "not json", 400),
    ("reviews", [], 400),
    ("reviews", {"status": "open"}, 400),
    ("reviews", {"finding": "FIRST", "status": "maybe"}, 400),
    ("reviews", {"finding": "FIRST", "status": "open", "comment": 7}, 400),
    ("reviews", {"finding": "FIRST", "status": "open", "langs": "ru"}, 400),
    ("reviews", {"finding": "FIRST", "status": "open", "langs": "ru,xx"}, 404),
    ("reviews", {"finding": "F-00000000", "status": "open"}, 404),
    ("reviews", {"finding": '<img src=x onerror=alert(1)>', "status": "open"}, 404),
    ("alignment", {"action": "rotate"}, 400),
    ("alignment", {"action": "merge", "rows": ["only-one"]}, 400),
    ("alignment", {"action": "merge", "rows": ["aigun-1858.ru.pre.c1", "aigun-1858.ru.a3.c1"]}, 400),
    ("alignment", {"action": "split", "row": "aigun-1858.ru.pre.c1"}, 400),
    ("alignment", {"action": "move", "clause": "aigun-1858.ru.pre.c1", "to": "left"}, 400),
    ("alignment", {"action": "no-counterpart", "clause": "aigun-1858.ru.a9.c9"}, 400),
])
def test_bad_requests_are_json_errors_and_write_nothing(corpus_copy, client, url, body, status):
    before = (corpus_copy / f"{TREATY}.xml").read_bytes()
    if isinstance(body, dict) and body.get("finding") == "FIRST":
        body = body | {"finding": first_finding(client)["id"]}
    kwargs = {"data": body, "content_type": "application/json"} if isinstance(body, str) else {"json": body}
    response = client.post(f"/api/treaties/{TREATY}/{url}", headers=bearer(), **kwargs)
    assert response.status_code == status, response.get_json()
    assert response.get_json()["status"] == status and response.get_json()["error"]
    assert (corpus_copy / f"{TREATY}.xml").read_bytes() == before


def test_unknown_treaty_is_404(client):
    assert client.post("/api/treaties/no-such-1900/reviews", headers=bearer(), json={}).status_code == 404
    assert client.get("/api/treaties/no-such-1900/alignment").status_code == 404
    assert client.get("/treaties/no-such-1900/history").status_code == 404


def test_a_stale_if_match_gets_409_with_the_current_state(client):
    finding = first_finding(client)
    etag = client.get(f"/api/treaties/{TREATY}/reviews").headers["ETag"]
    body = {"finding": finding["id"], "status": "confirmed"}
    first = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer() | {"If-Match": etag}, json=body)
    assert first.status_code == 201
    again = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(BOB) | {"If-Match": etag}, json=body)
    assert again.status_code == 409
    state = again.get_json()
    assert state["status"] == 409 and state["etag"] == first.get_json()["etag"] == again.headers["ETag"].strip('"')
    assert [r["editor"] for r in state["reviews"]] == ["alice"]
    moved = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer() | {"If-Match": etag},
                        json={"action": "no-counterpart", "clause": "aigun-1858.zh.a1.c2"})
    assert moved.status_code == 409 and moved.get_json()["corrections"] == [] and moved.get_json()["groups"]
    star = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer() | {"If-Match": "*"},
                       json={"action": "no-counterpart", "clause": "aigun-1858.zh.a1.c2"})
    assert star.status_code == 200 and star.get_json()["corrections"][0]["clauses"] == ["aigun-1858.zh.a1.c2"]


def test_a_huge_request_is_413_and_a_long_comment_400(client):
    finding = first_finding(client)
    huge = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(),
                       json={"finding": finding["id"], "status": "open", "comment": "x" * 1_000_000})
    assert huge.status_code == 413 and huge.get_json()["status"] == 413
    long = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(),
                       json={"finding": finding["id"], "status": "open", "comment": "x" * (review.MAX_COMMENT + 1)})
    assert long.status_code == 400 and "longer than" in long.get_json()["error"]
    log_in(client)
    form = form_fields(treaty_page(client).xpath("//form[contains(@class,'review-form')]")[0])
    assert client.post(f"/treaties/{TREATY}/reviews", data=form | {"status": "open", "comment": "y" * 1_000_000}
                       ).status_code == 413


# ---------------------------------------------------------------- logging in, sessions, CSRF


def test_login_sets_a_strict_http_only_session_and_logout_ends_it(client):
    response = log_in(client)
    assert response.status_code == 303 and response.headers["Location"] == f"/treaties/{TREATY}"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"{auth.SESSION_COOKIE}=") and "HttpOnly" in cookie and "SameSite=Strict" in cookie
    page = treaty_page(client)
    assert "alice" in page.xpath("string(//div[@class='editor-status'])")
    assert client.get(f"/treaties/{TREATY}").headers["Cache-Control"] == "no-store"
    logout = page.xpath("//div[@class='editor-status']//form")[0]
    assert client.post(logout.get("action"), data=form_fields(logout)).status_code == 303
    assert not treaty_page(client).xpath("//form[contains(@class,'review-form')]")


def test_a_wrong_token_does_not_log_in(client):
    response = log_in(client, "not-a-token")
    assert response.status_code == 401
    assert doc_of(response).xpath("string(//*[@role='alert'])").strip()
    assert not treaty_page(client).xpath("//form[contains(@class,'review-form')]")


@pytest.mark.parametrize("next_url", ["https://evil.example/", "//evil.example/x", "/\\evil.example", "javascript:alert(1)"])
def test_login_never_sends_you_to_another_site(client, next_url):
    csrf = doc_of(client.get("/login")).xpath("//input[@name='csrf']/@value")[0]
    response = client.post("/login", data={"csrf": csrf, "token": ALICE, "next": next_url})
    assert response.headers["Location"] == "/"


def test_every_form_post_needs_the_sessions_csrf_token(corpus_copy, client):
    before = (corpus_copy / f"{TREATY}.xml").read_bytes()
    assert client.post("/login", data={"token": ALICE}).status_code == 403, "login too (login CSRF)"
    log_in(client)
    page = treaty_page(client)
    review_form = page.xpath("//form[contains(@class,'review-form')]")[0]
    row_form = page.xpath("//form[contains(@class,'row-form')]")[0]
    fields = form_fields(review_form) | {"status": "dismissed"}
    other = editing_app(corpus_copy).test_client()
    log_in(other, BOB)
    foreign = form_fields(treaty_page(other).xpath("//form[contains(@class,'review-form')]")[0])["csrf"]
    for csrf in (None, "", "forged", foreign):
        data = {k: v for k, v in fields.items() if k != "csrf"} | ({} if csrf is None else {"csrf": csrf})
        assert client.post(review_form.get("action"), data=data).status_code == 403
        row = {k: v for k, v in form_fields(row_form).items() if k != "csrf"} | {"action": "no-counterpart"}
        assert client.post(row_form.get("action"), data=row | ({} if csrf is None else {"csrf": csrf})).status_code == 403
    logout = page.xpath("//div[@class='editor-status']//form")[0]
    assert client.post(logout.get("action"), data={}).status_code == 403
    assert (corpus_copy / f"{TREATY}.xml").read_bytes() == before


def test_a_form_post_without_a_session_is_refused(client):
    csrf = doc_of(client.get("/login")).xpath("//input[@name='csrf']/@value")[0]  # a session, not logged in
    response = client.post(f"/treaties/{TREATY}/reviews", data={"csrf": csrf, "finding": "F-00000000", "status": "open"})
    assert response.status_code == 401


def test_a_changed_token_ends_the_session(corpus_copy, client, app):
    log_in(client)
    app.extensions["comparer.editors"] = auth.Editors({"alice": "a-new-token-0123456789"})
    assert not treaty_page(client).xpath("//form[contains(@class,'review-form')]")


# ---------------------------------------------------------------- the forms (no JavaScript needed)


def test_review_forms_confirm_dismiss_and_reopen(client):
    log_in(client, BOB)
    finding = first_finding(client)
    for status in ("confirmed", "dismissed", "open"):
        form = treaty_page(client).xpath(f"//li[@id='finding-{finding['id']}']//form[contains(@class,'review-form')]")[0]
        assert status in form.xpath(".//button[@name='status']/@value")
        response = client.post(form.get("action"), data=form_fields(form) | {"status": status, "comment": f"now {status}"})
        assert response.status_code == 303
        assert response.headers["Location"].endswith(f"#finding-{finding['id']}")
        li = treaty_page(client).get_element_by_id(f"finding-{finding['id']}")
        assert li.get("data-review") == status
        record = li.xpath(".//div[contains(@class,'decision')]")[0]
        assert "bob" in record.text_content() and f"now {status}" in record.text_content()
        assert record.xpath(".//time/@datetime")[0].endswith("Z")
    history = doc_of(client.get(f"/treaties/{TREATY}/history"))
    assert len(history.xpath("//table[contains(@class,'history')]/tbody/tr")) == 3
    assert len(history.xpath("//tr[contains(@class,'current')]")) == 1


def test_row_forms_merge_split_move_and_mark_no_counterpart(client):
    log_in(client)
    rows = groups(client)
    k = next(i for i, g in enumerate(rows) if g["article"] == "a1")  # merges stay inside article 1
    page = treaty_page(client)

    def submit(row_id: str, action: str, clause: str | None = None):
        form = treaty_page(client).xpath(f"//tr[@id='{row_id}']//form[contains(@class,'row-form')]")[0]
        data = form_fields(form) | {"action": action, "clause": clause or form.xpath(".//option/@value")[0]}
        response = client.post(form.get("action"), data=data)
        assert response.status_code == 303, response.get_data(as_text=True)[:300]
        return response.headers["Location"]

    assert page.xpath(f"//tr[@id='{rows[k]['id']}']//button[@value='merge']")
    assert not page.xpath(f"//tr[@id='{rows[-1]['id']}']//button[@value='merge']"), "the last row has none below"
    location = submit(rows[k]["id"], "merge")
    assert location.endswith(f"#{rows[k]['id']}")
    merged = next(g for g in groups(client) if g["fixed"])
    assert clauses(merged) == clauses(rows[k]) | clauses(rows[k + 1])
    submit(rows[k]["id"], "split", rows[k + 1]["segments"]["ru"][0])
    assert [clauses(g) for g in groups(client) if g["fixed"]] == [clauses(rows[k]), clauses(rows[k + 1])]
    submit(rows[k + 1]["id"], "move-up", rows[k + 1]["segments"]["zh"][0])
    assert clauses(rows[k]) | {rows[k + 1]["segments"]["zh"][0]} in [clauses(g) for g in groups(client)]
    submit(rows[5]["id"], "no-counterpart", rows[5]["segments"]["id"][0])
    assert {"id": [rows[5]["segments"]["id"][0]]} in [g["segments"] for g in groups(client)]
    history = doc_of(client.get(f"/treaties/{TREATY}/history"))
    assert history.xpath("count(//tr[contains(@class,'replaced')])") >= 2


def test_row_forms_only_where_every_version_is_shown(client):
    log_in(client)
    assert treaty_page(client, "?langs=ru,zh,id").xpath("//form[contains(@class,'row-form')]")
    narrower = treaty_page(client, "?langs=ru,zh")
    assert not narrower.xpath("//form[contains(@class,'row-form')]")
    assert narrower.xpath("//p[@class='edit-hint']/a[contains(@href,'langs=ru,zh,id')]")
    assert narrower.xpath("//form[contains(@class,'review-form')]"), "findings of any view can be reviewed"
    assert not treaty_page(client, "?langs=ru,zh,id&wit=ru:barsukov").xpath("//form[contains(@class,'row-form')]")


def test_a_form_from_an_old_page_gets_409_and_a_way_back(client):
    log_in(client)
    old = treaty_page(client).xpath("//form[contains(@class,'review-form')]")
    first, second = form_fields(old[0]), form_fields(old[1])
    assert client.post(f"/treaties/{TREATY}/reviews", data=first | {"status": "confirmed"}).status_code == 303
    conflict = client.post(f"/treaties/{TREATY}/reviews", data=second | {"status": "confirmed"})
    assert conflict.status_code == 409
    assert doc_of(conflict).xpath(f"//a[@href='/treaties/{TREATY}']")


def test_editor_pages_pass_the_accessibility_and_script_checks(client):
    log_in(client)
    for url in (f"/treaties/{TREATY}", f"/treaties/{TREATY}/history", "/login"):
        response = client.get(url)
        assert "unsafe-inline" not in response.headers["Content-Security-Policy"]
        doc = doc_of(response)
        assert len(doc.xpath("//h1")) == 1
        assert all(s.get("src") for s in doc.iter("script")) and not doc.xpath("//@style")
        assert not [a for el in doc.iter() if isinstance(el.tag, str) for a in el.attrib if a.startswith("on")]
        labelled = set(doc.xpath("//label/@for"))
        for control in doc.xpath("//input[not(@type='hidden')] | //select | //textarea"):
            assert control.get("id") in labelled, html.tostring(control)[:200]
        for form in doc.xpath("//form[@method='post']"):
            assert form.xpath(".//input[@name='csrf']/@value"), html.tostring(form)[:200]


# ---------------------------------------------------------------- hostile strings


@pytest.mark.parametrize("comment", HOSTILE)
def test_comments_are_plain_text_everywhere(corpus_copy, client, comment):
    finding = first_finding(client)
    posted = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(),
                         json={"finding": finding["id"], "status": "dismissed", "comment": comment})
    assert posted.status_code == 201 and posted.get_json()["review"]["comment"] == comment
    for url in (f"/treaties/{TREATY}", f"/treaties/{TREATY}/history"):
        body = client.get(url).get_data(as_text=True)
        assert "<script>alert(1)" not in body and "<img src=x" not in body
        shown = doc_of(client.get(url)).xpath("//bdi")
        assert comment in [b.text_content() for b in shown], "shown as written, isolated from the text around it"
    assert tei.load_treaty(corpus_copy / f"{TREATY}.xml").annotations[0].note == comment
    assert client.get(f"/api/treaties/{TREATY}/reviews").get_json()["reviews"][0]["comment"] == comment


@pytest.mark.parametrize("name", ["<script>", "a b", "\u202eevil", "x" * 41, "checker", ""])
def test_hostile_editor_names_are_refused(tmp_path, name):
    editors = tmp_path / "editors.json"
    editors.write_text(json.dumps({name: "t" * 20}))
    with pytest.raises(InputError):
        auth.load_editors(editors)


# ---------------------------------------------------------------- tokens and keys outside the corpus


def test_a_token_is_made_once_outside_the_corpus_and_kept_private(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(auth.TOKEN_ENV, raising=False)
    editors, made = auth.serving_editors(None)
    assert made == tmp_path / "config" / auth.CONFIG_FOLDER / auth.TOKEN_FILE
    assert stat.S_IMODE(made.stat().st_mode) == 0o600 and stat.S_IMODE(made.parent.stat().st_mode) == 0o700
    token = made.read_text().strip()
    assert len(token) >= 40 and editors.identify(token) == review.DEFAULT_EDITOR
    again, made_again = auth.serving_editors(None)
    assert made_again is None and again == editors
    key = auth.session_key()
    assert key == auth.session_key() and len(key) >= 40
    assert stat.S_IMODE((made.parent / auth.SESSION_KEY_FILE).stat().st_mode) == 0o600
    os.chmod(made, 0o644)
    with pytest.raises(ComparerError, match="chmod 600"):
        auth.serving_editors(None)


def test_tokens_from_the_environment_or_an_editors_file(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv(auth.TOKEN_ENV, "from-the-environment-123")
    editors, made = auth.serving_editors(None)
    assert editors.identify("from-the-environment-123") == "editor" and made is None
    assert not (tmp_path / "config" / auth.CONFIG_FOLDER / auth.TOKEN_FILE).exists()
    listed = tmp_path / "editors.json"
    listed.write_text(json.dumps({"alice": ALICE, "bob": BOB}))
    editors, _ = auth.serving_editors(listed)
    assert (editors.identify(ALICE), editors.identify(BOB), editors.identify("nobody")) == ("alice", "bob", None)
    for bad in ({"alice": "short"}, {"alice": ALICE, "bob": ALICE}, {}, ["alice"]):
        listed.write_text(json.dumps(bad))
        with pytest.raises(InputError):
            auth.load_editors(listed)
    monkeypatch.setenv(auth.TOKEN_ENV, "short")
    with pytest.raises(InputError, match="at least"):
        auth.serving_editors(None)


def test_serve_edit_options_are_checked(run_cli, tmp_path, monkeypatch):
    monkeypatch.delenv(paths.CORPUS_ENV, raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    editors = tmp_path / "editors.json"
    editors.write_text(json.dumps({"alice": ALICE}))
    result = run_cli("serve", "--editors", str(editors), "--port", "1")
    assert result.exit_code == 2 and "add --edit" in result.stderr
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    result = run_cli("serve", "--edit", "--port", str(port))
    assert result.exit_code == 2 and "bundled corpus is not written to" in result.stderr


# ---------------------------------------------------------------- stale decisions in the reader


def test_stale_decisions_are_marked_in_the_page_and_the_history(corpus_copy, client):
    finding = first_finding(client)
    client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(),
                json={"finding": finding["id"], "status": "dismissed", "comment": "ok"})
    clause = next(iter(finding["segments"].values()))[0]
    path = corpus_copy / f"{TREATY}.xml"
    tree = tei.parse_file(path)
    seg = tree.getroot().find(f".//t:seg[@{{{tei.XML_NS}}}id='{clause}']", NS)
    seg.text = (seg.text or "") + "[emended] "
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))
    assert client.get(f"/api/treaties/{TREATY}/reviews").get_json()["reviews"][0]["stale"] is True
    history = doc_of(client.get(f"/treaties/{TREATY}/history"))
    assert history.xpath("//tr[contains(@class,'is-stale')]//span[@class='stale']")
    page = treaty_page(client)
    if page.xpath(f"//li[@id='finding-{finding['id']}']"):  # the emended clause may no longer disagree
        assert page.xpath(f"//li[@id='finding-{finding['id']}']//span[@class='stale']")
