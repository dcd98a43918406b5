"""The JSON API under /api/: the CLI's views (list, show, align, check, search, review, claims) over HTTP;
the writes to a treaty's reviews and alignment are in web.editing, registered only when editing is on."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from functools import cache

from flask import Blueprint, Response, jsonify, request

from comparer import paths, review
from comparer.claims import VERDICTS
from comparer.errors import InputError
from comparer.exchange import formats
from comparer.model import Treaty
from comparer.payloads import alignment_payload, broken_summary, treaty_summary, treaty_texts
from comparer.search import hit_texts, search
from comparer.status import CAVEAT, texts_of

from . import citation, i18n
from .claims_view import verdict_counts
from .pipeline import Source
from .services import services, split_param

api = Blueprint("api", __name__)
MAX_SEARCH_LIMIT = 1000
OPENAPI_FILE = "api-openapi.json"


def _langs(treaty: Treaty, least: int = 1) -> list[str]:
    langs = split_param(request.args.getlist("langs")) or list(treaty.versions)
    for lang in langs:
        treaty.version(lang)  # raises UnknownLanguage (404)
    if len(langs) < min(least, len(treaty.versions)):
        raise InputError(f"give at least {least} languages (got {', '.join(langs)})")
    return langs


def _int_arg(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise InputError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise InputError(f"{name} must be between {low} and {high}")
    return value


@api.get("/treaties")
def treaties():
    """Every treaty; a file that cannot be read is listed with its error (and no versions)."""
    svc = services()
    return jsonify([treaty_summary(t) for t in svc.treaties().values()]
                   + [broken_summary(treaty_id, err) for treaty_id, err in svc.pipeline.broken().items()])


@api.get("/treaties/<treaty_id>")
def texts(treaty_id: str):
    treaty = services().treaty(treaty_id)
    langs = _langs(treaty)
    article = request.args.get("article") or None
    sigil = request.args.get("witness") or None
    return jsonify(treaty_texts(treaty, langs, article, sigil))


@api.get("/treaties/<treaty_id>/align")
def align(treaty_id: str):
    svc = services()
    treaty = svc.treaty(treaty_id)
    langs = _langs(treaty, least=2)
    pivot = request.args.get("pivot") or None
    if pivot is not None and pivot not in langs:
        raise InputError(f"the pivot {pivot!r} is not one of the languages aligned ({', '.join(langs)})")
    return jsonify(alignment_payload(treaty, svc.pipeline.alignment(treaty, langs, pivot)))


@api.get("/treaties/<treaty_id>/check")
def check(treaty_id: str):
    svc = services()
    treaty = svc.treaty(treaty_id)
    langs = _langs(treaty, least=2)
    return jsonify(svc.pipeline.report(treaty, langs, _ui()).model_dump(mode="json"))


@api.get("/treaties/<treaty_id>/export")
def export(treaty_id: str):
    """A download of the versions asked for (one to all), made by the call `comparer export` makes."""
    svc = services()
    treaty = svc.treaty(treaty_id)
    langs = _langs(treaty)
    fmt, table = request.args.get("format") or "tei", request.args.get("table") or None
    formats.check_format(fmt, table)
    ui = _ui()
    alignment = svc.pipeline.alignment(treaty, langs)
    report = svc.pipeline.report(treaty, langs, ui) if formats.needs_report(fmt, table) else None
    data = formats.render(treaty, fmt, alignment, report, table=table, now=datetime.now(timezone.utc))
    name = formats.filename(treaty, langs, fmt, table)
    return Response(data, content_type=formats.FORMATS[fmt].media_type,
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


@api.get("/treaties/<treaty_id>/cite")
def cite(treaty_id: str):
    """How to cite the versions asked for: a sentence, BibTeX and CSL-JSON, with the stable URL."""
    treaty = services().treaty(treaty_id)
    langs = _langs(treaty)
    return jsonify(citation.cite(treaty, langs, _ui()).as_dict())


def _ui() -> str:
    ui = request.args.get("ui") or i18n.DEFAULT_UI
    if ui not in i18n.UI_LANGS:
        raise InputError(f"ui must be one of {', '.join(i18n.UI_LANGS)}")
    return ui


@api.get("/treaties/<treaty_id>/reviews")
def reviews(treaty_id: str):
    snapshot = services().pipeline.snapshot(treaty_id)
    return with_etag(reviews_state(snapshot), snapshot.etag)


@api.get("/treaties/<treaty_id>/alignment")
def alignment(treaty_id: str):
    snapshot = services().pipeline.snapshot(treaty_id)
    return with_etag(alignment_state(snapshot), snapshot.etag)


# The editable resources: a treaty's reviews and its alignment (with the corrections that fix it).
# Both live in the treaty file, so both carry the file's ETag; editing.py posts to the same URLs.

def reviews_state(snapshot: review.Snapshot) -> dict:
    """Every review decision, oldest first; `current` marks one that counts for some finding part,
    `stale` one whose text changed, `resolved` one whose finding is no longer found."""
    reviews = review.with_states(snapshot, services().pipeline.checker)
    return {"treaty": snapshot.treaty.id, "etag": snapshot.etag, "reviews": [r.model_dump(mode="json") for r in reviews]}


def alignment_state(snapshot: review.Snapshot) -> dict:
    """The rows of all versions (what edits name) and every correction, current or replaced."""
    rows = services().pipeline.full_alignment(snapshot.treaty)
    return {"treaty": snapshot.treaty.id, "etag": snapshot.etag, "pivot": rows.pivot, "langs": rows.langs,
            "corrections": [c.model_dump(mode="json") for c in snapshot.corrections],
            "groups": [g.model_dump(mode="json") for g in rows.groups]}


def with_etag(payload: dict, etag: str, status: int = 200) -> Response:
    response = jsonify(payload)
    response.status_code = status
    response.set_etag(etag)
    return response


@api.get("/lexicon")
def lexicon():
    lex = services().corpus.lexicon
    return jsonify({
        "entries": [e.model_dump(mode="json", exclude_none=True) for e in lex.entries.values()],
        "groups": [e.model_dump(mode="json", exclude_none=True) for e in lex.groups.values()],
    })


@api.get("/search")
def concordance():
    svc = services()
    query = request.args.get("q")
    limit = _int_arg("limit", 200, 1, MAX_SEARCH_LIMIT)
    langs = split_param(request.args.getlist("langs")) or None
    treaties = split_param(request.args.getlist("treaty")) or None
    hits = search(svc.corpus, query or "", langs, limit=limit + 1, treaties=treaties)
    return jsonify({
        "query": " ".join(query.split()),
        "entries": svc.concordance.entries_named(" ".join(query.split())),
        "hits": [h.as_dict() for h in hits[:limit]],
        "texts": hit_texts(svc.corpus, hits[:limit]),  # what each quoted text is, by witness
        "caveat": CAVEAT,
        "truncated": len(hits) > limit,
    })


def source_summary(source: Source) -> dict:
    return {"id": source.id, "lang": source.lang, "titles": source.titles, "citation": source.citation,
            "sentences": len(source.sentences), "summary": _summary(source)}


def _summary(source: Source) -> dict[str, int]:
    """Claims by verdict, every verdict named (as `comparer claims --json` gives them)."""
    counts = verdict_counts(source.claims)
    return {verdict: counts.get(verdict, 0) for verdict in VERDICTS}


@api.get("/sources")
def sources():
    return jsonify([source_summary(s) for s in services().pipeline.sources()])


@api.get("/sources/<source_id>/claims")
def source_claims(source_id: str):
    """The claims of one secondary source with their verdicts: the JSON of `comparer claims --json`,
    with the source's id where the command gives its path."""
    source = services().pipeline.source(source_id)
    return jsonify({"source": source.id, "lang": source.lang, "summary": _summary(source),
                    "claims": [c.model_dump(mode="json") for c in source.claims],
                    "texts": texts_of(services().corpus.treaties, (w for c in source.claims for w in c.witnesses)),
                    "caveat": CAVEAT})


@api.get("/openapi.json")
def openapi():
    return jsonify(_openapi_document())


@cache
def _openapi_document() -> dict:
    return json.loads(paths.schema(OPENAPI_FILE).read_text(encoding="utf-8"))
