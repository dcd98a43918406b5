"""The treaty texts a claim is tested against, indexed once per corpus.

Only the treaty's own texts count as evidence: every witness except paraphrases (a secondary
text's retelling of an article is what is being tested, not a witness to it). For each article
of each treaty the index keeps its clauses per witness, the lexicon entries named there, and the
content words of each language version, weighted by how rare they are across the corpus, so a
summary in a secondary text can be matched with the article it describes.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field
from functools import cached_property

from comparer import lang as languages
from comparer.check.context import MODALITY_GROUP
from comparer.claims import patterns as claim_patterns
from comparer.claims.statements import Reader, Reading
from comparer.corpus import Corpus
from comparer.errors import UnknownLanguage
from comparer.lang.transcription import find_keys, is_han
from comparer.mentions import LexiconMatcher
from comparer.model import BOUND_FORM, POLITY, UNMARKED_FORMS, Clause, LexiconEntry, Status, Treaty, Witness


# The exclusive label groups whose members are pieces of land a treaty gives to a state ("the left
# bank … to Russia"), and the flow (upstream, downstream), which names a direction, not land.
TERRITORY_GROUPS = ("concept.bank", "concept.side")
FLOW_GROUP = "concept.flow"
# Groups whose members are no topics of a statement: how it is said, where, which way.
STRUCTURAL_GROUPS = (MODALITY_GROUP, *TERRITORY_GROUPS, FLOW_GROUP)


def evidence_witnesses(treaty: Treaty) -> list[Witness]:
    """Every witness of every version that is a treaty text, not a paraphrase."""
    return [w for v in treaty.versions.values() for w in v.witnesses if w.bibl.status is not Status.paraphrase]


def witness_key(witness: Witness) -> str:
    """'ru' for a primary text, 'ru.barsukov' for another witness of the same version."""
    return f"{witness.lang}.{witness.sigil}" if witness.sigil else witness.lang


def transcribed(clause: Clause) -> bool:
    return bool(clause.text.strip()) and not any(m.kind == "gap" for m in clause.marks)


def content_units(lang: str, text: str, spans: list[tuple[int, int]] = ()) -> set[str]:
    """The content words of a text (their keys, without stopwords), skipping the given spans;
    adjacent character pairs for languages written without spaces."""
    try:
        stop = claim_patterns.get(lang).stopword_keys
        bigrams = claim_patterns.get(lang).bigrams
    except UnknownLanguage:  # a version language without claim patterns (la, mnc): no stopwords known
        stop, bigrams = frozenset(), False
    tokens = [t for t in languages.get(lang).tokenize(text)
              if not any(s <= t.start < e for s, e in spans) and not t.key.isdigit()]
    keys = [t.key for t in tokens]
    if bigrams:  # characters written side by side, neither a function character
        return {a.key + b.key for a, b in zip(tokens, tokens[1:])
                if a.end == b.start and a.key not in stop and b.key not in stop}
    return {k for k in keys if k not in stop and len(k) > 1}


@dataclass
class Found:
    """A lexicon entry named in a clause."""

    witness: Witness
    clause: Clause
    entry: str
    surface: str
    start: int


@dataclass
class Article:
    treaty: Treaty
    key: str  # 'a1'
    clauses: dict[str, list[Clause]]  # witness id -> its clauses of this article
    witnesses: dict[str, Witness]
    found: list[Found] = field(default_factory=list)
    units: dict[str, set[str]] = field(default_factory=dict)  # version language -> content words

    @property
    def entries(self) -> set[str]:
        return {f.entry for f in self.found}

    @property
    def has_gap(self) -> bool:
        return any(not transcribed(c) for clauses in self.clauses.values() for c in clauses)


class TreatyTexts:
    """The corpus's treaty texts, with what the lexicon finds in them, indexed once."""

    def __init__(self, corpus: Corpus, matcher: LexiconMatcher | None = None):
        self.corpus = corpus
        self.lexicon = corpus.lexicon
        self.matcher = matcher or LexiconMatcher(corpus.lexicon)
        self._readings: dict[tuple[str, str], Reading] = {}

    @cached_property
    def articles(self) -> dict[str, list[Article]]:
        """Treaty id -> its articles, numbered as in the primary witnesses."""
        out: dict[str, list[Article]] = {}
        for treaty in self.corpus.treaties.values():
            keys = dict.fromkeys(d.key for w in evidence_witnesses(treaty) for d in w.articles)
            out[treaty.id] = [self._article(treaty, key) for key in keys]
        return out

    def _article(self, treaty: Treaty, key: str) -> Article:
        witnesses = {w.id: w for w in evidence_witnesses(treaty) if w.division(key)}
        article = Article(treaty, key, {wid: w.division(key).clauses for wid, w in witnesses.items()}, witnesses)
        for wid, clauses in article.clauses.items():
            witness = witnesses[wid]
            for clause in clauses:
                article.found += self.found_in(witness, clause)
                article.units.setdefault(witness.lang, set()).update(content_units(witness.lang, clause.text))
        return article

    def found_in(self, witness: Witness, clause: Clause, wanted: set[str] | None = None) -> list[Found]:
        return [Found(witness, clause, m.key, m.surface, m.start)
                for m in self.matcher.find(witness.lang, clause.text)
                if m.key in self.lexicon.entries and (wanted is None or m.key in wanted)]

    def transcribed_name(self, witness: Witness, clause: Clause, entry_id: str) -> str | None:
        """Where a clause writes a place or person the lexicon does not find there, in a
        transcription of one of its forms (озеро Хинкай: Khanka, through 興凱湖), as the checks
        look for names (comparer.lang.transcription); None when it does not."""
        entry = self.lexicon.entries.get(entry_id)
        if entry is None or entry.kind not in ("place", "person") or not clause.text.strip():
            return None
        mentions = self.matcher.find(witness.lang, clause.text)
        if any(m.key == entry_id for m in mentions):
            return next(m.surface for m in mentions if m.key == entry_id)
        letters, readings = self.matcher.name_keys(entry_id)
        chinese = is_han(clause.text)
        blocked = tuple((m.start, m.end) for m in mentions)
        found = find_keys(letters if chinese else letters | readings, clause.text, witness.lang, blocked=blocked,
                          han_spans=not chinese)
        return found.surface if found else None

    def article(self, treaty_id: str, key: str) -> Article | None:
        return next((a for a in self.articles.get(treaty_id, []) if a.key == key), None)

    @cached_property
    def _document_frequency(self) -> dict[str, tuple[int, Counter]]:
        counts: dict[str, tuple[int, Counter]] = {}
        for articles in self.articles.values():
            for article in articles:
                for lang, units in article.units.items():
                    total, counter = counts.get(lang, (0, Counter()))
                    counter.update(units)
                    counts[lang] = (total + 1, counter)
        return counts

    def weight(self, lang: str, unit: str) -> float:
        """Inverse document frequency of a content word among the articles of one language."""
        total, counter = self._document_frequency.get(lang, (0, Counter()))
        return math.log((total + 1) / (counter[unit] + 1)) + 1.0

    @cached_property
    def _entry_frequency(self) -> tuple[int, Counter]:
        articles = [a for found in self.articles.values() for a in found]
        return len(articles), Counter(e for a in articles for e in a.entries)

    def entry_weight(self, entry_id: str) -> float:
        """Inverse document frequency of a lexicon entry among all articles: the two states are
        named nearly everywhere and tell little about which article a claim describes."""
        total, counter = self._entry_frequency
        return math.log((total + 1) / (counter[entry_id] + 1)) + 1.0

    # -- the lexicon ------------------------------------------------------------

    @cached_property
    def exclusive_groups(self) -> dict[str, str]:
        """Entry id -> its group, for members of label groups (bank, side, flow, modality) whose
        members exclude each other."""
        labels = {gid for gid, g in self.lexicon.groups.items()
                  if all(f.type is None for forms in g.forms.values() for f in forms)}
        return {e.id: e.group for e in self.lexicon.entries.values() if e.group in labels}

    def is_modality(self, entry_id: str) -> bool:
        return self.exclusive_groups.get(entry_id) == MODALITY_GROUP

    def is_territory(self, entry_id: str) -> bool:
        """A bank or side: land a treaty gives to a state."""
        return self.exclusive_groups.get(entry_id) in TERRITORY_GROUPS

    @cached_property
    def implied(self) -> dict[str, frozenset[str]]:
        """Concept -> the concepts it is a kind of: those one of its forms holds as consecutive
        words in the same language (сухопутная торговля holds торговля: land trade is trade;
        tanda perbatasan holds perbatasan). Modal words, banks, sides and flows are left out
        ("tidak boleh" holds "boleh" and forbids what it allows)."""
        concepts = [e for e in self.lexicon.entries.values()
                    if e.kind == "concept" and self.exclusive_groups.get(e.id) not in STRUCTURAL_GROUPS]
        keys: dict[str, dict[str, list[tuple[str, ...]]]] = {}
        for entry in concepts:
            for lang, forms in entry.forms.items():
                language = languages.get(lang)
                keys.setdefault(lang, {}).setdefault(entry.id, []).extend(
                    tuple(t.key for t in language.tokenize(f.text)) for f in forms
                    if f.type not in (BOUND_FORM, *UNMARKED_FORMS))
        implied: dict[str, set[str]] = {}
        for by_entry in keys.values():
            for entry_id, own in by_entry.items():
                for other, forms in by_entry.items():
                    if other != entry_id and not self.contrary(entry_id, other) \
                            and any(_holds(a, b) for a in own for b in forms if len(b) < len(a)):
                        implied.setdefault(entry_id, set()).add(other)
        return {k: frozenset(v) for k, v in implied.items()}

    def contrary(self, a: str, b: str) -> bool:
        """Do two concepts exclude each other as topics (duty paid / duty-free, land / sea trade):
        members of one exclusive group other than the modalities, banks, sides and flows?"""
        group = self.exclusive_groups.get(a)
        return a != b and group is not None and group == self.exclusive_groups.get(b) and group not in STRUCTURAL_GROUPS

    @cached_property
    def reader(self) -> Reader:
        directions = frozenset(e for e, g in self.exclusive_groups.items() if g in (*TERRITORY_GROUPS, FLOW_GROUP))
        return Reader(self.lexicon, self.matcher, self.implied, directions)

    def reading(self, witness: Witness, clause: Clause) -> Reading:
        """What a clause states (comparer.claims.statements), read once."""
        key = (witness.id, clause.id)
        if key not in self._readings:
            self._readings[key] = self.reader.read(witness.lang, clause.text)
        return self._readings[key]

    def is_polity(self, entry_id: str) -> bool:
        entry = self.lexicon.entries.get(entry_id)
        return entry is not None and entry.kind == "org" and entry.type == POLITY

    def entry(self, entry_id: str) -> LexiconEntry:
        return self.lexicon.entries[entry_id]


def _holds(words: tuple[str, ...], part: tuple[str, ...]) -> bool:
    """Does the word sequence hold `part` as consecutive words?"""
    return any(words[i:i + len(part)] == part for i in range(len(words) - len(part) + 1))
