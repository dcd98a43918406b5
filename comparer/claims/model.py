"""What a claims check returns: one `Claim` per statement found, with its verdict and evidence.

These models are the JSON shape of `comparer claims --json` and of the web reader's "what the
article says" panel (`Claim.model_dump()`).
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ClaimKind = Literal["count", "date", "year", "place", "signatory", "presence", "absence", "provision"]
Verdict = Literal["supported", "contradicted", "variant", "not_verifiable"]
# How the claim was tied to its treaty: the sentence names it, an earlier claim of the paragraph
# did, or a signatory, date or the wording of an article points at one treaty only; "draft" when
# the paragraph is about a draft, which the corpus does not hold.
LinkKind = Literal["name", "inherited", "signatory", "date", "content", "draft"]
VERDICTS: tuple[str, ...] = Verdict.__args__
KINDS: tuple[str, ...] = ClaimKind.__args__


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Sentence(_Model):
    """One sentence of a secondary text: its id (`seed.p25.s10`), text and paragraph id."""

    id: str
    text: str
    paragraph: str = ""


class Evidence(_Model):
    """Strings found in one treaty clause that decide a verdict."""

    clause: str
    witness: str
    lang: str
    strings: list[str] = Field(default_factory=list)


class Claim(_Model):
    id: str  # "claim-" + 8 hex digits of sentence id, kind and subject: stable across runs
    sentence: str
    text: str  # the sentence
    lang: str
    kind: ClaimKind
    subject: str  # what the claim is about: an entry id, "count", "date", an article key
    quote: list[str] = Field(default_factory=list)  # the words of the sentence that make the claim
    treaty: str | None = None
    link: LinkKind | None = None
    article: str | None = None  # division key, "a1"
    version: str | None = None  # the language version the claim is about ("dokumen Cina" -> zh)
    values: dict[str, str] = Field(default_factory=dict)  # what the claim says and what the texts say
    verdict: Verdict
    explanation: dict[str, str]  # ui language -> one sentence
    evidence: list[Evidence] = Field(default_factory=list)
    # For claims about the wording of a version: every witness's clauses in scope and the
    # strings found there, keyed "<lang>" or "<lang>.<sigil>", so versions can be read side by side.
    comparison: dict[str, list[Evidence]] | None = None
    review: str = "open"  # open | confirmed | dismissed, kept from the annotation in the source file

    @property
    def witnesses(self) -> list[str]:
        """The texts the verdict quotes (evidence and comparison), by witness id, first named first."""
        rows = [*self.evidence, *(e for found in (self.comparison or {}).values() for e in found)]
        return list(dict.fromkeys(e.witness for e in rows))
