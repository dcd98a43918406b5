"""Provision claims on who may, must, must not or need not do what (comparer.claims.statements).

Each of the claim's own statements is compared with the clauses' predications that have its
topics, places and numbers and a compatible party: the same modality and polarity is support;
the opposite (may / may not, must / need not, says / denies, duty paid / duty-free) a
contradiction shown with both wordings; "only X may" says the opposite of any party outside X
(a state no text of the treaty names counts among the third states); a modality of the same sign
and another strength (may / must) decides nothing. A statement the lexicon reads no topic in is
compared by its words with the clauses of the treaty's text in its own language. Versions that
name the claim's parties where they decide outweigh those that do not; versions that disagree
give a variant.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from comparer.claims import patterns as claim_patterns
from comparer.claims.model import Evidence
from comparer.claims.outcome import Judgement, Outcome, Scope, articles_field, ev, version_names
from comparer.claims.statements import Predication, Reading, opposite, relation
from comparer.claims.texts import TreatyTexts, content_units
from comparer.lang import get as language_of
from comparer.model import Clause, Treaty, Witness

if TYPE_CHECKING:
    from comparer.claims.extract import Draft

# A statement the lexicon reads no topic in is compared by its words, if it has this many, with
# the clauses holding this share of them (by rarity).
MIN_WORDED = 3
WORDED_SHARE = 0.5
# A statement must say this much (see _content) for a clause saying the same to support it.
MIN_CONTENT = 2
THIRD_STATES = "org.third-states"


@dataclass
class Hit:
    """A clause's predication the claim's meets: how they relate, and where."""

    relation: str  # agree | opposite | weaker | unrelated
    claimed: Predication
    stated: Predication
    witness: Witness
    clause: Clause
    article: str
    explicit: bool  # the claim names its parties and the clause names the same ones
    excluded: bool = False  # the clause's "only" leaves the claim's party out


def judge_predications(texts: TreatyTexts, draft: Draft, claim: Reading, scope: Scope) -> Judgement | None:
    """Each of the claim's own statements is judged; any contradiction decides, support needs all."""
    outsiders = _outsiders(texts, scope.treaty)
    mine = [_outside(p, outsiders) for p in claim.predications if p.own or p.deontic]
    judged = [j for p in mine if (j := _judge_predication(texts, draft, claim, p, scope)) is not None]
    if not judged:
        return None
    for verdict in ("contradicted", "variant", "not_verifiable"):
        found = next((j for j in judged if j.outcome.verdict == verdict), None)
        if found is not None:
            return found
    if len(judged) < len(mine):
        return None  # one statement agrees, another meets nothing: the sentence is not confirmed
    first = judged[0]
    for other in judged[1:]:
        first.outcome.evidence += other.outcome.evidence
    return first


def _judge_predication(texts: TreatyTexts, draft: Draft, claim: Reading, mine: Predication, scope: Scope) -> Judgement | None:
    """One statement of the claim against the clauses in scope: by its topics where the lexicon
    reads some, else by its words, in the treaty's text in the claim's language."""
    if not mine.topics and not mine.numbers:
        worded = _worded_clauses(texts, draft, claim, scope)
        if not worded:
            return None
    else:
        worded = None
    hits: list[Hit] = []
    for article, witness, clauses in scope.clauses(texts):
        for clause in clauses:
            if worded is not None and clause.id not in worded:
                continue
            for stated in texts.reading(witness, clause).predications:
                hit = _compare(texts, mine, stated)
                if hit is not None:
                    hits.append(Hit(hit[0], mine, stated, witness, clause, article.key, hit[1], hit[2]))
    if not hits:
        return None
    per_lang: dict[str, list[Hit]] = {}
    for hit in hits:
        per_lang.setdefault(hit.witness.lang, []).append(hit)
    decisions = {lang: v for lang, found in per_lang.items() if (v := _decide(found)) is not None}
    # versions that name the claim's parties where they decide outweigh those that do not
    explicit = {lang: v for lang, (v, named) in decisions.items() if named}
    decided = explicit or {lang: v for lang, (v, _) in decisions.items()}
    topic = _main_topic(texts, claim, mine)
    fields = {"topic": (lambda say: texts.entry(topic).label(say.lang)) if topic else (lambda say: say.this_matter()),
              "claimed": _statement(texts, mine),
              "claim_quote": f" ({', '.join(f'“{c}”' for c in dict.fromkeys(mine.cues))})" if mine.cues else "",
              "version_text": lambda say: say.version_text(scope.version)}
    values = {"claimed": _describe(mine)}
    if not decided:
        weaker = [h for h in hits if h.relation == "weaker"]
        if not weaker:
            return None
        fields |= _stated_fields(texts, weaker[:1])
        values["stated"] = _describe(weaker[0].stated)
        return Judgement(Outcome("not_verifiable", "provision.modality_differs", fields,
                                 _evidence(texts, weaker[:1]), values), [weaker[0].article])
    kinds = set(decided.values())
    chosen = [h for lang, v in decided.items() for h in per_lang[lang]
              if h.relation == ("agree" if v == "supported" else "opposite")]
    fields |= _stated_fields(texts, _shown(chosen))
    negated_there = frozenset().union(*(h.stated.negated_topics for h in chosen)) & mine.topics
    if mine.modality == "stated" and negated_there:  # "dibatasi" against "не будет ограничиваема"
        fields["claimed"] = lambda say: say.affirmation([texts.entry(e).label(say.lang) for e in sorted(negated_there)])
    values["stated"] = _describe(chosen[0].stated)
    articles = list(dict.fromkeys(h.article for h in chosen))
    if kinds == {"supported"}:
        if _content(mine) < MIN_CONTENT:  # "fixed the boundary": one topic and nothing said of it
            return Judgement(Outcome("not_verifiable", "provision.thin", fields, _evidence(texts, chosen), values), articles)
        return Judgement(Outcome("supported", "provision.supported", fields, _evidence(texts, chosen), values), articles)
    if kinds == {"contradicted"}:
        key = "provision.excluded" if all(h.excluded for h in chosen) else "provision.opposite"
        return Judgement(Outcome("contradicted", key, fields, _evidence(texts, chosen), values), articles)
    fields |= {"with": version_names([k for k, v in decided.items() if v == "supported"]),
               "without": version_names([k for k, v in decided.items() if v == "contradicted"])}
    return Judgement(Outcome("variant", "provision.variant", fields, _evidence(texts, chosen), values), articles)


