"""Scholars' reviews of findings and corrections of the alignment, written into the treaty's own TEI file.

What a change adds to the file (everything else is written back as it was parsed):

- a review: ``<annotation xml:id="review-N" target="#clause …" ana="#F-…" n="dismissed" resp="#alice">``
  in ``<standOff><listAnnotation>``, its time and text fingerprint in its own
  ``<revisionDesc><change when who>dismissed <idno type="fingerprint">…</idno></change>``, the
  comment in ``<note>``. A review is never rewritten: a new decision on a finding is a new
  annotation; the last one counts (comparer.check reads them in file order) and the earlier
  ones are its history.
- a correction: ``<link xml:id="correction-N" type="correction" resp="#alice" target="#clause … [#version]">``
  in ``<linkGrp type="alignment">``: these clauses form one row, which the aligner keeps fixed.
  A version id among the targets names a language the row has no clause in (the aligner ignores
  targets that are not clauses). Its time, editor, the edit that made it and the fingerprint are
  a header ``<revisionDesc><change target="#correction-N">``. A correction that a later edit
  replaces moves to ``<linkGrp type="superseded">``, out of the aligner's sight, kept for the history.
- each editor named in @resp/@who gets a ``<respStmt xml:id>`` in the titleStmt, so the pointers resolve.

A fingerprint is a short hash of the text of the clauses a review or correction points at, taken
when it was made: when that text changes, the decision is shown as stale, never dropped.

Writes: one writer at a time per file (flock on a lock file beside it, across processes); the
file's ETag (a hash of its bytes) is compared with the caller's If-Match under that lock; the new
file is validated (schemas/corpus.rng, the model's rules, pointers, and the aligner must still
be able to keep every correction) and then written atomically.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import re
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import cached_property
from itertools import combinations
from pathlib import Path
from typing import Literal

from lxml import etree
from pydantic import BaseModel, ConfigDict

from comparer.corpus import writable_folder
from comparer import paths, tei
from comparer.align.treaty import CORRECTION, align_treaty
from comparer.check.ids import PREFIX as FINDING_PREFIX
from comparer.errors import ComparerError, CorpusError, InputError
from comparer.exchange.tei_export import ALIGNER, CHECKER, OTHER_RESPONSIBILITY, finding_annotation
from comparer.model import AlignedGroup, Alignment, Finding, Lexicon, Treaty
from comparer.tei import NS, XML_ID, _t
from comparer.validate import CORPUS_SCHEMA, schema_errors

STATUSES = ("open", "confirmed", "dismissed")
ACTIONS = ("merge", "split", "move", "no-counterpart")
DIRECTIONS = ("up", "down")
MAX_COMMENT = 2000  # characters: a reviewer's remark, not an essay
EDITOR_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")  # an xml:id, so @resp can point at it
RESERVED_NAMES = frozenset({ALIGNER[1:], CHECKER[1:]})  # the machines' names in exports
DEFAULT_EDITOR = "editor"
SUPERSEDED = "superseded"
FINGERPRINT_IDNO, VERSIONS_IDNO = "fingerprint", "versions"  # typed <idno>s in a change record
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_XML_UNSAFE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0 text
_CONTAINERS = frozenset({"standOff", "linkGrp", "listAnnotation", "annotation", "revisionDesc", "respStmt"})


class Conflict(ComparerError):
    """The file changed since the caller read it (its If-Match is not the current ETag)."""

    http_status = 409

    def __init__(self, message: str, etag: str):
        super().__init__(message)
        self.etag = etag


# ---------------------------------------------------------------- reading


class Review(BaseModel):
    """One decision on a finding. `current`: the last decision on that finding (the one that counts)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    finding: str
    status: str
    comment: str = ""
    editor: str | None = None
    when: str | None = None
    targets: list[str]
    langs: list[str] = []  # the versions the finding was found between (its id depends on them)
    current: bool = True
    stale: bool = False


