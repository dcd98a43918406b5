"""The HTML reader: corpus index, aligned treaty view (with the sources' claims and, on request, the
collation of a version's editions), lexicon, concordance search, secondary sources."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import quote, urlencode

from flask import Blueprint, Response, current_app, g, redirect, render_template, request, url_for
from werkzeug.exceptions import NotFound

from comparer import review
from comparer.check.messages import Messages
from comparer.claims import VERDICTS
from comparer.errors import ComparerError, InputError
from comparer.model import CLAUSE_ID, Treaty
from comparer.search import Hit, search, witness_of

from . import auth, citation, claims_view, collation_view, i18n
from . import findings as finding_filters
from .decisions import decisions_of
from .services import chosen_langs, chosen_witnesses, services, split_param
from .treaty_view import TreatyView, direction

reader = Blueprint("reader", __name__)
SEARCH_LIMIT = 300
ENTRY_KINDS = ("place", "person", "org", "concept")
LIST_PARAMS = ("langs", "wit", "collate")  # treaty view parameters that take comma-separated lists
VALUE_LABELS = ("absent", "present")  # what a finding's values say for a version without/with the concept
GAP_DEFAULT_REASON = "not transcribed"  # what the mark itself says
# What a treaty page offers to download (format, table), each made by comparer.exchange.formats.render
DOWNLOADS = (("tei", None), ("html", None), ("csv", "findings"), ("csv", "alignment"), ("tmx", None), ("json", None))


@reader.app_template_global()
def lang_name(code: str) -> str:
    """A version's language by name in the interface language (as the finding messages name it)."""
    return Messages(g.ui).language(code)


@reader.app_template_global()
def entry_type(kind: str) -> str | None:
    """A lexicon entry's type (river, town) in the interface language, as the finding messages word it;
    None for a type the messages have no word for."""
    return Messages(g.ui).words.get(kind)


@reader.app_template_global()
def lang_names(codes: list[str]) -> str:
    """'Russian and Latin': versions named and joined as the interface language joins them."""
    messages = Messages(g.ui)
    return messages.join([messages.language(code) for code in codes])


@reader.app_template_global()
def clause_name(clause_id: str) -> str:
    """A clause as a reader names it: 'Chinese 1.1', not aigun-1858.zh.a1.c1."""
    return Messages(g.ui).clause(clause_id)


@reader.app_template_global()
def url_with(**changes) -> str:
    """The current page's URL with some query parameters changed (None removes one)."""
    args = {k: v for k, v in (request.args.to_dict() | changes).items() if v is not None}
    return request.script_root + quote(request.path) + ("?" + urlencode(args) if args else "")


@dataclass(frozen=True)
class MarkInfo:
    """How a mention of one lexicon entry is shown: underline style by kind, link, and the entry in every language."""

    kind: str
    href: str
    title: str


@reader.app_template_global()
def mark(entry_id: str) -> MarkInfo:
    marks = services().marks.get(g.ui, lambda: _marks(g.ui))
    return marks.get(entry_id) or MarkInfo("unknown", url_for("reader.lexicon"), entry_id)


def _marks(ui: str) -> dict[str, MarkInfo]:
    lexicon_url = url_for("reader.lexicon")
    out = {}
    for entry in services().corpus.lexicon.entries.values():
        forms = " · ".join(f"{Messages(ui).language(lang)}: {entry.label(lang)}" for lang in entry.forms)
        title = f"{entry.label(ui)} ({i18n.label(ui, 'kind', entry.kind)}) — {forms}"
        out[entry.id] = MarkInfo(entry.kind, f"{lexicon_url}#{entry.id}", title)
    return out


@reader.app_template_global()
def row_name(number: str) -> str:
    """A row's label with the version named, not coded: 'Chinese 1.2' for a row without a pivot clause
    (treaty_view.row_label writes 'zh 1.2', 'ru:barsukov 1.2')."""
    code, _, numbers = number.rpartition(" ")
    if not code:
        return number
    lang, _, sigil = code.partition(":")
    return f"{lang_name(lang)}{' · ' + sigil if sigil else ''} {numbers}"


