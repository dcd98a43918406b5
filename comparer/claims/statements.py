"""What a text states, as predications: who may, must, must not or need not do what, and where.

The same reading serves a secondary text's sentence and a treaty clause, so that a claim is
compared with the treaty on what each says, not on the words they share. A text is read through
its language's rules (comparer.lang: negators and their reach, where a statement ends, agent
markers) and the lexicon (modal words are the members of concept.modality, parties are polities
and the class of third states, topics are the other concepts):

- each statement (the language's statements; one holding two modal words is cut at the comma
  before the second) is one `Predication`;
- its modality is its modal word's (permission, obligation, prohibition, exemption), turned by
  a negator whose scope holds it ("не может": prohibition); without one, a statement is
  `stated`, or `denied` when a negator stands in it ("не будет ограничиваема");
- "only" makes it exclusive, "not only" inclusive (exclusive False);
- its acting parties are those after an agent marker ("oleh Tiongkok"), else the first party it
  names with the parties listed together with it ("Qing dan Rusia", "中國、俄國");
- topics and places are the text's, since a clause names them once for all its statements
  ("由黑龍江、松花江、烏蘇里河，此後只准中國、俄國行船，各別外國船隻不准由此江河行走").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from comparer import lang as languages
from comparer.lang.statements import MODALITIES
from comparer.mentions import LexiconMatcher
from comparer.model import Lexicon

STATED, DENIED = "stated", "denied"
POSITIVE = frozenset({"permission", "obligation", STATED})
NEGATIVE = frozenset({"prohibition", "exemption", DENIED})
# Pairs of modalities of the same sign that do not say the same: "may" is no "must", "must not"
# no "need not"; a plain statement says what the treaty provides, whichever modality it has.
_WEAKER = {frozenset({"permission", "obligation"}), frozenset({"prohibition", "exemption"})}
# A party listed with another: nothing between them but a comma, "、" or a conjunction.
_LISTED = re.compile(r"^[\s,、，]*(?:and|dan|serta|и|及|與|与|和|同|暨|et|ac|atque)?[\s,、，]*$", re.IGNORECASE)
# How many words may stand between an agent marker and its party ("oleh pemerintah Tiongkok").
AGENT_REACH = 2
THIRD_STATES = "third-states"
# One and two say "one another", "both states" (satu sama lain, kedua negara, 兩國) too often to
# tell what a statement is about; larger numbers do ("200 people", "three years").
SMALL_NUMBER = 2  # the lexicon type of the class of states other than the parties


@dataclass(frozen=True)
class Mentioned:
    entry: str
    start: int
    end: int
    surface: str


@dataclass(frozen=True)
class Predication:
    start: int
    end: int
    modality: str  # permission | obligation | prohibition | exemption | stated | denied
    exclusive: bool | None  # "only": True, "not only": False, unsaid: None
    parties: frozenset[str]  # the acting parties
    named_parties: frozenset[str]  # every party the statement names
    topics: frozenset[str]
    places: frozenset[str]
    negated: frozenset[str]  # entries inside a negation's scope
    own: frozenset[str] = frozenset()  # entries named inside the statement itself (not its text's)
    numbers: frozenset[int] = frozenset()  # numbers the text gives ("200 people")
    cues: tuple[str, ...] = ()  # the words that give its modality (modal word, negator, "only")

    @property
    def negated_topics(self) -> frozenset[str]:
        return self.negated & self.topics

    @property
    def deontic(self) -> bool:
        return self.modality not in (STATED, DENIED) or self.exclusive is not None


@dataclass
class Reading:
    text: str
    lang: str
    mentions: list[Mentioned]
    predications: list[Predication] = field(default_factory=list)

    def entries(self, kind: str) -> frozenset[str]:
        return frozenset().union(*(getattr(p, kind) for p in self.predications)) if self.predications else frozenset()


def relation(claimed: Predication, stated: Predication, stated_modality: str | None = None) -> str:
    """How a claim's predication stands to a treaty's: agree, opposite, weaker (same sign, other
    strength: may / must; or a plain statement where the claim says may) or unrelated.

    A negation without a modal word ("не будет ограничиваема") negates the words in its scope:
    it meets a claim only where it negates one of the claim's topics (the limitation, not the
    trade it limits), else it is unrelated to what the claim says."""
    mine, theirs = claimed.modality, stated_modality or stated.modality
    shared = claimed.negated_topics & stated.negated_topics
    if shared:  # both negate the same ("tanpa batasan" / "не будет ограничиваема"): what else they say
        deontic = {"permission", "obligation", "prohibition", "exemption"}
        if mine in deontic and theirs in deontic and mine != theirs:
            return "weaker" if frozenset({mine, theirs}) in _WEAKER else "opposite"
        return "agree"
    if claimed.negated_topics & (stated.topics - stated.negated) or stated.negated_topics & (claimed.topics - claimed.negated):
        return "opposite"  # one side negates what the other affirms ("dibatasi" / "не будет ограничиваема")
    if mine == theirs:
        if mine != DENIED:
            return "agree"
        a, b = claimed.negated_topics, stated.negated_topics
        return "agree" if a == b or a & b else "unrelated"
    if DENIED in (mine, theirs):
        negating, other = (claimed, stated) if mine == DENIED else (stated, claimed)
        if not negating.negated_topics or not negating.negated_topics <= other.topics:
            return "unrelated"
        counterpart = theirs if mine == DENIED else mine
        if counterpart in ("prohibition", "exemption"):
            return "agree" if counterpart == "prohibition" else "weaker"
        return "opposite"
    if mine == STATED:  # "foreign ships sail the Amur"
        return "agree" if theirs in POSITIVE else "opposite" if theirs == "prohibition" else "unrelated"
    if theirs == STATED:  # a treaty's plain statement grants no "may" and forbids nothing
        return "weaker" if mine in POSITIVE else "unrelated"
    if frozenset({mine, theirs}) in _WEAKER:
        return "weaker"
    if frozenset({mine, theirs}) == frozenset({"permission", "exemption"}):
        return "unrelated"
    return "opposite"


def opposite(modality: str) -> str:
    """What a statement says of a party it leaves out when it is exclusive: "only X may" -> others may not."""
    return {"permission": "prohibition", "obligation": "exemption", STATED: DENIED}.get(modality, modality)


class Reader:
    """Reads texts into predications with the lexicon's entries classified once."""

    def __init__(self, lexicon: Lexicon, matcher: LexiconMatcher, implied: dict[str, frozenset[str]],
                 directions: frozenset[str]):
        self.lexicon = lexicon
        self.matcher = matcher
        self.implied = implied  # concept -> the concepts it is a kind of (land trade -> trade)
        self.directions = directions  # members of the exclusive label groups other than modality
        self.modal = {f"concept.{kind}": kind for kind in MODALITIES}

    def kind(self, entry_id: str) -> str:
        """modal, party, place, person, direction or topic."""
        entry = self.lexicon.entries[entry_id]
        if entry_id in self.modal:
            return "modal"
        if entry.kind == "org" and entry.type in ("polity", THIRD_STATES):
            return "party"
        if entry.kind in ("place", "person"):
            return entry.kind
        if entry_id in self.directions:
            return "direction"
        return "topic"

    def read(self, lang: str, text: str, skip: list[tuple[int, int]] = ()) -> Reading:
        language = languages.get(lang)
        mentions = [Mentioned(m.key, m.start, m.end, m.surface) for m in self.matcher.find(lang, text)
                    if m.key in self.lexicon.entries and not any(s < m.end and m.start < e for s, e in skip)]
        reading = Reading(text, lang, mentions)
        grammar = language.statements
        negations = [n for n in language.negations(text)
                     if not any(m.start <= n.start < m.end for m in mentions)  # "tidak boleh" is one modal word
                     and not any(s <= n.start < e for s, e in skip)]
        topics = self._topics(mentions)
        places = frozenset(m.entry for m in mentions if self.kind(m.entry) == "place")
        numbers = frozenset(n.value for n in language.numbers(text)
                            if n.value > SMALL_NUMBER and not any(s <= n.start < e for s, e in skip))
        spans = grammar.statements(text) if grammar else [(0, len(text))]
        for start, end in self._cut(text, grammar, spans, mentions):
            inside = [m for m in mentions if start <= m.start < end]
            negs = [n for n in negations if start <= n.start < end]
            if not inside and not negs:
                continue
            reading.predications.append(self._predication(text, grammar, start, end, inside, negs, topics, places, numbers))
        return reading

    def _topics(self, mentions: list[Mentioned]) -> frozenset[str]:
        found = {m.entry for m in mentions if self.kind(m.entry) == "topic"}
        return frozenset(found.union(*(self.implied.get(e, ()) for e in found)))

    def _cut(self, text, grammar, spans, mentions) -> list[tuple[int, int]]:
        """Statements holding two modal words (other than "only") are cut at the comma before the second."""
        out = []
        for start, end in spans:
            modal = [m for m in mentions if start <= m.start < end and self.modal.get(m.entry, "exclusivity") != "exclusivity"]
            for later in modal[1:]:
                cut = grammar.soft_break_before(text, start, later.start) if grammar else None
                if cut is not None:
                    out.append((start, cut))
                    start = cut + 1
            out.append((start, end))
        return out

    def _predication(self, text, grammar, start, end, inside, negs, topics, places, numbers) -> Predication:
        modality, exclusive, cues = None, None, []
        covered = lambda m: next((n for n in negs if n.covers(m.start, m.end)), None)  # noqa: E731
        used = set()
        for m in inside:
            kind = self.modal.get(m.entry)
            if kind is None:
                continue
            negation = covered(m)
            if negation is not None:
                used.add(negation)
                kind = grammar.turn(kind)
                cues.append(negation.surface)
            cues.append(m.surface)
            if kind in ("exclusivity", "inclusion"):
                exclusive = exclusive if exclusive is not None else kind == "exclusivity"
            elif modality is None:
                modality = kind
        rest = [n for n in negs if n not in used]
        if modality is None:
            modality = DENIED if rest else STATED
            cues += [n.surface for n in rest]
        parties = [m for m in inside if self.kind(m.entry) == "party"]
        negated = frozenset(m.entry for m in inside for n in rest if n.covers(m.start, m.end))
        own = frozenset(m.entry for m in inside if self.kind(m.entry) in ("topic", "place", "party", "person"))
        return Predication(start, end, modality, exclusive, self._actors(text, grammar, parties),
                           frozenset(m.entry for m in parties), topics, places, negated, own, numbers, tuple(cues))

    @staticmethod
    def _actors(text: str, grammar, parties: list[Mentioned]) -> frozenset[str]:
        """The parties that act: those after an agent marker, else the first with those listed with it."""
        if not parties:
            return frozenset()
        first = 0
        for marker_start, marker_end in (grammar.agents(text) if grammar else []):
            after = [i for i, m in enumerate(parties) if m.start >= marker_end
                     and len(re.findall(r"\w+", text[marker_end:m.start])) <= AGENT_REACH]
            if after:
                first = after[0]
                break
        group = [parties[first]]
        for m in parties[first + 1:]:
            if not _LISTED.match(text[group[-1].end:m.start]):
                break
            group.append(m)
        return frozenset(m.entry for m in group)
