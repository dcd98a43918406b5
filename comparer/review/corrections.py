"""Corrections of the alignment: an editor merges, splits or moves rows, and the aligner keeps them fixed.

A correction is a ``<link type="correction">`` of the clauses that form one row (a version id among
its targets names a language the row has no clause in); a correction a later edit replaces moves to
``<linkGrp type="superseded">``, kept for the history. Corrections change rows, not discrepancies:
the findings they leave standing keep their identity and their reviews (comparer.check.ids).

A correction stays inside one division (the preamble, an article, the closing): joining rows of two
divisions, or moving a clause into another one, is refused unless the edit is marked as a
cross-division correction (`Edit.cross_division`), for a version that really puts a passage elsewhere.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from comparer import tei
from comparer.align.treaty import CORRECTION
from comparer.errors import InputError
from comparer.fingerprints import fingerprint
from comparer.model import CLAUSE_ID, AlignedGroup, Treaty
from comparer.review.checker import Checker
from comparer.review.document import Document, append, detach, element, now
from comparer.review.records import SUPERSEDED, Snapshot, check_editor
from comparer.review.transaction import change_file
from comparer.tei.xml import FINGERPRINT_IDNO, NS

ACTIONS = ("merge", "split", "move", "no-counterpart")
DIRECTIONS = ("up", "down")


@dataclass(frozen=True)
class Edit:
    """One change to the rows. Rows are named by a group id (g.<clause>) or by any clause in them.

    merge: rows = (A, B), two neighbouring rows become one. split: rows = (A,) (or none: the row of
    the clause), clause = where the second row starts (the other versions' clauses are divided in
    the same proportion; a version with one clause keeps it in the upper row). move: clause, to =
    up|down: the clause (the first or last of its version in its row) joins the row above or below.
    no-counterpart: clause becomes a row of its own. cross_division: allow a merge or move across
    the preamble, articles and closing.
    """

    action: Literal["merge", "split", "move", "no-counterpart"]
    rows: tuple[str, ...] = ()
    clause: str | None = None
    to: Literal["up", "down"] | None = None
    cross_division: bool = False


@dataclass(frozen=True)
class _Plan:
    formed: list[set[str]]  # the rows the editor made: pinned
    touched: list[AlignedGroup]  # the rows the edit changes: their corrections are replaced


def edit_alignment(path: Path, edit: Edit, *, editor: str, checker: Checker,
                   if_match: str | Collection[str] | None = None) -> Snapshot:
    """Apply an edit to the treaty's rows (as `checker.rows` makes them) and store it as corrections."""
    check_editor(editor)
    if edit.action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}, not {edit.action!r}")

    def change(current: Snapshot, doc: Document) -> None:
        treaty = current.treaty
        if len(treaty.versions) < 2:
            raise InputError(f"{treaty.id} has one version: there is nothing to align")
        plan = _plan(edit, checker.rows(treaty).groups)
        touched = {c for row in plan.touched for c in _clauses(row)}
        current_group = doc.link_group("alignment")
        for link in list(current_group.iterfind("t:link", NS)):
            if link.get("type") == CORRECTION and touched & {p.removeprefix("#") for p in link.get("target", "").split()}:
                append(doc.link_group(SUPERSEDED), detach(link))
        who = doc.sign(editor)
        when = now()
        for clauses in plan.formed:
            targets = _targets(treaty, clauses)
            link_id = doc.next_id("correction")
            append(current_group, element("link", xml_id=link_id, type=CORRECTION, resp=who,
                                          target=" ".join(f"#{t}" for t in targets)))
            doc.record(doc.header, edit.action, when, who, target=f"#{link_id}",
                       **{FINGERPRINT_IDNO: fingerprint(treaty, targets)})
        _check_kept(tei.treaty_from_tree(doc.tree), plan.formed, checker)

    return change_file(path, if_match, change, checker)


def _clauses(row: AlignedGroup) -> set[str]:
    return {c for ids in row.segments.values() for c in ids}


def _row_index(rows: list[AlignedGroup], name: str) -> int:
    """The row a group id or a clause id names. A group id is g.<one of its clauses>, so it names the
    same row in a view whose columns come in another order."""
    clause = name.removeprefix("g.")
    for i, row in enumerate(rows):
        if row.id == name or clause in _clauses(row):
            return i
    raise InputError(f"no row {name!r}: give a group id (g.<clause id>) or a clause id of the treaty")


def _lang_of(row: AlignedGroup, clause: str) -> str:
    return next(lang for lang, ids in row.segments.items() if clause in ids)


