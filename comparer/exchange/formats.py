"""Every export format by name: what `comparer export` writes and the reader and the API serve as
downloads come from this one call, with the media type and a file name that says what is inside.

The caller aligns and checks (the CLI afresh, the web from its cache) and passes the results in;
`needs_report` says whether a format shows findings, so that nobody checks for nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from comparer.errors import InputError
from comparer.model import Alignment, CheckReport, Treaty

TABLES = ("findings", "alignment")


@dataclass(frozen=True)
class Format:
    media_type: str
    extension: str


FORMATS = {
    "tei": Format("application/tei+xml", "xml"),
    "tmx": Format("application/x-tmx+xml", "tmx"),
    "csv": Format("text/csv; charset=utf-8", "csv"),
    "json": Format("application/json", "json"),
    "html": Format("text/html; charset=utf-8", "html"),
}


def check_format(fmt: str, table: str | None = None) -> None:
    if fmt not in FORMATS:
        raise InputError(f"unknown export format {fmt!r} (formats: {', '.join(FORMATS)})")
    if table is not None and table not in TABLES:
        raise InputError(f"unknown table {table!r} (tables: {', '.join(TABLES)})")
    if table is not None and fmt not in ("csv", "json"):
        raise InputError(f"a table is chosen only for csv and json, not {fmt}")


def needs_report(fmt: str, table: str | None = None) -> bool:
    """Whether the format shows findings (TEI, HTML, the findings table), so needs a check report."""
    return fmt in ("tei", "html") or (fmt in ("csv", "json") and table != "alignment")


def render(treaty: Treaty, fmt: str, alignment: Alignment, report: CheckReport | None, *,
           table: str | None = None, now: datetime) -> bytes:
    """The export of the versions aligned (`alignment.langs`) in `fmt`; `report` is needed when
    `needs_report(fmt, table)`. `now` (aware, UTC) dates the TEI, TMX and HTML documents."""
    from comparer.exchange import tables
    from comparer.exchange.html import export_html
    from comparer.exchange.tei_export import export_treaty
    from comparer.exchange.tmx import export_tmx

    check_format(fmt, table)
    if needs_report(fmt, table) and report is None:
        raise ValueError(f"the {fmt} export shows findings: pass the check report")
    now = now.replace(microsecond=0)
    if fmt == "tei":
        # every version: the treaty as it is (restricting would drop what names versions left out)
        langs = None if set(alignment.langs) == set(treaty.versions) else alignment.langs
        return export_treaty(treaty, alignment, report, langs=langs, exported=now.isoformat().replace("+00:00", "Z"))
    if fmt == "tmx":
        return export_tmx(treaty, alignment, created=now.strftime("%Y%m%dT%H%M%SZ"))
    if fmt == "csv":
        return tables.alignment_csv(treaty, alignment) if table == "alignment" else tables.findings_csv(report)
    if fmt == "json":
        return tables.tables_json(treaty, None if table == "findings" else alignment,
                                  report if needs_report(fmt, table) else None)
    return export_html(treaty, alignment, report, generated=now.strftime("%Y-%m-%d %H:%M UTC"))


def filename(treaty: Treaty, langs: list[str], fmt: str, table: str | None = None) -> str:
    """aigun-1858_ru-zh.xml, aigun-1858_ru-zh_alignment.csv: the treaty, the versions, the table."""
    table = table or ("findings" if fmt == "csv" else None)
    return f"{treaty.id}_{'-'.join(langs)}{'_' + table if table else ''}.{FORMATS[fmt].extension}"
