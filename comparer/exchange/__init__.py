"""Getting treaties out of and into the corpus: TEI, TMX, CSV/JSON, HTML exports, imports, collation.

Every exporter takes the model (a Treaty, and the Alignment and CheckReport computed for it) and
returns bytes; the CLI decides where they go. The helpers here are the few things the exporters
share: which clauses a group holds in one language and how their texts read joined up.
"""

from __future__ import annotations

import unicodedata

from comparer.errors import ComparerError
from comparer.model import AlignedGroup, Clause, Finding
from comparer.plaintext import shown_text

_NO_SPACE_WIDTHS = ("W", "F")  # wide and fullwidth characters: Han, kana, fullwidth punctuation


def join_texts(texts: list[str]) -> str:
    """Clause texts as one passage: a space between them, except where the script writes none (CJK)."""
    out = ""
    for text in filter(None, texts):
        if out and not (_is_wide(out[-1]) or _is_wide(text[0])):
            out += " "
        out += text
    return out


def _is_wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in _NO_SPACE_WIDTHS


def group_clauses(group: AlignedGroup, lang: str, clauses: dict[str, Clause]) -> list[Clause]:
    return [clauses[cid] for cid in group.segments.get(lang, []) if cid in clauses]


def group_text(group: AlignedGroup, lang: str, clauses: dict[str, Clause]) -> str:
    """The row's clauses in one version as one passage, with […] where a passage is not transcribed
    and [?…] around an uncertain reading."""
    return join_clauses(group_clauses(group, lang, clauses))


def join_clauses(clauses: list[Clause]) -> str:
    """Clauses as they are shown ([…], [?…]), spaced as join_texts spaces their words (not their marks)."""
    out = ""
    previous: Clause | None = None
    for clause in clauses:
        if out and not (_edge_is_wide(previous, -1) or _edge_is_wide(clause, 0)):
            out += " "
        out += shown_text(clause)
        previous = clause
    return out


def _edge_is_wide(clause: Clause, index: int) -> bool:
    text = clause.text.strip()
    return bool(text) and _is_wide(text[index])


def finding_langs(finding: Finding, order: list[str]) -> list[str]:
    """The versions a finding speaks about, in the report's language order."""
    named = set(finding.segments) | set(finding.values) | set(finding.evidence)
    return [lang for lang in order if lang in named] + sorted(named - set(order))


class ExportError(ComparerError):
    """An export that would not be what it claims: an unresolved pointer, a malformed structure."""
