"""TEI -> model: a treaty from its corpus file (versions, witnesses and their bibls, clauses with
their editorial marks, header dates and signatories, alignment links and annotations)."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from comparer import limits
from comparer.errors import CorpusError
from comparer.model import (
    CLAUSE_ID,
    AlignmentLink,
    Annotation,
    Bibl,
    Clause,
    DateRecord,
    Division,
    Mark,
    Place,
    Signatory,
    Status,
    Transcription,
    Treaty,
    Version,
    Witness,
)
from comparer.tei.xml import (
    FINGERPRINT_IDNO,
    NS,
    PARTS_IDNO,
    VERSIONS_IDNO,
    XML_ID,
    XML_LANG,
    _fail,
    _model_error,
    _t,
    _text,
    _text_without,
    parse_file,
)

def _read_clause(seg: etree._Element, paragraph: int) -> Clause:
    """Flatten a seg's mixed content into plain text plus offset marks."""
    parts: list[str] = []
    marks: list[Mark] = []

    def length() -> int:
        return sum(map(len, parts))

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if not isinstance(child.tag, str):
                pass  # comments and processing instructions carry no text
            else:
                name = etree.QName(child).localname
                attrs = {etree.QName(k).localname: v for k, v in child.attrib.items()}
                start = length()
                if name == "unclear":
                    walk(child)
                    marks.append(Mark(kind="unclear", start=start, end=length(), attrs=attrs))
                elif name == "gap":
                    marks.append(Mark(kind="gap", start=start, end=start, attrs=attrs))
                elif name == "note":
                    marks.append(Mark(kind="note", start=start, end=start, attrs=attrs, body=_text(child)))
                else:
                    raise CorpusError(f"<{name}> is not allowed inside a clause", None, child.sourceline)
            if child.tail:
                parts.append(child.tail)

    walk(seg)
    raw = "".join(parts)
    text, marks = collapse_space(raw, marks)
    return Clause(
        id=seg.get(XML_ID),
        text=text,
        marks=marks,
        cert=seg.get("cert"),
        corresp=seg.get("corresp"),
        paragraph=paragraph,
    )


def collapse_space(raw: str, marks: list[Mark]) -> tuple[str, list[Mark]]:
    """Collapse XML indentation whitespace while keeping mark offsets pointing at the same characters."""
    out: list[str] = []
    new_index = [0] * (len(raw) + 1)
    pending_space = False
    for i, ch in enumerate(raw):
        new_index[i] = len(out) + (1 if pending_space and out else 0)
        if ch.isspace():
            pending_space = True
            continue
        if pending_space and out:
            out.append(" ")
        pending_space = False
        out.append(ch)
    new_index[len(raw)] = len(out)
    text = "".join(out)
    clamp = lambda i: min(new_index[i], len(text))  # noqa: E731 - tiny local helper
    # a mark the collapse does not move is kept, not copied (a long text has hundreds of thousands)
    return text, [m if (m.start, m.end) == (clamp(m.start), clamp(m.end))
                  else m.model_copy(update={"start": clamp(m.start), "end": clamp(m.end)}) for m in marks]


def _read_witness(text_el: etree._Element, bibls: dict[str, Bibl], treaty_id: str, path: str) -> Witness:
    wid = text_el.get(XML_ID)
    lang = text_el.get(XML_LANG)
    if not wid or not lang:
        raise _fail("every version <text> needs xml:id and xml:lang", text_el, path)
    expected = f"{treaty_id}.{lang}"
    if wid != expected and not wid.startswith(expected + "."):
        raise _fail(f"text id {wid!r} must be {expected!r} or {expected}.<sigil>", text_el, path)
    sigil = wid[len(expected) + 1 :] or None
    decls = (text_el.get("decls") or "").lstrip("#")
    if decls not in bibls:
        raise _fail(f"text {wid!r}: decls must point at its <bibl> in sourceDesc", text_el, path)
    divisions = []
    for div in text_el.iterfind("t:body/t:div", NS):
        kind = div.get("type")
        if kind not in ("preamble", "article", "closing"):
            raise _fail(f"division type {kind!r} is not preamble, article or closing", div, path)
        clauses = []
        for p_index, p in enumerate(div.iterfind("t:p", NS)):
            for seg in p.iterfind("t:seg", NS):
                if not seg.get(XML_ID):
                    raise _fail("every clause <seg> needs an xml:id", seg, path)
                try:
                    clause = _read_clause(seg, p_index)
                except CorpusError as err:
                    raise CorpusError(str(err), path, seg.sourceline) from None
                if len(clause.text) > limits.MAX_CLAUSE_CHARS:
                    raise _fail(f"clause {clause.id} has {len(clause.text):,} characters; a clause holds at most "
                                f"{limits.MAX_CLAUSE_CHARS:,}", seg, path)
                clauses.append(clause)
        head = div.find("t:head", NS)
        divisions.append(
            Division(kind=kind, n=div.get("n"), head=_text(head) if head is not None else None, clauses=clauses)
        )
    witness = Witness(id=wid, lang=lang, sigil=sigil, bibl=bibls[decls], divisions=divisions)
    _check_clause_ids(witness, text_el, path)
    return witness


