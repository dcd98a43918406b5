"""The write routes, registered only when the server runs with --edit.

Browser: log in and out, review a finding, correct the alignment — plain HTML forms (session cookie
plus the session's CSRF token) that answer with a redirect back to the treaty. API: the same
changes as JSON POSTs to /api/treaties/<id>/reviews and /alignment with a bearer token. Both call
comparer.review, which writes the treaty file; a stale If-Match (API) or form ETag gets 409.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, Response, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, NotFound, Unauthorized

from comparer import review
from comparer.model import Finding, Treaty

from . import auth
from .api import alignment_state, reviews_state, with_etag
from .services import chosen_langs, services, split_param

editing = Blueprint("editing", __name__)
FORM_ACTIONS = {"merge": ("merge", None), "split": ("split", None), "move-up": ("move", "up"),
                "move-down": ("move", "down"), "no-counterpart": ("no-counterpart", None)}


@editing.after_app_request
def private(response: Response) -> Response:
    """A logged-in editor's pages hold their CSRF token: no cache may keep them."""
    if auth.session_editor():
        response.headers["Cache-Control"] = "no-store"
    return response


# ---------------------------------------------------------------- logging in


def safe_next(target: str | None) -> str:
    """Where to go after logging in: a path on this site, never another site."""
    if not target or not target.startswith("/") or target.startswith("//") or "\\" in target:
        return url_for("reader.index")
    parts = urlsplit(target)
    return target if not parts.scheme and not parts.netloc else url_for("reader.index")


@editing.get("/login")
def login_form():
    return render_template("login.html", next=safe_next(request.args.get("next")), failed=False)


@editing.post("/login")
def login():
    auth.check_csrf()
    target = safe_next(request.form.get("next"))
    if auth.log_in(request.form.get("token", "").strip()) is None:
        return render_template("login.html", next=target, failed=True), 401
    return redirect(target, 303)


@editing.post("/logout")
def logout():
    auth.check_csrf()
    auth.log_out()
    return redirect(url_for("reader.index"), 303)


# ---------------------------------------------------------------- forms


def _form_editor() -> str:
    auth.check_csrf()
    editor = auth.session_editor()
    if editor is None:
        raise Unauthorized("log in to edit (your session has ended)")
    return editor


def _finding(treaty: Treaty, finding_id: str, langs: list[str]) -> Finding:
    report = services().pipeline.report(treaty, langs)
    finding = next((f for f in report.findings if f.id == finding_id), None)
    if finding is None:
        raise NotFound(f"{treaty.id} has no finding {finding_id!r} between {', '.join(langs)}")
    return finding


@editing.post("/treaties/<treaty_id>/reviews")
def review_form(treaty_id: str):
    editor = _form_editor()
    snapshot = services().pipeline.snapshot(treaty_id)
    langs = chosen_langs(snapshot.treaty, split_param([request.form.get("langs", "")]))
    finding = _finding(snapshot.treaty, request.form.get("finding", ""), langs)
    written = review.review_finding(snapshot.path, finding, request.form.get("status", ""),
                                    request.form.get("comment", ""), editor=editor, langs=langs,
                                    checker=services().pipeline.checker, if_match=request.form.get("etag") or None)
    services().pipeline.accept(written)
    return redirect(url_for("reader.treaty", treaty_id=treaty_id, langs=",".join(langs),
                            _anchor=f"finding-{finding.id}"), 303)


@editing.post("/treaties/<treaty_id>/alignment")
def alignment_form(treaty_id: str):
    editor = _form_editor()
    form = request.form
    if form.get("action") not in FORM_ACTIONS:
        raise BadRequest(f"action must be one of {', '.join(FORM_ACTIONS)}")
    action, to = FORM_ACTIONS[form["action"]]
    rows = (form.get("row", ""), form.get("below", "")) if action == "merge" else (form.get("row", ""),)
    edit = review.Edit(action, rows=rows if action in ("merge", "split") else (), clause=form.get("clause"), to=to,
                       cross_division=form.get("cross_division") == "on")
    written = _edit(treaty_id, edit, editor, form.get("etag") or None)
    row = services().pipeline.full_alignment(written.treaty).group_of(edit.clause or rows[0].removeprefix("g."))
    return redirect(url_for("reader.treaty", treaty_id=treaty_id, langs=",".join(written.treaty.versions),
                            _anchor=row.id if row else None), 303)


def _edit(treaty_id: str, edit: review.Edit, editor: str, if_match) -> review.Snapshot:
    pipeline = services().pipeline
    snapshot = pipeline.snapshot(treaty_id)
    written = review.edit_alignment(snapshot.path, edit, editor=editor, checker=pipeline.checker, if_match=if_match)
    return pipeline.accept(written)


