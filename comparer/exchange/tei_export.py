"""TEI exports: a treaty with its alignment and findings, and the collation of one version's witnesses.

The treaty export is itself a corpus file (comparer.tei reads it back): every version and witness,
the alignment as <standOff><linkGrp type="alignment">, findings and reviews as <annotation>s in a
<listAnnotation>. Whose work each item is stays visible, so that re-importing an export never
passes the machine's output off as a scholar's:

- machine links: type="machine", resp="#aligner", cert = the aligner's confidence. They are
  recomputed on every export, so an old machine alignment never freezes.
- a scholar's corrections (type="correction", the links comparer.align keeps fixed) and any other
  stored link: as stored, a correction's resp being "#editor" unless it names who made it.
- findings: xml:id = the finding id, resp="#checker", ana = "#finding.TYPE #severity.LEVEL"
  (<annotation> has no @type; the categories are a <taxonomy> in the header's classDecl). They
  are recomputed on every export too.
- reviews and claims (every other annotation): as stored, except that a review points (ana) at
  the exported findings that hold its finding parts, and is marked rend="stale" when its clauses'
  text changed; a review whose finding is no longer found keeps a retired finding that says why.

Neither <link> nor <annotation> may carry @when in TEI: a correction's time is a header
<change target="#link-id">, a review's is the annotation's own <revisionDesc><change when>.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from lxml import etree

from comparer import __version__, status, tei
from comparer.check.ids import PREFIX as FINDING_ID_PREFIX
from comparer.exchange import ExportError, finding_langs
from comparer.exchange.collate import Collation, ClauseCollation, Difference, Reading, joined
from comparer.fingerprints import ClauseTexts
from comparer.model import Alignment, AlignmentLink, Annotation, CheckReport, Clause, Finding, Treaty

MACHINE_LINK = "machine"
CORRECTION_LINK = "correction"
ALIGNER, CHECKER, EDITOR = "#aligner", "#checker", "#editor"

RESPONSIBILITIES = {
    ALIGNER: ("automatic clause alignment (links of type machine; cert is its confidence)",
              f"Treaty Comparer {__version__}, comparer.align"),
    CHECKER: ("automatic discrepancy findings (annotations classified by the finding-types taxonomy)",
              f"Treaty Comparer {__version__}, comparer.check"),
    EDITOR: ("alignment corrections and reviews of findings", "the editors of this corpus"),
}
OTHER_RESPONSIBILITY = "alignment corrections and reviews of findings"

FINDING_TYPES: dict[str, str] = {
    "missing_concept": "a place, person, state or concept that some versions of a passage name and another lacks",
    "moved": "the same content standing in different articles or places in different versions",
    "name_mismatch": "different names where the versions should name the same place or person",
    "number_mismatch": "different numbers (distances, counts, sums) in aligned passages",
    "date_mismatch": "dates that do not name the same day",
    "date_inconsistency": "one version giving one day in two calendars that name different days",
    "direction_mismatch": "opposite directions or sides (left or right bank, up- or downstream)",
    "modality_mismatch": "a different obligation or permission (may, shall, shall not, only)",
    "unaligned_clause": "a clause with no counterpart in another version",
    "structure_mismatch": "a different number or order of articles",
    "length_outlier": "aligned passages whose lengths differ far more than the languages usually do",
}
SEVERITIES = {
    "high": "the versions say different things",
    "medium": "probably a real difference, on doubtful or partial evidence",
    "low": "worth a look; may be a matter of wording or of untranscribed text",
}
POINTER_ATTRIBUTES = frozenset({
    "target", "corresp", "decls", "ana", "resp", "domains", "wit", "calendar", "datingMethod", "ref",
    "who", "sameAs", "source", "synch", "next", "prev", "copyOf", "exclude", "select", "change",
})


def _t(name: str) -> str:
    return f"{{{tei.TEI_NS}}}{name}"


# ---------------------------------------------------------------- treaty + alignment + findings


def export_treaty(treaty: Treaty, alignment: Alignment | None = None, report: CheckReport | None = None, *,
                  langs: list[str] | None = None, exported: str | None = None) -> bytes:
    """One TEI document: the treaty's versions (`langs`, default all) with alignment and findings.

    Without an `alignment` (or `report`) the machine links (findings) stored in the treaty are
    written as they are. `exported` (an ISO date-time) goes into publicationStmt.
    """
    stale = stale_reviews(treaty)  # before restricting: a fingerprint covers every clause reviewed
    if langs:
        treaty = restrict(treaty, langs)
    clause_ids = set(treaty.clause_index())
    annotations = export_annotations(treaty, report, stale)
    model = treaty.model_copy(update={"alignment": export_links(treaty, alignment, clause_ids),
                                      "annotations": annotations})
    tree = tei.treaty_to_tree(model)
    _describe(tree, model, exported)
    problems = pointer_problems(tree)
    if problems:
        raise ExportError(f"the TEI export of {treaty.id} is inconsistent: " + "; ".join(problems[:5]))
    return tei.pretty_bytes(tree)


def restrict(treaty: Treaty, langs: list[str]) -> Treaty:
    """The treaty with only the versions `langs`; links and annotations keep the targets still there."""
    versions = {lang: treaty.version(lang) for lang in treaty.versions if lang in langs}
    for lang in langs:
        treaty.version(lang)  # an unknown language is an error, not an empty export
    kept = {c.id for v in versions.values() for w in v.witnesses for c in w.clauses()}
    links = [link.model_copy(update={"targets": [t for t in link.targets if t in kept]}) for link in treaty.alignment]
    notes = [a.model_copy(update={"targets": [t for t in a.targets if t in kept]}) for a in treaty.annotations]
    return treaty.model_copy(update={
        "versions": versions,
        "alignment": [link for link in links if len(link.targets) >= 2],
        "annotations": [a for a in notes if a.targets],
    })


def export_links(treaty: Treaty, alignment: Alignment | None, clause_ids: set[str]) -> list[AlignmentLink]:
    """The stored links that are not the machine's (corrections), then the machine's links, fresh
    from `alignment` when given."""
    corrections = [
        link.model_copy(update={"resp": link.resp or (EDITOR if link.type == CORRECTION_LINK else None)})
        for link in treaty.alignment if link.type != MACHINE_LINK
    ]
    if alignment is None:
        machine = [link.model_copy(update={"when": None}) for link in treaty.alignment if link.type == MACHINE_LINK]
    else:
        machine = []
        for group in alignment.groups:
            targets = [cid for lang in alignment.langs for cid in group.segments.get(lang, []) if cid in clause_ids]
            if group.fixed or len(targets) < 2:
                continue  # a fixed group is a correction, already written; one clause links nothing
            machine.append(AlignmentLink(targets=targets, cert=round(min(max(group.confidence, 0.0), 1.0), 3),
                                         resp=ALIGNER, type=MACHINE_LINK))
    return corrections + machine


def stale_reviews(treaty: Treaty) -> set[str]:
    """The ids of the stored annotations whose clauses' text changed since they were made."""
    texts = ClauseTexts(treaty)
    return {a.id for a in treaty.annotations if a.stale or texts.stale(a.targets, a.fingerprint)}


