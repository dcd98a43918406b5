"""Verdicts: each claim tested against the treaty texts, with the clauses and strings that decide it.

- count: the article divisions of every version and witness;
- date, year: the header's signing dates through comparer.calendars (a date right in the Julian
  calendar and written without a calendar is a variant, not an error);
- place, signatory: the header's place and signatories, names read through the lexicon (a variant
  form of the right person or place is a variant);
- presence, absence: the terms' forms in the version's language, searched in every witness;
- provision: the article the summary describes (comparer.claims.match) and whether it pairs the
  same banks or sides with the same states.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache

from comparer import lang as languages
from comparer.claims import match as matching
from comparer.claims.extract import Draft, Mentioned, date_readings, signing_days
from comparer.claims.model import Claim, Evidence
from comparer.claims.patterns import explanations, ui_languages
from comparer.claims.texts import Article, TreatyTexts, evidence_witnesses, transcribed, witness_key
from comparer.model import Clause, Treaty, Witness

CLAIM_ID_PREFIX = "claim-"
# The stated article is wrong when another article states the claim this much better.
ELSEWHERE_MARGIN = 0.15


def claim_id(sentence_id: str, kind: str, subject: str) -> str:
    key = "\x1f".join((sentence_id, kind, subject))
    return CLAIM_ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


@dataclass
class Outcome:
    verdict: str
    key: str  # explanation template
    fields: dict = field(default_factory=dict)
    evidence: list[Evidence] = field(default_factory=list)
    values: dict[str, str] = field(default_factory=dict)
    comparison: dict[str, list[Evidence]] | None = None


def verify(texts: TreatyTexts, draft: Draft) -> Claim:
    if draft.treaty is None:
        outcome = Outcome("not_verifiable", "draft")
    else:
        treaty = texts.corpus.treaty(draft.treaty)
        outcome = _CHECKS[draft.kind](texts, treaty, draft)
        outcome.fields.setdefault("treaty", _title(treaty))
    return Claim(
        id=claim_id(draft.sentence.id, draft.kind, draft.subject), sentence=draft.sentence.id,
        text=draft.sentence.text, lang=draft.lang, kind=draft.kind, subject=draft.subject, quote=draft.quote,
        treaty=draft.treaty, link=draft.link, article=draft.article, version=draft.version,
        values=outcome.values, verdict=outcome.verdict,
        explanation={ui: explanations(ui).say(outcome.key, **outcome.fields) for ui in ui_languages()},
        evidence=_merged(outcome.evidence), comparison=outcome.comparison,
    )


def _merged(evidence: list[Evidence]) -> list[Evidence]:
    """One entry per clause, its strings in the order found."""
    by_clause: dict[str, Evidence] = {}
    for ev in evidence:
        if ev.clause in by_clause:
            known = by_clause[ev.clause]
            known.strings = list(dict.fromkeys(known.strings + ev.strings))
        else:
            by_clause[ev.clause] = ev.model_copy(update={"strings": list(dict.fromkeys(ev.strings))})
    return list(by_clause.values())


# ---------------------------------------------------------------- fields that depend on the ui language


def _title(treaty: Treaty):
    return lambda say: treaty.title(say.lang)


def _version(key: str):
    """'zh' -> "Chinese", 'zh.chouban' -> "Chinese (chouban)"."""
    lang, _, sigil = key.partition(".")
    return lambda say: say.language(lang) + (f" ({sigil})" if sigil else "")


def _versions(keys: list[str]):
    return lambda say: [_version(k)(say) for k in keys]


def _listing(values: dict[str, str]):
    """{'ru': '3', 'zh.chouban': '2'} -> ["Russian 3", "Chinese (chouban) 2"]."""
    return lambda say: [f"{_version(k)(say)} {v}" for k, v in values.items()]


def _clauses(evidence: list[Evidence]) -> list[str]:
    return list(dict.fromkeys(e.clause for e in evidence))


# ---------------------------------------------------------------- what the texts hold


def _scope(witness: Witness, article: str | None) -> list[Clause]:
    if article is None:
        return witness.clauses()
    division = witness.division(article)
    return division.clauses if division else []


def _found(texts: TreatyTexts, treaty: Treaty, wanted: set[str]) -> list[Evidence]:
    """Clauses of every witness that name one of the wanted entries, with the strings found."""
    out = []
    for witness in evidence_witnesses(treaty):
        for clause in witness.clauses():
            strings = [f.surface for f in texts.found_in(witness, clause, wanted)]
            if strings:
                out.append(Evidence(clause=clause.id, witness=witness.id, lang=witness.lang, strings=strings))
    return out


@lru_cache(maxsize=4096)
def _form_type(lang: str, form_texts: tuple[tuple[str, str | None], ...], surface: str) -> str | None:
    """The type of the lexicon form a surface string is (canonical, variant, …), canonical forms first."""
    language = languages.get(lang)
    for text, kind in form_texts:  # spelled exactly as listed: "Хуашан" is the variant, not a case of Хуашана
        if language.fold(text) == language.fold(surface):
            return kind
    order = sorted(form_texts, key=lambda f: f[1] == "variant")
    for text, kind in order:
        found = language.compile_forms({"form": [text]}).find(surface)
        if found and found[0].start == 0 and found[0].end == len(surface):
            return kind
    return None


def _is_variant(texts: TreatyTexts, lang: str, mention: Mentioned) -> bool:
    forms = texts.entry(mention.entry).forms.get(lang, [])
    return _form_type(lang, tuple((f.text, f.type) for f in forms), mention.surface) == "variant"


# ---------------------------------------------------------------- count


def _last_articles(treaty: Treaty) -> list[Evidence]:
    """The heading of every witness's last article, at its first clause: where the count is read."""
    out = []
    for witness in evidence_witnesses(treaty):
        last = witness.articles[-1] if witness.articles else None
        if last is not None and last.clauses:
            out.append(Evidence(clause=last.clauses[0].id, witness=witness.id, lang=witness.lang,
                                strings=[last.head or last.key]))
    return out


