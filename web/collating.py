"""Collating a version with a scholar's own copy of the edition, in the browser (only with --edit).

GET shows the form (the version, the edition, the transcription as a file or pasted text); a POST
shows the differences clause by clause (comparer.exchange.collate_in) with the file's ETag, and a
POST with `accept` stores the checked text (comparer.exchange.collate_store), if the file is still
the one the differences were made from (else 409), and goes back to the treaty.
"""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, request, url_for
from werkzeug.exceptions import BadRequest, Unauthorized

from comparer import limits, review
from comparer.exchange.collate_in import propose, transcription_text
from comparer.exchange.collate_store import collate_in
from comparer.model import Transcription, Treaty

from . import auth
from .services import services

collating = Blueprint("collating", __name__)


@collating.before_request
def larger_bodies() -> None:
    """A transcription of a whole version is larger than a review: the input limit applies instead."""
    request.max_content_length = request.max_form_memory_size = limits.max_input_bytes()


def collatable_langs(treaty: Treaty) -> list[str]:
    """The versions whose primary text is a copy of an edition (not our translation or a paraphrase)."""
    return [lang for lang, v in treaty.versions.items()
            if v.primary.bibl.transcription not in (Transcription.translation, Transcription.paraphrase)]


@collating.get("/treaties/<treaty_id>/collate-in")
def form(treaty_id: str):
    if auth.session_editor() is None:
        return redirect(url_for("editing.login_form", next=request.full_path), 303)
    snapshot = services().pipeline.snapshot(treaty_id)
    langs = collatable_langs(snapshot.treaty)
    return render_template("collate_in.html", treaty=snapshot.treaty, langs=langs, proposal=None,
                           lang=request.args.get("lang") or (langs[0] if langs else None), edition="", text="",
                           etag=snapshot.etag)


@collating.post("/treaties/<treaty_id>/collate-in")
def compare_or_store(treaty_id: str):
    auth.check_csrf()
    editor = auth.session_editor()
    if editor is None:
        raise Unauthorized("log in to edit (your session has ended)")
    snapshot = services().pipeline.snapshot(treaty_id)
    lang, edition = request.form.get("lang", ""), request.form.get("edition", "")
    text = _transcription()
    if request.form.get("accept"):
        collate_in(snapshot.path, lang, text, edition=edition, editor=editor, sigil=request.form.get("sigil") or None,
                   if_match=request.form.get("etag") or None)
        langs = [lang] + [other for other in snapshot.treaty.versions if other != lang][:2]
        return redirect(url_for("reader.treaty", treaty_id=treaty_id, langs=",".join(langs)), 303)
    proposal = propose(snapshot.treaty, lang, text, edition=edition, editor=editor)
    return render_template("collate_in.html", treaty=snapshot.treaty, langs=collatable_langs(snapshot.treaty),
                           proposal=proposal, lang=lang, edition=edition, text=text, etag=snapshot.etag)


def _transcription() -> str:
    """The text from the uploaded file, else from the text box."""
    upload = request.files.get("file")
    data = upload.read() if upload is not None and upload.filename else request.form.get("text", "").encode("utf-8")
    if not data.strip():
        raise BadRequest("give the transcription: a file in the plain-text format, or the text itself")
    name = upload.filename if upload is not None and upload.filename else "the text"
    return transcription_text(data, name)


@collating.errorhandler(review.Conflict)
def changed_meanwhile(err: review.Conflict):
    return render_template("error.html", status=409, message=str(err),
                           back=url_for("collating.form", treaty_id=request.view_args.get("treaty_id"))), 409