def _check_clause_ids(witness: Witness, el: etree._Element, path: str) -> None:
    for division in witness.divisions:
        for clause in division.clauses:
            match = CLAUSE_ID.match(clause.id)
            prefix = clause.id.rsplit(".", 2)[0]
            if not match or prefix != witness.id or clause.id.split(".")[-2] != division.key:
                raise CorpusError(
                    f"clause id {clause.id!r} should look like {witness.id}.{division.key}.cN", path, el.sourceline
                )


def _read_bibl(el: etree._Element, path: str) -> Bibl:
    """A witness's bibl: @type is its legal status, @status (TEI att.docStatus) its transcription status."""
    status = el.get("type")
    if status not in Status.__members__:
        raise _fail(f"bibl type {status!r} must be one of {', '.join(Status.__members__)}", el, path)
    transcription = el.get("status")
    if transcription is not None and transcription not in Transcription.__members__:
        raise _fail(f"bibl status {transcription!r} must be one of {', '.join(Transcription.__members__)}", el, path)
    related = {r.get("type"): r.get("target") for r in el.iterfind("t:relatedItem", NS)}
    return Bibl(
        id=el.get(XML_ID),
        status=Status(status),
        citation=" ".join(_text_without(el, _t("relatedItem")).split()),
        transcription=transcription,
        translated_from=(related.get("translatedFrom") or "").lstrip("#") or None,
        source=related.get("source"),
    )


def _read_collations(header: etree._Element) -> dict[str, tuple[str | None, str | None]]:
    """Witness id -> (who, when) of the last change record that says it was collated.
    The bibl's @status says what a text is now; the change record says who checked it and when."""
    found = {}
    for change in header.iterfind("t:revisionDesc/t:change[@status='collated']", NS):
        who = (change.get("who") or "").split()
        for target in (change.get("target") or "").split():
            found[target.lstrip("#")] = (who[0].lstrip("#") if who else None, change.get("when"))
    return found


def treaty_from_tree(tree: etree._ElementTree, path: str = "<input>") -> Treaty:
    """The treaty a parsed corpus file holds; CorpusError (one line, with file and line where known)
    for anything the model cannot hold."""
    try:
        return _treaty_from_tree(tree, path)
    except ValidationError as err:
        raise _model_error(err, path) from None