def export_annotations(treaty: Treaty, report: CheckReport | None, stale: set[str] = frozenset()) -> list[Annotation]:
    """Reviews and claims as stored, then findings (fresh from `report` if given).

    A review attaches to finding parts (comparer.check.ids): its `ana` points at the exported
    findings that hold them. A review none of whose parts is found any more keeps the finding it
    named, written as a retired finding that says why: the text changed (the review is marked
    stale), or a correction resolved it, or it was found between versions the export leaves out."""
    human = [a.model_copy(update={"stale": a.id in stale}) for a in treaty.annotations if a.resp != CHECKER]
    if report is None:
        machine = [a.model_copy(update={"when": None}) for a in treaty.annotations if a.resp == CHECKER]
        holding: dict[str, list[str]] = {}
    else:
        taken = {a.id for a in human}  # a review stored under a finding's own id stands for that finding
        clauses = treaty.clause_index()
        machine = [finding_annotation(treaty, clauses, f, report.langs) for f in report.findings if f.id not in taken]
        holding = {}
        for finding in report.findings:
            for part in finding.parts:
                holding.setdefault(part.id, []).append(finding.id)
    present = {a.id for a in human + machine}
    reviews, retired = [], []
    for review in human:
        found = list(dict.fromkeys(f for part in review.parts for f in holding.get(part, [])))
        if found:
            review = review.model_copy(update={"ana": " ".join(f"#{f}" for f in found)})
        reviews.append(review)
        for pointer in (review.ana or "").split():
            finding = pointer.removeprefix("#")
            if finding.startswith(FINDING_ID_PREFIX) and finding not in present:
                retired.append(Annotation(id=finding, targets=review.targets, resp=CHECKER, stale=True,
                                          note=_why_retired(review, report)))
                present.add(finding)
    return reviews + machine + retired


def _why_retired(review: Annotation, report: CheckReport | None) -> str:
    if review.stale:
        return "The text of these clauses changed since the review; kept for the review that points at it."
    if report is not None and review.langs and not set(review.langs) <= set(report.langs):
        return (f"A finding between {', '.join(review.langs)}, versions this export does not all hold; "
                "kept for the review that points at it.")
    return "Resolved by a correction: the checker no longer reports this finding; kept for the review that points at it."