class Correction(BaseModel):
    """One row fixed by an editor. `current`: still in the alignment (not replaced by a later edit)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    action: str
    clauses: list[str]
    targets: list[str]
    editor: str | None = None
    when: str | None = None
    cert: float | None = None
    current: bool = True
    stale: bool = False


def etag_of(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()[:32]


class Snapshot:
    """A treaty file as read at one moment: its bytes, ETag, model, and the decisions stored in it."""

    def __init__(self, path: Path, data: bytes, stamp: tuple[int, int, int]):
        self.path, self.data, self.stamp = Path(path), data, stamp
        self.tree = tei.parse_bytes(data, str(path))
        self.treaty = tei.treaty_from_tree(self.tree, str(path))

    @cached_property
    def etag(self) -> str:
        return etag_of(self.data)

    @cached_property
    def reviews(self) -> list[Review]:
        return _read_reviews(self.tree.getroot(), self.treaty)

    @cached_property
    def corrections(self) -> list[Correction]:
        return _read_corrections(self.tree.getroot(), self.treaty)

    def current_reviews(self) -> dict[str, Review]:
        return {r.finding: r for r in self.reviews if r.current}

    def history(self) -> list[Review | Correction]:
        """Every decision, newest first (file order breaks ties: the file only ever grows at the end)."""
        ordered = list(enumerate([*self.corrections, *self.reviews]))
        ordered.sort(key=lambda item: (item[1].when or "", item[0]), reverse=True)
        return [decision for _, decision in ordered]


def stamp_of(stat: os.stat_result) -> tuple[int, int, int]:
    """What changes when the file is replaced or rewritten: inode, modification time, size."""
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def read(path: Path) -> Snapshot:
    """Bytes and stamp from one open file, so they belong together even while writers rename."""
    try:
        with open(path, "rb") as handle:
            stamp = stamp_of(os.fstat(handle.fileno()))
            data = handle.read(tei.MAX_BYTES + 1)
    except OSError as err:
        raise CorpusError(f"cannot read file: {err.strerror}", str(path)) from None
    return Snapshot(path, data, stamp)


def fingerprint(treaty: Treaty, targets: list[str]) -> str:
    """A hash of the text the targets point at: their clauses, or whole versions when they name no clause.
    A version named beside clauses only says which language lacks a counterpart, so it adds nothing."""
    return _Texts(treaty).fingerprint(targets)


class _Texts:
    """The treaty's clauses and witnesses by id, looked up once for many fingerprints."""

    def __init__(self, treaty: Treaty):
        self.clauses = treaty.clause_index()
        self.witnesses = {w.id: w for v in treaty.versions.values() for w in v.witnesses}

    def fingerprint(self, targets: list[str]) -> str:
        names_clauses = any(t in self.clauses for t in targets)
        parts = []
        for target in targets:
            if target in self.clauses:
                parts.append(f"{target}\x1f{self.clauses[target].text}")
            elif target in self.witnesses:
                if not names_clauses:
                    parts += [f"{c.id}\x1f{c.text}" for c in self.witnesses[target].clauses()]
            else:
                parts.append(f"{target}\x1f\x00")  # pointing at nothing: the clause is gone
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:12]

    def stale(self, targets: list[str], stored: str | None) -> bool:
        """Whether the text changed since the stored fingerprint was taken (unknown without one)."""
        return stored is not None and self.fingerprint(targets) != stored


def _pointers(value: str | None) -> list[str]:
    return [p.removeprefix("#") for p in (value or "").split()]


def _change_parts(change: etree._Element | None) -> tuple[str, str | None, str | None, dict[str, str]]:
    """(what, when, who, {idno type: value}) of a change record; `what` is its text without the idnos."""
    if change is None:
        return "", None, None, {}
    text, idnos = [change.text or ""], {}
    for child in change:
        if child.tag == _t("idno"):
            idnos[child.get("type") or ""] = tei._text(child)
        elif isinstance(child.tag, str):
            text.append("".join(child.itertext()))
        text.append(child.tail or "")
    who = _pointers(change.get("who"))
    return " ".join("".join(text).split()), change.get("when"), who[0] if who else None, idnos


