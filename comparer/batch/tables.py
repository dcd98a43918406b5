"""One table of every finding (and every claim) of a batch run, as Parquet and as CSV.

Built from the per-treaty results, never from memory of the run, so a resumed run's table is
the same as an uninterrupted one's. Findings, one row each:

| column | content |
|---|---|
| `treaty` | the treaty id |
| `id` | the finding id (`F-` + 8 hex digits) |
| `article` | the pivot's division (`pre`, `a1`, …, `end`); empty for the whole treaty |
| `type`, `severity` | as `comparer check` gives them |
| `langs` | the versions the finding is about (Parquet: a list; CSV: space-separated) |
| `clauses` | the clause ids carrying the evidence, version by version (a list; CSV: space-separated) |
| `concept` | the lexicon entry concerned, if any |
| `message` | the explanation, in `--ui-lang` |
| `review` | `open`, `confirmed` or `dismissed` (the scholars' reviews stored in the treaty file) |
| `transcription` | each of those versions' transcription status, `ru:reconstructed` (a list; CSV: space-separated) |

Claims, one row each: `source`, `id`, `sentence` (its id in the source), `kind`, `treaty`,
`article`, `version`, `verdict`, `text` (the sentence), `review`. The Parquet files' metadata
carries the caveat that a text not collated is not the edition's text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from comparer.exchange import finding_langs
from comparer.model import CheckReport
from comparer.status import CAVEAT

FINDING_COLUMNS = ["treaty", "id", "article", "type", "severity", "langs", "clauses", "concept", "message",
                   "review", "transcription"]
CLAIM_COLUMNS = ["source", "id", "sentence", "kind", "treaty", "article", "version", "verdict", "text", "review"]
LIST_COLUMNS = {"langs", "clauses", "transcription"}


def finding_rows(record: dict) -> list[dict]:
    """The table rows of one treaty's stored result."""
    report = CheckReport.model_validate(record["findings"])
    rows = []
    for finding in report.findings:
        langs = finding_langs(finding, report.langs)
        rows.append({
            "treaty": report.treaty, "id": finding.id, "article": finding.article, "type": finding.type,
            "severity": finding.severity, "langs": langs,
            "clauses": [cid for lang in langs for cid in finding.segments.get(lang, [])],
            "concept": finding.concept, "message": finding.message, "review": finding.review,
            "transcription": [f"{lang}:{report.texts[lang].transcription.value}" for lang in langs
                              if lang in report.texts],
        })
    return rows


def claim_rows(record: dict) -> list[dict]:
    return [{"source": record["source"], "id": c["id"], "sentence": c["sentence"], "kind": c["kind"],
             "treaty": c.get("treaty"), "article": c.get("article"), "version": c.get("version"),
             "verdict": c["verdict"], "text": c["text"], "review": c.get("review")}
            for c in record["claims"]]


def parquet_bytes(columns: list[str], rows: Iterable[dict]) -> bytes:
    import pyarrow as pa
    import pyarrow.parquet as pq

    rows = list(rows)
    schema = pa.schema([(name, pa.list_(pa.string()) if name in LIST_COLUMNS else pa.string()) for name in columns],
                       metadata={"caveat": CAVEAT, "generator": "comparer batch"})
    table = pa.Table.from_pydict({name: [row[name] for row in rows] for name in columns}, schema=schema)
    sink = pa.BufferOutputStream()
    pq.write_table(table, sink, compression="zstd")
    return sink.getvalue().to_pybytes()


def csv_bytes(columns: list[str], rows: Iterable[dict]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: " ".join(v) if k in LIST_COLUMNS else ("" if v is None else v) for k, v in row.items()})
    return out.getvalue().encode("utf-8")
