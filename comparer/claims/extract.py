"""Finding claims about the treaties in the sentences of a secondary text, and the treaty each is about.

A sentence is read through its language's rules (comparer.lang: normalisation, numbers, dates)
and the lexicon (names of places, persons, polities, concepts); the words that make a claim come
from the language's pattern file. Each claim is tied to a treaty of the corpus:

1. the sentence names it (its title in the sentence's language, or "treaty" + the treaty's place);
   a sentence naming several ("the treaties of Bura and Kyakhta") makes its claims about each;
2. otherwise it inherits the treaty of the preceding claim in the same paragraph;
3. otherwise one signatory, one signing date or the wording of one article points at one treaty.

A sentence's claims know the version they are about ("in the Russian text", "俄文本"), and
whether the words that make them are negated ("was not signed by", "不是在天津簽訂的"), through
the language's negation rules (comparer.lang.statements).

A sentence that names a treaty the corpus does not hold ("Perjanjian Paris") gives no claims. A
paragraph that turns to a draft stops the inheritance until a treaty is named again: claims about
a draft are kept, as claims that cannot be verified against the signed texts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from comparer import calendars
from comparer import lang as languages
from comparer.claims import patterns as claim_patterns
from comparer.claims.match import content_treaty
from comparer.claims.model import Sentence
from comparer.claims.texts import TreatyTexts
from comparer.lang.dates import DateMention
from comparer.lang.numbers import roman_value
from comparer.model import Treaty

# Lexicon place types a treaty can be signed in (a river or a lake is not a place of signing).
SETTLEMENT_TYPES = ("town", "village", "city")
# A four-digit number in this range next to a signing word is read as the year of signing.
YEARS = range(1600, 2000)
# "Only" alone tells no modality ("the negotiations lasted only a few days").
EXCLUSIVITY = "concept.exclusivity"
# Claims about what an article says, which carry an article over to the next sentence.
ARTICLE_KINDS = ("provision", "presence", "absence")


@dataclass(frozen=True)
class Mentioned:
    entry: str
    start: int
    end: int
    surface: str


@dataclass
class Draft:
    """A claim as found in a sentence, before it is verified."""

    sentence: Sentence
    lang: str
    text: str  # the normalised sentence the offsets point into
    kind: str
    subject: str
    quote: list[str]
    treaty: str | None = None
    link: str | None = None
    article: str | None = None
    version: str | None = None
    number: int | None = None
    date: DateMention | None = None
    mentions: list[Mentioned] = field(default_factory=list)
    skip: list[tuple[int, int]] = field(default_factory=list)  # spans that are names, not content
    negated: bool = False  # the words that make the claim are negated ("was not signed by")
    named: bool = False  # the sentence says how a text words it ("is named", "disebut")
    extra_treaty: str | None = None  # a treaty the sentence names after its first one


def _overlaps(start: int, end: int, spans) -> bool:
    return any(start < e and s < end for s, e in spans)


class _Reading:
    """What one sentence says, as spans: treaty names, drafts, signing words, entries, dates."""

    def __init__(self, finder: ClaimFinder, sentence: Sentence):
        self.sentence = sentence
        self.language = finder.language
        self.text = finder.language.normalize(sentence.text)
        entries = finder.texts.lexicon.entries
        self.mentions = [Mentioned(m.key, m.start, m.end, m.surface)
                         for m in finder.texts.matcher.find(finder.lang, self.text) if m.key in entries]
        self.named: list[tuple[str, int, int]] = []  # corpus treaties named: (id, start, end)
        self.name_spans: list[tuple[int, int]] = []
        self.other = False
        self._read_names(finder)
        p = finder.patterns
        self.draft = bool(claim_patterns.find_all(p.draft, self.text))
        self.signs = claim_patterns.find_all(p.sign, self.text)
        self.dates = [d for d in self.language.dates(self.text) if d.month and d.day]
        self.quotes = [m.span(1) for opening, closing in p.quotes
                       for m in re.finditer(f"{re.escape(opening)}([^{re.escape(closing)}]+){re.escape(closing)}", self.text)]
        self.negations = self.language.negations(self.text)
        self.versions = claim_patterns.find_all(p.version, self.text)
        self.version = next((p.version_lang(m.group("lang")) for m in self.versions
                             if "lang" in m.re.groupindex and m.group("lang")), None)
        self.named_cue = bool(claim_patterns.find_all(p.presence, self.text))

    def negated(self, start: int) -> bool:
        """Is the word at `start` inside a negation's scope?"""
        return any(n.covers(start, start + 1) for n in self.negations)

    def _read_names(self, finder: ClaimFinder) -> None:
        for m in finder.titles.find(self.text):
            self.named.append((m.key, m.start, m.end))
            self.name_spans.append((m.start, m.end))
        for match in claim_patterns.find_all(finder.patterns.treaty_name, self.text):
            start, end = match.span("name")
            treaty = next((t for t, s, e in self.named if s < end and start < e), None)
            inside = [m for m in self.mentions if m.start < end and start < m.end]
            treaty = treaty or next((finder.place_treaty[m.entry] for m in inside if m.entry in finder.place_treaty), None)
            treaty = treaty or finder.derived_treaty(match.group("name"))
            if treaty is not None:
                self.named.append((treaty, *match.span()))
                self.name_spans.append(match.span())
            elif not any(finder.texts.is_polity(m.entry) for m in inside) and not finder.is_stopword(match.group("name")):
                self.other = True
        self.named.sort(key=lambda n: n[1])

    def outside_names(self) -> list[Mentioned]:
        """Entries named in the sentence, except those inside a treaty's name ("Perjanjian Aigun")."""
        return [m for m in self.mentions if not _overlaps(m.start, m.end, self.name_spans)]

    def near_sign(self, offset: int) -> int:
        return min((abs(offset - s.start()) for s in self.signs), default=0)


