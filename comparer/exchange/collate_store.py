"""Storing a collated text: the checked transcription becomes the version's primary text.

Written into the treaty file in place, under the same lock, If-Match and atomic write as reviews
(comparer.review.transact); everything else in the file is kept as it was. What changes:

- the checked text becomes the primary <text> (id <treaty>.<lang>): the clauses that correspond to
  ours keep their ids, added clauses take new ones (comparer.exchange.collate_in);
- our text stays, as the witness <treaty>.<lang>.<sigil>: its clause ids get the sigil, and each
  names (corresp) the checked clause that corresponds to it; a clause the edition does not have
  names none;
- its bibl moves to <treaty>.<lang>.<sigil>.bibl, keeping its type and status; the primary bibl
  cites the edition, with status="collated";
- a header <change status="collated" when who target> records who collated the text and when,
  and the editor gets a <respStmt xml:id> if they have none yet;
- the encodingDesc's <editorialDecl> is written afresh from the texts' statuses (which are
  collated, by whom and when, which are not), so the header's prose stays true;
- pointers at clauses the checked text no longer has (another edition's corresp, a review, a
  correction) now name that clause in our old text, which still says what they pointed at; a
  translation made from our text names our old text as its source, and the record of an earlier
  collation of our text goes with it.

Reviews and corrections are never dropped: the fingerprint of the text they saw no longer matches
a changed or moved clause, so they show as stale.
"""

from __future__ import annotations

from collections.abc import Collection
from pathlib import Path

from lxml import etree

from comparer import paths, review, tei
from comparer.errors import CorpusError, InputError
from comparer.exchange.collate_in import Proposal, propose
from comparer.exchange.tei_export import POINTER_ATTRIBUTES
from comparer.model import Transcription
from comparer.review.document import DECLARATION, append, element, sub
from comparer.tei.xml import NS, XML_ID
from comparer.validate import CORPUS_SCHEMA, reference_errors, schema_errors


def collate_in(path: Path, lang: str, text: str, *, edition: str, editor: str, sigil: str | None = None,
               date: str | None = None, if_match: str | Collection[str] | None = None) -> tuple[Proposal, str]:
    """Store the checked text of `lang` as the primary text of the treaty in `path`.
    The proposal is made again from the file as it is under the lock (with `if_match`, only if
    it is still the file the caller saw). Returns what was done and the file's new ETag."""
    review.check_editor(editor)
    done: list[Proposal] = []

    def change(data: bytes, _stamp) -> bytes:
        tree = tei.parse_bytes(data, str(path))
        treaty = tei.treaty_from_tree(tree, str(path))
        proposal = propose(treaty, lang, text, edition=edition, editor=editor, sigil=sigil, date=date)
        written = rewrite(tree, proposal)
        _check(written, str(path))
        done.append(proposal)
        return written

    written, _ = review.transact(Path(path), if_match, change)
    return done[0], review.etag_of(written)


