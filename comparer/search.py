"""Concordance search over every version and witness of a corpus.

A query is matched in each language through that language's own rules (comparer.lang: folding,
lemmas, old orthography, Traditional/Simplified), and when the query names a lexicon entry in
any language ("Amur", "黑龙江", "Амура") every form of that entry is found too (黑龍江, Амура…).
"""

from __future__ import annotations

import weakref
from dataclasses import asdict, dataclass
from functools import lru_cache

from comparer import lang as languages
from comparer.corpus import Corpus
from comparer.errors import InputError, UnknownLanguage
from comparer.mentions import LexiconMatcher
from comparer.model import Treaty

MAX_QUERY_CHARS = 200
DEFAULT_LIMIT = 200
CONTEXT_CHARS = 40
_QUERY_KEY = "query"


@dataclass(frozen=True)
class Hit:
    """One match: clause text[start:end] is `match`; `entry` is the lexicon entry it names, if any."""

    treaty: str
    lang: str
    witness: str
    clause: str
    start: int
    end: int
    left: str
    match: str
    right: str
    entry: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def check_query(query: str | None) -> str:
    """The query with outer whitespace removed; empty or overlong queries are the caller's error."""
    text = " ".join((query or "").split())
    if not text:
        raise InputError("the search query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise InputError(f"the search query is longer than {MAX_QUERY_CHARS} characters")
    return text


class Concordance:
    """Search over one corpus; keeps the lexicon matcher and recent results for the corpus's life."""

    def __init__(self, corpus: Corpus):
        self.corpus = corpus
        self.matcher = LexiconMatcher(corpus.lexicon)
        self.search = lru_cache(maxsize=512)(self._search)

    def lexicon_langs(self) -> list[str]:
        return sorted({lang for entry in self.corpus.lexicon.entries.values() for lang in entry.forms})

    def entries_named(self, query: str) -> list[str]:
        """Lexicon entries one of whose forms, in some language, is the whole query."""
        named = []
        for lang in self.lexicon_langs():
            for mention in self.matcher.find(lang, query):
                if mention.start == 0 and mention.end == len(query) and mention.key not in named:
                    named.append(mention.key)
        return named

    def _search(self, query: str, langs: tuple[str, ...] | None, limit: int) -> tuple[Hit, ...]:
        entries = set(self.entries_named(query))
        literal = {}
        hits: list[Hit] = []
        for treaty in self.corpus.treaties.values():
            for lang, version in treaty.versions.items():
                if langs is not None and lang not in langs:
                    continue
                if lang not in literal:
                    literal[lang] = languages.get(lang).compile_forms({_QUERY_KEY: [query]})
                for witness in version.witnesses:
                    for clause in witness.clauses():
                        found = {(m.start, m.end): m.key for m in self.matcher.find(lang, clause.text)
                                 if m.key in entries}
                        for m in literal[lang].find(clause.text):
                            found.setdefault((m.start, m.end), None)
                        hits += [_hit(treaty, lang, witness.id, clause.id, clause.text, start, end, entry)
                                 for (start, end), entry in sorted(found.items())]
                        if len(hits) >= limit:
                            return tuple(hits[:limit])
        return tuple(hits)


def _hit(treaty: Treaty, lang: str, witness: str, clause: str, text: str, start: int, end: int,
         entry: str | None) -> Hit:
    return Hit(
        treaty=treaty.id, lang=lang, witness=witness, clause=clause, start=start, end=end,
        left=text[max(0, start - CONTEXT_CHARS):start], match=text[start:end],
        right=text[end:end + CONTEXT_CHARS], entry=entry,
    )


_concordances: weakref.WeakKeyDictionary[Corpus, Concordance] = weakref.WeakKeyDictionary()


def concordance(corpus: Corpus) -> Concordance:
    if corpus not in _concordances:
        _concordances[corpus] = Concordance(corpus)
    return _concordances[corpus]


def search(corpus: Corpus, query: str, langs: list[str] | None = None, limit: int = DEFAULT_LIMIT) -> list[Hit]:
    """Matches of query in every clause of every witness (of langs, if given), in corpus order."""
    text = check_query(query)
    if limit < 1:
        raise InputError("the result limit must be at least 1")
    if langs:
        known = {lang for treaty in corpus.treaties.values() for lang in treaty.versions}
        unknown = [lang for lang in langs if lang not in known]
        if unknown:
            raise UnknownLanguage(f"no version in language {unknown[0]!r} (the corpus has: {', '.join(sorted(known))})")
    return list(concordance(corpus).search(text, tuple(langs) if langs else None, limit))
