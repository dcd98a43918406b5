"""The decisions stored in a treaty file, as read at one moment: reviews of findings and corrections of rows.

A `Snapshot` is a file's bytes, ETag and model, with its reviews and corrections. Read with a
`Checker`, a snapshot also carries the reviews of the first format (which named a finding id, not
its parts) over to the parts of that finding (comparer.review.migrate); the next write stores them.
"""

from __future__ import annotations

import re
from functools import cached_property
from pathlib import Path

from lxml import etree
from pydantic import BaseModel, ConfigDict

from comparer import limits, tei
from comparer.align.treaty import CORRECTION
from comparer.check import REVIEW_STATUSES, decisions
from comparer.check.ids import PREFIX as FINDING_PREFIX
from comparer.exchange.tei_export import ALIGNER, CHECKER
from comparer.errors import InputError
from comparer.fingerprints import ClauseTexts
from comparer.model import Annotation, Treaty
from comparer.review import migrate
from comparer.review.checker import Checker
from comparer.review.storage import Stamp, etag_of, read_bytes
from comparer.tei.xml import FINGERPRINT_IDNO, NS, XML_ID, _t

STATUSES = REVIEW_STATUSES
SUPERSEDED = "superseded"  # the linkGrp that keeps corrections a later edit replaced
MAX_COMMENT = 2000  # characters: a reviewer's remark, not an essay
EDITOR_NAME = re.compile(r"^[A-Za-z][A-Za-z0-9_-]{0,39}$")  # an xml:id, so @resp can point at it
RESERVED_NAMES = frozenset({ALIGNER[1:], CHECKER[1:]})  # the machines' names in exports
DEFAULT_EDITOR = "editor"


class Review(BaseModel):
    """One decision on a finding, attached to the finding's parts (comparer.check.ids).

    current: the last decision on at least one of its parts (the one that counts there).
    stale: the text of its clauses changed since. resolved: none of its parts is found any more
    between its versions, found_as: the finding that holds them now (both set by
    comparer.review.reviews.with_states). upgraded: its parts were carried over from the first
    format's finding id and are not yet written back."""

    model_config = ConfigDict(extra="forbid")

    id: str
    finding: str  # the finding's id in the view it was made in
    status: str
    comment: str = ""
    editor: str | None = None
    when: str | None = None
    targets: list[str]
    langs: list[str] = []  # the versions the finding was found between
    parts: list[str] = []
    current: bool = True
    stale: bool = False
    resolved: bool = False
    found_as: str | None = None
    upgraded: bool = False


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


def is_review(note: Annotation) -> bool:
    """A scholar's decision on a finding (not a finding, nor a claim's verdict)."""
    named = [p.removeprefix("#") for p in (note.ana or "").split()]
    return note.status in STATUSES and (bool(note.parts) or any(n.startswith(FINDING_PREFIX) for n in named))


class Snapshot:
    """A treaty file as read at one moment: its bytes, ETag, model, and the decisions stored in it."""

    def __init__(self, path: Path, data: bytes, stamp: Stamp, checker: Checker | None = None):
        self.path, self.data, self.stamp = Path(path), data, stamp
        self.tree = tei.parse_bytes(data, str(path))
        stored = tei.treaty_from_tree(self.tree, str(path))
        self.upgrades: dict[str, list[str]] = (
            migrate.upgrades(stored, self._corrections(stored), checker) if checker else {})
        self.treaty = stored if not self.upgrades else stored.model_copy(update={"annotations": [
            a.model_copy(update={"parts": self.upgrades[a.id]}) if a.id in self.upgrades else a
            for a in stored.annotations]})

    @cached_property
    def etag(self) -> str:
        return etag_of(self.data)

    @cached_property
    def reviews(self) -> list[Review]:
        return _reviews(self.treaty, self.upgrades)

    @cached_property
    def corrections(self) -> list[Correction]:
        return self._corrections(self.treaty)

    def _corrections(self, treaty: Treaty) -> list[Correction]:
        return _read_corrections(self.tree.getroot(), treaty)

    def by_id(self) -> dict[str, Review]:
        return {r.id: r for r in self.reviews}

    def history(self) -> list[Review | Correction]:
        """Every decision, newest first (file order breaks ties: the file only ever grows at the end)."""
        ordered = list(enumerate([*self.corrections, *self.reviews]))
        ordered.sort(key=lambda item: (item[1].when or "", item[0]), reverse=True)
        return [decision for _, decision in ordered]


def read(path: Path, checker: Checker | None = None) -> Snapshot:
    """The treaty file as it is now; with a checker, reviews of the first format are carried over."""
    data, stamp = read_bytes(path)
    return Snapshot(path, data, stamp, checker)


def _reviews(treaty: Treaty, upgrades: dict[str, list[str]]) -> list[Review]:
    texts = ClauseTexts(treaty)
    counting = {note.id for _, note in decisions(treaty.annotations).values()}
    found = []
    for note in treaty.annotations:
        if not is_review(note):
            continue
        named = [p.removeprefix("#") for p in (note.ana or "").split()]
        resp = [p.removeprefix("#") for p in (note.resp or "").split()]
        found.append(Review(
            id=note.id, finding=next((n for n in named if n.startswith(FINDING_PREFIX)), ""), status=note.status,
            comment=note.note, editor=resp[0] if resp else None, when=note.when, targets=note.targets,
            langs=note.langs, parts=note.parts, current=note.id in counting,
            stale=texts.stale(note.targets, note.fingerprint), upgraded=note.id in upgrades))
    return found


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


def _read_corrections(root: etree._Element, treaty: Treaty) -> list[Correction]:
    records: dict[str, etree._Element] = {}
    for change in root.iterfind("t:teiHeader/t:revisionDesc/t:change", NS):
        for target in _pointers(change.get("target")):
            records[target] = change  # the last record of a link is its latest
    texts = ClauseTexts(treaty)
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


def check_editor(name: str) -> str:
    if not EDITOR_NAME.match(name or "") or name in RESERVED_NAMES:
        raise InputError(f"editor name {name!r}: use letters, digits, '-' or '_' (up to 40, starting with a letter),"
                         f" not {' or '.join(sorted(RESERVED_NAMES))}")
    return name


def check_comment(comment: str) -> str:
    """Plain text on one line (TEI notes are read with their spacing collapsed), checked before any lock."""
    if len(comment) > MAX_COMMENT:
        raise InputError(f"the comment is longer than {MAX_COMMENT} characters")
    return " ".join(limits.check_xml_text(comment, "the comment").split())