def finding_annotation(treaty: Treaty, clauses: dict[str, Clause], finding: Finding, langs: list[str]) -> Annotation:
    """A finding as an annotation on its clauses, classified by type and severity."""
    targets = [cid for lang in [*langs, *finding.segments] for cid in finding.segments.get(lang, []) if cid in clauses]
    if not targets:  # a treaty-wide finding points at the versions it is about, else at the treaty
        targets = [treaty.version(lang).primary.id for lang in finding_langs(finding, langs) if lang in treaty.versions]
    return Annotation(id=finding.id, targets=list(dict.fromkeys(targets)) or [treaty.id],
                      ana=f"#finding.{finding.type} #severity.{finding.severity}", resp=CHECKER, note=finding.message)


def _describe(tree: etree._ElementTree, treaty: Treaty, exported: str | None) -> None:
    """What the reader of the file needs beyond the treaty: who did what, the finding categories, the date."""
    root = tree.getroot()
    header = root.find(_t("teiHeader"))
    ids = {el.get(tei.XML_ID) for el in root.iter() if isinstance(el.tag, str)}
    title_stmt = header.find(f"{_t('fileDesc')}/{_t('titleStmt')}")
    used = [a.resp for a in treaty.annotations] + [link.resp for link in treaty.alignment]
    for pointer in dict.fromkeys(p for p in used if p and p.startswith("#")):
        if pointer[1:] in ids:
            continue
        resp, name = RESPONSIBILITIES.get(pointer, (OTHER_RESPONSIBILITY, pointer[1:]))
        stmt = etree.SubElement(title_stmt, _t("respStmt"))
        stmt.set(tei.XML_ID, pointer[1:])
        etree.SubElement(stmt, _t("resp")).text = resp
        etree.SubElement(stmt, _t("name")).text = name
    if exported:
        pub = header.find(f"{_t('fileDesc')}/{_t('publicationStmt')}")
        etree.SubElement(pub, _t("date"), when=exported).text = exported
    encoding = header.find(_t("encodingDesc"))
    if encoding is None:
        encoding = etree.Element(_t("encodingDesc"))
        header.find(_t("fileDesc")).addnext(encoding)
    class_decl = etree.SubElement(encoding, _t("classDecl"))
    _taxonomy(class_decl, "finding-types", "Types of discrepancy finding (comparer.check)", "finding", FINDING_TYPES)
    _taxonomy(class_decl, "severities", "How sure and how serious a finding is", "severity", SEVERITIES)
    link_grp = root.find(f"{_t('standOff')}/{_t('linkGrp')}")
    if link_grp is not None:
        targets = {t for link in treaty.alignment for t in link.targets}
        domains = [w.id for v in treaty.versions.values() for w in v.witnesses if any(c.id in targets for c in w.clauses())]
        if len(domains) >= 2:
            link_grp.set("domains", " ".join(f"#{d}" for d in domains))


def _taxonomy(parent: etree._Element, xml_id: str, description: str, prefix: str, categories: dict[str, str]) -> None:
    taxonomy = etree.SubElement(parent, _t("taxonomy"))
    taxonomy.set(tei.XML_ID, xml_id)
    etree.SubElement(taxonomy, _t("desc")).text = description
    for name, meaning in categories.items():
        category = etree.SubElement(taxonomy, _t("category"))
        category.set(tei.XML_ID, f"{prefix}.{name}")
        desc = etree.SubElement(category, _t("catDesc"))
        desc.set(tei.XML_LANG, "en")
        term = etree.SubElement(desc, _t("term"))
        term.text, term.tail = name, f": {meaning}"


def pointer_problems(tree: etree._ElementTree) -> list[str]:
    """What RELAX NG cannot check: every same-document pointer (#id) resolves; every link has two targets."""
    root = tree.getroot()
    ids = {el.get(tei.XML_ID) for el in root.iter() if isinstance(el.tag, str)}
    problems = []
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        name = etree.QName(el).localname
        for attribute in POINTER_ATTRIBUTES & set(el.attrib):
            for pointer in el.get(attribute).split():
                if pointer.startswith("#") and pointer[1:] not in ids:
                    problems.append(f"<{name} {attribute}> points at {pointer}, which is not in the document")
        if name == "link" and len(el.get("target", "").split()) < 2:
            problems.append(f"<link target={el.get('target', '')!r}> needs at least two targets")
    return problems


# ---------------------------------------------------------------- collation (parallel segmentation)