class ClaimFinder:
    """Finds claims in the sentences of one secondary text written in one language."""

    def __init__(self, texts: TreatyTexts, lang: str):
        self.texts = texts
        self.lang = lang
        self.patterns = claim_patterns.get(lang)
        self.language = languages.get(lang)
        treaties = texts.corpus.treaties.values()
        self.titles = self.language.compile_forms(
            {t.id: [title for code, title in t.titles.items() if code == lang] for t in treaties})
        self.place_treaty = {_ref(t.place.ref): t.id for t in treaties if t.place and t.place.ref}
        self.place_keys = {  # treaty -> the word keys of its place's one-word names in this language
            treaty: [keys[0] for f in texts.entry(place).forms.get(lang, [])
                     if len(keys := [t.key for t in self.language.tokenize(f.text)]) == 1]
            for place, treaty in self.place_treaty.items() if place in texts.lexicon.entries}
        self.signatory_treaties: dict[str, list[str]] = {}
        for t in treaties:
            for s in t.signatories:
                if s.ref:
                    self.signatory_treaties.setdefault(_ref(s.ref), []).append(t.id)

    def derived_treaty(self, name: str) -> str | None:
        """The treaty whose place a word is derived from by the language's rules (Пекинский from
        Пекин: "Пекинский договор" is the treaty of Peking), if one only."""
        keys = [t.key for t in self.language.tokenize(name)]
        if len(keys) != 1:
            return None
        found = {treaty for treaty, bases in self.place_keys.items()
                 if any(keys[0] == base or self.language.may_derive(keys[0], base) for base in bases)}
        return found.pop() if len(found) == 1 else None

    def is_stopword(self, word: str) -> bool:
        return all(t.key in self.patterns.stopword_keys for t in self.language.tokenize(word))

    # -- the text, sentence by sentence -------------------------------------------

    def find(self, sentences: list[Sentence]) -> list[Draft]:
        found: list[Draft] = []
        paragraph, context = None, _Context()
        for sentence in sentences:
            if sentence.paragraph != paragraph:
                paragraph, context = sentence.paragraph, _Context()
            reading = _Reading(self, sentence)
            drafts = self._claims(reading)
            found += self._link(reading, drafts, context)
        return found

    def _link(self, reading: _Reading, drafts: list[Draft], context: _Context) -> list[Draft]:
        named = list(dict.fromkeys(t for t, _, _ in reading.named))
        if len(named) > 1:  # "the treaties of Bura and Kyakhta": the claims are about each
            drafts = drafts + [replace(d, treaty=None, extra_treaty=t, mentions=list(d.mentions), skip=list(d.skip))
                               for t in named[1:] for d in drafts]
        if reading.named:
            treaty, link = named[0], "name"
            if context.kind == "draft":
                context.kind = None  # the paragraph is back on a signed treaty
        elif reading.draft or context.kind == "draft":
            treaty, link = None, "draft"
            context.kind = "draft"
        elif reading.other:
            return []  # about a treaty the corpus does not hold
        else:
            treaty, link = context.treaty, "inherited" if context.treaty else None
        kept = []
        for draft in drafts:
            draft.treaty, draft.link = draft.extra_treaty or treaty, link
            if link is None:
                draft.treaty, draft.link = self._infer(draft)
                if draft.treaty is None:
                    continue
            if draft.article is None and draft.kind in ARTICLE_KINDS and link == "inherited":
                draft.article = context.article  # "this paragraph": the article the previous claim was about
            kept.append(draft)
        for draft in kept:
            if draft.treaty is None:
                continue
            if draft.treaty != context.treaty:
                context.article = None
            context.kind, context.treaty = "treaty", draft.treaty
            if draft.kind in ARTICLE_KINDS:
                context.article = draft.article
        return kept

    def _infer(self, draft: Draft) -> tuple[str | None, str | None]:
        """A treaty for a claim in a sentence that names none and follows no claim of its paragraph."""
        candidates: list[str] = []
        if draft.kind == "signatory":
            candidates, link = self.signatory_treaties.get(draft.subject, []), "signatory"
        elif draft.kind == "date":
            candidates, link = [t.id for t in self.texts.corpus.treaties.values() if _same_date(draft.date, t)], "date"
        elif draft.kind == "provision":
            candidates, link = [t for t in [content_treaty(self.texts, draft)] if t], "content"
        return (candidates[0], link) if len(candidates) == 1 else (None, None)

    # -- the claims of one sentence ---------------------------------------------------

    def _claims(self, r: _Reading) -> list[Draft]:
        counts = claim_patterns.find_all(self.patterns.count, r.text)
        article, reference, reference_span = self._article_ref(r, [m.span() for m in counts])
        drafts = [d for m in counts if (d := self._count(r, m))]
        if r.signs:
            drafts += self._signing(r)
        terms = self._terms(r)
        drafts += terms
        if not terms and (article or claim_patterns.find_all(self.patterns.provision, r.text)
                          or self._states_something(r)):
            provision = self._provision(r)
            if reference:
                provision.quote.insert(0, reference)
                provision.skip.append(reference_span)  # "pasal 1": its number is no number the article gives
            if article or provision.mentions:  # "…which guaranteed the legal result" names nothing to check
                drafts.append(provision)
        for d in drafts:
            if d.kind in ARTICLE_KINDS:
                d.article = article
                d.version = d.version or r.version
        return drafts

    def _states_something(self, r: _Reading) -> bool:
        """Without a provision verb, a sentence naming a treaty still summarises an article when it
        says who may, must or must not do something (a modal word other than "only"), gives a bank
        or side to a state, or puts a place in a role ("以額爾古納河為界")."""
        if not r.named:
            return False  # a modal word in a sentence on the negotiations, the draft, the aftermath
        kinds = {self.texts.reader.kind(m.entry) for m in r.outside_names() if m.entry != EXCLUSIVITY}
        return "modal" in kinds or ("direction" in kinds and "party" in kinds) or ("topic" in kinds and "place" in kinds)

    def _draft(self, r: _Reading, kind: str, subject: str, quote: list[str], **fields) -> Draft:
        fields.setdefault("skip", list(r.name_spans))
        return Draft(sentence=r.sentence, lang=self.lang, text=r.text, kind=kind, subject=subject,
                     quote=quote, **fields)

    def _article_ref(self, r: _Reading, taken: list[tuple[int, int]]) -> tuple[str | None, str | None, tuple[int, int]]:
        """The article the sentence names ("Pasal 1" -> a1), the words naming it and where they stand."""
        for match in claim_patterns.find_all(self.patterns.article_ref, r.text):
            if _overlaps(*match.span(), taken):
                continue  # "12 pasal" in "terdiri dari 12 pasal" counts articles, it names none
            value = _number(self.language, match.group("n"))
            if value:
                return f"a{value}", match.group(), match.span()
        return None, None, (0, 0)

    def _count(self, r: _Reading, match: re.Match) -> Draft | None:
        value = _number(self.language, match.group("n"))
        if value is None:
            return None
        return self._draft(r, "count", "count", [match.group()], number=value, negated=r.negated(match.start()))

    def _signing(self, r: _Reading) -> list[Draft]:
        negated = any(r.negated(s.start()) for s in r.signs)  # "was not signed by", "不是在天津簽訂的"
        drafts = [replace(d, negated=negated) for d in self._signed(r)]
        return drafts

    def _signed(self, r: _Reading) -> list[Draft]:
        drafts = []
        if r.dates:
            date = min(r.dates, key=lambda d: r.near_sign(d.start))
            drafts.append(self._draft(r, "date", "date", [date.surface], date=date))
        else:
            in_dates = [(d.start, d.end) for d in r.dates]
            years = [n for n in self.language.numbers(r.text)
                     if n.value in YEARS and not _overlaps(n.start, n.end, in_dates)]
            if years:
                year = min(years, key=lambda n: r.near_sign(n.start))
                drafts.append(self._draft(r, "year", "year", [year.surface], number=year.value))
        for m in r.outside_names():
            entry = self.texts.entry(m.entry)
            if entry.kind == "person":
                drafts.append(self._draft(r, "signatory", m.entry, [m.surface], mentions=[m]))
            elif entry.kind == "place" and entry.type in SETTLEMENT_TYPES \
                    and self.patterns.place_before.search(r.text[:m.start]):
                drafts.append(self._draft(r, "place", m.entry, [m.surface], mentions=[m]))
        return drafts

    def _terms(self, r: _Reading) -> list[Draft]:
        """Statements that a version has or lacks a term: 'in the Chinese text "left bank" does not
        occur'. A term is absent where a word says so ("lacks", "отсутствует") or where the word
        saying it is there is negated (the language's negation rules: "tidak menyebut", "не упоминается")."""
        if not r.versions and not r.quotes:
            return []
        absent = claim_patterns.find_all(self.patterns.absence, r.text)
        presence = claim_patterns.find_all(self.patterns.presence, r.text)
        absent += [m for m in presence if r.negated(m.start())]  # "tidak menyebut", "не упоминается"
        if not absent and not presence:
            return []
        version_spans = [m.span() for m in r.versions]
        candidates = [m for m in r.outside_names() if not _overlaps(m.start, m.end, version_spans)]
        if r.quotes:
            terms = [m for m in candidates if _overlaps(m.start, m.end, r.quotes)]
        else:
            kinds = {m: self.texts.reader.kind(m.entry) for m in candidates}
            if "place" in kinds.values() and "topic" in kinds.values() \
                    and claim_patterns.find_all(self.patterns.role, r.text):
                return []  # "the Sungari is named as the boundary": a place in a role, judged as a provision
            wanted = "topic" if "topic" in kinds.values() else "place"  # the concept a text has, else the place
            terms = [m for m, kind in kinds.items() if kind == wanted]
        if not terms:
            return []
        negated_terms = [m for m in terms if r.negated(m.start)]  # "has no “left bank”"
        kind = "absence" if absent or negated_terms else "presence"
        cue = min(absent or presence, key=lambda m: m.start())
        entries = sorted({m.entry for m in terms})
        subject = f"{r.version or 'all'}:{'+'.join(entries)}"
        quote = [m.group() for m in r.versions[:1]] + [m.surface for m in terms] + [cue.group()]
        return [self._draft(r, kind, subject, quote, version=r.version, mentions=terms,
                            skip=list(r.name_spans) + version_spans)]

    def _provision(self, r: _Reading) -> Draft:
        """A summary of what an article provides: the entries it names, read with its modal words
        and negations (comparer.claims.provisions)."""
        cues = claim_patterns.find_all(self.patterns.provision, r.text)
        version_spans = [m.span() for m in r.versions]
        outside = [m for m in r.outside_names() if not _overlaps(m.start, m.end, version_spans)]
        mentions = [m for m in outside if not self.texts.is_modality(m.entry)]
        words = sorted([(c.start(), c.group()) for c in cues] + [(m.start, m.surface) for m in outside]
                       + [(n.start, n.surface) for n in r.negations])
        return self._draft(r, "provision", "provision", list(dict.fromkeys(w for _, w in words)),
                           mentions=mentions, skip=list(r.name_spans) + version_spans, named=r.named_cue)


