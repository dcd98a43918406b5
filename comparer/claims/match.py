"""Which article a summary in a secondary text is closest to, by the words and names it shares.

A claim's content words (their keys, weighted by rarity) are compared with the article's version
in the claim's language, and the lexicon entries it names with those named in any version of
the article. The score is the mean of the two shares that can be computed. Shared words decide
no verdict (comparer.claims.provisions compares what the texts say); they tie a sentence that
names no treaty to the one treaty whose article it clearly describes, and name the closest
article when nothing the sentence says meets the texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from comparer.claims.texts import Article, TreatyTexts, content_units

if TYPE_CHECKING:
    from comparer.claims.extract import Draft

# A second article joins the first when it adds this much, wording included: summaries often
# cover two articles.
SECOND_ARTICLE_GAIN = 0.1
# Linking by wording alone: the best treaty's article must have this share of both the claim's
# words and its names, and lead every other treaty by the margin.
LINK_SCORE = 0.5
LINK_MARGIN = 0.15


@dataclass
class ArticleMatch:
    articles: list[Article]
    words: float | None  # weighted share of the claim's content words in the claim-language version
    names: float | None  # weighted share of the claim's lexicon entries named in some version
    shared_units: set[str]
    missing: list[str]  # entries of the claim no version of these articles names

    @property
    def score(self) -> float:
        parts = [p for p in (self.words, self.names) if p is not None]
        return sum(parts) / len(parts) if parts else 0.0

    @property
    def keys(self) -> list[str]:
        return [a.key for a in self.articles]

    @property
    def links(self) -> bool:
        return all(p is None or p >= LINK_SCORE for p in (self.words, self.names)) and self.score >= LINK_SCORE


def claim_units(draft: Draft) -> set[str]:
    return content_units(draft.lang, draft.text, draft.skip)


def required_entries(draft: Draft) -> list[str]:
    return list(dict.fromkeys(m.entry for m in draft.mentions))


def match(texts: TreatyTexts, draft: Draft, articles: list[Article]) -> ArticleMatch:
    units = claim_units(draft)
    version_units: set[str] | None = None
    for article in articles:
        if draft.lang in article.units:
            version_units = (version_units or set()) | article.units[draft.lang]
    words, shared = None, set()
    if units and version_units is not None:
        shared = units & version_units
        total = sum(texts.weight(draft.lang, u) for u in units)
        words = sum(texts.weight(draft.lang, u) for u in shared) / total
    wanted = required_entries(draft)
    named = set().union(*(a.entries for a in articles)) if articles else set()
    missing = [e for e in wanted if e not in named]
    names = None
    if wanted:
        total = sum(texts.entry_weight(e) for e in wanted)
        names = sum(texts.entry_weight(e) for e in wanted if e in named) / total
    return ArticleMatch(articles, words, names, shared, missing)


def ranked(texts: TreatyTexts, draft: Draft, treaty_id: str) -> list[ArticleMatch]:
    """Every article of a treaty, best match first."""
    found = [match(texts, draft, [a]) for a in texts.articles.get(treaty_id, [])]
    return sorted(found, key=lambda m: -m.score)


def best(texts: TreatyTexts, draft: Draft, treaty_id: str) -> ArticleMatch | None:
    """The article the claim describes, joined by a second one when the claim covers two."""
    matches = ranked(texts, draft, treaty_id)
    if not matches:
        return None
    first = matches[0]
    pairs = [pair for m in matches[1:]
             if (pair := match(texts, draft, first.articles + m.articles)).words is None
             or first.words is None or pair.words > first.words]
    second = max(pairs, key=lambda m: m.score, default=None)
    if second is not None and second.score - first.score >= SECOND_ARTICLE_GAIN:
        return second
    return first


def content_treaty(texts: TreatyTexts, draft: Draft) -> str | None:
    """The one treaty whose article states the claim clearly better than any other treaty's."""
    scored = sorted(((found[0], tid) for tid in texts.articles if (found := ranked(texts, draft, tid))),
                    key=lambda pair: -pair[0].score)
    if not scored or not scored[0][0].links:
        return None
    if len(scored) > 1 and scored[0][0].score - scored[1][0].score < LINK_MARGIN:
        return None
    return scored[0][1]
