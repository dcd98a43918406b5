"""Claims check: what a secondary text says about the treaties, tested against the treaty texts.

    from comparer.claims import check_claims, source_sentences
    claims = check_claims(source_sentences("texts/sources/seed.xml"), corpus, lang="id")
    [c.model_dump() for c in claims]      # the JSON shape of `comparer claims --json`

Each `Claim` names the sentence, the kind of claim (count, date, year, place, signatory, presence,
absence, provision), the treaty, article and version it is about, a verdict (supported,
contradicted, variant, not_verifiable) with one sentence of explanation per interface language,
and the treaty clauses and strings that decide it; claims about a version's wording also carry a
`comparison` of every witness side by side.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from pathlib import Path

from comparer.claims import patterns
from comparer.claims.extract import ClaimFinder
from comparer.claims.model import KINDS, VERDICTS, Claim, Evidence, Sentence
from comparer.claims.sentences import read_plain, read_source
from comparer.claims.texts import TreatyTexts
from comparer.claims.verify import verify
from comparer.corpus import Corpus

__all__ = ["KINDS", "VERDICTS", "Claim", "Evidence", "Sentence", "check_claims", "source_sentences",
           "text_sentences", "treaty_texts"]

_texts: weakref.WeakKeyDictionary[Corpus, TreatyTexts] = weakref.WeakKeyDictionary()


def treaty_texts(corpus: Corpus) -> TreatyTexts:
    """The corpus's treaty texts indexed for claims, built once per corpus object."""
    if corpus not in _texts:
        _texts[corpus] = TreatyTexts(corpus)
    return _texts[corpus]


def check_claims(source_sentences: Iterable[Sentence | dict], corpus: Corpus, lang: str = "id") -> list[Claim]:
    """Find the claims about the corpus's treaties in the sentences of a text in `lang`, and judge each.

    Sentences are `Sentence` models or dicts {"id", "text", "paragraph"}, in text order; a claim
    inherits the treaty of an earlier claim only within the same paragraph.
    """
    patterns.get(lang)  # an unknown language is the caller's error, before any work is done
    sentences = [s if isinstance(s, Sentence) else Sentence.model_validate(s) for s in source_sentences]
    texts = treaty_texts(corpus)
    return [verify(texts, draft) for draft in ClaimFinder(texts, lang).find(sentences)]


def source_sentences(path: str | Path) -> list[Sentence]:
    """The `<s>` sentences of a TEI secondary source."""
    return read_source(Path(path))[2]


def text_sentences(path: str | Path, lang: str) -> list[Sentence]:
    """The sentences of a plain UTF-8 text (ids text.pN.sM, N = line number)."""
    patterns.get(lang)
    return read_plain(Path(path), lang)
