"""Provision claims about places: land a treaty gives to a state, and a place named in a role.

- **land given to a state** ("the left bank … becomes Russian"): the state most clauses give that
  bank or side to decides (a clause on villagers of the left bank under Qing officials does not
  give the left bank to the Qing when the first clause of every text gives it to Russia); a tie
  decides nothing. The explanation says which bank or side each text gives to whom;
- **a place in a role** ("the Sungari is named in article 1 as the boundary", "the Argun forms the
  boundary", "trade is opened at Kashgar"): the place must stand in a clause of that role — one
  naming the role's concept, for the boundary also one giving land to a state, or one that
  continues such a clause (a clause ending in ";" goes on in the next). Where the scope is
  transcribed, a boundary that does not name the place, or a version said not to name it in that
  role, contradicts the claim; versions that disagree give a variant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from comparer.claims.model import Evidence
from comparer.claims.outcome import Judgement, Outcome, Scope, articles_field, clause_ids, division, ev, version_names
from comparer.claims.statements import DENIED, Reading
from comparer.claims.texts import TreatyTexts, transcribed
from comparer.model import Clause, Witness

if TYPE_CHECKING:
    from comparer.claims.extract import Draft

# The concept whose clauses a boundary claim looks at; a clause giving land to a state is one too.
BOUNDARY = "concept.boundary"
# A statement ending otherwise (";", ",", "：") is continued by the next clause.
_SENTENCE_END = tuple(".!?。！？")


# ---------------------------------------------------------------- land given to a state


def land_pairs(texts: TreatyTexts, mentions) -> list[tuple[str, str, int]]:
    """(bank or side, state, offset): each bank or side with the first state named after it and
    before the next bank or side of its group — "the left bank … to Russia"."""
    ordered = sorted(mentions, key=lambda m: m.start)
    pairs = []
    for i, m in enumerate(ordered):
        if not texts.is_territory(m.entry):
            continue
        group = texts.exclusive_groups[m.entry]
        for later in ordered[i + 1:]:
            if texts.exclusive_groups.get(later.entry) == group:
                break
            if texts.is_polity(later.entry):
                pairs.append((m.entry, later.entry, m.start))
                break
    return pairs


def judge_land(texts: TreatyTexts, draft: Draft, claim: Reading, pairs, scope: Scope) -> Judgement | None:
    stated: dict[tuple[str, str], list[Evidence]] = {}
    for article, witness, clauses in scope.clauses(texts):
        for clause in clauses:
            reading = texts.reading(witness, clause)
            for direction, state, _ in land_pairs(texts, reading.mentions):
                strings = [m.surface for m in reading.mentions if m.entry in (direction, state)]
                stated.setdefault((direction, state), []).append(
                    Evidence(clause=clause.id, witness=witness.id, lang=witness.lang, strings=strings))
    places = {m.entry for m in claim.mentions if texts.reader.kind(m.entry) == "place"}
    named = set().union(*(a.entries for a in scope.articles))
    conflicts, support = [], []
    for direction, state, _ in pairs:  # the state most clauses give the bank or side to decides; a tie, nothing
        mine = len(stated.get((direction, state), []))
        other = max((p for p in stated if p[0] == direction and p[1] != state), key=lambda p: len(stated[p]), default=None)
        theirs = len(stated[other]) if other is not None else 0
        if theirs > mine:
            conflicts.append((direction, state, other[1]))
        elif mine > theirs:
            support.append((direction, state))
    group = {texts.exclusive_groups[d] for d, _, _ in pairs}
    assignments = sorted((p for p in stated if texts.exclusive_groups[p[0]] in group), key=lambda p: -len(stated[p]))
    shown, seen = [], set()
    for direction, state in assignments:  # the assignment most clauses make, for each bank or side
        if direction not in seen:
            seen.add(direction)
            shown.append((direction, state))
    evidence = [e for p in shown for e in stated[p]]
    keys = list(dict.fromkeys(a.key for a in scope.articles for e in evidence if f".{a.key}." in e.clause))
    fields = {"articles": articles_field(keys),
              "assignments": lambda say: say.assignments(_labelled(texts, shown, say)),
              "claimed": lambda say: say.join([say.assignment(d, s) for d, s in
                                               _labelled(texts, [(d, s) for d, s, _ in pairs], say)]),
              "version_text": lambda say: say.version_text(scope.version)}
    values = {"claimed": " ".join(f"{d}>{s}" for d, s, _ in pairs),
              "stated": " ".join(f"{d}>{s}" for d, s in shown)}
    if conflicts:
        values["conflict"] = " ".join(f"{d} {s}≠{o}" for d, s, o in conflicts)
        return Judgement(Outcome("contradicted", "provision.land.contradicted", fields, evidence, values), keys)
    if len(support) == len(pairs) and places <= named:
        return Judgement(Outcome("supported", "provision.land.supported", fields,
                                 [e for d, s, _ in pairs for e in stated[(d, s)]], values), keys)
    return None


def _labelled(texts: TreatyTexts, pairs: list[tuple[str, str]], say) -> list[tuple[str, str]]:
    return [(texts.entry(d).label(say.lang), say.state(texts.entry(s).label(say.lang))) for d, s in pairs]


# ---------------------------------------------------------------- a place in a role


def role_of(texts: TreatyTexts, claim: Reading, pairs) -> str | None:
    """The concept a claim names its places in the role of: the boundary in "the Sungari is named as
    the boundary", trade in "trade is opened at Kashgar"; None for a claim with a modality, a
    negation or a party that acts, with land given to a state, or without places."""
    if pairs or not claim.predications or any(p.deontic or p.modality == DENIED or p.parties for p in claim.predications):
        return None  # who may or must do what is a predication ("the costs are paid by Russia")
    places = claim.entries("places")
    topics = {m.entry for m in claim.mentions if texts.reader.kind(m.entry) == "topic"}
    if not places or len(topics) != 1:
        return None
    return next(iter(topics))


def _role_clauses(texts: TreatyTexts, role: str, witness: Witness, clauses: list[Clause]) -> list[Clause]:
    """The clauses of one witness's article in the role: naming its concept (or, for the boundary,
    giving land to a state), or continuing a clause that does."""
    found, carried = [], False
    for clause in clauses:
        reading = texts.reading(witness, clause)
        own = role in reading.entries("topics") or (role == BOUNDARY and bool(land_pairs(texts, reading.mentions)))
        if own or carried:
            found.append(clause)
        carried = (own or carried) and not clause.text.rstrip().endswith(_SENTENCE_END)
    return found


def judge_role(texts: TreatyTexts, draft: Draft, claim: Reading, role: str, scope: Scope) -> Judgement:
    places = sorted(claim.entries("places"))
    # a side qualifying the role ("the eastern boundary") must stand in the clause with the place
    sides = {m.entry for m in claim.mentions if texts.is_territory(m.entry)}
    wording = bool(draft.version) or bool(draft.named)
    exhaustive = wording or role == BOUNDARY  # a boundary clause lists the whole line
    per_lang: dict[str, str] = {}
    found, role_clauses, elsewhere, gaps, unsaid = [], [], [], set(), []
    for article, witness, clauses in scope.clauses(texts):
        in_role = _role_clauses(texts, role, witness, clauses)
        role_clauses += [(witness, c) for c in in_role]
        hits = [c for c in in_role if set(places) <= texts.reading(witness, c).entries("places")
                or set(places) <= _named_by_transcription(texts, witness, c, places)]
        unqualified = [c for c in hits if not sides <= {m.entry for m in texts.reading(witness, c).mentions}]
        if hits and len(unqualified) == len(hits):
            per_lang[witness.lang] = "not_verifiable"  # the place is there, what the sentence adds to it is not read
            unsaid.extend((witness, c) for c in hits)
            continue
        hits = [c for c in hits if c not in unqualified]
        verdict = "supported" if hits else None
        found += [(witness, c) for c in hits]
        if not hits:
            elsewhere += [(witness, c) for c in clauses if c not in in_role
                          and set(places) & texts.reading(witness, c).entries("places")]
            if any(not transcribed(c) for c in clauses):
                gaps.add(witness.lang)
                verdict = "not_verifiable"
            elif exhaustive:
                verdict = "contradicted"
        if verdict is not None:
            previous = per_lang.get(witness.lang)
            per_lang[witness.lang] = verdict if previous in (None, verdict) else "supported" if "supported" in (
                previous, verdict) else "not_verifiable"
    keys = [division(c) for _, c in (found or elsewhere or role_clauses)]
    strings = lambda w, c: [m.surface for m in texts.reading(w, c).mentions if m.entry in places or m.entry == role]  # noqa: E731
    place_labels = lambda say: [say.place(texts.entry(p).label(say.lang), texts.entry(p).type) for p in places]  # noqa: E731
    fields = {"places": place_labels, "role": lambda say: texts.entry(role).label(say.lang),
              "articles": articles_field(list(dict.fromkeys(keys)) or [a.key for a in scope.articles],
                                          whole=len(scope.articles) > 1),
              "version_text": lambda say: say.version_text(scope.version),
              "version_subject": lambda say: say.version_subject(scope.version),
              "clauses": clause_ids([Evidence(clause=c.id, witness=w.id, lang=w.lang) for w, c in found]),
              "role_clauses": [c.id for _, c in role_clauses],
              "elsewhere": [c.id for _, c in elsewhere],
              "elsewhere_topics": lambda say: _topic_labels(texts, elsewhere, say, exclude=role) or [say.other_matters()]}
    values = {"role": role, "places": " ".join(places), "version": scope.version or "all"}
    # a version whose text leaves passages untranscribed decides nothing, as in comparer.claims.duties
    verdicts = set(per_lang.values()) - {"not_verifiable"} or set(per_lang.values())
    if verdicts == {"supported"} and not unsaid:
        return Judgement(Outcome("supported", "provision.role.supported", fields,
                                 [ev(w, c, strings(w, c)) for w, c in found], values))
    if "supported" in verdicts and "contradicted" in verdicts:
        yes = [k for k, v in per_lang.items() if v == "supported"]
        no = [k for k, v in per_lang.items() if v == "contradicted"]
        fields |= {"with": version_names(yes), "without": version_names(no)}
        return Judgement(Outcome("variant", "provision.role.variant", fields,
                                 [ev(w, c, strings(w, c)) for w, c in found], values))
    if verdicts == {"contradicted"}:
        key = "provision.role.contradicted.elsewhere" if elsewhere else "provision.role.contradicted"
        evidence = [ev(w, c, strings(w, c)) for w, c in elsewhere] + [
            Evidence(clause=c.id, witness=w.id, lang=w.lang) for w, c in role_clauses]
        return Judgement(Outcome("contradicted", key, fields, evidence, values))
    if unsaid:
        fields["sides"] = lambda say: [texts.entry(e).label(say.lang) for e in sorted(sides)]
        return Judgement(Outcome("not_verifiable", "provision.role.qualified", fields,
                                 [ev(w, c, strings(w, c)) for w, c in unsaid], values))
    key = "provision.role.untranscribed" if gaps else "provision.role.unsaid"
    return Judgement(Outcome("not_verifiable", key, fields,
                             [ev(w, c, strings(w, c)) for w, c in found + elsewhere], values))


def _named_by_transcription(texts: TreatyTexts, witness: Witness, clause: Clause, places: list[str]) -> set[str]:
    """The places a clause writes in a transcription the lexicon does not list (озеро Хинкай: Khanka)."""
    return {p for p in places if texts.transcribed_name(witness, clause, p) is not None}


def _topic_labels(texts: TreatyTexts, clauses, say, exclude: str) -> list[str]:
    found = []
    for witness, clause in clauses:
        for topic in sorted(texts.reading(witness, clause).entries("topics") - {exclude}):
            label = texts.entry(topic).label(say.lang)
            if label not in found:
                found.append(label)
    return found
