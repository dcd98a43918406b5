"""Scholars' decisions on findings: recorded against the finding's parts, found again in any view.

A review names the finding as its view showed it (`ana`, for the history) and the finding's parts
(comparer.check.ids), which it attaches to: dismissing a finding seen between ru, zh and id dismisses
its ru-zh and zh-id parts, so the finding between ru and zh alone is dismissed too, and a review made
between ru and zh shows for that pair in the three-version view while the other pair stays open.
"""

from __future__ import annotations

from collections.abc import Collection
from itertools import combinations
from pathlib import Path

from comparer.check import legacy_id
from comparer.errors import InputError
from comparer.exchange.tei_export import finding_annotation
from comparer.fingerprints import fingerprint
from comparer.model import Finding, FindingPart, Treaty
from comparer.review.checker import Checker
from comparer.review.document import Document, append, element, now, sub
from comparer.review.records import STATUSES, Review, Snapshot, check_comment, check_editor
from comparer.review.transaction import change_file
from comparer.tei.xml import FINGERPRINT_IDNO, PARTS_IDNO, VERSIONS_IDNO


def review_finding(path: Path, finding: Finding, status: str, comment: str = "", *, editor: str,
                   langs: list[str], checker: Checker, if_match: str | Collection[str] | None = None) -> Snapshot:
    """Record a decision on every part of a finding (as found between the versions `langs`);
    returns the new file."""
    if status not in STATUSES:
        raise InputError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    comment = check_comment(comment)
    check_editor(editor)

    def change(current: Snapshot, doc: Document) -> None:
        treaty = current.treaty
        targets = finding_annotation(treaty, treaty.clause_index(), finding, langs).targets
        if treaty.id in targets:
            raise InputError(f"finding {finding.id} names no clause or version of {treaty.id}")
        who = doc.sign(editor)
        annotation = element("annotation", xml_id=doc.next_id("review"), target=" ".join(f"#{t}" for t in targets),
                             ana=f"#{finding.id}", n=status, resp=who)
        doc.record(annotation, status, now(), who, **{
            FINGERPRINT_IDNO: fingerprint(treaty, targets), VERSIONS_IDNO: " ".join(langs),
            PARTS_IDNO: " ".join(p.id for p in finding.parts)})
        if comment:
            sub(annotation, "note", comment)
        append(doc.annotations(), annotation)

    return change_file(path, if_match, change, checker)


def find_finding(treaty: Treaty, checker: Checker, finding_id: str,
                 langs: list[str] | None = None) -> tuple[Finding, list[str]]:
    """The finding with this id and the versions it is found between: `langs` if given, else all
    versions, else each smaller choice of versions the reader can show (a finding's id names its
    parts, and one found between ru and zh is another finding, with fewer parts, between ru, zh, id)."""
    every = list(treaty.versions)
    choices = [langs] if langs else [list(c) for n in range(len(every), 1, -1) for c in combinations(every, n)]
    for chosen in choices:
        for finding in checker.report(treaty, chosen).findings:
            if finding.id == finding_id:
                return finding, chosen
    where = f"between {', '.join(langs)}" if langs else "between any of its versions"
    raise InputError(f"{treaty.id} has no finding {finding_id!r} {where} (see `comparer review {treaty.id} --list`)")


def with_states(snapshot: Snapshot, checker: Checker) -> list[Review]:
    """The snapshot's reviews with `found_as`, the finding that holds its parts between its versions
    now, and `resolved` where there is none (a correction of the rows or of the text made the
    disagreement go)."""
    treaty = snapshot.treaty
    every = list(treaty.versions)
    out = []
    for review in snapshot.reviews:
        langs = review.langs if review.langs and all(lang in treaty.versions for lang in review.langs) else every
        findings = checker.report(treaty, langs).findings
        if review.parts:
            found = next((f for f in findings if {p.id for p in f.parts} & set(review.parts)), None)
        else:
            found = next((f for f in findings if review.finding in (f.id, legacy_id(f))), None)
        out.append(review.model_copy(update={"found_as": found.id if found else None, "resolved": found is None}))
    return out


def part_decisions(finding: Finding, reviews: dict[str, Review]) -> list[tuple[FindingPart, Review | None]]:
    """Each part of a finding with the review that counts for it (None while nobody reviewed it)."""
    return [(part, reviews.get(part.reviewed_in or "")) for part in finding.parts]