def _worded_clauses(texts: TreatyTexts, draft: Draft, claim: Reading, scope: Scope) -> set[str]:
    """For a statement the lexicon reads no topic in: the clauses of the treaty's text in the
    claim's language that hold most of its other words ("membiarkan permukiman rakyat Tiongkok
    tetap di tempatnya")."""
    unread = unread_words(texts, draft, claim)
    if len(unread) < MIN_WORDED:
        return set()
    total = sum(texts.weight(draft.lang, u) for u in unread)
    found = set()
    for _, witness, clauses in scope.clauses(texts):
        if witness.lang != draft.lang:
            continue
        for clause in clauses:
            own = content_units(witness.lang, clause.text)
            if sum(texts.weight(draft.lang, u) for u in unread & own) / total >= WORDED_SHARE:
                found.add(clause.id)
    return found


def _content(p: Predication) -> int:
    """How much a statement says beyond naming a topic: topics (two at most), places or numbers,
    parties, and a modality, negation or "only"."""
    return (min(len(p.topics), 2) + bool(p.places or p.numbers) + bool(p.parties)
            + (p.modality != "stated" or p.exclusive is not None))


def _outsiders(texts: TreatyTexts, treaty: Treaty) -> set[str]:
    """The polities none of the treaty's texts names: third states to it (Britain to Aigun)."""
    named = set().union(*(a.entries for a in texts.articles.get(treaty.id, [])))
    return {e for e in texts.lexicon.entries if texts.is_polity(e) and e not in named}


def _outside(p: Predication, outsiders: set[str]) -> Predication:
    if not p.parties & outsiders:
        return p
    return replace(p, parties=frozenset(THIRD_STATES if e in outsiders else e for e in p.parties))


def _compare(texts: TreatyTexts, claimed: Predication, stated: Predication) -> tuple[str, bool, bool] | None:
    """How a clause's predication stands to the claim's: (relation, explicit, excluded), or None
    when it is about other topics, places, numbers or parties. A topic the clause replaces by its
    contrary (duty paid / duty-free) makes the opposite, where the rest agrees."""
    if not claimed.places <= stated.places or not claimed.numbers <= stated.numbers:
        return None
    missing = claimed.topics - stated.topics
    contrary = {t for t in missing if any(texts.contrary(t, other) for other in stated.topics - claimed.topics)}
    if missing - contrary or (contrary and missing == claimed.topics):
        return None
    if contrary:
        return "opposite", bool(claimed.parties) and claimed.parties <= stated.parties, False
    mine, theirs = claimed.parties, stated.parties
    explicit = bool(mine) and mine <= theirs
    if stated.exclusive and theirs and mine and not mine <= theirs:
        # "only X may": the claim's party is left out, so the clause says the opposite for it
        if claimed.exclusive:
            return "opposite", False, True
        return relation(claimed, stated, opposite(stated.modality)), False, True
    if mine and theirs and not mine & theirs:
        return None
    if claimed.exclusive and stated.exclusive is False:
        return "opposite", explicit, False
    if claimed.exclusive and stated.exclusive and mine != theirs:
        return "opposite", explicit, False
    found = relation(claimed, stated)
    if found == "agree" and claimed.exclusive and not stated.exclusive:
        if mine and theirs - mine:
            return "opposite", explicit, False  # "only Russia" where the clause has Russia and China
        return "weaker", explicit, False  # the clause does not say "only"
    return found, explicit, False


