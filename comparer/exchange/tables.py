"""Findings and the alignment as tables: CSV for spreadsheets, JSON for programs.

JSON keeps the structure (dicts per language, lists of clause ids). A CSV cell holds one line per
language, `lang: value`; clause ids in a line are separated by spaces, evidence items by "; ".
The columns are documented in README.md ("Export formats").
"""

from __future__ import annotations

import csv
import io
import json

from comparer.exchange import finding_langs, group_text
from comparer.model import Alignment, CheckReport, Treaty

FINDING_COLUMNS = ["id", "type", "severity", "article", "langs", "segments", "concept", "values", "evidence",
                   "message", "review"]
ALIGNMENT_COLUMNS = ["group", "article", "confidence", "fixed"]  # then clauses_<lang> and text_<lang>


def finding_rows(report: CheckReport) -> list[dict]:
    return [
        {
            "id": f.id, "type": f.type, "severity": f.severity, "article": f.article,
            "langs": finding_langs(f, report.langs), "segments": f.segments, "concept": f.concept,
            "values": f.values, "evidence": f.evidence, "message": f.message, "review": f.review,
        }
        for f in report.findings
    ]


def alignment_rows(treaty: Treaty, alignment: Alignment) -> list[dict]:
    clauses = treaty.clause_index()
    return [
        {
            "group": g.id, "article": g.article, "confidence": round(g.confidence, 3), "fixed": g.fixed,
            "clauses": {lang: g.segments.get(lang, []) for lang in alignment.langs},
            "text": {lang: group_text(g, lang, clauses) for lang in alignment.langs},
        }
        for g in alignment.groups
    ]


def findings_csv(report: CheckReport) -> bytes:
    rows = []
    for row in finding_rows(report):
        rows.append({
            **row,
            "langs": " ".join(row["langs"]),
            "segments": _per_lang({k: " ".join(v) for k, v in row["segments"].items()}),
            "values": _per_lang(row["values"]),
            "evidence": _per_lang({k: "; ".join(v) for k, v in row["evidence"].items()}),
        })
    return _csv(FINDING_COLUMNS, rows)


def alignment_csv(treaty: Treaty, alignment: Alignment) -> bytes:
    columns = ALIGNMENT_COLUMNS + [f"clauses_{lang}" for lang in alignment.langs] + [f"text_{lang}" for lang in alignment.langs]
    rows = []
    for row in alignment_rows(treaty, alignment):
        flat = {key: row[key] for key in ALIGNMENT_COLUMNS}
        flat["fixed"] = "yes" if row["fixed"] else "no"
        for lang in alignment.langs:
            flat[f"clauses_{lang}"] = " ".join(row["clauses"][lang])
            flat[f"text_{lang}"] = row["text"][lang]
        rows.append(flat)
    return _csv(columns, rows)


def tables_json(treaty: Treaty, alignment: Alignment | None = None, report: CheckReport | None = None) -> bytes:
    """One JSON document with the tables given (alignment, findings, or both)."""
    data: dict = {"treaty": treaty.id}
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
