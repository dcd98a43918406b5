"""One self-contained HTML page of the aligned versions with their findings, to share and to print.

Inline CSS, no script, nothing fetched from anywhere; every text is escaped by the template
engine (Jinja2, autoescaping on). A finding is shown under the first row holding one of its
clauses; findings about no clause are listed at the top.
"""

from __future__ import annotations

from importlib import resources

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from comparer import __version__
from comparer.model import Alignment, CheckReport, Finding, Transcription, Treaty
from comparer.plaintext import pieces
from comparer.status import CAVEAT, status_line

_SEVERITY_ORDER = ("high", "medium", "low")
_DIVISION_LABELS = {"pre": "Preamble", "end": "Closing"}


def _environment() -> Environment:
    return Environment(loader=PackageLoader("comparer.exchange", "templates"),
                       autoescape=select_autoescape(["html"]), undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True)


def export_html(treaty: Treaty, alignment: Alignment, report: CheckReport, generated: str | None = None) -> bytes:
    css = (resources.files("comparer.exchange") / "templates" / "report.css").read_text(encoding="utf-8")
    page = _environment().get_template("report.html").render(
        css=Markup(css),  # our own stylesheet, shipped with the package
        version=__version__,
        generated=generated,
        **page_data(treaty, alignment, report),
    )
    return page.encode("utf-8")


def page_data(treaty: Treaty, alignment: Alignment, report: CheckReport) -> dict:
    """Everything the template shows, as plain values."""
    clauses = treaty.clause_index()
    placed = _place_findings(alignment, report.findings)
    articles: list[dict] = []
    for number, group in enumerate(alignment.groups, start=1):
        if not articles or articles[-1]["key"] != group.article:
            articles.append({"key": group.article, "label": _division_label(treaty, alignment.pivot, group.article), "rows": []})
        articles[-1]["rows"].append({
            "id": group.id,
            "number": number,
            "confidence": f"{group.confidence:.2f}",
            "fixed": group.fixed,
            "cells": [
                {"lang": lang, "clauses": [
                    {"id": cid, "pieces": pieces(clauses[cid]), "doubtful": clauses[cid].cert in ("low", "medium")}
                    for cid in group.segments.get(lang, []) if cid in clauses]}
                for lang in alignment.langs
            ],
            "findings": placed.get(group.id, []),
        })
    counts = {s: sum(f.severity == s for f in report.findings) for s in _SEVERITY_ORDER}
    gregorian = next((d.label for d in treaty.dates if d.calendar == "gregorian"), None)
    return {
        "title": treaty.title(),
        "treaty_id": treaty.id,
        "date": gregorian,
        "place": treaty.place.label if treaty.place else None,
        "pivot": alignment.pivot,
        "versions": [
            {"lang": lang, "status": status_line(treaty.version(lang).primary.bibl),
             "collated": treaty.version(lang).primary.bibl.transcription is Transcription.collated,
             "edition": treaty.version(lang).primary.bibl.citation}  # whole: its warnings come last
            for lang in alignment.langs
        ],
        "caveat": CAVEAT,
        "articles": articles,
        "finding_count": len(report.findings),
        "severities": [(s, n) for s, n in counts.items() if n],
        "general": placed.get(None, []),
    }


def _place_findings(alignment: Alignment, findings: list[Finding]) -> dict[str | None, list[Finding]]:
    """Group id -> the findings shown under it; None -> the treaty-wide ones."""
    row_of = {cid: g.id for g in alignment.groups for ids in g.segments.values() for cid in ids}
    placed: dict[str | None, list[Finding]] = {}
    for finding in findings:
        rows = [row_of[cid] for ids in finding.segments.values() for cid in ids if cid in row_of]
        placed.setdefault(rows[0] if rows else None, []).append(finding)
    return placed


def _division_label(treaty: Treaty, pivot: str, key: str | None) -> str:
    if key is None:
        return "Unplaced"
    if key in _DIVISION_LABELS:
        return _DIVISION_LABELS[key]
    division = treaty.version(pivot).primary.division(key) if pivot in treaty.versions else None
    number = key.removeprefix("a")
    return f"Article {number}" + (f" ({division.head})" if division and division.head else "")

