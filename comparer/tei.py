"""TEI <-> model: the loader and writer of corpus files.

Every XML the tool reads goes through `parse_bytes`: one parser that never resolves entities,
never loads a DTD and never touches the network, and a document that has a DOCTYPE (internal or
external subset) or any entity reference is refused after parsing, whatever its encoding (a
UTF-16 or UTF-32 file is decided the same way as a UTF-8 one): XXE, billion laughs. Nothing is
ever re-parsed with another parser.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from comparer import limits, status
from comparer.errors import CorpusError
from comparer.model import (
    BOUND_FORM,
    CLAUSE_ID,
    HOMOGRAPH_FORM,
    AlignmentLink,
    Annotation,
    Bibl,
    Clause,
    DateRecord,
    Division,
    Lexicon,
    LexiconEntry,
    LexiconForm,
    Mark,
    Place,
    Signatory,
    Status,
    Transcription,
    Treaty,
    Version,
    Witness,
)

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NS = {"t": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
# What a review decided on, as typed <idno>s in its change record (written by comparer.review).
FINGERPRINT_IDNO, VERSIONS_IDNO, PARTS_IDNO = "fingerprint", "versions", "parts"
XML_LANG = f"{{{XML_NS}}}lang"


def _t(name: str) -> str:
    return f"{{{TEI_NS}}}{name}"


def safe_parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False, huge_tree=False
    )


def parse_bytes(data: bytes, path: str = "<input>") -> etree._ElementTree:
    """Parse untrusted XML: size-limited, no DOCTYPE, no entities, errors with file and line."""
    if len(data) > limits.max_input_bytes():
        raise limits.too_large(path)
    try:
        root = etree.fromstring(data, safe_parser())
    except etree.XMLSyntaxError as err:
        # libxml2's messages may end in a newline or hold one: one line on stderr.
        raise CorpusError(f"malformed XML: {' '.join(err.msg.split()).replace(' ,', ',')}", path,
                          err.lineno) from None
    tree = root.getroottree()
    docinfo = tree.docinfo
    if docinfo.doctype or docinfo.internalDTD is not None or docinfo.system_url or docinfo.public_id:
        raise CorpusError("DOCTYPE and entity declarations are not accepted", path)
    for entity in root.iter(etree.Entity):
        raise CorpusError(f"entity reference {entity.text} is not accepted (no DOCTYPE may declare it)",
                          path, entity.sourceline)
    return tree


def parse_file(path: Path) -> etree._ElementTree:
    return parse_bytes(limits.read_limited(path), str(path))


def utf8_bytes(data: bytes, tree: etree._ElementTree) -> bytes:
    """The document as UTF-8: as it is when it already is, else serialised again from its tree."""
    if (tree.docinfo.encoding or "UTF-8").upper() in ("UTF-8", "UTF8"):
        return data
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def _text(el: etree._Element | None) -> str:
    return " ".join("".join(el.itertext()).split()) if el is not None else ""


def _text_without(el: etree._Element, skipped: str) -> str:
    """The element's text, leaving out its child elements named `skipped` (their tails stay)."""
    parts = [el.text or ""]
    for child in el:
        if child.tag != skipped and isinstance(child.tag, str):
            parts.append("".join(child.itertext()))
        parts.append(child.tail or "")
    return "".join(parts)


def _fail(message: str, el: etree._Element, path: str) -> CorpusError:
    return CorpusError(message, path, el.sourceline)


# ---------------------------------------------------------------- reading treaties


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


def _model_error(err: ValidationError, path: str) -> CorpusError:
    """What the model refused, as one line: the first problem and where in the model it is."""
    first = err.errors()[0]
    where = ".".join(str(part) for part in first["loc"])
    return CorpusError(f"not a corpus file the model can hold: {where}: {first['msg']}", path)


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


# ---------------------------------------------------------------- writing treaties


def _sub(parent: etree._Element, name: str, text: str | None = None, **attrs: str | None) -> etree._Element:
    el = etree.SubElement(parent, _t(name))
    for key, value in attrs.items():
        if value is None:
            continue
        key = {"xml_id": XML_ID, "xml_lang": XML_LANG, "when_custom": "when-custom"}.get(key, key)
        el.set(key, value)
    if text is not None:
        el.text = text
    return el


