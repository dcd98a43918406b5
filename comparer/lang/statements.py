"""How a language builds a statement: negation and its reach, what ends a statement, who acts.

The grammar here is rules; the words are data each language module gives its `StatementGrammar`:

- negators ("не", "tidak", "not", "不") negate the words right after them, up to `reach` words
  (characters in Chinese, where a word is a character), never past a break (punctuation or a
  conjunction that opens another statement: "а", "tetapi", "but", "而"); a privative preposition
  ("без", "tanpa", "without") only the word it governs ("без отлагательства исследованы": the
  delay, not the survey); a statement negator ("不是", "並非": "it is not that …") the rest of its
  statement;
- negation turns a modality: a negated permission is a prohibition ("may not", "не может"), a
  negated prohibition a permission; a negated obligation is a prohibition in most languages
  ("не должно", "must not") and only a release from the duty in others ("tidak harus" / "tidak wajib":
  need not); a negated "only" ("не только", "not only") includes others. The modal words
  themselves are lexicon concepts (group concept.modality), found by the lexicon matcher; a
  lexicon form that holds its own negator ("tidak boleh", "不准") is read as a whole;
- statements end at the language's strong punctuation and before the conjunctions that open
  another statement; in Chinese also at "，", which separates statements as a full stop does;
- agent markers ("oleh", "by", "由") introduce the party that acts in a passive statement.

    grammar = get("ru").statements
    grammar.negations(get("ru"), "торговля не будет ограничиваема")   # [Negation "не" reaching "будет ограничиваема"]
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .base import Language

__all__ = ["MODALITIES", "Negation", "StatementGrammar"]

# The kinds of modality a statement may have; each is a lexicon concept (concept.<kind>) in the
# group concept.modality. "inclusion" is what a negated "only" says ("not only X but also Y").
MODALITIES = ("permission", "obligation", "prohibition", "exemption", "exclusivity")
_TURNS = {"permission": "prohibition", "obligation": "prohibition", "prohibition": "permission",
          "exemption": "obligation", "exclusivity": "inclusion"}
_STRONG_BREAKS = r"[;:.!?()\[\]]"
# How far (in characters) after a duty word a negator may stand and still negate its verb: "обязуется
# не только не преследовать" (20), "berjanji bukan saja tidak akan" (17); a negator further on
# belongs to another verb of the statement.
_VERB_DISTANCE = 24


@dataclass(frozen=True)
class Negation:
    """A negator and the stretch of text it negates (scope_start..scope_end, after the negator)."""

    start: int
    end: int
    scope_start: int
    scope_end: int
    surface: str

    def covers(self, start: int, end: int) -> bool:
        """Does the negation's scope hold a mention at start..end (its first word is enough)?"""
        return self.scope_start <= start < self.scope_end