def _read_reviews(root: etree._Element, treaty: Treaty) -> list[Review]:
    texts = _Texts(treaty)
    found = []
    for el in root.iterfind("t:standOff/t:listAnnotation/t:annotation", NS):
        findings = [p for p in _pointers(el.get("ana")) if p.startswith(FINDING_PREFIX)]
        if not findings or el.get("n") not in STATUSES:
            continue  # a finding or a claim, not a review
        changes = el.findall("t:revisionDesc/t:change", NS)
        _, when, who, idnos = _change_parts(changes[-1] if changes else None)
        note = next((n for n in el.iterfind("t:note", NS) if n.get("type") is None), None)
        targets = _pointers(el.get("target"))
        resp = _pointers(el.get("resp"))
        found.append(Review(id=el.get(XML_ID), finding=findings[0], status=el.get("n"), comment=tei._text(note),
                            editor=resp[0] if resp else who, when=when, targets=targets,
                            langs=idnos.get(VERSIONS_IDNO, "").split(),
                            stale=texts.stale(targets, idnos.get(FINGERPRINT_IDNO))))
    last = {r.finding: r.id for r in found}
    return [r.model_copy(update={"current": last[r.finding] == r.id}) for r in found]


def _read_corrections(root: etree._Element, treaty: Treaty) -> list[Correction]:
    records: dict[str, etree._Element] = {}
    for change in root.iterfind("t:teiHeader/t:revisionDesc/t:change", NS):
        for target in _pointers(change.get("target")):
            records[target] = change  # the last record of a link is its latest
    texts = _Texts(treaty)
    found = []
    for group in root.iterfind("t:standOff/t:linkGrp", NS):
        if group.get("type") not in ("alignment", SUPERSEDED):
            continue
        for link in group.iterfind("t:link", NS):
            if link.get("type") != CORRECTION or not link.get(XML_ID):
                continue
            what, when, who, idnos = _change_parts(records.get(link.get(XML_ID)))
            targets = _pointers(link.get("target"))
            resp = _pointers(link.get("resp"))
            found.append(Correction(
                id=link.get(XML_ID), action=what.removeprefix("alignment ") or CORRECTION,
                clauses=[t for t in targets if t in texts.clauses], targets=targets, editor=resp[0] if resp else who,
                when=when, cert=float(link.get("cert")) if link.get("cert") else None,
                current=group.get("type") == "alignment",
                stale=texts.stale(targets, idnos.get(FINGERPRINT_IDNO))))
    return found


# ---------------------------------------------------------------- writing: the transaction


