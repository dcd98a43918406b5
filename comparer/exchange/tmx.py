"""TMX 1.4b: a treaty's aligned groups as a translation memory, one <tu> per group.

Each <tu> has one <tuv xml:lang> per version with the group's clauses as plain text, and
user-defined props (x-article, x-confidence, x-clauses) that lead back to the corpus. A group
with text in fewer than two versions is no translation unit and is left out. The file names no
DTD and none is ever loaded; `structure_problems` checks the DTD's rules (element order,
required attributes, allowed values) in code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from comparer import __version__, tei
from comparer.exchange import ExportError, group_clauses, group_text, join_clauses
from comparer.model import Alignment, Clause, Treaty
from comparer.plaintext import pieces, shown_piece
from comparer.status import CAVEAT

TMX_VERSION = "1.4"
XML_LANG = tei.XML_LANG
O_TMF = "Treaty Comparer TEI"

# The TMX 1.4b DTD, as regular expressions over each element's child element names.
CONTENT = {
    "tmx": r"header body ",
    "header": r"((note|prop|ude) )*",
    "body": r"(tu )*",
    "tu": r"((note|prop) )*(tuv )+",
    "tuv": r"((note|prop) )*seg ",
    "ude": r"(map )*",
    "map": r"",
    "note": r"",
    "prop": r"",
    "seg": r"((bpt|ept|it|ph|hi) )*",
    "bpt": r"(sub )*",
    "ept": r"(sub )*",
    "it": r"(sub )*",
    "ph": r"(sub )*",
    "hi": r"((bpt|ept|it|ph|hi) )*",
    "sub": r"((bpt|ept|it|ph|hi) )*",
}
HAS_TEXT = {"note", "prop", "seg", "bpt", "ept", "it", "ph", "hi", "sub"}
_DATES = ("creationdate", "changedate", "lastusagedate")
_TU_COMMON = {"o-encoding", "datatype", "usagecount", "lastusagedate", "creationtool", "creationtoolversion",
              "creationdate", "creationid", "changedate", "changeid", "o-tmf"}
REQUIRED = {
    "tmx": {"version"},
    "header": {"creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang", "datatype"},
    "tuv": {XML_LANG},
    "prop": {"type"},
    "ude": {"name"},
    "map": {"unicode"},
    "bpt": {"i"},
    "ept": {"i"},
    "it": {"pos"},
}
ALLOWED = {
    "tmx": {"version"},
    "header": REQUIRED["header"] | {"o-encoding", "creationdate", "creationid", "changedate", "changeid"},
    "body": set(),
    "tu": _TU_COMMON | {"tuid", "segtype", "srclang"},
    "tuv": _TU_COMMON | {XML_LANG},
    "note": {XML_LANG, "o-encoding"},
    "prop": {"type", XML_LANG, "o-encoding"},
    "ude": {"name", "base"},
    "map": {"unicode", "code", "ent", "subst"},
    "seg": set(),
    "bpt": {"i", "x", "type"},
    "ept": {"i"},
    "it": {"pos", "x", "type"},
    "ph": {"x", "assoc", "type"},
    "hi": {"x", "type"},
    "sub": {"datatype", "type"},
}
VALUES = {"segtype": {"block", "paragraph", "sentence", "phrase"}, "pos": {"begin", "end"},
          "assoc": {"p", "f", "b"}, "version": {TMX_VERSION}}
_DATE = re.compile(r"^\d{8}T\d{6}Z$")


def export_tmx(treaty: Treaty, alignment: Alignment, langs: list[str] | None = None,
               created: str | None = None) -> bytes:
    """The alignment (restricted to `langs`) as TMX; `created` is a TMX date, YYYYMMDDThhmmssZ."""
    langs = [lang for lang in alignment.langs if not langs or lang in langs]
    if len(langs) < 2:
        raise ExportError(f"a translation memory needs two languages; the alignment has {', '.join(langs) or 'none'}")
    pivot = alignment.pivot if alignment.pivot in langs else langs[0]
    clauses = treaty.clause_index()
    root = etree.Element("tmx", version=TMX_VERSION)
    header = etree.SubElement(root, "header", {
        "creationtool": "Treaty Comparer", "creationtoolversion": __version__, "segtype": "sentence",
        "o-tmf": O_TMF, "adminlang": "en", "srclang": pivot, "datatype": "plaintext",
        **({"creationdate": created} if created else {}),
    })
    etree.SubElement(header, "note").text = CAVEAT
    etree.SubElement(header, "prop", type="x-treaty").text = treaty.id
    statuses = {lang: treaty.version(lang).primary.bibl for lang in langs}
    body = etree.SubElement(root, "body")
    for group in alignment.groups:
        texts = {lang: group_text(group, lang, clauses) for lang in langs}
        texts = {lang: text for lang, text in texts.items() if text}
        if len(texts) < 2:
            continue
        tu = etree.SubElement(body, "tu", tuid=group.id)
        if pivot not in texts:
            tu.set("srclang", next(iter(texts)))  # the header's source language is not in this unit
        if group.article:
            etree.SubElement(tu, "prop", type="x-article").text = group.article
        etree.SubElement(tu, "prop", type="x-confidence").text = f"{group.confidence:.3f}"
        for lang in texts:
            tuv = etree.SubElement(tu, "tuv", {XML_LANG: lang})
            etree.SubElement(tuv, "prop", type="x-clauses").text = " ".join(group.segments[lang])
            etree.SubElement(tuv, "prop", type="x-status").text = statuses[lang].status.value
            etree.SubElement(tuv, "prop", type="x-transcription").text = statuses[lang].transcription.value
            _fill_seg(etree.SubElement(tuv, "seg"), group_clauses(group, lang, clauses))
    tree = etree.ElementTree(root)
    problems = structure_problems(tree)
    if problems:
        raise ExportError("the TMX export breaks the TMX 1.4b rules: " + "; ".join(problems[:5]))
    segs = [(seg, seg.text, [(child, child.text, child.tail) for child in seg]) for seg in root.iter("seg")]
    etree.indent(tree, space="  ")
    for seg, text, children in segs:  # a seg's text and codes are mixed content: keep them as they were
        seg.text = text
        for child, child_text, tail in children:
            child.text, child.tail = child_text, tail
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _fill_seg(seg: etree._Element, chosen: list[Clause]) -> None:
    """The clauses' text, with each untranscribed passage a placeholder <ph type="x-gap">[…]</ph> and
    each uncertain reading <hi type="x-unclear">: a tool that drops the codes keeps the words, one
    that keeps them shows where the text is missing or in doubt."""
    runs = [pieces(c) for c in chosen]
    joined = join_clauses(chosen)
    last: etree._Element | None = None
    cursor = 0

    def put(text: str) -> None:
        if last is None:
            seg.text = (seg.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for clause_runs in runs:
        for kind, text in clause_runs:
            shown = shown_piece((kind, text))
            at = joined.index(shown, cursor)
            put(joined[cursor:at])  # the space join_texts put between two clauses
            if kind == "text":
                put(text)
            else:
                last = etree.SubElement(seg, "ph" if kind in ("gap", "empty") else "hi", type=f"x-{kind}")
                last.text = text if kind == "unclear" else shown
            cursor = at + len(shown)


def structure_problems(tree: etree._ElementTree) -> list[str]:
    """Where a document breaks the TMX 1.4b DTD: unknown elements, child order, attributes, values."""
    problems: list[str] = []
    root = tree.getroot()
    if root.tag != "tmx":
        return [f"the root element is <{root.tag}>, not <tmx>"]
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = el.tag
        if name not in CONTENT:
            problems.append(f"<{name}> is not a TMX element")
            continue
        children = "".join(f"{c.tag} " for c in el if isinstance(c.tag, str))
        if not re.fullmatch(CONTENT[name], children):
            problems.append(f"<{name}> may not contain: {children.strip() or 'nothing'}")
        if name not in HAS_TEXT and any((t or "").strip() for t in [el.text, *(c.tail for c in el)]):
            problems.append(f"<{name}> may not contain text")
        attributes = set(el.attrib)
        problems += [f"<{name}> lacks @{_show(a)}" for a in sorted(REQUIRED.get(name, set()) - attributes)]
        problems += [f"<{name}> has no attribute @{_show(a)}" for a in sorted(attributes - ALLOWED[name])]
        for attribute, allowed in VALUES.items():
            if attribute in el.attrib and el.get(attribute) not in allowed:
                problems.append(f"<{name} {attribute}={el.get(attribute)!r}> must be one of {', '.join(sorted(allowed))}")
        for attribute in _DATES:
            if attribute in el.attrib and not _DATE.match(el.get(attribute)):
                problems.append(f"<{name} {attribute}={el.get(attribute)!r}> is not YYYYMMDDThhmmssZ")
    return problems


def _show(attribute: str) -> str:
    return "xml:lang" if attribute == XML_LANG else attribute


@dataclass
class Unit:
    tuid: str | None
    props: dict[str, str]
    segs: dict[str, str]


@dataclass
class Memory:
    header: dict[str, str]
    units: list[Unit] = field(default_factory=list)


def read_tmx(data: bytes) -> Memory:
    """A TMX document (no DTD, no entities) as its header attributes and units of text per language."""
    tree = tei.parse_bytes(data, "<tmx>")
    problems = structure_problems(tree)
    if problems:
        raise ExportError("not a TMX 1.4b document: " + "; ".join(problems[:5]))
    root = tree.getroot()
    memory = Memory(header=dict(root.find("header").attrib))
    for tu in root.iterfind("body/tu"):
        memory.units.append(Unit(
            tuid=tu.get("tuid"),
            props={p.get("type"): p.text or "" for p in tu.iterfind("prop")},
            segs={tuv.get(XML_LANG): "".join(tuv.find("seg").itertext()) for tuv in tu.iterfind("tuv")},
        ))
    return memory