def _treaty_from_tree(tree: etree._ElementTree, path: str) -> Treaty:
    root = tree.getroot()
    if root.tag != _t("TEI"):
        raise _fail("the root element must be TEI in the TEI namespace", root, path)
    treaty_id = root.get(XML_ID)
    if not treaty_id:
        raise _fail("<TEI> needs an xml:id (the treaty id)", root, path)
    header = root.find("t:teiHeader", NS)
    if header is None:
        raise _fail("missing teiHeader", root, path)
    titles = {t.get(XML_LANG) or "en": _text(t) for t in header.iterfind("t:fileDesc/t:titleStmt/t:title", NS)}
    bibls = {b.get(XML_ID): _read_bibl(b, path) for b in header.iterfind(".//t:sourceDesc//t:bibl", NS)}
    creation = header.find("t:profileDesc/t:creation", NS)
    dates, place = [], None
    if creation is not None:
        for d in creation.iterfind("t:date", NS):
            calendar = (d.get("calendar") or "#gregorian").lstrip("#")
            versions = [ref.rpartition(".")[2] for ref in (d.get("corresp") or "").split() if ref.startswith(f"#{treaty_id}.")]
            dates.append(DateRecord(calendar=calendar, value=d.get("when") or d.get("when-custom") or "", label=_text(d),
                                    versions=versions))
        place_el = creation.find("t:placeName", NS)
        if place_el is not None:
            place = Place(ref=place_el.get("ref"), label=_text(place_el))
    signatories = []
    for person in header.iterfind("t:profileDesc/t:particDesc/t:listPerson/t:person", NS):
        names: dict[str, list[str]] = {}
        for name in person.iterfind("t:persName", NS):
            names.setdefault(name.get(XML_LANG), []).append(_text(name))
        signatories.append(Signatory(ref=person.get("corresp"), role=person.get("role") or "signatory", names=names))
    notes = [_text(p) for p in header.iterfind("t:encodingDesc/t:p", NS)]
    versions: dict[str, Version] = {}
    for text_el in root.iterfind("t:text/t:group/t:text", NS):
        witness = _read_witness(text_el, bibls, treaty_id, path)
        if witness.primary:
            if witness.lang in versions:
                raise _fail(f"two primary {witness.lang!r} texts", text_el, path)
            versions[witness.lang] = Version(lang=witness.lang, witnesses=[witness])
        elif witness.lang not in versions:
            raise _fail(f"witness {witness.id!r} comes before its primary text {treaty_id}.{witness.lang}", text_el, path)
        else:
            versions[witness.lang].witnesses.append(witness)
    if not versions:
        raise _fail("no language versions in <text><group>", root, path)
    collations = _read_collations(header)
    for version in versions.values():
        for i, witness in enumerate(version.witnesses):
            if witness.id in collations and witness.bibl.transcription is Transcription.collated:
                who, when = collations[witness.id]
                bibl = witness.bibl.model_copy(update={"collated_by": who, "collated_on": when})
                version.witnesses[i] = witness.model_copy(update={"bibl": bibl})
    treaty = Treaty(
        id=treaty_id,
        titles=titles,
        dates=dates,
        place=place,
        signatories=signatories,
        notes=notes,
        versions=versions,
        alignment=_read_links(root),
        annotations=_read_annotations(root),
    )
    _check_unique_ids(root, path)
    return treaty


def _read_links(root: etree._Element) -> list[AlignmentLink]:
    changed = {c.get("target", "").lstrip("#"): c.get("when")
               for c in root.iterfind("t:teiHeader/t:revisionDesc/t:change", NS) if c.get("target")}
    return [
        AlignmentLink(
            targets=[t.lstrip("#") for t in link.get("target", "").split()],
            cert=float(link.get("cert")) if link.get("cert") else None,
            resp=link.get("resp"),
            when=changed.get(link.get(XML_ID)),
            type=link.get("type"),
            id=link.get(XML_ID),
        )
        for link in root.iterfind("t:standOff/t:linkGrp[@type='alignment']/t:link", NS)
    ]


def _idnos(change: etree._Element | None) -> dict[str, str]:
    """The typed values a change record carries: {idno type: text}."""
    return {} if change is None else {i.get("type") or "": _text(i) for i in change.iterfind("t:idno", NS)}


def _read_annotations(root: etree._Element) -> list[Annotation]:
    out = []
    for a in root.iterfind("t:standOff/t:listAnnotation/t:annotation", NS):
        note = a.find("t:note", NS)
        changes = a.findall("t:revisionDesc/t:change", NS)
        record = _idnos(changes[-1] if changes else None)
        out.append(
            Annotation(
                id=a.get(XML_ID),
                targets=[t.lstrip("#") for t in a.get("target", "").split()],
                ana=a.get("ana"),
                status=a.get("n"),
                resp=a.get("resp"),
                when=changes[-1].get("when") if changes else None,
                note=_text(note),
                stale=a.get("rend") == "stale",
                parts=record.get(PARTS_IDNO, "").split(),
                langs=record.get(VERSIONS_IDNO, "").split(),
                fingerprint=record.get(FINGERPRINT_IDNO),
            )
        )
    return out


def _check_unique_ids(root: etree._Element, path: str) -> None:
    seen: set[str] = set()
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        xid = el.get(XML_ID)
        if xid is None:
            continue
        if xid in seen:
            raise _fail(f"duplicate xml:id {xid!r}", el, path)
        seen.add(xid)


def load_treaty(path: Path) -> Treaty:
    return treaty_from_tree(parse_file(path), str(path))