def rewrite(tree: etree._ElementTree, proposal: Proposal) -> bytes:
    """The treaty file with the proposal applied (see the module docstring)."""
    root = tree.getroot()
    header = root.find("t:teiHeader", NS)
    base, old_id = proposal.base, f"{proposal.base}.{proposal.sigil}"
    ids = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)}
    if any(i == old_id or i.startswith(old_id + ".") for i in ids):
        raise InputError(f"{old_id} is already an identifier in this file: choose another --sigil")
    moved = {c.clause: f"{old_id}{c.clause[len(base):]}" for c in proposal.changes if c.kind == "removed"}
    _repoint(root, {**moved, base: old_id}, texts_only={base})

    old_text = next(el for el in root.iterfind("t:text/t:group/t:text", NS) if el.get(XML_ID) == base)
    kept = proposal.kept
    for seg in old_text.iter(tei._t("seg")):
        clause_id = seg.get(XML_ID)
        seg.set(XML_ID, f"{old_id}{clause_id[len(base):]}")
        if clause_id in kept:
            seg.set("corresp", f"#{kept[clause_id]}")
        elif "corresp" in seg.attrib:
            del seg.attrib["corresp"]
    old_text.set(XML_ID, old_id)
    old_text.set("type", "witness")
    old_text.set("corresp", f"#{base}")
    old_text.set("decls", f"#{old_id}.bibl")
    new_text = tei.witness_element(proposal.witness, base)
    depth = sum(1 for _ in old_text.iterancestors())
    tei.indent(new_text, level=depth)
    new_text.tail = old_text.tail
    old_text.addprevious(new_text)

    bibl_id = proposal.witness.bibl.id
    old_bibl = next(el for el in header.iter(tei._t("bibl")) if el.get(XML_ID) == bibl_id)
    old_bibl.set(XML_ID, f"{old_id}.bibl")
    new_bibl = element("bibl", proposal.edition, xml_id=bibl_id, type=old_bibl.get("type"),
                       status=Transcription.collated.value)
    new_bibl.tail = old_bibl.tail
    old_bibl.addprevious(new_bibl)

    who = _sign(header, proposal.editor, ids)
    revisions = header.find("t:revisionDesc", NS)
    if revisions is None:
        revisions = append(header, element("revisionDesc"))
    summary = (f"{tei.collation_record(proposal.edition)}; {proposal.count('changed')} clauses changed, "
               f"{proposal.count('added')} added, {proposal.count('removed')} removed; the text it replaces is "
               f"{old_id}")
    append(revisions, element("change", summary, when=proposal.date, who=who, target=f"#{base}",
                              status=Transcription.collated.value))
    tei.put_editorial_decl(root, tei.treaty_from_tree(tree))  # what is collated now, said in the header
    return DECLARATION + etree.tostring(tree, encoding="UTF-8", xml_declaration=False) + b"\n"


def _repoint(root: etree._Element, renamed: dict[str, str], texts_only: set[str]) -> None:
    """Every same-document pointer at a renamed id names its new id; a pointer at the version
    itself (texts_only) is renamed only where it is about the text that moves: a translation's
    source, the record of an earlier collation."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        about_text = ((name == "relatedItem" and el.get("type") == "translatedFrom")
                      or (name == "change" and el.get("status") == Transcription.collated.value))
        for attribute in POINTER_ATTRIBUTES & set(el.attrib):
            values = el.get(attribute).split()
            new = [f"#{renamed[v[1:]]}" if v.startswith("#") and v[1:] in renamed
                   and (v[1:] not in texts_only or about_text) else v for v in values]
            if new != values:
                el.set(attribute, " ".join(new))


def _sign(header: etree._Element, editor: str, ids: set[str]) -> str:
    """The pointer to the editor's respStmt (the one their reviews use), added if they have none."""
    title_stmt = header.find("t:fileDesc/t:titleStmt", NS)
    if any(stmt.get(XML_ID) == editor for stmt in title_stmt.iterfind("t:respStmt", NS)):
        return f"#{editor}"
    if editor in ids:
        raise InputError(f"editor name {editor!r} is already an identifier in this file; choose another name")
    stmt = element("respStmt", xml_id=editor)
    sub(stmt, "resp", tei.COLLATION_RESPONSIBILITY)
    sub(stmt, "name", editor)
    append(title_stmt, stmt)
    return f"#{editor}"


def _check(data: bytes, where: str) -> None:
    """The file stays a corpus file: schema, the model's rules, pointers at clauses and versions resolving."""
    tree = tei.parse_bytes(data, where)
    problems = schema_errors(tree, paths.schema(CORPUS_SCHEMA))
    if not problems:
        problems = reference_errors(tei.treaty_from_tree(tree, where))
    if problems:
        raise CorpusError("the collated text would make the file invalid: " + "; ".join(problems[:5]), where)
