"""Claims and verdicts kept as TEI annotations in the secondary text's own file.

    <standOff>
      <listAnnotation type="claims">
        <annotation xml:id="claim-1a2b3c4d" motivation="assessing"
                    target="#seed.p25.s10 ../aigun-1858.xml#aigun-1858.zh.a1.c1"
                    ana="#claim.contradicted #claim.kind.absence">
          <note type="claim" xml:lang="id">“dokumen Cina”, “tepi kiri”, …</note>
          <note type="subject">zh:concept.left-bank+concept.right-bank</note>
          <note type="treaty">aigun-1858</note>
          <note type="explanation" xml:lang="en">…</note>
          <note type="evidence" target="../aigun-1858.xml#aigun-1858.zh.a1.c1">左岸 | 右岸</note>
        </annotation>

@ana points at categories of a taxonomy "claims" the store adds to the header's classDecl, so
the pointers resolve inside the file. A scholar's review is the annotation's @n (open, confirmed,
dismissed) with @resp; storing again keeps both, and keeps a reviewed annotation whose claim is no
longer found, marked rend="stale". The rest of the file is written back byte for byte as parsed.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree
from pydantic import BaseModel, ConfigDict, Field

from comparer import tei
from comparer.claims.model import KINDS, VERDICTS, Claim
from comparer.claims.sentences import read_source
from comparer.tei.xml import NS, XML_ID, XML_LANG, _t

LIST_TYPE = "claims"
TAXONOMY_ID = "claims"
VERDICT_PREFIX = "claim."
KIND_PREFIX = "claim.kind."
_EVIDENCE_SEPARATOR = " | "
_DECLARATION = b'<?xml version="1.0" encoding="UTF-8"?>\n'


class StoredClaim(BaseModel):
    """A claim as read back from the annotations of a source file."""

    model_config = ConfigDict(extra="forbid")

    id: str
    sentence: str
    clauses: list[str] = Field(default_factory=list)
    verdict: str
    kind: str
    subject: str = ""
    treaty: str | None = None
    quote: str = ""
    explanation: dict[str, str] = Field(default_factory=dict)
    evidence: dict[str, list[str]] = Field(default_factory=dict)  # clause id -> strings
    review: str = "open"
    resp: str | None = None
    stale: bool = False


# ---------------------------------------------------------------- writing


def store_claims(path: Path, claims: list[Claim], corpus_folder: Path) -> int:
    """Write the claims into the source file's standOff atomically; returns how many annotations it holds."""
    path = Path(path)
    tree, _, _ = read_source(path)
    root = tree.getroot()
    _ensure_taxonomy(root)
    previous = {a.get(XML_ID): a for a in _annotations(root)}
    to_treaty = _treaty_pointer(path, Path(corpus_folder))
    listing = etree.Element(_t("listAnnotation"), type=LIST_TYPE)
    for claim in claims:
        listing.append(_annotation(claim, previous.get(claim.id), to_treaty))
    current = {c.id for c in claims}
    for old_id, old in previous.items():
        if old_id not in current and old.get("n") not in (None, "open"):
            old.set("rend", "stale")  # a reviewed claim the text no longer makes: keep the review visible
            listing.append(old)
    _replace_listing(root, listing)
    tei.write_atomic(path, _DECLARATION + etree.tostring(tree, encoding="UTF-8", xml_declaration=False) + b"\n")
    return len(listing)


def _treaty_pointer(source: Path, corpus_folder: Path):
    base = os.path.relpath(corpus_folder.resolve(), source.resolve().parent)

    def pointer(treaty_id: str, clause_id: str) -> str:
        return Path(base, f"{treaty_id}.xml").as_posix() + "#" + clause_id

    return pointer


def _annotation(claim: Claim, previous: etree._Element | None, to_treaty) -> etree._Element:
    clauses = list(dict.fromkeys(e.clause for e in claim.evidence))
    targets = [f"#{claim.sentence}"] + [to_treaty(claim.treaty, c) for c in clauses if claim.treaty]
    el = etree.Element(_t("annotation"), {XML_ID: claim.id})
    el.set("target", " ".join(targets))
    el.set("ana", f"#{VERDICT_PREFIX}{claim.verdict} #{KIND_PREFIX}{claim.kind}")
    el.set("motivation", "assessing")
    if previous is not None:  # the scholar's review survives a new run
        for attribute in ("n", "resp"):
            if previous.get(attribute):
                el.set(attribute, previous.get(attribute))

    def note(kind: str, text: str, lang: str | None = None, target: str | None = None) -> None:
        child = etree.SubElement(el, _t("note"), type=kind)
        if lang:
            child.set(XML_LANG, lang)
        if target:
            child.set("target", target)
        child.text = text

    note("claim", ", ".join(claim.quote) or claim.text, claim.lang)
    note("subject", claim.subject)
    if claim.treaty:
        note("treaty", claim.treaty)
    for ui, sentence in claim.explanation.items():
        note("explanation", sentence, ui)
    if claim.treaty:
        for ev in claim.evidence:
            if ev.strings:
                note("evidence", _EVIDENCE_SEPARATOR.join(ev.strings), target=to_treaty(claim.treaty, ev.clause))
    return el


