"""Verdicts: each claim tested against the treaty texts, with the clauses and strings that decide it.

- count: the article divisions of every version and witness;
- date, year: the header's signing dates through comparer.calendars (a date right in the Julian
  calendar and written without a calendar is a variant, not an error);
- place, signatory: the header's place and signatories, names read through the lexicon (a variant
  form of the right person or place is a variant);
- presence, absence: the terms' forms in the version's language, searched in every witness;
- provision: what the article provides, read on both sides (comparer.claims.provisions).

A claim whose words are negated ("was not signed by Putyatin", "不是在天津簽訂的", "does not have
twelve articles") is judged as its affirmation and turned: what supports the affirmation
contradicts the negation, and the other way round.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

from comparer import lang as languages
from comparer.claims import provisions
from comparer.claims.extract import Draft, Mentioned, date_readings, signing_days
from comparer.claims.model import Claim, Evidence
from comparer.claims.outcome import Outcome, clause_ids, listing, scope, title, version_names
from comparer.claims.patterns import explanations, ui_languages
from comparer.claims.texts import TreatyTexts, evidence_witnesses, transcribed, witness_key
from comparer.model import Treaty

CLAIM_ID_PREFIX = "claim-"
# Kinds whose negation ("was not signed by", "does not have") turns the verdict.
NEGATABLE = ("count", "date", "year", "place", "signatory")
_TURNED = {"supported": "contradicted", "contradicted": "supported", "variant": "contradicted"}


def claim_id(sentence_id: str, kind: str, subject: str, treaty: str | None = None) -> str:
    """Stable across runs; the treaty joins the key only for a sentence's second treaty and later,
    so a claim about the one treaty a sentence names keeps its id."""
    key = "\x1f".join((sentence_id, kind, subject) + ((treaty,) if treaty else ()))
    return CLAIM_ID_PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]


def verify(texts: TreatyTexts, draft: Draft) -> Claim:
    if draft.treaty is None:
        outcome = Outcome("not_verifiable", "draft")
    else:
        treaty = texts.corpus.treaty(draft.treaty)
        outcome = _CHECKS[draft.kind](texts, treaty, draft)
        outcome.fields.setdefault("treaty", title(treaty))
        if draft.negated and draft.kind in NEGATABLE:
            outcome = _turned(outcome)
    return Claim(
        id=claim_id(draft.sentence.id, draft.kind, draft.subject, draft.extra_treaty), sentence=draft.sentence.id,
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


def _turned(outcome: Outcome) -> Outcome:
    """The verdict of a negated claim: the affirmation's, turned; the explanation says what the texts say."""
    if outcome.verdict not in _TURNED:
        return outcome
    inner, key = dict(outcome.fields), outcome.key
    fields = {"affirmation": lambda say: say.say(key, **inner)}
    return Outcome(_TURNED[outcome.verdict], f"negated.{outcome.verdict}", fields, outcome.evidence,
                   outcome.values | {"negated": "yes"}, outcome.comparison)


# ---------------------------------------------------------------- what the texts hold


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
    """Is the name written in a variant form the lexicon lists, not a fuller form of a canonical
    one ("Сава Владиславич" holds Владиславич: the same name with the given name)?"""
    forms = texts.entry(mention.entry).forms.get(lang, [])
    if _form_type(lang, tuple((f.text, f.type) for f in forms), mention.surface) != "variant":
        return False
    language = languages.get(lang)
    words = {t.key for t in language.tokenize(mention.surface)}
    return not any(f.type == "canonical" and {t.key for t in language.tokenize(f.text)} < words for f in forms)


# ---------------------------------------------------------------- count


def _count(texts: TreatyTexts, treaty: Treaty, draft: Draft) -> Outcome:
    counts = {witness_key(w): len(w.articles) for w in evidence_witnesses(treaty)}
    evidence = provisions.last_articles(treaty)
    claimed = draft.number
    primaries = {k: n for k, n in counts.items() if "." not in k}
    values = {"claimed": str(claimed)} | {k: str(n) for k, n in counts.items()}
    fields = {"claimed": str(claimed), "counts": listing({k: str(n) for k, n in counts.items()})}
    matching_keys = [k for k, n in counts.items() if n == claimed]
    if primaries and all(n == claimed for n in primaries.values()):
        others = [k for k, n in counts.items() if n != claimed]
        if others:  # a partial or differently divided edition of one version
            fields["others"] = version_names(others)
            return Outcome("supported", "count.supported.except", fields, evidence, values)
        return Outcome("supported", "count.supported", fields, evidence, values)
    if matching_keys:
        fields["matching"] = version_names(matching_keys)
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
            for c in scope(witness, article)
            if (strings := _strings(texts, witness, c, wanted))
        ]
    return table


def _strings(texts: TreatyTexts, witness, clause, wanted: set[str]) -> list[str]:
    """The wanted terms a clause has: by the lexicon, and a name also in a transcription it lacks."""
    found = texts.found_in(witness, clause, wanted)
    strings = [f.surface for f in found]
    for entry in wanted - {f.entry for f in found}:
        if (surface := texts.transcribed_name(witness, clause, entry)) is not None:
            strings.append(surface)
    return strings


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
    named = {e for w in targets for c in scope(w, draft.article) for e in wanted
             if texts.found_in(w, c, {e}) or texts.transcribed_name(w, c, e) is not None}
    untranscribed = any(not transcribed(c) for w in targets for c in scope(w, draft.article))
    fields["clauses"] = clause_ids(found)
    fields["found"] = list(dict.fromkeys(s for e in found for s in e.strings))
    values |= {witness_key(w): " ".join(dict.fromkeys(s for e in comparison[witness_key(w)] for s in e.strings))
               for w in targets}
    searched = [Evidence(clause=c.id, witness=w.id, lang=w.lang) for w in targets for c in scope(w, draft.article)]
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


_CHECKS = {
    "count": _count, "date": _date, "year": _year, "place": _place, "signatory": _signatory,
    "presence": _terms, "absence": _terms, "provision": provisions.judge,
}