# ---------------------------------------------------------------- API


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise BadRequest("the body must be a JSON object (Content-Type: application/json)")
    return body


def _text(body: dict, name: str, required: bool = True) -> str | None:
    value = body.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or (required and not value):
        raise BadRequest(f"{name!r} must be a {'non-empty ' if required else ''}string")
    return value


def _if_match() -> list[str] | None:
    """The ETags a write is conditional on; none (or *) makes it unconditional."""
    if "If-Match" not in request.headers or request.if_match.star_tag:
        return None
    return sorted(request.if_match.as_set(include_weak=True))


def _conflict(err: review.Conflict, treaty_id: str, state) -> Response:
    snapshot = services().pipeline.snapshot(treaty_id)
    return with_etag({"error": str(err), "status": 409} | state(snapshot), snapshot.etag, 409)


@editing.post("/api/treaties/<treaty_id>/reviews")
def review_api(treaty_id: str):
    editor = auth.bearer_editor()
    body = _body()
    snapshot = services().pipeline.snapshot(treaty_id)
    asked = body.get("langs", [])
    if not isinstance(asked, (list, str)) or not all(isinstance(lang, str) for lang in asked):
        raise BadRequest("'langs' must be a list of language codes or a comma-separated string")
    langs = split_param([asked] if isinstance(asked, str) else asked) or list(snapshot.treaty.versions)
    langs = chosen_langs(snapshot.treaty, langs)
    finding = _finding(snapshot.treaty, _text(body, "finding"), langs)
    try:
        written = review.review_finding(snapshot.path, finding, _text(body, "status"),
                                        _text(body, "comment", required=False) or "", editor=editor,
                                        langs=langs, checker=services().pipeline.checker, if_match=_if_match())
    except review.Conflict as err:
        return _conflict(err, treaty_id, reviews_state)
    services().pipeline.accept(written)
    made = review.with_states(written, services().pipeline.checker)[-1]
    return with_etag({"treaty": treaty_id, "etag": written.etag, "review": made.model_dump(mode="json")},
                     written.etag, 201)


@editing.post("/api/treaties/<treaty_id>/alignment")
def alignment_api(treaty_id: str):
    editor = auth.bearer_editor()
    edit = _edit_of(_body())
    try:
        written = _edit(treaty_id, edit, editor, _if_match())
    except review.Conflict as err:
        return _conflict(err, treaty_id, alignment_state)
    return with_etag(alignment_state(written), written.etag)


EDIT_FIELDS = ("action", "rows", "clause", "to", "cross_division")  # the fields of review.Edit, named alike


def _edit_of(body: dict) -> review.Edit:
    """An edit as the API takes it: rows (merge: two, split: one or none), clause (where a split
    starts, the clause moved or left alone), to (up or down), cross_division (true to allow a merge or
    move across the preamble, articles and closing)."""
    unknown = sorted(set(body) - set(EDIT_FIELDS))
    if unknown:
        raise BadRequest(f"unknown field(s) {', '.join(map(repr, unknown))}: an edit has {', '.join(EDIT_FIELDS)}")
    action = _text(body, "action")
    if action not in review.ACTIONS:
        raise BadRequest(f"'action' must be one of {', '.join(review.ACTIONS)}")
    rows = body.get("rows", [])
    if not isinstance(rows, list) or not all(isinstance(r, str) and r for r in rows):
        raise BadRequest("'rows' must be a list of group or clause ids")
    if action == "merge" and len(rows) != 2:
        raise BadRequest("merge needs 'rows': two group or clause ids")
    if action == "split" and len(rows) > 1:
        raise BadRequest("split takes one row in 'rows' (or none: the row of 'clause')")
    if action in ("move", "no-counterpart") and rows:
        raise BadRequest(f"{action} names its clause in 'clause', not 'rows'")
    cross = body.get("cross_division", False)
    if not isinstance(cross, bool):
        raise BadRequest("'cross_division' must be true or false")
    return review.Edit(action, rows=tuple(rows), clause=_text(body, "clause", required=action != "merge"),
                       to=_text(body, "to", required=action == "move"), cross_division=cross)


@editing.errorhandler(review.Conflict)
def form_conflict(err: review.Conflict):
    """A form sent from a page older than the file: say so and link back (the API answers above)."""
    return render_template("error.html", status=409, message=str(err),
                           back=url_for("reader.treaty", treaty_id=request.view_args.get("treaty_id"))), 409
