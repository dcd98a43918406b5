"""A verdict as the checks reach it, before it becomes a `Claim`: the explanation template and its
fields (some of which depend on the interface language), the evidence and the values compared;
and for provisions, the scope a claim is judged in and the judgement of one of its aspects."""

from __future__ import annotations

from dataclasses import dataclass, field

from comparer.claims.model import Evidence
from comparer.claims.texts import Article, TreatyTexts, transcribed
from comparer.model import Clause, Treaty, Witness

# More articles than this of a whole treaty are "the articles", not a list.
MAX_LISTED = 3


@dataclass
class Outcome:
    verdict: str
    key: str  # explanation template
    fields: dict = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    comparison: dict[str, list[Evidence]] | None = None


# ---------------------------------------------------------------- fields that depend on the ui language


def title(treaty: Treaty):
    return lambda say: treaty.title(say.lang)


def version_name(key: str):
    """'zh' -> "Chinese", 'zh.chouban' -> "Chinese (chouban)"."""
    lang, _, sigil = key.partition(".")
    return lambda say: say.language(lang) + (f" ({sigil})" if sigil else "")


def version_names(keys: list[str]):
    return lambda say: [version_name(k)(say) for k in keys]


def listing(values: dict[str, str]):
    """{'ru': '3', 'zh.chouban': '2'} -> ["Russian 3", "Chinese (chouban) 2"]."""
    return lambda say: [f"{version_name(k)(say)} {v}" for k, v in values.items()]


def clause_ids(evidence: list[Evidence]) -> list[str]:
    return list(dict.fromkeys(e.clause for e in evidence))


def scope(witness: Witness, article: str | None) -> list[Clause]:
    """The witness's clauses of one article, or all of them."""
    if article is None:
        return witness.clauses()
    division = witness.division(article)
    return division.clauses if division else []


@dataclass
class Scope:
    """The articles and witnesses a claim is judged against: the article it names, else every
    article; the version it names, else every version."""

    treaty: Treaty
    articles: list[Article]
    version: str | None

    def clauses(self, texts: TreatyTexts):
        for article in self.articles:
            for wid, clauses in article.clauses.items():
                witness = article.witnesses[wid]
                if self.version in (None, witness.lang):
                    yield article, witness, clauses

    def has_gap(self, texts: TreatyTexts) -> bool:
        return any(not transcribed(c) for _, _, clauses in self.clauses(texts) for c in clauses)


@dataclass
class Judgement:
    """An outcome and the articles whose clauses decide it."""

    outcome: Outcome
    articles: list[str] = field(default_factory=list)


def division(clause: Clause) -> str:
    """'aigun-1858.ru.barsukov.a1.c3' -> 'a1'."""
    return clause.id.rsplit(".", 2)[-2]


def ev(witness: Witness, clause: Clause, strings: list[str]) -> Evidence:
    return Evidence(clause=clause.id, witness=witness.id, lang=witness.lang, strings=list(dict.fromkeys(strings)))


def articles_field(keys: list[str], whole: bool = False):
    """"article 1", "articles 2 and 3"; "the articles" for more than a few of a whole treaty."""
    numbers = [k[1:] for k in dict.fromkeys(keys) if k.startswith("a")]
    return lambda say: say.all_articles() if whole and len(numbers) > MAX_LISTED else say.articles(numbers)