GAP = object()  # a <gap/> among the pieces of a reading
_SPACES = re.compile(r"\s{2,}")


def export_collation(treaty: Treaty, collation: Collation) -> bytes:
    """The witnesses of one version as TEI parallel segmentation: <app><rdg wit="#…"> per variant."""
    version = treaty.version(collation.lang)
    witnesses = [version.primary, *(w for w in version.witnesses if w.id in collation.witnesses)]
    clauses = treaty.clause_index()
    root = etree.Element(_t("TEI"), nsmap={None: tei.TEI_NS})
    root.set(tei.XML_ID, f"{treaty.id}.{collation.lang}.collation")
    root.set(tei.XML_LANG, "en")
    header = etree.SubElement(root, _t("teiHeader"))
    file_desc = etree.SubElement(header, _t("fileDesc"))
    title_stmt = etree.SubElement(file_desc, _t("titleStmt"))
    etree.SubElement(title_stmt, _t("title")).text = f"{treaty.title()}: collation of the {collation.lang} witnesses"
    pub = etree.SubElement(file_desc, _t("publicationStmt"))
    etree.SubElement(pub, _t("publisher")).text = "Treaty Comparer"
    availability = etree.SubElement(pub, _t("availability"))
    etree.SubElement(availability, _t("p")).text = "The treaty texts are in the public domain; the encoding is CC0."
    etree.SubElement(availability, _t("p")).text = status.CAVEAT
    list_wit = etree.SubElement(etree.SubElement(file_desc, _t("sourceDesc")), _t("listWit"))
    for witness in witnesses:  # each edition with what our text of it is (reconstructed, collated, …)
        el = etree.SubElement(list_wit, _t("witness"))
        el.set(tei.XML_ID, witness.id)
        el.text = f"{witness.bibl.citation} ({status.status_line(witness.bibl)})"
    encoding = etree.SubElement(header, _t("encodingDesc"))
    etree.SubElement(encoding, _t("variantEncoding"), method="parallel-segmentation", location="internal")
    encoding.append(tei.editorial_decl(witnesses))
    etree.SubElement(encoding, _t("p")).text = (
        f"Base text {collation.base}. An app of type substantive holds wording that differs after the "
        "spelling is folded (pre-1918 Russian orthography, Traditional/Simplified Chinese, case, punctuation); "
        "orthographic, differences of spelling or punctuation only; untranscribed, a place where a text has a "
        "gap, so nothing is claimed; absent, a clause a witness does not have. An app with cert=\"low\" "
        "touches an uncertain reading (unclear in the corpus file) of a text: it may be no difference of the editions.")
    body = etree.SubElement(etree.SubElement(root, _t("text")), _t("body"))
    rows = {row.clause: row for row in collation.clauses}
    for division in version.primary.divisions:
        div = etree.SubElement(body, _t("div"), type=division.kind)
        if division.n:
            div.set("n", division.n)
        if division.head:
            etree.SubElement(div, _t("head")).text = division.head
        p = etree.SubElement(div, _t("p"))
        for clause in division.clauses:
            seg = etree.SubElement(p, _t("seg"), type="clause")
            seg.set(tei.XML_ID, clause.id)
            _collated_clause(seg, rows[clause.id], collation.base, clauses)
    if collation.unmatched:
        div = etree.SubElement(body, _t("div"), type="unmatched")
        etree.SubElement(div, _t("head")).text = "Witness clauses that point at no clause of the base text"
        p = etree.SubElement(div, _t("p"))
        for extra in collation.unmatched:
            seg = etree.SubElement(p, _t("seg"), type="clause", n=extra.clause)
            app = etree.SubElement(seg, _t("app"), type="addition")
            etree.SubElement(app, _t("rdg"), wit=f"#{collation.base}")
            etree.SubElement(app, _t("rdg"), wit=f"#{extra.witness}").text = extra.text
    tree = etree.ElementTree(root)
    problems = pointer_problems(tree)
    if problems:
        raise ExportError(f"the collation of {treaty.id} ({collation.lang}) is inconsistent: " + "; ".join(problems[:5]))
    return tei.pretty_bytes(tree)


