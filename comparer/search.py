"""Concordance search over every version and witness of a corpus.

A query is matched in each language through that language's own rules (comparer.lang: folding,
lemmas, old orthography, Traditional/Simplified), and when the query names a lexicon entry in
any language ("Amur", "黑龙江", "Амура") every form of that entry is found too (黑龍江, Амура…).
A hit's context is cut where a line may break: between words in scripts that space them, between
any two characters in Chinese and other scripts that do not.

A hit says what its text is (the witness's legal and transcription status: a reconstruction from
memory is never quoted as an edition's wording) and keeps the marks of its context: a passage not
transcribed is shown as […], an uncertain reading as [?…]. Words on both sides of an untranscribed
passage are not a passage of the text, so a match never spans a gap.
"""

from __future__ import annotations

import unicodedata
import weakref
from dataclasses import dataclass, fields
from functools import lru_cache

from comparer import lang as languages
from comparer.corpus import Corpus
from comparer.errors import InputError, UnknownLanguage, UnknownTreaty
from comparer.mentions import LexiconMatcher
from comparer.model import Clause, Treaty, Witness
from comparer.plaintext import Piece, shown_piece, span_pieces
from comparer.status import texts_of

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
    status: str = ""  # the witness's legal status (authentic, official, translation, paraphrase)
    transcription: str = ""  # how its text was transcribed (reconstructed, collated, …): comparer.status
    gaps: tuple[int, ...] = ()  # offsets into the clause text of untranscribed passages in the context
    unclear: tuple[tuple[int, int], ...] = ()  # uncertain readings overlapping the context
    shown: tuple[tuple[Piece, ...], ...] = ((), (), ())  # left, match, right as a reader sees them

    def as_dict(self) -> dict:
        plain = {f.name: getattr(self, f.name) for f in fields(self) if f.name not in ("gaps", "unclear", "shown")}
        return plain | {
            "gaps": [{"at": at} for at in self.gaps],
            "unclear": [{"start": start, "end": end} for start, end in self.unclear],
            "shown": {part: "".join(shown_piece(p) for p in runs)
                      for part, runs in zip(("left", "match", "right"), self.shown)},
        }


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

    def _search(self, query: str, langs: tuple[str, ...] | None, limit: int,
                treaties: tuple[str, ...] | None = None) -> tuple[Hit, ...]:
        entries = set(self.entries_named(query))
        literal = {}
        hits: list[Hit] = []
        for treaty in self.corpus.treaties.values():
            if treaties is not None and treaty.id not in treaties:
                continue
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
                        gaps = [m.start for m in clause.marks if m.kind == "gap"]
                        hits += [_hit(treaty, witness, clause, start, end, entry)
                                 for (start, end), entry in sorted(found.items())
                                 if not any(start < at < end for at in gaps)]
                        if len(hits) >= limit:
                            return tuple(hits[:limit])
        return tuple(hits)


def _hit(treaty: Treaty, witness: Witness, clause: Clause, start: int, end: int, entry: str | None) -> Hit:
    text = clause.text
    begin, stop = _context_start(text, start), _context_end(text, end)
    return Hit(
        treaty=treaty.id, lang=witness.lang, witness=witness.id, clause=clause.id, start=start, end=end,
        left=text[begin:start], match=text[start:end], right=text[end:stop], entry=entry,
        status=witness.bibl.status.value, transcription=witness.bibl.transcription.value,
        gaps=tuple(m.start for m in clause.marks if m.kind == "gap" and begin <= m.start <= stop),
        unclear=tuple((m.start, m.end) for m in clause.marks
                      if m.kind == "unclear" and m.start < stop and m.end > begin),
        shown=(tuple(span_pieces(clause, begin, start)), tuple(span_pieces(clause, start, end, edge_gaps=False)),
               tuple(span_pieces(clause, end, stop))),
    )


def witness_of(corpus: Corpus, hit: Hit) -> Witness:
    return next(w for w in corpus.treaty(hit.treaty).version(hit.lang).witnesses if w.id == hit.witness)


def hit_texts(corpus: Corpus, hits: list[Hit]) -> dict[str, dict]:
    """What each text the hits quote is, by witness id: both statuses, what they rest on, in words."""
    return texts_of(corpus.treaties, (hit.witness for hit in hits))


def _context_start(text: str, start: int) -> int:
    """Where the context before a match begins: about CONTEXT_CHARS back, at a place a line may break."""
    begin = max(0, start - CONTEXT_CHARS)
    if begin == 0 or _breakable(text, begin):
        return begin
    space = next((i for i in range(begin, start) if text[i].isspace()), None)
    return start if space is None else space + 1  # a word longer than the context: no context


def _context_end(text: str, end: int) -> int:
    stop = min(len(text), end + CONTEXT_CHARS)
    if stop == len(text) or _breakable(text, stop):
        return stop
    space = next((i for i in range(stop - 1, end - 1, -1) if text[i].isspace()), None)
    return end if space is None else space


def _breakable(text: str, i: int) -> bool:
    """A break between text[i-1] and text[i]: at a space, or beside a wide (CJK) character."""
    before, after = text[i - 1], text[i]
    return before.isspace() or after.isspace() or _wide(before) or _wide(after)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


_concordances: weakref.WeakKeyDictionary[Corpus, Concordance] = weakref.WeakKeyDictionary()


def concordance(corpus: Corpus) -> Concordance:
    if corpus not in _concordances:
        _concordances[corpus] = Concordance(corpus)
    return _concordances[corpus]


def search(corpus: Corpus, query: str, langs: list[str] | None = None, limit: int = DEFAULT_LIMIT,
           treaties: list[str] | None = None) -> list[Hit]:
    """Matches of query in every clause of every witness (of langs and treaties, if given), in corpus order."""
    text = check_query(query)
    if limit < 1:
        raise InputError("the result limit must be at least 1")
    if langs:
        known = {lang for treaty in corpus.treaties.values() for lang in treaty.versions}
        unknown = [lang for lang in langs if lang not in known]
        if unknown:
            raise UnknownLanguage(f"no version in language {unknown[0]!r} (the corpus has: {', '.join(sorted(known))})")
    for treaty_id in treaties or []:
        if treaty_id not in corpus.treaties:
            raise UnknownTreaty(f"unknown treaty {treaty_id!r} (known: {', '.join(corpus.treaties)})")
    return list(concordance(corpus).search(text, tuple(langs) if langs else None, limit,
                                           tuple(treaties) if treaties else None))
