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
from comparer.corpus import Corpus
from comparer.errors import UnknownLanguage
from comparer.mentions import LexiconMatcher
from comparer.model import Clause, LexiconEntry, Status, Treaty, Witness


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
    if bigrams:
        return {a + b for a, b in zip(keys, keys[1:]) if a not in stop or b not in stop}
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

    def is_direction(self, entry_id: str) -> bool:
        return entry_id in self.exclusive_groups and not self.is_modality(entry_id)

    def is_polity(self, entry_id: str) -> bool:
        entry = self.lexicon.entries.get(entry_id)
        return entry is not None and entry.kind == "org" and entry.type == "polity"

    def entry(self, entry_id: str) -> LexiconEntry:
        return self.lexicon.entries[entry_id]