@reader.app_template_global()
def day(value: str) -> str:
    """An ISO day in words of the interface language (Babel)."""
    return i18n.day(g.ui, value)


@reader.app_template_global()
def moment(value: str | None) -> str:
    return i18n.moment(g.ui, value)


@reader.app_template_global()
def transcription_words(bibl) -> str:
    return citation.transcription_words(g.ui, bibl)


@reader.app_template_global()
def gap_title(reason: str) -> str:
    """'text not transcribed', and why when the reason says more than that: a reason TEI names
    (illegible, damage, …) in the interface language, any other as the encoder wrote it, in English."""
    said = i18n.translate(g.ui, "mark.gap")
    if not reason or reason == GAP_DEFAULT_REASON:
        return said
    key = "gap.reason." + reason.replace(" ", "_")
    if i18n.has(g.ui, key):
        return f"{said}: {i18n.translate(g.ui, key)}"
    return said + (f": {reason}" if g.ui == "en" else i18n.translate(g.ui, "note.english.inline", note=reason))


reader.add_app_template_global(direction, "direction")
reader.add_app_template_global(decisions_of)
for _helper in (claims_view.quoted_runs, claims_view.clause_href, claims_view.evidence_rows,
                claims_view.claim_anchor, claims_view.counts_of):
    reader.add_app_template_global(_helper)
reader.add_app_template_global(claims_view.sections_of, "claim_sections")


# The query parameters each page reads besides ?ui= (and the values some take): any other is dropped
# by a redirect, so a page is rendered and cached once per meaning, not once per URL (?z=<unique>
# would otherwise render it afresh on every request).
PAGE_PARAMS = {"reader.treaty": LIST_PARAMS + finding_filters.FILTERS + ("seed",), "reader.clause": ("langs",),
               "reader.concordance": ("q", "treaty", "langs"), "reader.source": ("verdict",)}
FIXED_VALUES = {"ui": i18n.UI_LANGS, "seed": ("open",), "verdict": VERDICTS}


@reader.before_request
def known_parameters():
    allowed = {"ui", *PAGE_PARAMS.get(request.endpoint, ())}
    asked = list(request.args.items(multi=True))
    kept = [(k, v) for k, v in asked if k in allowed and v in FIXED_VALUES.get(k, (v,)) + ("",)]  # a page drops ""
    if len(kept) != len(asked):
        return redirect(request.script_root + quote(request.path) + ("?" + urlencode(kept) if kept else ""), 303)
    return None


def render_page(template: str, status: int = 200, **context):
    """A page is a function of its path, its parameters, the interface language and the corpus files:
    render each once. A logged-in editor's pages carry their name and form tokens, so those are
    rendered for them alone."""
    if auth.session_editor():
        return render_template(template, **context), status
    key = (template, request.path, tuple(sorted(request.args.items(multi=True))), g.ui,
           current_app.config["EDIT"], services().pipeline.state(), date.today())  # a citation's access date
    return services().pages.get(key, lambda: render_template(template, **context)), status


@reader.get("/")
def index():
    svc = services()
    rows = []
    for treaty in svc.treaties().values():  # the findings of the versions the treaty page shows first
        report = svc.pipeline.report(treaty, chosen_langs(treaty, []), g.ui)
        rows.append((treaty, finding_filters.by_severity(report.findings)))
    return render_page("index.html", rows=rows, unreadable=svc.pipeline.broken())