def _collated_clause(seg: etree._Element, row: ClauseCollation, base_id: str, clauses: dict) -> None:
    present = [r for r in row.readings if not r.absent]
    absent = [r for r in row.readings if r.absent]
    holder = seg
    if absent:  # the whole clause is one variant: the witnesses that have it, and those that do not
        app = etree.SubElement(seg, _t("app"), type="absent")
        holder = etree.SubElement(app, _t("rdg"), wit=_wits([base_id, *(r.witness for r in present)]))
        etree.SubElement(app, _t("rdg"), wit=_wits(r.witness for r in absent))
    base_text, base_gaps = joined([clauses[row.clause]])
    base_gaps = list(base_gaps)
    witness_gaps = {r.witness: joined([clauses[c] for c in r.clauses])[1] for r in present}
    cursor = 0
    for start, end, found in _regions(present):
        _append(holder, _pieces(base_text, base_gaps, cursor, start))
        app = etree.SubElement(holder, _t("app"), type=_strongest(d for _, d in found))
        if any(d.uncertain for _, d in found):
            app.set("cert", "low")  # it touches an uncertain reading: maybe no difference of the editions
        readings: dict[tuple, list[str]] = {tuple(_pieces(base_text, base_gaps, start, end)): [base_id]}
        for reading in present:
            own = [d for r, d in found if r is reading]
            pieces = tuple(_witness_pieces(base_text, start, end, reading, own, witness_gaps[reading.witness]))
            readings.setdefault(pieces, []).append(reading.witness)
        for pieces, wits in readings.items():
            rdg = etree.SubElement(app, _t("rdg"), wit=_wits(wits))
            _append(rdg, list(pieces))
        cursor = end
    _append(holder, _pieces(base_text, base_gaps, cursor, len(base_text)))


def _regions(readings: list[Reading]) -> list[tuple[int, int, list[tuple[Reading, Difference]]]]:
    """Stretches of the base text where some witness differs: overlapping or touching differences merged."""
    found = sorted(((r, d) for r in readings for d in (*r.substantive, *r.orthographic, *r.untranscribed)),
                   key=lambda item: (item[1].base_start, item[1].base_end))
    regions: list[tuple[int, int, list]] = []
    for reading, diff in found:
        if regions and diff.base_start <= regions[-1][1]:
            start, end, items = regions[-1]
            regions[-1] = (start, max(end, diff.base_end), items + [(reading, diff)])
        else:
            regions.append((diff.base_start, diff.base_end, [(reading, diff)]))
    return regions


def _strongest(differences: Iterable[Difference]) -> str:
    kinds = {d.kind for d in differences}
    if kinds & {"addition", "omission", "replacement", "form"}:
        return "substantive"
    return "untranscribed" if "untranscribed" in kinds else "orthographic"


def _pieces(text: str, gaps: list[int], start: int, end: int) -> list:
    """text[start:end] with a GAP wherever a gap stands in it; each gap is used once."""
    pieces: list = []
    cursor = start
    for offset in [g for g in gaps if start <= g <= end]:
        gaps.remove(offset)
        pieces += [text[cursor:offset], GAP]
        cursor = offset
    pieces.append(text[cursor:end])
    return [p for p in pieces if p != ""]


def _witness_pieces(base_text: str, start: int, end: int, reading: Reading, own: list[Difference],
                    gaps: list[int]) -> list:
    """A witness's reading of base_text[start:end]: the base where it agrees, its own words where not.
    `gaps` are the witness's gap offsets not yet written; a gap is written where it is untranscribed.
    Spacing follows the witness where its words meet the base's (an addition after a word)."""
    pieces: list = []
    cursor = start
    for diff in own:
        pieces.append(base_text[cursor:diff.base_start])
        before = reading.text[diff.start - 1:diff.start].isspace() and not base_text[diff.base_start - 1:diff.base_start].isspace()
        after = reading.text[diff.end:diff.end + 1].isspace() and not base_text[diff.base_end:diff.base_end + 1].isspace()
        own_words = _pieces(reading.text, gaps, diff.start, diff.end) if diff.kind == "untranscribed" else [diff.reading]
        pieces += [" "] * before + own_words + [" "] * after
        cursor = diff.base_end
    pieces.append(base_text[cursor:end])
    return _tidy(pieces)


def _tidy(pieces: list) -> list:
    """Adjacent strings joined, and one space where spacing met spacing."""
    out: list = []
    for piece in pieces:
        if piece is not GAP and out and out[-1] is not GAP:
            out[-1] += piece
        else:
            out.append(piece)
    out = [p if p is GAP else _SPACES.sub(" ", p) for p in out]
    return [p for p in out if p != ""]


def _append(parent: etree._Element, pieces: list) -> None:
    for piece in pieces:
        if piece is GAP:
            etree.SubElement(parent, _t("gap"), reason="not transcribed")
        elif len(parent):
            parent[-1].tail = (parent[-1].tail or "") + piece
        else:
            parent.text = (parent.text or "") + piece


def _wits(ids: Iterable[str]) -> str:
    return " ".join(f"#{i}" for i in ids)