def lock_path(path: Path) -> Path:
    return Path(path).with_name(f".{Path(path).name}.lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """One writer at a time for this file, across threads and processes (each open() gets its own flock)."""
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise CorpusError(f"cannot lock the file for writing: {err.strerror}", str(path)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def _transact(path: Path, if_match: str | Collection[str] | None,
              change: Callable[[Snapshot, _Document], None]) -> Snapshot:
    path = Path(path)
    with locked(path):
        current = read(path)
        expected = {if_match} if isinstance(if_match, str) else set(if_match) if if_match is not None else None
        if expected is not None and current.etag not in expected:
            raise Conflict(f"{current.treaty.id} has changed since it was read (it is now {current.etag}); "
                           "reload it and make the change again", current.etag)
        document = _Document(tei.parse_bytes(current.data, str(path)))
        change(current, document)
        data = _DECLARATION + etree.tostring(document.tree, encoding="UTF-8", xml_declaration=False) + b"\n"
        written = Snapshot(path, data, current.stamp)
        _validate(written, current)
        tei.write_atomic(path, data)
        written.stamp = stamp_of(os.stat(path))
        return written


def _validate(snapshot: Snapshot, before: Snapshot) -> None:
    """The rules every corpus file keeps, and pointers that resolve for what this change adds."""
    problems = schema_errors(snapshot.tree, paths.schema(CORPUS_SCHEMA))
    ids = {el.get(XML_ID) for el in snapshot.tree.iter() if isinstance(el.tag, str)}
    targets = set(snapshot.treaty.clause_index()) | {w.id for v in snapshot.treaty.versions.values()
                                                     for w in v.witnesses}
    old = {item.id for item in [*before.corrections, *before.reviews]}
    for item in [*snapshot.corrections, *snapshot.reviews]:
        if item.id in old:
            continue
        problems += [f"{item.id} points at {t!r}, which is neither a clause nor a version" for t in item.targets
                     if t not in targets]
        if item.editor not in ids:
            problems.append(f"{item.id}: editor {item.editor!r} has no respStmt")
    if problems:
        raise CorpusError("the change would make the file invalid: " + "; ".join(problems[:5]), str(snapshot.path))


def editable_folder(folder: str | os.PathLike | None) -> Path:
    """The corpus folder reviews and corrections are written into."""
    return writable_folder(folder, "reviewing")


def _now() -> str:
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def check_editor(name: str) -> str:
    if not EDITOR_NAME.match(name or "") or name in RESERVED_NAMES:
        raise InputError(f"editor name {name!r}: use letters, digits, '-' or '_' (up to 40, starting with a letter),"
                         f" not {' or '.join(sorted(RESERVED_NAMES))}")
    return name


def check_comment(comment: str) -> str:
    """Plain text on one line (TEI notes are read with their spacing collapsed), checked before any lock."""
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment is longer than {MAX_COMMENT} characters")
    if _XML_UNSAFE.search(comment):
        raise InputError("the comment contains control characters")
    return " ".join(comment.split())


class _Document:
    """The parsed file being changed, and the places in it that changes go to."""

    def __init__(self, tree: etree._ElementTree):
        self.tree = tree
        self.root = tree.getroot()
        self.header = self.root.find("t:teiHeader", NS)

    def ids(self) -> set[str]:
        return {el.get(XML_ID) for el in self.root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}

    def next_id(self, prefix: str) -> str:
        numbers = [int(m.group(1)) for i in self.ids() if (m := re.fullmatch(rf"{prefix}-(\d+)", i))]
        return f"{prefix}-{max(numbers, default=0) + 1}"

    def child(self, parent: etree._Element, name: str, **attrs: str) -> etree._Element:
        """parent's first <name> with these attributes, appended if there is none."""
        for el in parent.iterfind(f"t:{name}", NS):
            if all(el.get(k) == v for k, v in attrs.items()):
                return el
        return _append(parent, _element(name, **attrs))

    @property
    def stand_off(self) -> etree._Element:
        return self.child(self.root, "standOff")

    def link_group(self, kind: str) -> etree._Element:
        return self.child(self.stand_off, "linkGrp", type=kind)

    def annotations(self) -> etree._Element:
        existing = self.stand_off.find("t:listAnnotation", NS)
        return existing if existing is not None else _append(self.stand_off, _element("listAnnotation", type="reviews"))

    def sign(self, editor: str) -> str:
        """The pointer to the editor's respStmt, added on their first change."""
        title_stmt = self.header.find("t:fileDesc/t:titleStmt", NS)
        for stmt in title_stmt.iterfind("t:respStmt", NS):
            if stmt.get(XML_ID) == editor:
                return f"#{editor}"
        if editor in self.ids():
            raise InputError(f"editor name {editor!r} is already an identifier in this file; choose another name")
        stmt = _element("respStmt", xml_id=editor)
        _sub(stmt, "resp", OTHER_RESPONSIBILITY)
        _sub(stmt, "name", editor)
        _append(title_stmt, stmt)
        return f"#{editor}"

    def record(self, parent: etree._Element, what: str, when: str, who: str, target: str | None = None,
               **idnos: str) -> None:
        """A change record: what was done, when, by whom, and values to read back (as typed <idno>s)."""
        revisions = self.child(parent, "revisionDesc")
        change = _element("change", when=when, who=who, target=target)
        change.text = what
        for kind, value in idnos.items():
            if len(change):
                change[-1].tail = " "
            else:
                change.text = f"{what} "
            _sub(change, "idno", value, type=kind)
        _append(revisions, change)


def _element(name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.Element(_t(name))
    for key, value in attrs.items():
        if value is not None:
            el.set(XML_ID if key == "xml_id" else key, value)
    el.text = text
    return el


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = _element(name, text, **attrs)
    parent.append(el)
    return el


def _append(parent: etree._Element, child: etree._Element) -> etree._Element:
    """Append with the file's two-space indentation, so a change reads like the rest of the file."""
    depth = sum(1 for _ in parent.iterancestors()) + 1
    _layout(child, depth)
    if len(parent):
        parent[-1].tail = "\n" + "  " * depth
    else:
        parent.text = "\n" + "  " * depth
    parent.append(child)
    child.tail = "\n" + "  " * (depth - 1)
    return child


def _layout(el: etree._Element, depth: int) -> None:
    if etree.QName(el).localname in _CONTAINERS and len(el):
        el.text = "\n" + "  " * (depth + 1)
        for child in el:
            child.tail = "\n" + "  " * (depth + 1)
            _layout(child, depth + 1)
        el[-1].tail = "\n" + "  " * depth


def _detach(el: etree._Element) -> etree._Element:
    """Remove el; when it was the last child, the one before it takes over the closing indentation."""
    parent, previous = el.getparent(), el.getprevious()
    if el.getnext() is None:
        if previous is not None:
            previous.tail = el.tail
        else:
            parent.text = None
    parent.remove(el)
    return el


# ---------------------------------------------------------------- reviews


def review_finding(path: Path, finding: Finding, status: str, comment: str = "", *, editor: str,
                   langs: list[str], if_match: str | Collection[str] | None = None) -> Snapshot:
    """Record a decision on a finding (as found between the versions `langs`); returns the new file."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    comment = check_comment(comment)
    check_editor(editor)

    def change(current: Snapshot, doc: _Document) -> None:
        treaty = current.treaty
        targets = finding_annotation(treaty, treaty.clause_index(), finding, langs).targets
        if treaty.id in targets:
            raise InputError(f"finding {finding.id} names no clause or version of {treaty.id}")
        who = doc.sign(editor)
        annotation = _element("annotation", xml_id=doc.next_id("review"), target=" ".join(f"#{t}" for t in targets),
                              ana=f"#{finding.id}", n=status, resp=who)
        doc.record(annotation, status, _now(), who, fingerprint=fingerprint(treaty, targets),
                   versions=" ".join(langs))
        if comment:
            _sub(annotation, "note", comment)
        _append(doc.annotations(), annotation)

    return _transact(path, if_match, change)


def find_finding(treaty: Treaty, lexicon: Lexicon, finding_id: str, langs: list[str] | None = None,
                 semantic: bool = False) -> tuple[Finding, list[str]]:
    """The finding with this id and the versions it is found between: `langs` if given, else all
    versions, else each smaller choice of versions the reader can show (a finding id names its clauses,
    so one found between ru and zh need not exist between ru, zh and id)."""
    from comparer.check import check_treaty

    every = list(treaty.versions)
    choices = [langs] if langs else [list(c) for n in range(len(every), 1, -1) for c in combinations(every, n)]
    for chosen in choices:
        alignment = align_treaty(treaty, lexicon, langs=chosen, semantic=semantic)
        for finding in check_treaty(treaty, lexicon, langs=chosen, alignment=alignment).findings:
            if finding.id == finding_id:
                return finding, chosen
    where = f"between {', '.join(langs)}" if langs else "between any of its versions"
    raise InputError(f"{treaty.id} has no finding {finding_id!r} {where} (see `comparer review {treaty.id} --list`)")


# ---------------------------------------------------------------- alignment edits


@dataclass(frozen=True)
class Edit:
    """One change to the rows. Rows are named by a group id (g.<clause>) or by any clause in them.

    merge: rows = (A, B), two neighbouring rows become one. split: rows = (A,), clause = where the
    second row starts (the other versions' clauses are divided in the same proportion; a version
    with one clause keeps it in the upper row). move: clause, to = up|down: the clause (the first or
    last of its version in its row) joins the row above or below. no-counterpart: clause becomes a
    row of its own.
    """

    action: Literal["merge", "split", "move", "no-counterpart"]
    rows: tuple[str, ...] = ()
    clause: str | None = None
    to: Literal["up", "down"] | None = None


@dataclass(frozen=True)
class _Plan:
    formed: list[set[str]]  # the rows the editor made: pinned
    touched: list[AlignedGroup]  # the rows the edit changes: their corrections are replaced


Aligner = Callable[[Treaty], Alignment]


def default_aligner(lexicon: Lexicon, semantic: bool = False) -> Aligner:
    """All versions around the default pivot: corrections are made on the whole treaty."""
    return lambda treaty: align_treaty(treaty, lexicon, semantic=semantic)


def edit_alignment(path: Path, edit: Edit, *, editor: str, aligner: Aligner,
                   if_match: str | Collection[str] | None = None) -> Snapshot:
    """Apply an edit to the treaty's rows (as `aligner` makes them) and store it as corrections."""
    check_editor(editor)
    if edit.action not in ACTIONS:
        raise InputError(f"action must be one of {', '.join(ACTIONS)}, not {edit.action!r}")

    def change(current: Snapshot, doc: _Document) -> None:
        treaty = current.treaty
        if len(treaty.versions) < 2:
            raise InputError(f"{treaty.id} has one version: there is nothing to align")
        plan = _plan(edit, aligner(treaty).groups)
        touched = {c for row in plan.touched for c in _clauses(row)}
        current_group = doc.link_group("alignment")
        for link in list(current_group.iterfind("t:link", NS)):
            if link.get("type") == CORRECTION and touched & set(_pointers(link.get("target"))):
                _append(doc.link_group(SUPERSEDED), _detach(link))
        who = doc.sign(editor)
        when = _now()
        for clauses in plan.formed:
            targets = _targets(treaty, clauses)
            link_id = doc.next_id("correction")
            _append(current_group, _element("link", xml_id=link_id, type=CORRECTION, resp=who,
                                            target=" ".join(f"#{t}" for t in targets)))
            doc.record(doc.header, edit.action, when, who, target=f"#{link_id}",
                       fingerprint=fingerprint(treaty, targets))
        _check_kept(tei.treaty_from_tree(doc.tree), plan.formed, aligner)

    return _transact(path, if_match, change)


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
    for lang, version in treaty.versions.items():
        ids = [c.id for c in version.primary.clauses() if c.id in clauses]
        out += ids
        if not ids:
            missing.append(version.primary.id)
    return out + missing


def _check_kept(treaty: Treaty, formed: list[set[str]], aligner: Aligner) -> None:
    """The aligner must be able to keep every row the editor formed, as it was formed."""
    try:
        rows = aligner(treaty).groups
    except ValueError as err:
        raise InputError(f"the aligner cannot keep this change ({err}); the rows would cross") from None
    kept = {frozenset(_clauses(r)) for r in rows if r.fixed}
    if any(frozenset(f) not in kept for f in formed):
        raise InputError("the aligner cannot keep this change as made (the rows would cross or overlap)")
