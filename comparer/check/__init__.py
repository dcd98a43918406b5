"""Discrepancy checks: every disagreement between the language versions of a treaty, typed and explained.

`check_treaty` compares the primary witnesses of the chosen versions group by group over a
clause alignment and runs one module per finding family. Differences between witnesses of one
version (printed editions) are collation, not checked here.
"""

from __future__ import annotations

from comparer.check import concepts, dates, directions, ids, modality, numbers, structure
from comparer.check.context import CheckContext
from comparer.check.messages import Messages
from comparer.errors import InputError
from comparer.model import Alignment, Annotation, CheckReport, Finding, Lexicon, Treaty
from comparer.status import text_status

__all__ = ["check_treaty", "decisions", "overall_review"]

FAMILIES = (structure, concepts, numbers, dates, directions, modality)
TYPE_ORDER = (
    "structure_mismatch", "unaligned_clause", "missing_concept", "name_mismatch", "moved", "number_mismatch",
    "date_mismatch", "date_inconsistency", "direction_mismatch", "modality_mismatch", "length_outlier",
)


def check_treaty(treaty: Treaty, lexicon: Lexicon, langs: list[str] | None = None,
                 alignment: Alignment | None = None, ui_lang: str = "en") -> CheckReport:
    """Findings between the versions `langs` (default: those of the alignment, else all).

    Without an alignment the treaty is aligned with `comparer.align.treaty.align_treaty`.
    Messages are in `ui_lang` ("en" or "id"). Scholars' reviews, kept in treaty.annotations, set
    the `review` of the finding parts they name (comparer.check.ids) and so the finding's.
    """
    messages = Messages(ui_lang)
    langs = list(dict.fromkeys(langs or (alignment.langs if alignment else treaty.versions)))
    for key in langs:
        treaty.version(key)  # raises UnknownLanguage for a version the treaty does not have
    if alignment is None:
        from comparer.align.treaty import align_treaty

        alignment = align_treaty(treaty, lexicon, langs=langs)
    missing = [k for k in langs if k not in alignment.langs]
    if missing:
        raise InputError(f"the alignment does not cover {', '.join(missing)} (it has {', '.join(alignment.langs)})")
    ctx = CheckContext(treaty, lexicon, langs, alignment, messages)
    found: dict[str, Finding] = {}
    for family in FAMILIES:
        for finding in family.check(ctx):
            found.setdefault(finding.id, finding)
    findings = _with_reviews(list(found.values()), treaty.annotations)
    return CheckReport(treaty=treaty.id, langs=langs, findings=_in_reading_order(findings, alignment),
                       texts={key: text_status(treaty.version(key).primary) for key in langs})


REVIEW_STATUSES = ("open", "confirmed", "dismissed")


def decisions(annotations: list[Annotation]) -> dict[str, tuple[int, Annotation]]:
    """The review that counts for each finding part: the last in file order (with its position).
    A review stored before findings had parts names a finding id instead (in `ana`, or as its own
    id in an export); until comparer.review upgrades it, it counts for that finding's every part."""
    last: dict[str, tuple[int, Annotation]] = {}
    for index, note in enumerate(annotations):
        if note.status not in REVIEW_STATUSES:
            continue
        names = note.parts or [name.removeprefix("#") for name in [note.id, *(note.ana or "").split()]]
        for name in names:
            last[name] = (index, note)
    return last


def overall_review(statuses: list[str]) -> str:
    """A finding's status from its parts': open while any part is, else confirmed if any part is
    (the discrepancy is real between those versions), else dismissed."""
    if not statuses or "open" in statuses:
        return "open"
    return "confirmed" if "confirmed" in statuses else "dismissed"


def legacy_id(finding: Finding) -> str:
    return ids.legacy_finding_id(finding.type, finding.article,
                                 [c for clauses in finding.segments.values() for c in clauses], finding.concept)


def _with_reviews(findings: list[Finding], annotations: list[Annotation]) -> list[Finding]:
    decided = decisions(annotations)
    if not decided:
        return findings
    reviewed = []
    for finding in findings:
        whole = [decided[name] for name in (finding.id, legacy_id(finding)) if name in decided]
        parts = []
        for part in finding.parts:
            candidates = whole + ([decided[part.id]] if part.id in decided else [])
            if candidates:
                _, note = max(candidates, key=lambda c: c[0])
                part = part.model_copy(update={"review": note.status, "reviewed_in": note.id})
            parts.append(part)
        reviewed.append(finding.model_copy(update={"parts": parts,
                                                   "review": overall_review([p.review for p in parts])}))
    return reviewed


def _in_reading_order(findings: list[Finding], alignment: Alignment) -> list[Finding]:
    """Treaty-wide findings first, then by article as the pivot reads, then by type."""
    article_rank: dict[str | None, int] = {None: -1}
    for group in alignment.groups:
        article_rank.setdefault(group.article, len(article_rank))
    return sorted(findings, key=lambda f: (article_rank.get(f.article, len(article_rank)),
                                           TYPE_ORDER.index(f.type), f.id))