def _write_clause(parent: etree._Element, clause: Clause) -> None:
    seg = _sub(parent, "seg", type="clause", xml_id=clause.id, cert=clause.cert, corresp=clause.corresp)
    cursor = 0
    last: etree._Element | None = None

    def put(text: str) -> None:
        if not text:
            return
        if last is None:
            seg.text = (seg.text or "") + text
        else:
            last.tail = (last.tail or "") + text

    for mark in sorted(clause.marks, key=lambda m: m.start):  # stable: keeps document order
        put(clause.text[cursor : mark.start])
        cursor = max(cursor, mark.start)
        el = etree.SubElement(seg, _t(mark.kind))
        for key, value in mark.attrs.items():
            el.set(XML_LANG if key == "lang" else key, value)
        if mark.kind == "unclear":
            el.text = clause.text[mark.start : mark.end]
            cursor = mark.end
        elif mark.kind == "note":
            el.text = mark.body
        last = el
    put(clause.text[cursor:])


COLLATION_RESPONSIBILITY = "collation of texts with their printed editions"


def collation_record(edition: str) -> str:
    """The words of the change record that marks a text as collated (its @status, @who, @when say the rest)."""
    return f"collated clause by clause with the edition: {edition}"


def editorial_decl(witnesses: list[Witness]) -> etree._Element:
    """<editorialDecl>, derived from the texts' statuses (comparer.status); never read back, so it cannot go stale."""
    editorial = etree.Element(_t("editorialDecl"))
    for paragraph in status.editorial_paragraphs(witnesses):
        _sub(editorial, "p", paragraph)
    return editorial


def put_editorial_decl(root: etree._Element, treaty: Treaty) -> None:
    """Replace the header's <editorialDecl> by the one the treaty's statuses give now (a file
    changed in place, such as by a collation, says what is true of it)."""
    header = root.find("t:teiHeader", NS)
    file_desc = header.find("t:fileDesc", NS)
    depth = sum(1 for _ in file_desc.iterancestors())
    encoding = header.find("t:encodingDesc", NS)
    if encoding is None:
        encoding = etree.Element(_t("encodingDesc"))
        encoding.text, encoding.tail = "\n" + "  " * (depth + 1), file_desc.tail
        file_desc.addnext(encoding)
    new = editorial_decl([w for version in treaty.versions.values() for w in version.witnesses])
    indent(new, level=depth + 1)  # only the new element: the encoders' paragraphs keep their layout
    old = encoding.find("t:editorialDecl", NS)
    if old is not None:
        new.tail = old.tail
        encoding.replace(old, new)
    else:
        new.tail = encoding.text if len(encoding) else "\n" + "  " * depth
        encoding.insert(0, new)