@reader.get("/treaties/<treaty_id>")
def treaty(treaty_id: str):
    svc = services()
    snapshot = svc.pipeline.snapshot(treaty_id)
    treaty = snapshot.treaty
    asked_langs = split_param(request.args.getlist("langs"))
    asked_wits = split_param(request.args.getlist("wit"))
    asked_collate = split_param(request.args.getlist("collate"))
    if _needs_canonical_url(LIST_PARAMS + finding_filters.FILTERS + ("seed",)):
        return redirect(_canonical_url(treaty.id, {"langs": asked_langs, "wit": asked_wits,
                                                   "collate": asked_collate}), 303)
    langs = chosen_langs(treaty, asked_langs, least=1)  # one version is read alone
    witnesses = chosen_witnesses(treaty, langs, asked_wits)
    collating = collation_view.chosen(treaty, langs, witnesses, asked_collate)
    view = svc.treaty_view(treaty, langs, witnesses, g.ui)
    chosen = finding_filters.parse(request.args, langs)
    shown = [f for f in view.findings if finding_filters.matches(f, chosen, langs)]
    return render_page(
        "treaty.html", view=view, treaty=treaty, witnesses=witnesses, chosen=chosen, shown=shown,
        shown_ids={f.id for f in shown},
        options=finding_filters.options(langs), counts=finding_filters.counts(view.findings, langs),
        pairs_of=finding_filters.pairs_of, seed_open=request.args.get("seed") == "open",
        lexicon=svc.corpus.lexicon, value_labels=VALUE_LABELS, etag=snapshot.etag,
        reviews=snapshot.by_id(), fixes=row_fixes(view, snapshot), resolved=resolved_reviews(snapshot),
        rows_editable=langs == list(treaty.versions) and not witnesses, below=rows_below(view),
        claims=claims_view.treaty_claims(svc.pipeline.sources(), treaty.id),
        collating=collating, collatable=collation_view.collatable_langs(treaty, langs),
        collate_toggle={lang: collation_view.toggled(collating, lang) for lang in langs},
        apparatus={lang: collation_view.apparatus(treaty, svc.pipeline.collation(treaty, lang)) for lang in collating},
        editions={lang: collation_view.editions(treaty, svc.pipeline.collation(treaty, lang)) for lang in collating},
        downloads=DOWNLOADS, citation=citation.cite(treaty, langs, g.ui, witnesses),
        shown_names=Messages(g.ui).join([lang_name(lang) for lang in langs]),
    )


def resolved_reviews(snapshot: review.Snapshot) -> list[review.Review]:
    """The reviews that still count but whose findings are no longer found: shown, never dropped."""
    return [r for r in review.with_states(snapshot, services().pipeline.checker) if r.current and r.resolved]


def row_fixes(view: TreatyView, snapshot: review.Snapshot) -> dict[str, review.Correction]:
    """Row id -> the editor's correction that fixes the row."""
    by_clause = {clause: c for c in snapshot.corrections if c.current for clause in c.clauses}
    fixes = {}
    for row in (row for section in view.sections for row in section.rows if row.group and row.group.fixed):
        found = [by_clause[c] for ids in row.group.segments.values() for c in ids if c in by_clause]
        if found:
            fixes[row.id] = found[0]
    return fixes


def rows_below(view: TreatyView) -> dict[str, str]:
    """Aligned row id -> the id of the aligned row after it (the one a merge joins it with)."""
    rows = [row for section in view.sections for row in section.rows if row.group]
    return {upper.id: lower.id for upper, lower in zip(rows, rows[1:])}


@reader.get("/treaties/<treaty_id>/clauses/<clause_id>")
def clause(treaty_id: str, clause_id: str):
    """A clause's permalink: the treaty view with the versions asked for (?langs, else the default),
    its version turned on if missing, at the clause."""
    treaty = services().treaty(treaty_id)
    match = CLAUSE_ID.match(clause_id)
    if clause_id not in treaty.clause_index() or match is None:
        raise NotFound(f"{treaty.id} has no clause {clause_id!r}")
    lang, sigil = match.group("lang"), match.group("sigil")
    langs = chosen_langs(treaty, split_param(request.args.getlist("langs")), least=1)
    if lang not in langs:
        langs = langs + [lang]
    args = {"langs": ",".join(langs)} | ({"wit": f"{lang}:{sigil}"} if sigil else {})
    return redirect(url_for("reader.treaty", treaty_id=treaty.id, **args, _anchor=clause_id), 303)


@reader.get("/treaties/<treaty_id>/history")
def history(treaty_id: str):
    pipeline = services().pipeline
    snapshot = pipeline.snapshot(treaty_id)
    states = {r.id: r for r in review.with_states(snapshot, pipeline.checker)}  # stale, resolved
    return render_page("history.html", treaty=snapshot.treaty, changes=[states.get(c.id, c) for c in snapshot.history()],
                       all_langs=",".join(snapshot.treaty.versions))


