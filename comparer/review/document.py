"""The parsed treaty file a change is made in: where reviews, corrections and their records go.

Everything a change does not touch is written back as it was parsed; what it adds is indented like
the rest of the file, so a change reads as a small diff.
"""

from __future__ import annotations

import re
from datetime import datetime, timezone

from lxml import etree

from comparer.errors import InputError
from comparer.exchange.tei_export import OTHER_RESPONSIBILITY
from comparer.tei.xml import NS, XML_ID, _t

DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'
_CONTAINERS = frozenset({"standOff", "linkGrp", "listAnnotation", "annotation", "revisionDesc", "respStmt"})


def now() -> str:
    """The time of a change, as records give it: UTC to the second."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


class Document:
    """The parsed file being changed, and the places in it that changes go to."""

    def __init__(self, tree: etree._ElementTree):
        self.tree = tree
        self.root = tree.getroot()
        self.header = self.root.find("t:teiHeader", NS)

    def to_bytes(self) -> bytes:
        return DECLARATION + etree.tostring(self.tree, encoding="UTF-8", xml_declaration=False) + b"\n"

    def ids(self) -> set[str]:
        return {el.get(XML_ID) for el in self.root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}

    def by_id(self, xml_id: str) -> etree._Element | None:
        return next((el for el in self.root.iter() if isinstance(el.tag, str) and el.get(XML_ID) == xml_id), None)

    def next_id(self, prefix: str) -> str:
        numbers = [int(m.group(1)) for i in self.ids() if (m := re.fullmatch(rf"{prefix}-(\d+)", i))]
        return f"{prefix}-{max(numbers, default=0) + 1}"

    def child(self, parent: etree._Element, name: str, **attrs: str) -> etree._Element:
        """parent's first <name> with these attributes, appended if there is none."""
        for el in parent.iterfind(f"t:{name}", NS):
            if all(el.get(k) == v for k, v in attrs.items()):
                return el
        return append(parent, element(name, **attrs))

    @property
    def stand_off(self) -> etree._Element:
        return self.child(self.root, "standOff")

    def link_group(self, kind: str) -> etree._Element:
        return self.child(self.stand_off, "linkGrp", type=kind)

    def annotations(self) -> etree._Element:
        existing = self.stand_off.find("t:listAnnotation", NS)
        return existing if existing is not None else append(self.stand_off, element("listAnnotation", type="reviews"))

    def sign(self, editor: str) -> str:
        """The pointer to the editor's respStmt, added on their first change."""
        title_stmt = self.header.find("t:fileDesc/t:titleStmt", NS)
        for stmt in title_stmt.iterfind("t:respStmt", NS):
            if stmt.get(XML_ID) == editor:
                return f"#{editor}"
        if editor in self.ids():
            raise InputError(f"editor name {editor!r} is already an identifier in this file; choose another name")
        stmt = element("respStmt", xml_id=editor)
        sub(stmt, "resp", OTHER_RESPONSIBILITY)
        sub(stmt, "name", editor)
        append(title_stmt, stmt)
        return f"#{editor}"

    def record(self, parent: etree._Element, what: str, when: str, who: str, target: str | None = None,
               **idnos: str) -> None:
        """A change record: what was done, when, by whom, and values to read back (as typed <idno>s)."""
        revisions = self.child(parent, "revisionDesc")
        change = element("change", when=when, who=who, target=target)
        change.text = what
        _append_idnos(change, idnos)
        append(revisions, change)

    def add_idnos(self, change: etree._Element, **idnos: str) -> None:
        """More typed values in an existing change record (an upgrade of what it stored)."""
        _append_idnos(change, idnos)


def _append_idnos(change: etree._Element, idnos: dict[str, str]) -> None:
    for kind, value in idnos.items():
        if len(change):
            change[-1].tail = " "
        else:
            change.text = f"{change.text or ''} "
        sub(change, "idno", value, type=kind)


def element(name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.Element(_t(name))
    for key, value in attrs.items():
        if value is not None:
            el.set(XML_ID if key == "xml_id" else key, value)
    el.text = text
    return el


def sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = element(name, text, **attrs)
    parent.append(el)
    return el


def append(parent: etree._Element, child: etree._Element) -> etree._Element:
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


def detach(el: etree._Element) -> etree._Element:
    """Remove el; when it was the last child, the one before it takes over the closing indentation."""
    parent, previous = el.getparent(), el.getprevious()
    if el.getnext() is None:
        if previous is not None:
            previous.tail = el.tail
        else:
            parent.text = None
    parent.remove(el)
    return el
