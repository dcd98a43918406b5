"""A clause's plain text cut into tokens the templates render: text runs, lexicon mentions and gaps.

Uncertain readings (<unclear>) and lexicon mentions may overlap, so the text is cut at every
boundary of either; consecutive pieces of one mention are joined back into one token.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from comparer.model import Clause


@dataclass(frozen=True)
class Run:
    text: str
    unclear: str | None = None  # the reason, when this text is an uncertain reading
    opens: bool = False  # the first run of its uncertain reading (the reading may be cut by mentions)
    closes: bool = False


@dataclass(frozen=True)
class Token:
    kind: Literal["text", "mention", "gap"]
    runs: tuple[Run, ...] = ()
    entry: str | None = None
    reason: str = ""


@dataclass(frozen=True)
class Span:
    """A lexicon mention: text[start:end] names the entry."""

    start: int
    end: int
    entry: str


@dataclass
class ClauseText:
    clause: Clause
    tokens: list[Token] = field(default_factory=list)

    @property
    def id(self) -> str:
        return self.clause.id

    @property
    def entries(self) -> list[str]:
        return [t.entry for t in self.tokens if t.entry]


def non_overlapping(spans: list[Span]) -> list[Span]:
    """Leftmost-longest choice, so a longer form (松花江海口) wins over the shorter one inside it."""
    chosen: list[Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.start - s.end)):
        if span.end > span.start and (not chosen or span.start >= chosen[-1].end):
            chosen.append(span)
    return chosen


def tokenize(clause: Clause, spans: list[Span]) -> ClauseText:
    text = clause.text
    mentions = non_overlapping(spans)
    unclear = [(m.start, m.end, m.attrs.get("reason", "")) for m in clause.marks if m.kind == "unclear"]
    gaps: dict[int, list[str]] = {}
    for mark in clause.marks:
        if mark.kind == "gap":
            gaps.setdefault(mark.start, []).append(mark.attrs.get("reason", ""))
    cuts = sorted({0, len(text), *gaps, *(p for s in mentions for p in (s.start, s.end)),
                   *(p for start, end, _ in unclear for p in (start, end))})
    tokens: list[Token] = []
    for start, end in zip(cuts, cuts[1:] + [None]):
        tokens += [Token("gap", reason=reason) for reason in gaps.get(start, [])]
        if end is None or end <= start:
            continue
        span = next(((s, e, r) for s, e, r in unclear if s <= start and end <= e), None)
        run = Run(text[start:end], unclear=span[2], opens=span[0] == start, closes=span[1] == end) if span \
            else Run(text[start:end])
        entry = next((m.entry for m in mentions if m.start <= start and end <= m.end), None)
        previous = tokens[-1] if tokens else None
        if entry and previous is not None and previous.kind == "mention" and previous.entry == entry \
                and _continues(mentions, entry, start):
            tokens[-1] = Token("mention", previous.runs + (run,), entry)
        else:
            tokens.append(Token("mention" if entry else "text", (run,), entry))
    return ClauseText(clause, tokens)


def _continues(mentions: list[Span], entry: str, position: int) -> bool:
    """True when position lies inside (not at the start of) a mention of entry."""
    return any(m.entry == entry and m.start < position < m.end for m in mentions)