def _needs_canonical_url(names: tuple[str, ...]) -> bool:
    """A GET form sends ?langs=ru&langs=zh and empty filters; the page's own URL is ?langs=ru,zh."""
    return any(len(request.args.getlist(n)) > 1 or request.args.get(n) == "" for n in names)


def _canonical_url(treaty_id: str, lists: dict[str, list[str]]) -> str:
    """lists: each list parameter's values, joined by commas (a primary witness 'ru:' goes: it is the default)."""
    args = {k: v for k, v in request.args.items() if v and k not in lists}
    lists = lists | {"wit": [w for w in lists.get("wit", []) if not w.endswith(":")]}
    args |= {name: ",".join(values) for name, values in lists.items() if values}
    return url_for("reader.treaty", treaty_id=treaty_id, **args)


@reader.get("/lexicon")
def lexicon():
    svc = services()
    entries = sorted(svc.corpus.lexicon.entries.values(), key=lambda e: (ENTRY_KINDS.index(e.kind), e.label(g.ui)))
    return render_page("lexicon.html", entries=entries, occurrences=svc.occurrences, kinds=ENTRY_KINDS,
                       treaties=svc.treaties())


@reader.get("/search")
def concordance():
    svc = services()
    query = request.args.get("q")
    treaty_id, langs = request.args.get("treaty") or None, split_param(request.args.getlist("langs"))
    hits, error, entries = [], None, []
    if query is not None:
        try:
            hits = search(svc.corpus, query, langs or None, limit=SEARCH_LIMIT + 1,
                          treaties=[treaty_id] if treaty_id else None)
            entries = svc.concordance.entries_named(" ".join(query.split()))
        except ComparerError as err:
            error = str(err)
    status = 400 if error else 200
    linked = [(hit, _hit_url(svc.treaty(hit.treaty), hit), witness_of(svc.corpus, hit).bibl)  # with what its text is
              for hit in hits[:SEARCH_LIMIT]]
    return render_page("search.html", status, query=query or "", hits=linked, error=error,
                       truncated=len(hits) > SEARCH_LIMIT, limit=SEARCH_LIMIT, entries=entries,
                       lexicon=svc.corpus.lexicon, value_labels=VALUE_LABELS, treaties=svc.treaties(),
                       treaty_filter=treaty_id, lang_filter=langs[0] if len(langs) == 1 else "",
                       corpus_langs=sorted({lang for t in svc.treaties().values() for lang in t.versions}))


def _hit_url(treaty: Treaty, hit: Hit) -> str:
    """The treaty view showing the hit's version beside the pivot (or beside another version), at its clause."""
    return claims_view.clause_url(treaty, hit.clause)


@reader.get("/sources")
def sources():
    return render_page("sources.html", sources=services().pipeline.sources(), treaties=services().treaties(),
                       verdict_counts=claims_view.verdict_counts, unreadable=services().pipeline.broken_sources())


@reader.get("/sources/<source_id>")
def source(source_id: str):
    svc = services()
    found = svc.pipeline.source(source_id)
    verdict = request.args.get("verdict") or None  # the counts are links that show one verdict's claims
    if verdict is not None and verdict not in VERDICTS:
        raise InputError(f"unknown verdict {verdict!r} (verdicts: {', '.join(VERDICTS)})")
    by_sentence: dict[str, list] = {}
    for claim in found.claims:
        if verdict in (None, claim.verdict):
            by_sentence.setdefault(claim.sentence, []).append(claims_view.SourceClaim(found, claim))
    return render_page("source.html", source=found, by_sentence=by_sentence, treaties=svc.treaties(),
                       counts=claims_view.verdict_counts(found.claims), verdict=verdict)


@reader.get("/assets/lexicon.css")
def lexicon_css():
    return Response(services().entry_css, mimetype="text/css", headers={"Cache-Control": "public, max-age=3600"})
