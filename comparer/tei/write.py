"""Model -> TEI: a treaty as its corpus file, the header's <editorialDecl> derived from the texts'
statuses, indentation that leaves clauses' mixed content alone, and atomic writes."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from lxml import etree

from comparer import status
from comparer.model import Clause, Transcription, Treaty, Witness
from comparer.tei.xml import FINGERPRINT_IDNO, NS, PARTS_IDNO, TEI_NS, VERSIONS_IDNO, XML_ID, XML_LANG, _t

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