def treaty_to_tree(treaty: Treaty) -> etree._ElementTree:
    root = etree.Element(_t("TEI"), nsmap={None: TEI_NS})
    root.set(XML_ID, treaty.id)
    root.set(XML_LANG, "en")
    header = _sub(root, "teiHeader")
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    for lang, title in treaty.titles.items():
        _sub(title_stmt, "title", title, xml_lang=lang)
    witnesses = [w for version in treaty.versions.values() for w in version.witnesses]
    collated = [w for w in witnesses if w.bibl.transcription is Transcription.collated and w.bibl.collated_by]
    for editor in dict.fromkeys(w.bibl.collated_by for w in collated):
        stmt = _sub(title_stmt, "respStmt", xml_id=editor)
        _sub(stmt, "resp", COLLATION_RESPONSIBILITY)
        _sub(stmt, "name", editor)
    pub = _sub(file_desc, "publicationStmt")
    _sub(pub, "publisher", "Treaty Comparer")
    availability = _sub(pub, "availability")
    _sub(availability, "p", "The treaty texts are in the public domain; the encoding is CC0.")
    _sub(availability, "p", status.CAVEAT)
    list_bibl = _sub(_sub(file_desc, "sourceDesc"), "listBibl")
    for w in witnesses:
        b = _sub(list_bibl, "bibl", w.bibl.citation, xml_id=w.bibl.id, type=w.bibl.status.value,
                 status=w.bibl.transcription.value)
        if w.bibl.translated_from:
            _sub(b, "relatedItem", type="translatedFrom", target=f"#{w.bibl.translated_from}")
        if w.bibl.source:
            _sub(b, "relatedItem", type="source", target=w.bibl.source)
    enc = _sub(header, "encodingDesc")
    enc.append(editorial_decl(witnesses))
    for note in treaty.notes:
        _sub(enc, "p", note)
    profile = _sub(header, "profileDesc")
    if treaty.dates or treaty.place:
        creation = _sub(profile, "creation")
        for d in treaty.dates:
            versions = {"corresp": " ".join(f"#{treaty.id}.{lang}" for lang in d.versions)} if d.versions else {}
            if d.calendar == "gregorian":
                _sub(creation, "date", d.label, type="signed", when=d.value, calendar="#gregorian", **versions)
            else:
                _sub(creation, "date", d.label, type="signed", when_custom=d.value,
                     datingMethod=f"#{d.calendar}", calendar=f"#{d.calendar}", **versions)
        if treaty.place:
            _sub(creation, "placeName", treaty.place.label, ref=treaty.place.ref)
        cal_desc = _sub(profile, "calendarDesc")
        for cal, label in (("gregorian", "Gregorian"), ("julian", "Julian (Old Style)"),
                           ("qing", "Qing reign-year lunisolar calendar: era-year-month-day")):
            _sub(_sub(cal_desc, "calendar", xml_id=cal), "p", label)
    lang_usage = _sub(profile, "langUsage")
    for lang in treaty.versions:
        _sub(lang_usage, "language", lang, ident=lang)
    if treaty.signatories:
        people = _sub(_sub(profile, "particDesc"), "listPerson", type="signatories")
        for s in treaty.signatories:
            person = _sub(people, "person", role=s.role, corresp=s.ref)
            for lang, forms in s.names.items():
                for name in forms:
                    _sub(person, "persName", name, xml_lang=lang)
    dated = [link for link in treaty.alignment if link.when and link.id]
    if dated or collated:
        revisions = _sub(header, "revisionDesc")
        for w in collated:
            _sub(revisions, "change", collation_record(w.bibl.citation), when=w.bibl.collated_on,
                 who=f"#{w.bibl.collated_by}", target=f"#{w.id}", status=Transcription.collated.value)
        for link in dated:
            _sub(revisions, "change", f"alignment {link.type or 'link'}", when=link.when, who=link.resp,
                 target=f"#{link.id}")
    group = _sub(_sub(root, "text"), "group")
    for version in treaty.versions.values():
        for w in version.witnesses:
            group.append(witness_element(w, version.primary.id))
    if treaty.alignment or treaty.annotations:
        stand_off = _sub(root, "standOff")
        if treaty.alignment:
            grp = _sub(stand_off, "linkGrp", type="alignment")
            for link in treaty.alignment:
                _sub(grp, "link", target=" ".join(f"#{t}" for t in link.targets),
                     cert=None if link.cert is None else f"{link.cert:.3f}".rstrip("0").rstrip("."),
                     resp=link.resp, type=link.type, xml_id=link.id)
        if treaty.annotations:
            lst = _sub(stand_off, "listAnnotation")
            for a in treaty.annotations:
                ann = _sub(lst, "annotation", xml_id=a.id, target=" ".join(f"#{t}" for t in a.targets),
                           ana=a.ana, n=a.status, resp=a.resp, rend="stale" if a.stale else None)
                record = {FINGERPRINT_IDNO: a.fingerprint, VERSIONS_IDNO: " ".join(a.langs),
                          PARTS_IDNO: " ".join(a.parts)}
                if a.when or any(record.values()):
                    # tei_all gives <annotation> no @when: the time of the decision is its change record,
                    # with what a review decided on as typed <idno>s (comparer.review).
                    change = _sub(_sub(ann, "revisionDesc"), "change", a.status or "annotated", when=a.when,
                                  who=a.resp)
                    for kind, value in record.items():
                        if value:
                            if len(change):
                                change[-1].tail = " "
                            else:
                                change.text += " "
                            _sub(change, "idno", value, type=kind)
                if a.note:
                    _sub(ann, "note", a.note)
    return etree.ElementTree(root)


def witness_element(witness: Witness, primary_id: str) -> etree._Element:
    """One witness as its <text>: the version's primary text, or another witness of it (corresp = primary)."""
    text_el = etree.Element(_t("text"))
    for key, value in ((XML_ID, witness.id), (XML_LANG, witness.lang),
                       ("type", "version" if witness.primary else "witness"),
                       ("corresp", None if witness.primary else f"#{primary_id}"), ("decls", f"#{witness.bibl.id}")):
        if value is not None:
            text_el.set(key, value)
    body = _sub(text_el, "body")
    for division in witness.divisions:
        div = _sub(body, "div", type=division.kind, n=division.n)
        if division.head is not None:
            _sub(div, "head", division.head)
        paragraph, p = None, None
        for clause in division.clauses:
            if p is None or clause.paragraph != paragraph:
                p, paragraph = _sub(div, "p"), clause.paragraph
            _write_clause(p, clause)
    return text_el