class _Context:
    """What the claims of a paragraph so far were about: a treaty and article, or a draft."""

    def __init__(self):
        self.kind: str | None = None  # treaty | draft
        self.treaty: str | None = None
        self.article: str | None = None


def _ref(pointer: str) -> str:
    """'lexicon.xml#place.aigun' -> 'place.aigun'."""
    return pointer.rsplit("#", 1)[-1]


def _number(language: languages.Language, text: str) -> int | None:
    text = text.strip()
    if not text:
        return None
    found = language.numbers(text)
    return found[-1].value if found else roman_value(text)


def _same_date(date: DateMention | None, treaty: Treaty) -> bool:
    """Does a written date (perhaps without a year) name a day the treaty was signed on?"""
    if date is None:
        return False
    days = set(signing_days(treaty).values())
    return any(day in days for _, day in date_readings(date, treaty))


def signing_days(treaty: Treaty) -> dict[str, calendars.Day]:
    """The header dates as days, keyed 'calendar:value' (a treaty may have several per calendar)."""
    days = {}
    for record in treaty.dates:
        try:
            if record.calendar == "qing":
                era, year, month, day = record.value.split("-")
                days[f"qing:{record.value}"] = calendars.from_qing(era, int(year), int(month), int(day))
            else:
                y, m, d = (int(x) for x in record.value.split("-"))
                convert = calendars.from_julian if record.calendar == "julian" else calendars.from_gregorian
                days[f"{record.calendar}:{record.value}"] = convert(y, m, d)
        except (ValueError, calendars.InvalidDate):
            continue  # a header date the calendars cannot read gives no day to compare with
    return days


def date_readings(date: DateMention, treaty: Treaty) -> list[tuple[str, calendars.Day]]:
    """Every (calendar, day) a written date may mean; a date without a year is read in each year
    the treaty's header dates give (so "16 Mei" can be tested against 16 May 1858)."""
    readings: list[tuple[str, calendars.Day]] = []
    for mention in [date] + ([date.alternative] if date.alternative else []):
        years = [mention.year] if mention.year is not None else _header_years(treaty, mention)
        for year in years:
            try:
                found = calendars.readings(mention.calendar, mention.era, year, mention.month, mention.day,
                                           mention.leap_month)
            except calendars.InvalidDate:
                continue
            readings += [reading for reading in found.items() if reading not in readings]
    return readings


def _header_years(treaty: Treaty, mention: DateMention) -> list[int]:
    if mention.era is not None:
        return sorted({int(r.value.split("-")[1]) for r in treaty.dates if r.calendar == "qing"})
    return sorted({int(r.value[:4]) for r in treaty.dates if r.calendar != "qing"})
