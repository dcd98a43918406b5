"""The aligned reading view of one treaty: columns, article sections, rows and their findings.

Built from an Alignment (one row per aligned group) and a CheckReport. A column shows one
version's primary witness or, on request, another witness of it: that witness's clauses take the
row of the primary clause their `corresp` names; clauses with no such counterpart get rows of
their own at the end of their division.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from comparer.mentions import LexiconMatcher
from comparer.model import CLAUSE_ID, AlignedGroup, Alignment, CheckReport, Clause, Finding, Status, Treaty, Witness

from .clausetext import ClauseText, Span, tokenize

RTL_LANGS = frozenset({"ar", "fa", "he", "ur", "syr"})


def direction(lang: str) -> str:
    return "rtl" if lang in RTL_LANGS else "ltr"


def division_key(clause_id: str) -> str | None:
    match = CLAUSE_ID.match(clause_id)
    return match.group("div") if match else None


@dataclass(frozen=True)
class Column:
    lang: str
    witness: Witness

    @property
    def dir(self) -> str:
        return direction(self.lang)


SEVERITY_ORDER = ("high", "medium", "low")


@dataclass
class Row:
    id: str
    number: str
    cells: dict[str, list[ClauseText]]
    group: AlignedGroup | None = None  # None for a witness clause with no primary counterpart
    findings: list[Finding] = field(default_factory=list)

    @property
    def badges(self) -> list[list[Finding]]:
        """The row's findings by severity and type, most severe first: one badge each."""
        groups: dict[tuple[str, str], list[Finding]] = {}
        for finding in self.findings:
            groups.setdefault((finding.severity, finding.type), []).append(finding)
        return [groups[k] for k in sorted(groups, key=lambda k: (SEVERITY_ORDER.index(k[0]), k[1]))]


