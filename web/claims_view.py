"""What the secondary sources say about a treaty, placed where the reader meets it.

Claims about the treaty as a whole (its date, place, signatories, number of articles) go beside the
treaty's facts; claims about wording or content go to the article they concern: the one the claim
names, else the divisions of the clauses that decide it. A claim that names no article and has no
evidence (nothing in the texts to decide it) stays with the treaty as a whole.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field

from flask import url_for

from comparer.claims import VERDICTS, Claim, Evidence
from comparer.model import CLAUSE_ID, Treaty

from .clausetext import Span, non_overlapping
from .pipeline import Source

TREATY_KINDS = frozenset({"count", "date", "year", "place", "signatory"})
PANEL_ORDER = ("contradicted", "variant", "not_verifiable", "supported")  # what a reader should see first


@dataclass(frozen=True)
class SourceClaim:
    source: Source
    claim: Claim


@dataclass
class TreatyClaims:
    whole: list[SourceClaim] = field(default_factory=list)  # about the treaty as a whole
    by_section: dict[str, list[SourceClaim]] = field(default_factory=dict)  # 'a1', 'pre' -> claims


def sections_of(claim: Claim) -> list[str]:
    """The divisions (pre, a1, end) a claim is about; none for a claim about the whole treaty."""
    if claim.article:
        return [claim.article]
    if claim.kind in TREATY_KINDS:
        return []
    found = (CLAUSE_ID.match(ev.clause) for ev in claim.evidence)
    return list(dict.fromkeys(match.group("div") for match in found if match))


def treaty_claims(sources: Iterable[Source], treaty_id: str) -> TreatyClaims:
    out = TreatyClaims()
    for source in sources:
        for claim in source.claims:
            if claim.treaty != treaty_id:
                continue
            item = SourceClaim(source, claim)
            sections = sections_of(claim)
            if not sections:
                out.whole.append(item)
            for key in sections:
                out.by_section.setdefault(key, []).append(item)
    first = lambda item: PANEL_ORDER.index(item.claim.verdict)  # noqa: E731 - stable: text order within a verdict
    out.whole.sort(key=first)
    for items in out.by_section.values():
        items.sort(key=first)
    return out


def claim_anchor(claim: Claim) -> str:
    """The id of the treaty page's panel that shows the claim."""
    sections = sections_of(claim)
    return f"claims-{sections[0]}" if sections else "claims-treaty"


def counts_of(items: Iterable[SourceClaim]) -> dict[str, int]:
    return verdict_counts(item.claim for item in items)


def verdict_counts(claims: Iterable[Claim]) -> dict[str, int]:
    """Verdict -> how many, in the order of VERDICTS, leaving out those that do not occur."""
    tally = Counter(c.verdict for c in claims)
    return {v: tally[v] for v in VERDICTS if tally[v]}


def quoted_runs(text: str, quote: list[str]) -> list[tuple[str, bool]]:
    """The sentence cut into (text, is part of what the claim quotes) runs, first occurrence of each quote."""
    folded = text.casefold()
    spans = []
    for words in quote:
        start = folded.find(words.casefold()) if words.strip() else -1
        if start >= 0:
            spans.append(Span(start, start + len(words), words))
    runs, at = [], 0
    for span in non_overlapping(spans):
        if span.start > at:
            runs.append((text[at:span.start], False))
        runs.append((text[span.start:span.end], True))
        at = span.end
    if at < len(text):
        runs.append((text[at:], False))
    return runs


def clause_url(treaty: Treaty, clause_id: str) -> str:
    """The treaty view that shows a clause: its version beside another one, in the clause's edition."""
    match = CLAUSE_ID.match(clause_id)
    if match is None or match.group("lang") not in treaty.versions:
        return url_for("reader.treaty", treaty_id=treaty.id)
    lang, sigil = match.group("lang"), match.group("sigil")
    others = [other for other in [treaty.pivot, *treaty.versions] if other != lang]
    args = {"langs": ",".join([lang, others[0]] if others else [lang])}
    if sigil and treaty.version(lang).witness(sigil) is not None:
        args["wit"] = f"{lang}:{sigil}"
    return url_for("reader.treaty", treaty_id=treaty.id, **args, _anchor=clause_id)


def clause_href(treaty: Treaty, clause_id: str, shown: Collection[str]) -> str:
    """A link to a clause: its permalink on this page when the page shows it, else the view that does."""
    return f"#{clause_id}" if clause_id in shown else clause_url(treaty, clause_id)


@dataclass(frozen=True)
class EditionRow:
    """One line of a claim's evidence: a version (or one of its editions) and the clauses found in it."""

    lang: str
    sigil: str | None
    found: list[Evidence]


def evidence_rows(claim: Claim) -> list[EditionRow]:
    """The claim's side-by-side comparison (every version and edition, found or not) when it has
    one, else its evidence gathered by edition."""
    if claim.comparison is not None:
        keyed = claim.comparison
    else:
        keyed = {}
        for ev in claim.evidence:
            match = CLAUSE_ID.match(ev.clause)
            sigil = match.group("sigil") if match else None
            keyed.setdefault(f"{ev.lang}.{sigil}" if sigil else ev.lang, []).append(ev)
    rows = []
    for key, found in keyed.items():
        lang, _, sigil = key.partition(".")
        rows.append(EditionRow(lang, sigil or None, found))
    return rows