def _decide(hits: list[Hit]) -> tuple[str, bool] | None:
    """One version's verdict from its hits, and whether hits naming the claim's parties decided
    it: those first; a version whose hits say both is undecided."""
    for group, named in (([h for h in hits if h.explicit or h.excluded], True), (hits, False)):
        agree = any(h.relation == "agree" for h in group)
        contra = any(h.relation == "opposite" for h in group)
        if agree != contra:
            return ("supported" if agree else "contradicted"), named
        if agree and contra:
            return None
    return None


def _main_topic(texts: TreatyTexts, claim: Reading, p: Predication) -> str | None:
    """The topic the claim is mostly about: of those it names, the one the articles name least
    (joint possession before the boundary it is held until)."""
    named = [m.entry for m in claim.mentions if m.entry in p.topics] or sorted(p.topics)
    return max(named, key=texts.entry_weight) if named else None


def _statement(texts: TreatyTexts, p: Predication):
    """"a permission only for the Qing Empire and Russia", "a prohibition for foreign states",
    "a negation of “limit”"."""
    def say_it(say):
        parties = [say.state(texts.entry(e).label(say.lang)) for e in sorted(p.parties)]
        negated = [texts.entry(e).label(say.lang) for e in sorted(p.negated_topics)]
        return say.predication(p.modality, p.exclusive, parties, negated)
    return say_it


def _shown(hits: list[Hit]) -> list[Hit]:
    """The hits an explanation quotes: those saying one thing, the clauses naming the claim's
    parties first ("foreign ships may not" before "only Qing and Russian ships may")."""
    best = min(hits, key=lambda h: (not h.explicit, h.excluded))
    said = (best.stated.modality, best.stated.exclusive, best.stated.parties)
    return [h for h in hits if (h.stated.modality, h.stated.exclusive, h.stated.parties) == said]


def _stated_fields(texts: TreatyTexts, hits: list[Hit]) -> dict:
    """The clauses' side: what they say, and their words with the clauses that hold them
    ("“не должно”: aigun-1858.ru.a1.c3; “不准”: aigun-1858.zh.a1.c3")."""
    by_words: dict[tuple[str, ...], list[str]] = {}
    for h in hits:
        by_words.setdefault(h.stated.cues, [])
        if h.clause.id not in by_words[h.stated.cues]:
            by_words[h.stated.cues].append(h.clause.id)
    quote = "; ".join((", ".join(f"“{c}”" for c in dict.fromkeys(words)) + ": " if words else "") + ", ".join(ids)
                      for words, ids in by_words.items())
    return {"stated": _statement(texts, hits[0].stated), "stated_quote": quote,
            "clauses": list(dict.fromkeys(h.clause.id for h in hits)),
            "articles": articles_field(list(dict.fromkeys(h.article for h in hits)))}


def _describe(p: Predication) -> str:
    only = {True: " only", False: " not only", None: ""}[p.exclusive]
    return f"{p.modality}{only} {'+'.join(sorted(p.parties))} {'+'.join(sorted(p.topics))} {'+'.join(sorted(p.places))}".strip()


def _evidence(texts: TreatyTexts, hits: list[Hit]) -> list[Evidence]:
    out = []
    for h in hits:
        reading = texts.reading(h.witness, h.clause)
        wanted = h.claimed.topics | h.claimed.places | h.stated.parties
        strings = [m.surface for m in reading.mentions if h.stated.start <= m.start < h.stated.end
                   and (m.entry in wanted or m.entry.startswith("concept.") and texts.is_modality(m.entry))]
        strings += [c for c in h.stated.cues if c not in strings]
        out.append(ev(h.witness, h.clause, strings))
    return out


def unread_words(texts: TreatyTexts, draft: Draft, claim: Reading) -> set[str]:
    """The sentence's content words the lexicon does not read, beyond the words that make it a claim."""
    p = claim_patterns.get(draft.lang)
    language = language_of(draft.lang)
    spans = list(draft.skip) + [(m.start, m.end) for m in claim.mentions]
    spans += [m.span() for m in claim_patterns.find_all(p.provision + p.article_ref + p.presence + p.absence
                                                        + p.version, draft.text)]
    spans += [(n.start, n.end) for n in language.negations(draft.text)]
    return content_units(draft.lang, draft.text, spans)