def _count(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    counts = {witness_key(w): len(w.articles) for w in evidence_witnesses(treaty)}
    evidence = _last_articles(treaty)
    claimed = draft.number
    primaries = {k: n for k, n in counts.items() if "." not in k}
    values = {"claimed": str(claimed)} | {k: str(n) for k, n in counts.items()}
    fields = {"claimed": str(claimed), "counts": _listing({k: str(n) for k, n in counts.items()})}
    matching_keys = [k for k, n in counts.items() if n == claimed]
    if primaries and all(n == claimed for n in primaries.values()):
        others = [k for k, n in counts.items() if n != claimed]
        if others:  # a partial or differently divided edition of one version
            fields["others"] = _versions(others)
            return Outcome("supported", "count.supported.except", fields, evidence, values)
        return Outcome("supported", "count.supported", fields, evidence, values)
    if matching_keys:
        fields["matching"] = _versions(matching_keys)
        return Outcome("variant", "count.variant", fields, evidence, values)
    return Outcome("contradicted", "count.contradicted", fields, evidence, values)


# ---------------------------------------------------------------- dates


def _date_evidence(treaty: Treaty, days: set) -> list[Evidence]:
    """Clauses whose own dates fall on one of the given days."""
    out = []
    for witness in evidence_witnesses(treaty):
        language = languages.get(witness.lang)
        for clause in witness.clauses():
            strings = [d.surface for d in language.dates(clause.text)
                       if d.month and d.day and any(day in days for _, day in date_readings(d, treaty))]
            if strings:
                out.append(Evidence(clause=clause.id, witness=witness.id, lang=witness.lang, strings=strings))
    return out


def _labels(treaty: Treaty) -> list[str]:
    return [r.label for r in treaty.dates]


def _date(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    days = signing_days(treaty)
    fields = {"claimed": draft.date.surface, "dates": _labels(treaty)}
    values = {"claimed": draft.date.surface} | {f"{r.calendar}:{r.value}": r.label for r in treaty.dates}
    if not days:
        return Outcome("not_verifiable", "date.none", fields, values=values)
    readings = date_readings(draft.date, treaty)
    hits = [(calendar, key) for calendar, day in readings for key, target in days.items() if day == target]
    evidence = _date_evidence(treaty, {days[key] for _, key in hits} or set(days.values()))
    if not hits:
        return Outcome("contradicted", "date.contradicted", fields, evidence, values)
    # Prefer a reading in the calendar of the header date it hits, and the Gregorian one first.
    hits.sort(key=lambda hit: (not hit[1].startswith(hit[0] + ":"), hit[0] != "gregorian"))
    calendar = hits[0][0]
    fields["calendar"] = lambda say, c=calendar: say.calendar(c)
    gregorian = next((r.value for r in treaty.dates if r.calendar == "gregorian"), None)
    fields["gregorian"] = (lambda say: say.date(gregorian)) if gregorian else ""
    if draft.date.calendar is not None or draft.date.era is not None or calendar == "gregorian":
        return Outcome("supported", "date.supported", fields, evidence, values)
    if calendar == "julian":
        return Outcome("variant", "date.julian", fields, evidence, values)
    return Outcome("variant", "date.variant", fields, evidence, values)


def _year(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    by_calendar = {r.calendar: int(r.value[:4]) for r in treaty.dates if r.calendar != "qing"}
    fields = {"claimed": str(draft.number), "dates": _labels(treaty)}
    values = {"claimed": str(draft.number)} | {c: str(y) for c, y in by_calendar.items()}
    if not by_calendar:
        return Outcome("not_verifiable", "date.none", fields, values=values)
    days = set(signing_days(treaty).values())
    evidence = _date_evidence(treaty, days)
    if draft.number in by_calendar.values():
        return Outcome("supported", "year.supported", fields, evidence, values)
    return Outcome("contradicted", "year.contradicted", fields, evidence, values)


# ---------------------------------------------------------------- place and signatories


def _ref(pointer: str | None) -> str | None:
    return pointer.rsplit("#", 1)[-1] if pointer else None


def _place(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    place = _ref(treaty.place.ref) if treaty.place else None
    mention = draft.mentions[0]
    claimed = texts.entry(mention.entry)
    fields = {"claimed": mention.surface, "canonical": lambda say: claimed.label(say.lang)}
    values = {"claimed": mention.surface, "claimed_entry": mention.entry}
    if place is None:
        return Outcome("not_verifiable", "place.none", fields, values=values)
    actual = texts.entry(place)
    values["treaty_place"] = place
    fields["actual"] = lambda say: actual.label(say.lang)
    evidence = _found(texts, treaty, {place})
    if mention.entry != place:
        return Outcome("contradicted", "place.contradicted", fields, evidence, values)
    if _is_variant(texts, draft.lang, mention):
        return Outcome("variant", "place.variant", fields, evidence, values)
    return Outcome("supported", "place.supported", fields, evidence, values)


def _signatory(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    mention = draft.mentions[0]
    person = texts.entry(mention.entry)
    signers = [r for s in treaty.signatories if (r := _ref(s.ref))]
    fields = {"claimed": mention.surface, "canonical": lambda say: person.label(say.lang),
              "signatories": lambda say: [texts.entry(s).label(say.lang) for s in signers if s in texts.lexicon.entries]}
    values = {"claimed": mention.surface, "claimed_entry": person.id, "canonical": person.label(draft.lang),
              "signatories": " ".join(signers)}
    if not signers:
        return Outcome("not_verifiable", "signatory.none", fields, values=values)
    if person.id not in signers:
        return Outcome("contradicted", "signatory.contradicted", fields, _found(texts, treaty, set(signers)), values)
    evidence = _found(texts, treaty, {person.id})
    if _is_variant(texts, draft.lang, mention):
        if person.note:
            values["lexicon_note"] = person.note
        return Outcome("variant", "signatory.variant", fields, evidence, values)
    return Outcome("supported", "signatory.supported", fields, evidence, values)


# ---------------------------------------------------------------- terms in a version


def _comparison(texts: TreatyTexts, treaty: Treaty, wanted: set[str], article: str | None) -> dict[str, list[Evidence]]:
    """Every witness's clauses in scope that name a wanted term, side by side (empty: names none)."""
    table: dict[str, list[Evidence]] = {}
    for witness in evidence_witnesses(treaty):
        table[witness_key(witness)] = [
            Evidence(clause=c.id, witness=witness.id, lang=witness.lang, strings=strings)
            for c in _scope(witness, article)
            if (strings := [f.surface for f in texts.found_in(witness, c, wanted)])
        ]
    return table


def _terms(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    wanted = {m.entry for m in draft.mentions}
    number = draft.article[1:] if draft.article else None
    fields = {"terms": [m.surface for m in draft.mentions],
              "version_text": lambda say: say.version_text(draft.version),
              "scope": lambda say: say.scope(number, treaty.title(say.lang))}
    values = {"terms": " ".join(sorted(wanted)), "version": draft.version or "all"}
    if draft.version and draft.version not in treaty.versions:
        fields["language"] = lambda say: say.language(draft.version)
        fields["available"] = lambda say: [say.language(code) for code in treaty.versions]
        return Outcome("not_verifiable", "terms.no_version", fields, values=values)
    comparison = _comparison(texts, treaty, wanted, draft.article)
    targets = [w for w in evidence_witnesses(treaty) if draft.version in (None, w.lang)]
    found = [e for w in targets for e in comparison[witness_key(w)]]
    named = {f.entry for w in targets for c in _scope(w, draft.article) for f in texts.found_in(w, c, wanted)}
    untranscribed = any(not transcribed(c) for w in targets for c in _scope(w, draft.article))
    fields["clauses"] = _clauses(found)
    fields["found"] = list(dict.fromkeys(s for e in found for s in e.strings))
    values |= {witness_key(w): " ".join(dict.fromkeys(s for e in comparison[witness_key(w)] for s in e.strings))
               for w in targets}
    searched = [Evidence(clause=c.id, witness=w.id, lang=w.lang) for w in targets for c in _scope(w, draft.article)]
    if draft.kind == "absence":
        if found:
            return Outcome("contradicted", "absence.contradicted", fields, found, values, comparison)
        verdict = "not_verifiable" if untranscribed else "supported"
        return Outcome(verdict, f"absence.{verdict}", fields, searched, values, comparison)
    if named == wanted:
        return Outcome("supported", "presence.supported", fields, found, values, comparison)
    fields["missing"] = [m.surface for m in draft.mentions if m.entry not in named]
    verdict = "not_verifiable" if untranscribed else "contradicted"
    return Outcome(verdict, f"presence.{verdict}", fields, found or searched, values, comparison)


# ---------------------------------------------------------------- provisions


def _pairs(texts: TreatyTexts, mentions: list[tuple[str, int]]) -> set[tuple[str, str]]:
    """(bank/side/flow, state) pairs: each direction with the first state named after it and
    before the next direction of the same group — "the left bank … to Russia"."""
    ordered = sorted(mentions, key=lambda m: m[1])
    pairs = set()
    for i, (entry, _) in enumerate(ordered):
        if not texts.is_direction(entry):
            continue
        group = texts.exclusive_groups[entry]
        for later, _ in ordered[i + 1:]:
            if texts.exclusive_groups.get(later) == group:
                break
            if texts.is_polity(later):
                pairs.add((entry, later))
                break
    return pairs


def _conflicts(texts: TreatyTexts, draft: Draft, articles: list[Article]) -> tuple[list, list[Evidence]]:
    """Pairs the claim makes that the articles mostly make the other way round, and the clauses that do."""
    claimed = _pairs(texts, [(m.entry, m.start) for m in draft.mentions])
    by_clause: dict[tuple[str, str], list] = {}
    for article in articles:
        for f in article.found:
            by_clause.setdefault((f.witness.id, f.clause.id), []).append(f)
    stated: dict[tuple[str, str], list[Evidence]] = {}
    for (witness_id, clause_id), found in by_clause.items():
        for pair in _pairs(texts, [(f.entry, f.start) for f in found]):
            strings = [f.surface for f in found if f.entry in pair]
            stated.setdefault(pair, []).append(Evidence(clause=clause_id, witness=witness_id,
                                                        lang=found[0].witness.lang, strings=strings))
    conflicts, evidence = [], []
    for direction, state in sorted(claimed):
        # The pair most clauses make wins: a clause on villagers of the left bank under Qing
        # officials does not give the left bank to the Qing when every text's first clause gives it to Russia.
        support = len(stated.get((direction, state), []))
        other = max((pair for pair in stated if pair[0] == direction and pair[1] != state),
                    key=lambda pair: len(stated[pair]), default=None)
        if other is not None and len(stated[other]) > support:
            conflicts.append((direction, state, other[1]))
            evidence += stated[other]
    return conflicts, evidence


def _entry_evidence(articles: list[Article], wanted: set[str]) -> list[Evidence]:
    by_clause: dict[str, Evidence] = {}
    for article in articles:
        for f in article.found:
            if f.entry in wanted:
                ev = by_clause.setdefault(f.clause.id, Evidence(clause=f.clause.id, witness=f.witness.id,
                                                                lang=f.witness.lang))
                ev.strings.append(f.surface)
    return list(by_clause.values())


def _word_evidence(draft: Draft, found: matching.ArticleMatch) -> list[Evidence]:
    """The clause of the claim-language version sharing most content words with the claim."""
    best: tuple[int, Evidence] | None = None
    language = languages.get(draft.lang)
    for article in found.articles:
        for wid, clauses in article.clauses.items():
            witness = article.witnesses[wid]
            if witness.lang != draft.lang:
                continue
            for clause in clauses:
                words = [t.surface for t in language.tokenize(clause.text) if t.key in found.shared_units]
                if words and (best is None or len(set(words)) > best[0]):
                    best = (len(set(words)), Evidence(clause=clause.id, witness=wid, lang=witness.lang,
                                                      strings=list(dict.fromkeys(words))))
    return [best[1]] if best else []


def _provision(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    ranked = matching.ranked(texts, draft, treaty.id)
    fields: dict = {"article": draft.article[1:] if draft.article else ""}
    if draft.article:
        stated = texts.article(treaty.id, draft.article)
        if stated is None:
            fields["count"] = str(len(texts.articles.get(treaty.id, [])))
            return Outcome("contradicted", "provision.no_article", fields, _last_articles(treaty),
                           {"article": draft.article})
        found = matching.match(texts, draft, [stated])
    else:
        found = matching.best(texts, draft, treaty.id)
        if found is None:
            return Outcome("not_verifiable", "provision.no_articles", fields)
    keys = found.keys
    fields["articles"] = lambda say: say.articles([k[1:] for k in keys])
    values = {"articles": " ".join(keys), "score": f"{found.score:.2f}"}
    telling = {e for e in matching.required_entries(draft) if not texts.is_polity(e)}  # states are named everywhere
    named = _entry_evidence(found.articles, telling)
    evidence = named + _word_evidence(draft, found)
    conflicts, against = _conflicts(texts, draft, found.articles)
    if conflicts:
        direction, state, other = conflicts[0]
        fields |= {"direction": lambda say: texts.entry(direction).label(say.lang),
                   "claimed_state": lambda say: texts.entry(state).label(say.lang),
                   "state": lambda say: texts.entry(other).label(say.lang)}
        values["conflict"] = f"{direction} {state}≠{other}"
        return Outcome("contradicted", "provision.conflict", fields, against, values)
    elsewhere = next((m for m in ranked if m.keys != keys), None)
    if draft.article and elsewhere and found.score < matching.SUPPORT <= elsewhere.score \
            and elsewhere.score - found.score >= ELSEWHERE_MARGIN:
        fields["elsewhere"] = elsewhere.keys[0][1:]
        values["elsewhere"] = elsewhere.keys[0]
        return Outcome("contradicted", "provision.elsewhere", fields,
                       _entry_evidence(elsewhere.articles, telling) + _word_evidence(draft, elsewhere), values)
    if found.supports:
        key = "provision.supported" if found.words is not None else "provision.supported.names"
        return Outcome("supported", key, fields, evidence, values)
    fields["missing"] = lambda say: [texts.entry(e).label(say.lang) for e in found.missing]
    values["missing"] = " ".join(found.missing)
    gap = any(a.has_gap for a in found.articles)
    named_anywhere = set().union(*(a.entries for a in texts.articles[treaty.id]))
    if found.missing and not named_anywhere & set(found.missing) and not (gap and named):
        # no article comes closer than another; but where the closest one names part of the claim and
        # has passages not transcribed, the missing names may stand there: say so, with what it names
        return Outcome("not_verifiable", "provision.absent", fields, values=values)
    key = "provision.untranscribed" if gap else "provision.missing" if found.missing else "provision.weak"
    return Outcome("not_verifiable", key, fields, evidence, values)


_CHECKS = {
    "count": _count, "date": _date, "year": _year, "place": _place, "signatory": _signatory,
    "presence": _terms, "absence": _terms, "provision": _provision,
}
