"""Findings and the alignment as tables: CSV for spreadsheets, JSON for programs.

JSON keeps the structure (dicts per language, lists of clause ids). A CSV cell holds one line per
language, `lang: value`; clause ids in a line are separated by spaces, evidence items by "; ".
The columns are documented in README.md ("Export formats").
"""

from __future__ import annotations

import csv
import io
import json

from comparer.exchange import finding_langs, group_clauses, group_text
from comparer.model import Alignment, CheckReport, Treaty
from comparer.status import CAVEAT, status_line, witness_status

FINDING_COLUMNS = ["id", "type", "severity", "article", "langs", "texts", "segments", "concept", "values",
                   "evidence", "message", "review"]
# then clauses_<lang>, text_<lang> and status_<lang> (what each version's text is: legal and transcription status)
ALIGNMENT_COLUMNS = ["group", "article", "confidence", "fixed"]


def finding_rows(report: CheckReport) -> list[dict]:
    return [
        {
            "id": f.id, "type": f.type, "severity": f.severity, "article": f.article,
            "langs": finding_langs(f, report.langs),
            "texts": {k: status_line(report.texts[k]) for k in finding_langs(f, report.langs) if k in report.texts},
            "segments": f.segments, "concept": f.concept,
            "values": f.values, "evidence": f.evidence, "message": f.message, "review": f.review,
        }
        for f in report.findings
    ]


def alignment_rows(treaty: Treaty, alignment: Alignment) -> list[dict]:
    """One row per group; its text per version with […] and [?…], and whether part of it is not
    transcribed or uncertain."""
    clauses = treaty.clause_index()
    rows = []
    for g in alignment.groups:
        chosen = {lang: group_clauses(g, lang, clauses) for lang in alignment.langs}
        rows.append({
            "group": g.id, "article": g.article, "confidence": round(g.confidence, 3), "fixed": g.fixed,
            "clauses": {lang: g.segments.get(lang, []) for lang in alignment.langs},
            "text": {lang: group_text(g, lang, clauses) for lang in alignment.langs},
            "untranscribed": {lang: any(m.kind == "gap" for c in cs for m in c.marks) for lang, cs in chosen.items()},
            "uncertain": {lang: any(c.uncertain for c in cs) for lang, cs in chosen.items()},
        })
    return rows


def findings_csv(report: CheckReport) -> bytes:
    rows = []
    for row in finding_rows(report):
        rows.append({
            **row,
            "langs": " ".join(row["langs"]),
            "texts": _per_lang(row["texts"]),
            "segments": _per_lang({k: " ".join(v) for k, v in row["segments"].items()}),
            "values": _per_lang(row["values"]),
            "evidence": _per_lang({k: "; ".join(v) for k, v in row["evidence"].items()}),
        })
    return _csv(FINDING_COLUMNS, rows)


def alignment_csv(treaty: Treaty, alignment: Alignment) -> bytes:
    langs = alignment.langs
    columns = (ALIGNMENT_COLUMNS + [f"clauses_{lang}" for lang in langs] + [f"text_{lang}" for lang in langs]
               + [f"status_{lang}" for lang in langs])
    statuses = {lang: status_line(treaty.version(lang).primary.bibl) for lang in langs}
    rows = []
    for row in alignment_rows(treaty, alignment):
        flat = {key: row[key] for key in ALIGNMENT_COLUMNS}
        flat["fixed"] = "yes" if row["fixed"] else "no"
        for lang in langs:
            flat[f"clauses_{lang}"] = " ".join(row["clauses"][lang])
            flat[f"text_{lang}"] = row["text"][lang]
            flat[f"status_{lang}"] = statuses[lang]
        rows.append(flat)
    return _csv(columns, rows)


def tables_json(treaty: Treaty, alignment: Alignment | None = None, report: CheckReport | None = None) -> bytes:
    """One JSON document with the tables given (alignment, findings, or both), and what each text is."""
    langs = alignment.langs if alignment is not None else report.langs if report is not None else list(treaty.versions)
    data: dict = {"treaty": treaty.id,
                  "texts": {lang: witness_status(treaty.version(lang).primary) for lang in langs},
                  "caveat": CAVEAT}
    if alignment is not None:
        data |= {"pivot": alignment.pivot, "langs": alignment.langs, "alignment": alignment_rows(treaty, alignment)}
    if report is not None:
        data |= {"findings": finding_rows(report)}
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _per_lang(values: dict[str, str]) -> str:
    return "\n".join(f"{lang}: {value}" for lang, value in values.items())


def _csv(columns: list[str], rows: list[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, extrasaction="raise")
    writer.writeheader()
    writer.writerows({key: "" if value is None else value for key, value in row.items()} for row in rows)
    return out.getvalue().encode("utf-8")