@dataclass
class Section:
    key: str  # 'pre', 'a1', 'end'
    heads: dict[str, list[str]] = field(default_factory=dict)  # lang -> headings as printed
    rows: list[Row] = field(default_factory=list)
    paraphrase: list[tuple[Witness, list[ClauseText]]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return {"pre": "preamble", "end": "closing"}.get(self.key, "article")

    @property
    def n(self) -> str | None:
        return self.key[1:] if self.kind == "article" else None


@dataclass
class TreatyView:
    treaty: Treaty
    columns: list[Column]
    sections: list[Section]
    alignment: Alignment
    findings: list[Finding]
    clause_rows: dict[str, str]  # clause id -> row id, for links from findings

    @property
    def langs(self) -> list[str]:
        return [c.lang for c in self.columns]

    @cached_property
    def shown_clauses(self) -> frozenset[str]:
        """The ids of the clauses this view prints (rows and paraphrases): the permalinks it can serve."""
        rows = (ct.id for s in self.sections for row in s.rows for cell in row.cells.values() for ct in cell)
        paraphrases = (ct.id for s in self.sections for _, clauses in s.paraphrase for ct in clauses)
        return frozenset([*rows, *paraphrases])


def build(treaty: Treaty, alignment: Alignment, report: CheckReport, matcher: LexiconMatcher,
          witnesses: dict[str, str]) -> TreatyView:
    """witnesses: lang -> sigil for the columns that show a witness other than the primary one."""
    columns = [Column(lang, treaty.version(lang).witness(witnesses.get(lang)) or treaty.version(lang).primary)
               for lang in alignment.langs]
    primary = {c.id: c for v in treaty.versions.values() for c in v.primary.clauses()}
    counterparts = {c.lang: _witness_counterparts(c.witness) for c in columns if not c.witness.primary}

    def text(lang: str, clause: Clause) -> ClauseText:
        return tokenize(clause, [Span(m.start, m.end, m.key) for m in matcher.find(lang, clause.text)])

    def shown(column: Column, ids: list[str]) -> list[Clause]:
        if column.witness.primary:
            return [primary[i] for i in ids if i in primary]
        return [c for i in ids for c in counterparts[column.lang].get(i, [])]

    sections: dict[str, Section] = {}
    current: Section | None = None
    for group in alignment.groups:
        key = group.article or (current.key if current else "pre")
        current = sections.setdefault(key, Section(key))
        cells = {}
        for column in columns:
            ids = group.segments.get(column.lang, [])
            cells[column.lang] = [text(column.lang, c) for c in shown(column, ids)]
            for clause_id in ids:
                _add_head(current, column, division_key(clause_id))
        current.rows.append(Row(group.id, row_label(group.segments, alignment.pivot), cells, group))

    # A witness's clauses that reproduce no primary clause get rows of their own.
    for column in columns:
        for division in ([] if column.witness.primary else column.witness.divisions):
            section = sections.setdefault(division.key, Section(division.key))
            _add_head(section, column, division.key)
            for clause in division.clauses:
                if (clause.corresp or "").lstrip("#") not in primary:
                    cells = {c.lang: [] for c in columns} | {column.lang: [text(column.lang, clause)]}
                    number = row_label({column.lang: [clause.id]}, None)
                    section.rows.append(Row(f"row-{clause.id}", number, cells))

    for section in sections.values():
        for version in treaty.versions.values():
            for witness in version.witnesses:
                division = witness.division(section.key)
                if witness.bibl.status is Status.paraphrase and division and division.clauses:
                    section.paraphrase.append((witness, [text(witness.lang, c) for c in division.clauses]))

    rows = {row.id: row for s in sections.values() for row in s.rows}
    clause_rows = {clause.id: row.id for row in rows.values() for cell in row.cells.values() for clause in cell}
    for group in alignment.groups:
        for ids in group.segments.values():
            clause_rows.update(dict.fromkeys(ids, group.id))
    for finding in report.findings:
        concerned = {clause_rows[c] for ids in finding.segments.values() for c in ids if c in clause_rows}
        for row_id in sorted(concerned):
            rows[row_id].findings.append(finding)
    return TreatyView(treaty, columns, list(sections.values()), alignment, report.findings, clause_rows)


def _label(key: str) -> str:
    """Clause numbers read like an edition's: P1, P2 for the preamble, 1.1, 1.2 for article 1, C1 for the closing."""
    return {"pre": "P", "end": "C"}.get(key) or f"{key[1:]}."


def row_label(segments: dict[str, list[str]], pivot: str | None) -> str:
    """A row's label, from its own clauses so that a merge above it renumbers nothing: the pivot's
    clause numbers (1.3; 1.3+1.4 for two; 1.3–1.5 for a run), or, in a row without a pivot clause,
    another version's with its code (zh 1.2; ru:barsukov 1.2 for an edition's clause)."""
    lang = pivot if segments.get(pivot or "") else next((k for k, ids in segments.items() if ids), None)
    found = [m for cid in segments.get(lang or "", []) if (m := CLAUSE_ID.match(cid))]
    if not found:
        return ""
    labels = [f"{_label(m.group('div'))}{m.group('n')}" for m in found]
    numbers = [(m.group("div"), int(m.group("n"))) for m in found]
    run = all(d == numbers[0][0] and n == numbers[0][1] + i for i, (d, n) in enumerate(numbers))
    text = f"{labels[0]}–{labels[-1]}" if run and len(labels) > 2 else "+".join(labels)
    if lang == pivot:
        return text
    sigil = found[0].group("sigil")
    return f"{lang}{':' + sigil if sigil else ''} {text}"


def _add_head(section: Section, column: Column, key: str | None) -> None:
    division = column.witness.division(key) if key else None
    heads = section.heads.setdefault(column.lang, [])
    if division is not None and division.head and division.head not in heads:
        heads.append(division.head)


def _witness_counterparts(witness: Witness) -> dict[str, list[Clause]]:
    """Primary clause id -> the clauses of this witness whose corresp names it."""
    out: dict[str, list[Clause]] = {}
    for clause in witness.clauses():
        if clause.corresp:
            out.setdefault(clause.corresp.lstrip("#"), []).append(clause)
    return out