@dataclass(frozen=True)
class StatementGrammar:
    """One language's negation and statement rules (see the module docstring)."""

    negators: str  # regex of a negating word, matched case-insensitively on word boundaries
    reach: int = 2  # how many words (Chinese: characters) after a negator it negates
    privatives: str | None = None  # regex: prepositions that negate the one word after them ("без", "tanpa")
    statement_negators: str | None = None  # regex: negates the rest of its statement ("不是")
    break_words: str | None = None  # regex of conjunctions that open another statement
    soft_breaks: str = ","  # characters that separate two statements when each has its own modality
    strong_breaks: str = _STRONG_BREAKS  # regex of punctuation that always ends a statement
    agent_markers: str | None = None  # regex of words that introduce the acting party ("oleh", "by")
    turns: Mapping[str, str] = field(default_factory=dict)  # modality -> negated modality, beyond the defaults
    bounded: bool = True  # negators are whole words (False in Chinese, written without spaces)

    def __post_init__(self) -> None:
        edge = r"(?<![^\W\d_]){0}(?![^\W\d_])" if self.bounded else "{0}"
        compile_ = lambda rx: re.compile(edge.format(f"(?:{rx})"), re.IGNORECASE) if rx else None  # noqa: E731
        object.__setattr__(self, "_negator_re", compile_(self.negators))
        object.__setattr__(self, "_privative_re", compile_(self.privatives))
        object.__setattr__(self, "_statement_negator_re", compile_(self.statement_negators))
        object.__setattr__(self, "_break_word_re", compile_(self.break_words))
        object.__setattr__(self, "_agent_re", compile_(self.agent_markers))
        object.__setattr__(self, "_strong_re", re.compile(self.strong_breaks))

    # -- negation -------------------------------------------------------------

    def turn(self, modality: str) -> str:
        """What a modality means when negated: "may" -> "may not" (prohibition)."""
        return self.turns.get(modality, _TURNS.get(modality, modality))

    def negations(self, language: Language, text: str) -> list[Negation]:
        """Every negator in the text with the words it negates."""
        tokens = language.tokenize(text)
        ends = self.statement_ends(text)
        found = []
        for pattern, reach in ((self._statement_negator_re, None), (self._privative_re, 1), (self._negator_re, self.reach)):
            if pattern is None:
                continue
            for match in pattern.finditer(text):
                if any(n.start <= match.start() < n.end for n in found):
                    continue  # 不 inside 不是, already read as a statement negator
                limit = min((e for e in ends if e > match.end()), default=len(text))
                scope = [t for t in tokens if match.end() <= t.start < limit]
                if reach is not None:
                    scope = scope[:reach]
                scope_end = scope[-1].end if scope else match.end()
                found.append(Negation(match.start(), match.end(), match.end(), scope_end, match.group()))
        return sorted(found, key=lambda n: n.start)

    def modality_at(self, modality: str, start: int, end: int, negations: list[Negation], text: str,
                    modal_spans: list[tuple[int, int]] = ()) -> str:
        """What a modal word at start..end says with the negations around it: turned where a
        negation covers it ("не может": may not), and a duty whose verb is negated a prohibition
        ("обязуется не преследовать", "berjanji tidak akan menganiaya", "undertakes not to"):
        a negator that follows the word in the same statement and negates no other modal word.
        A comma between a negator and the word leaves the word alone ("доныне не определенная,
        должна": the line not yet fixed shall run)."""
        if any(n.covers(start, end) and self.soft_break_before(text, n.end - 1, start) is None for n in negations):
            return self.turn(modality)
        if modality == "obligation":
            ends = [e for e in self.statement_ends(text) if e >= end]
            limit = min(ends, default=len(text))
            verbs = [n for n in negations if not any(n.covers(s, e) for s, e in modal_spans)]
            if any(end <= n.start < limit and n.start - end <= _VERB_DISTANCE for n in verbs):
                return "prohibition"
        return modality

    # -- statements -------------------------------------------------------------

    def statement_ends(self, text: str) -> list[int]:
        """Offsets where a statement ends: strong punctuation, and the start of a conjunction
        that opens another statement."""
        ends = [m.start() for m in self._strong_re.finditer(text)]
        if self._break_word_re is not None:
            ends += [m.start() for m in self._break_word_re.finditer(text)]
        return sorted(set(ends))

    def statements(self, text: str) -> list[tuple[int, int]]:
        """The text cut into statements (start, end), empty ones left out."""
        cuts = [0, *self.statement_ends(text), len(text)]
        spans = []
        for start, end in zip(cuts, cuts[1:]):
            while start < end and not text[start].isalnum():
                start += 1  # the break itself and spaces belong to no statement
            if start < end:
                spans.append((start, end))
        return spans

    def soft_break_before(self, text: str, start: int, offset: int) -> int | None:
        """The last soft break (a comma) between start and offset: where a statement holding two
        modalities is cut in two."""
        cut = max((text.rfind(char, start, offset) for char in self.soft_breaks), default=-1)
        return cut if cut > start else None

    def agents(self, text: str) -> list[tuple[int, int]]:
        """Spans of the agent markers ("oleh", "by", "由") in the text."""
        return [m.span() for m in self._agent_re.finditer(text)] if self._agent_re else []
