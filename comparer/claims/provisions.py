"""Provision claims: what an article provides, judged on what it says, not on the words it shares.

The sentence is read into predications (comparer.claims.statements), and so is every clause in
its scope: the article it names, else every article; the version it names ("in the Russian text"),
else every version. Each aspect a summary has is judged on its own — land given to a state and a
place in a role (comparer.claims.places), who may, must or must not do what (comparer.claims.duties)
— and any contradiction decides, support needs every aspect. A stated article that says nothing of
it, where another article says it and the stated one is transcribed, is the wrong article.

Support also needs the sentence's other words: found in the article's text in the sentence's
language where the treaty has one (the words the lexicon reads count as found), else few beside
what the lexicon reads. What matches nothing is not verifiable, and the explanation says why: a
passage not transcribed, a name no text has, or nothing the lexicon reads.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comparer.claims import match as matching
from comparer.claims.duties import judge_predications, unread_words
from comparer.claims.model import Evidence
from comparer.claims.outcome import Judgement, Outcome, Scope, articles_field, ev
from comparer.claims.places import judge_land, judge_role, land_pairs, role_of
from comparer.claims.statements import Reading
from comparer.claims.texts import TreatyTexts, content_units, evidence_witnesses
from comparer.model import Treaty

if TYPE_CHECKING:
    from comparer.claims.extract import Draft

# Support needs this share of the sentence's words (by rarity; those the lexicon reads count as
# found) in the article's text in its language …
WORDING_SHARE = 0.5
# … or, where the treaty has no text in that language, no more of them than of what the lexicon reads.
UNREAD_SHARE = 0.5


def judge(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    fields: dict = {"article": draft.article[1:] if draft.article else ""}
    if draft.version and draft.version not in treaty.versions:
        fields["language"] = lambda say: say.language(draft.version)
        fields["available"] = lambda say: [say.language(code) for code in treaty.versions]
        return Outcome("not_verifiable", "terms.no_version", fields, values={"version": draft.version})
    articles = texts.articles.get(treaty.id, [])
    if not articles:
        return Outcome("not_verifiable", "provision.no_articles", fields)
    stated = texts.article(treaty.id, draft.article) if draft.article else None
    if draft.article and stated is None:
        fields["count"] = str(len(articles))
        return Outcome("contradicted", "provision.no_article", fields, last_articles(treaty),
                       {"article": draft.article})
    claim = texts.reader.read(draft.lang, draft.text, draft.skip)
    scope = Scope(treaty, [stated] if stated else articles, draft.version)
    judgement = _judge(texts, draft, claim, scope)
    if stated is not None and judgement is not None and judgement.outcome.verdict == "not_verifiable" \
            and not scope.has_gap(texts):
        elsewhere = _judge(texts, draft, claim, Scope(treaty, [a for a in articles if a is not stated], draft.version))
        if elsewhere is not None and elsewhere.outcome.verdict == "supported":
            return _elsewhere(draft, elsewhere)
    if judgement is None:
        return _unread(texts, treaty, draft, claim, scope, fields)
    outcome = judgement.outcome
    outcome.fields.setdefault("article", fields["article"])
    if outcome.verdict == "supported":
        return _wording(texts, draft, claim, scope, judgement)
    return outcome


def _judge(texts: TreatyTexts, draft: Draft, claim: Reading, scope: Scope) -> Judgement | None:
    """Every aspect the claim has, judged and combined: any contradiction decides, support needs all."""
    judgements = []
    pairs = land_pairs(texts, claim.mentions)
    if pairs:
        judgements.append(judge_land(texts, draft, claim, pairs, scope))
    role = role_of(texts, claim, pairs)
    if role is not None:
        judgements.append(judge_role(texts, draft, claim, role, scope))
    elif claim.predications and (not pairs or any(p.deontic for p in claim.predications)):
        judgements.append(judge_predications(texts, draft, claim, scope))
    judgements = [j for j in judgements if j is not None]
    if not judgements:
        return None
    for verdict in ("contradicted", "not_verifiable", "variant"):
        found = next((j for j in judgements if j.outcome.verdict == verdict), None)
        if found is not None:
            return found
    first = judgements[0]
    for other in judgements[1:]:
        first.outcome.evidence += other.outcome.evidence
    return first


def _wording(texts: TreatyTexts, draft: Draft, claim: Reading, scope: Scope, judgement: Judgement) -> Outcome:
    """Support stands only where the sentence's other words are in the article too (in the treaty's
    text in the sentence's language), or, without such a text, where they are few."""
    outcome = judgement.outcome
    unread = unread_words(texts, draft, claim)
    if not unread:
        return outcome
    keys = judgement.articles or [a.key for a in scope.articles]
    articles = [a for a in scope.articles if a.key in keys] or scope.articles
    own = set().union(*(a.units.get(draft.lang, set()) for a in articles))
    if own:
        # the words the lexicon reads count as found: they are what the texts were compared on
        read = set().union(*(content_units(draft.lang, m.surface) for m in claim.mentions)) - unread
        weight = lambda units: sum(texts.weight(draft.lang, u) for u in units)  # noqa: E731
        share = (weight(read) + weight(unread & own)) / (weight(read) + weight(unread))
        if share >= WORDING_SHARE:  # "mengirim konsul" where the article has "menunjuk konsul"
            return outcome
    elif len(unread) <= UNREAD_SHARE * (len(unread) + len(claim.mentions)):
        return outcome
    outcome.fields["unread"] = sorted(unread - own)[:6]
    outcome.values["unread"] = " ".join(sorted(unread - own))
    return Outcome("not_verifiable", "provision.wording", outcome.fields, outcome.evidence, outcome.values)