def _annotations(root: etree._Element) -> list[etree._Element]:
    return root.findall(f"t:standOff/t:listAnnotation[@type='{LIST_TYPE}']/t:annotation", NS)


def _replace_listing(root: etree._Element, listing: etree._Element) -> None:
    stand_off = root.find("t:standOff", NS)
    if stand_off is None:
        stand_off = _append(root, etree.Element(_t("standOff")), level=0)
    old = stand_off.find(f"t:listAnnotation[@type='{LIST_TYPE}']", NS)
    if old is not None:
        stand_off.remove(old)
    if len(listing):
        _append(stand_off, listing, level=1)
    elif not len(stand_off):
        root.remove(stand_off)


def _append(parent: etree._Element, child: etree._Element, level: int) -> etree._Element:
    """Append with the indentation of the surrounding file: two spaces a level, the parent at `level`."""
    inner, outer = "\n" + "  " * (level + 1), "\n" + "  " * level
    if len(parent):
        parent[-1].tail = inner
    else:
        parent.text = inner
    parent.append(child)
    etree.indent(child, space="  ", level=level + 1)
    child.tail = outer
    return child


def _ensure_taxonomy(root: etree._Element) -> None:
    """The categories @ana points at, once per file."""
    if root.find(f".//t:taxonomy[@xml:id='{TAXONOMY_ID}']", {**NS, "xml": tei.XML_NS}) is not None:
        return
    header = root.find("t:teiHeader", NS)
    encoding = header.find("t:encodingDesc", NS)
    if encoding is None:
        file_desc = header.find("t:fileDesc", NS)
        encoding = etree.Element(_t("encodingDesc"))
        file_desc.addnext(encoding)  # after fileDesc, where TEI wants it
        encoding.tail, file_desc.tail = file_desc.tail, "\n    "
    class_decl = encoding.find("t:classDecl", NS)
    if class_decl is None:
        class_decl = _append(encoding, etree.Element(_t("classDecl")), level=2)
    taxonomy = etree.Element(_t("taxonomy"), {XML_ID: TAXONOMY_ID})
    etree.SubElement(taxonomy, _t("desc")).text = (
        "What comparer claims found this text saying about the treaties (claim.kind.*) and its verdict (claim.*).")
    for name, prefix in [(v, VERDICT_PREFIX) for v in VERDICTS] + [(k, KIND_PREFIX) for k in KINDS]:
        category = etree.SubElement(taxonomy, _t("category"), {XML_ID: prefix + name})
        desc = etree.SubElement(category, _t("catDesc"), {XML_LANG: "en"})
        etree.SubElement(desc, _t("term")).text = name.replace("_", " ")
    _append(class_decl, taxonomy, level=3)
    for desc in taxonomy.iter(_t("catDesc")):  # <catDesc><term>…</term></catDesc> on one line, as in the lexicon
        desc.text = desc[0].tail = None


# ---------------------------------------------------------------- reading


def load_claims(path: Path) -> list[StoredClaim]:
    """The claims stored in a source file, with their reviews."""
    tree, _, _ = read_source(Path(path))
    return [_read(a) for a in _annotations(tree.getroot())]


def _read(el: etree._Element) -> StoredClaim:
    targets = el.get("target", "").split()
    ana = el.get("ana", "").split()
    notes: dict[str, list[etree._Element]] = {}
    for note in el.iterfind("t:note", NS):
        notes.setdefault(note.get("type"), []).append(note)

    def first(kind: str) -> str:
        found = notes.get(kind)
        return (found[0].text or "") if found else ""

    verdict = next((a[1 + len(VERDICT_PREFIX):] for a in ana
                    if a.startswith("#" + VERDICT_PREFIX) and not a.startswith("#" + KIND_PREFIX)), "")
    kind = next((a[1 + len(KIND_PREFIX):] for a in ana if a.startswith("#" + KIND_PREFIX)), "")
    return StoredClaim(
        id=el.get(XML_ID),
        sentence=targets[0].lstrip("#") if targets else "",
        clauses=[t.rsplit("#", 1)[-1] for t in targets[1:]],
        verdict=verdict,
        kind=kind,
        subject=first("subject"),
        treaty=first("treaty") or None,
        quote=first("claim"),
        explanation={n.get(XML_LANG): n.text or "" for n in notes.get("explanation", [])},
        evidence={n.get("target", "").rsplit("#", 1)[-1]: (n.text or "").split(_EVIDENCE_SEPARATOR)
                  for n in notes.get("evidence", [])},
        review=el.get("n") or "open",
        resp=el.get("resp"),
        stale=el.get("rend") == "stale",
    )


def with_reviews(claims: list[Claim], stored: list[StoredClaim]) -> list[Claim]:
    """The claims with the review status a scholar gave them in the file."""
    reviews = {s.id: s.review for s in stored}
    return [c.model_copy(update={"review": reviews[c.id]}) if c.id in reviews else c for c in claims]