def _plan(edit: Edit, rows: list[AlignedGroup]) -> _Plan:
    if edit.action == "merge":
        if len(edit.rows) != 2:
            raise InputError("merge needs two rows")
        i, j = sorted(_row_index(rows, name) for name in edit.rows)
        if j - i != 1:
            raise InputError("only neighbouring rows can be merged" if i != j else "those name the same row")
        if not edit.cross_division:
            _stay_inside("merging these rows", rows[i], rows[j], _clauses(rows[j]))
        return _Plan([_clauses(rows[i]) | _clauses(rows[j])], [rows[i], rows[j]])
    if not edit.clause:
        raise InputError(f"{edit.action} needs a clause")
    if edit.action == "split":
        if len(edit.rows) > 1:
            raise InputError("split takes one row")
        i = _row_index(rows, edit.rows[0] if edit.rows else edit.clause)
        if edit.clause not in _clauses(rows[i]):
            raise InputError(f"{edit.clause} is not in row {rows[i].id}")
        return _Plan(_split(rows[i], edit.clause), [rows[i]])
    i = _row_index(rows, edit.clause)
    row = rows[i]
    ids = row.segments[_lang_of(row, edit.clause)]
    rest = _clauses(row) - {edit.clause}
    at_edge = edit.clause in (ids[0], ids[-1])
    if edit.action == "move":
        if edit.to not in DIRECTIONS:
            raise InputError("move needs --to up or down")
        j = i - 1 if edit.to == "up" else i + 1
        if not 0 <= j < len(rows):
            raise InputError(f"there is no row {'above' if edit.to == 'up' else 'below'} {row.id}")
        if edit.clause != (ids[0] if edit.to == "up" else ids[-1]):
            raise InputError(f"only the {'first' if edit.to == 'up' else 'last'} clause of a version in a row can "
                             f"move {edit.to}: split the row first")
        if not edit.cross_division:
            _stay_inside(f"moving {edit.clause} {edit.to}", rows[j], row, {edit.clause})
        formed = [_clauses(rows[j]) | {edit.clause}]
    else:
        if not rest and row.fixed:
            raise InputError(f"{edit.clause} already has a row of its own")
        if row.fixed and not at_edge:
            raise InputError("only the first or last clause of a version in a corrected row can be taken out: "
                             "split the row first")
        formed, j = [{edit.clause}], i
    # What remains of a row an editor had already fixed stays fixed; a machine's row is realigned.
    formed += [rest] if rest and row.fixed else []
    return _Plan(formed, [row] + ([rows[j]] if j != i else []))


def division_of(clause_id: str) -> str | None:
    """The division key a clause id names (pre, a1, end)."""
    match = CLAUSE_ID.match(clause_id)
    return match.group("div") if match else None


def _reading_order(key: str | None) -> tuple[int, int]:
    if key == "pre":
        return (0, 0)
    if key and key.startswith("a") and key[1:].isdigit():
        return (1, int(key[1:]))
    return (2, 0) if key == "end" else (3, 0)


def _division_name(key: str | None) -> str:
    if key is None:
        return "no division"
    return {"pre": "the preamble", "end": "the closing"}.get(key) or f"article {key.removeprefix('a')}"


def _stay_inside(what: str, target: AlignedGroup, source: AlignedGroup, joining: set[str]) -> None:
    """Refuse to join `joining` (clauses of `source`) to the row `target` when they lie in another
    division: the rows belong to different divisions of the pivot, or a version's clauses would come
    from two divisions of that version."""
    crossings = [{target.article, source.article}] if target.article != source.article else []
    for lang, ids in target.segments.items():
        here = {division_of(c) for c in ids}
        there = {division_of(c) for c in source.segments.get(lang, []) if c in joining}
        if here and there and not here & there:
            crossings.append(here | there)
    if crossings:
        names = " and ".join(_division_name(k) for k in sorted(crossings[0], key=_reading_order))
        raise InputError(f"{what} would join {names}: a correction stays inside one division unless it is "
                         "marked as a cross-division correction")


def _split(row: AlignedGroup, clause: str) -> list[set[str]]:
    lang = _lang_of(row, clause)
    ids = row.segments[lang]
    k = ids.index(clause)
    if k == 0:
        raise InputError(f"{clause} is the first clause of its version in the row: nothing above it to split off")
    upper, lower = set(ids[:k]), set(ids[k:])
    for other, other_ids in row.segments.items():
        if other == lang:
            continue
        n = len(other_ids)
        cut = 1 if n == 1 else min(n - 1, max(1, int(n * k / len(ids) + 0.5)))
        upper |= set(other_ids[:cut])
        lower |= set(other_ids[cut:])
    return [upper, lower]


def _targets(treaty: Treaty, clauses: set[str]) -> list[str]:
    """The row's clauses in reading order, then the versions it has no clause in (a <link> needs
    two targets, and these say which counterparts are missing)."""
    out, missing = [], []
    for version in treaty.versions.values():
        ids = [c.id for c in version.primary.clauses() if c.id in clauses]
        out += ids
        if not ids:
            missing.append(version.primary.id)
    return out + missing


def _check_kept(treaty: Treaty, formed: list[set[str]], checker: Checker) -> None:
    """The aligner must be able to keep every row the editor formed, as it was formed."""
    try:
        rows = checker.rows(treaty).groups
    except ValueError as err:
        raise InputError(f"the aligner cannot keep this change ({err}); the rows would cross") from None
    kept = {frozenset(_clauses(r)) for r in rows if r.fixed}
    if any(frozenset(f) not in kept for f in formed):
        raise InputError("the aligner cannot keep this change as made (the rows would cross or overlap)")
