"""The printed editions of a version collated in its column: `?collate=ru` on the treaty view.

Under each primary clause of a collated column, every other edition's reading of it: the
substantive differences as deletions and insertions (comparer.exchange.collate gives them with
offsets into both texts), the orthographic ones listed apart, and where that edition's text was not
transcribed.
"""

from __future__ import annotations

from dataclasses import dataclass

from comparer.errors import InputError
from comparer.exchange.collate import Collation, Difference, Reading, collatable
from comparer.model import Treaty, Witness

EXCERPT_CHARS = 24  # an untranscribed stretch is named by its first words, not printed whole


def collatable_langs(treaty: Treaty, langs: list[str]) -> list[str]:
    """The shown versions that have another printed edition to collate with their primary text."""
    out = []
    for lang in langs:
        version = treaty.version(lang)
        primary_ids = {c.id for c in version.primary.clauses()}
        if any(collatable(w, primary_ids) for w in version.witnesses[1:]):
            out.append(lang)
    return out


def chosen(treaty: Treaty, langs: list[str], witnesses: dict[str, str], asked: list[str]) -> list[str]:
    """The versions to collate, as ?collate= asks; a version not shown, one with a single edition, or
    one whose column shows another edition than the primary is a bad request with the reason."""
    can = collatable_langs(treaty, langs)
    for lang in asked:
        if lang not in langs:
            raise InputError(f"collate={lang}: {lang!r} is not one of the versions shown ({', '.join(langs)})")
        if lang not in can:
            raise InputError(f"collate={lang}: the {lang!r} version has no other printed edition to collate "
                             f"(versions that have one here: {', '.join(can) or 'none'})")
        if lang in witnesses:
            raise InputError(f"collate={lang}: the editions are collated against the primary text; this "
                             f"column shows the edition {witnesses[lang]!r} (choose the primary edition)")
    return asked


def toggled(collating: list[str], lang: str) -> str | None:
    """The ?collate= value that turns one version's collation on or off, the others kept."""
    after = [other for other in collating if other != lang] if lang in collating else [*collating, lang]
    return ",".join(after) or None


@dataclass(frozen=True)
class EditionNote:
    """What one other edition reads at one primary clause."""

    witness: Witness
    clauses: list[str]  # the edition's clauses that reproduce the primary clause
    absent: bool
    changes: list[Difference]  # substantive: addition, omission, replacement, form
    spellings: list[Difference]
    punctuation: list[Difference]
    untranscribed: list[str]  # the start of the primary text each gap stands for ('' for a gap between words)
    nothing_transcribed: bool  # every word of the clause falls in untranscribed stretches

    @property
    def same_wording(self) -> bool:
        return not (self.absent or self.changes or self.nothing_transcribed)


def note(witness: Witness, base_text: str, reading: Reading) -> EditionNote:
    covered = [False] * len(base_text)
    for gap in reading.untranscribed:
        covered[gap.base_start:gap.base_end] = [True] * (gap.base_end - gap.base_start)
    nothing = bool(reading.untranscribed) and not any(
        char.isalnum() and not hidden for char, hidden in zip(base_text, covered))
    return EditionNote(
        witness=witness,
        clauses=reading.clauses,
        absent=reading.absent,
        changes=reading.substantive,
        spellings=[d for d in reading.orthographic if d.kind == "spelling"],
        punctuation=[d for d in reading.orthographic if d.kind == "punctuation"],
        untranscribed=[_excerpt(d.base) for d in reading.untranscribed],
        nothing_transcribed=nothing,
    )


def apparatus(treaty: Treaty, collation: Collation) -> dict[str, list[EditionNote]]:
    """Primary clause id -> the other editions' notes on it, in document order."""
    witnesses = {w.id: w for w in treaty.version(collation.lang).witnesses}
    return {row.clause: [note(witnesses[r.witness], row.text, r) for r in row.readings]
            for row in collation.clauses}


def editions(treaty: Treaty, collation: Collation) -> list[Witness]:
    """The editions collated with the primary text, each shown with what its text is."""
    witnesses = {w.id: w for w in treaty.version(collation.lang).witnesses}
    return [witnesses[w] for w in collation.witnesses]


def _excerpt(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= EXCERPT_CHARS else text[:EXCERPT_CHARS].rstrip() + "…"