def _unread(texts: TreatyTexts, treaty: Treaty, draft: Draft, claim: Reading, scope: Scope, fields: dict) -> Outcome:
    """No aspect of the claim met the texts: say why (untranscribed passages, names no text has,
    or nothing the lexicon reads)."""
    found = matching.best(texts, draft, treaty.id) if not draft.article else matching.match(texts, draft, scope.articles)
    if found is None:
        return Outcome("not_verifiable", "provision.no_articles", fields)
    keys = found.keys
    fields["articles"] = articles_field([k for k in keys])
    values = {"articles": " ".join(keys)}
    wanted = [m.entry for m in claim.mentions if texts.reader.kind(m.entry) in ("place", "person", "topic")]
    named_anywhere = set().union(*(a.entries for a in texts.articles[treaty.id]))
    missing = [e for e in dict.fromkeys(wanted) if e not in named_anywhere]
    if missing:
        fields["missing"] = lambda say: [texts.entry(e).label(say.lang) for e in missing]
        values["missing"] = " ".join(missing)
        return Outcome("not_verifiable", "provision.absent", fields, values=values)
    named = [e for a in found.articles for f in a.found if f.entry in wanted
             for e in [ev(f.witness, f.clause, [f.surface])]]
    if any(a.has_gap for a in found.articles):
        return Outcome("not_verifiable", "provision.untranscribed", fields, named, values)
    return Outcome("not_verifiable", "provision.weak", fields, named, values)


def _elsewhere(draft: Draft, elsewhere: Judgement) -> Outcome:
    article = elsewhere.articles[0] if elsewhere.articles else None
    outcome = elsewhere.outcome
    fields = dict(outcome.fields) | {"elsewhere": (article or "")[1:], "article": draft.article[1:]}
    return Outcome("contradicted", "provision.elsewhere", fields, outcome.evidence,
                   {**outcome.values, "elsewhere": article or ""})


def last_articles(treaty: Treaty) -> list[Evidence]:
    """The heading of every witness's last article, at its first clause: where the count is read."""
    out = []
    for witness in evidence_witnesses(treaty):
        last = witness.articles[-1] if witness.articles else None
        if last is not None and last.clauses:
            out.append(Evidence(clause=last.clauses[0].id, witness=witness.id, lang=witness.lang,
                                strings=[last.head or last.key]))
    return out