def indent(tree: etree._ElementTree | etree._Element, level: int = 0) -> None:
    """Indent for people (two spaces, starting at `level`), but leave the mixed content of clauses exactly as it is."""
    mixed = [el for el in tree.iter(_t("seg"), _t("s"))]
    saved = [[(node, node.text, node.tail) for node in el.iterdescendants()] + [(el, el.text, None)] for el in mixed]
    etree.indent(tree, space="  ", level=level)
    for nodes in saved:
        for node, text, tail in nodes:
            node.text = text
            if node is not nodes[-1][0]:
                node.tail = tail


def pretty_bytes(tree: etree._ElementTree) -> bytes:
    indent(tree)
    return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")


def treaty_to_bytes(treaty: Treaty) -> bytes:
    return pretty_bytes(treaty_to_tree(treaty))


def write_atomic(path: Path, data: bytes) -> None:
    """Write to a temporary file in the same folder, fsync, then rename: readers see old or new, never half."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        # mkstemp makes the file private; give it the mode the file had, else the usual one.
        os.chmod(tmp, path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


# ---------------------------------------------------------------- the lexicon

_LEXICON_KINDS = {"place": "placeName", "person": "persName", "org": "orgName"}


def lexicon_from_tree(tree: etree._ElementTree, path: str = "<lexicon>") -> Lexicon:
    try:
        return _lexicon_from_tree(tree, path)
    except ValidationError as err:
        raise _model_error(err, path) from None


def _lexicon_from_tree(tree: etree._ElementTree, path: str) -> Lexicon:
    root = tree.getroot()
    entries: dict[str, LexiconEntry] = {}
    groups: dict[str, LexiconEntry] = {}
    for kind, name_tag in _LEXICON_KINDS.items():
        for el in root.iter(_t(kind)):
            forms: dict[str, list[LexiconForm]] = {}
            for name in el.iterfind(f"t:{name_tag}", NS):
                forms.setdefault(name.get(XML_LANG) or "en", []).append(LexiconForm(text=_text(name), type=name.get("type")))
            note = el.find("t:note", NS)
            entries[el.get(XML_ID)] = LexiconEntry(
                id=el.get(XML_ID), kind=kind, type=el.get("type"), forms=forms, note=_text(note) or None
            )
    for cat in root.iter(_t("category")):
        forms = {}
        for desc in cat.iterfind("t:catDesc", NS):
            lang = desc.get(XML_LANG) or "en"
            terms = desc.findall("t:term", NS)
            if not terms:
                continue  # a prose description, not a form to match
            forms.setdefault(lang, []).extend(LexiconForm(text=_text(t), type=t.get("type")) for t in terms)
        parent = cat.getparent()
        group = parent.get(XML_ID) if parent.tag == _t("category") else None
        entry = LexiconEntry(id=cat.get(XML_ID), kind="concept", group=group, forms=forms)
        if cat.find("t:category", NS) is not None:
            groups[entry.id] = entry
        else:
            entries[entry.id] = entry
    if not entries:
        raise CorpusError("the lexicon has no entries", path)
    _check_bound_forms(entries, path)
    _check_homographs(entries, path)
    return Lexicon(entries=entries, groups=groups)


def _check_bound_forms(entries: dict[str, LexiconEntry], path: str) -> None:
    """A bound form's pattern must be readable by its language ("[進在到]京", "界[牌碑]")."""
    from comparer import lang as languages
    from comparer.lang.forms import BoundPatternError, parse_bound

    for entry in entries.values():
        for lang, forms in entry.forms.items():
            for form in forms:
                if form.type == BOUND_FORM:
                    try:
                        parse_bound(languages.get(lang), form.text)
                    except (BoundPatternError, languages.UnknownLanguageError) as err:
                        raise CorpusError(f"{entry.id}: {err}", path) from None


def _check_homographs(entries: dict[str, LexiconEntry], path: str) -> None:
    """A homograph form must be a form another entry has in the same language: it stands for
    the reading the matcher does not give (see model.HOMOGRAPH_FORM)."""
    matched: dict[tuple[str, str], set[str]] = {}
    for entry in entries.values():
        for lang, forms in entry.forms.items():
            for form in forms:
                if form.type not in (BOUND_FORM, HOMOGRAPH_FORM):
                    matched.setdefault((lang, form.text), set()).add(entry.id)
    for entry in entries.values():
        for lang, forms in entry.forms.items():
            for form in forms:
                if form.type == HOMOGRAPH_FORM and not matched.get((lang, form.text), set()) - {entry.id}:
                    raise CorpusError(f"{entry.id}: the homograph form {form.text!r} ({lang}) is no other "
                                      f"entry's form: make it a variant", path)


def load_lexicon(path: Path) -> Lexicon:
    return lexicon_from_tree(parse_file(path), str(path))
