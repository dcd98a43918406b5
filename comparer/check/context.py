"""What every check family works on: the aligned groups, seen one language version at a time.

A `Side` is one version's clauses in one aligned group, with what the language modules and the
lexicon find in them (`Hit`s). Every hit knows whether the text it stands in is doubtful (inside
<unclear>, or in a clause the encoder marked cert="low"/"medium"), and every side knows whether
part of it was not transcribed (<gap>), because absence in untranscribed text proves nothing.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter, OrderedDict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from itertools import accumulate, combinations
from typing import Any

from comparer import lang as languages
from comparer.check import ids
from comparer.check.messages import Messages
from comparer.lang.forms import FormIndex
from comparer.mentions import LexiconMatcher
from comparer.model import (POLITY, AlignedGroup, Alignment, Clause, Finding, FindingPart, Lexicon, LexiconEntry,
                            Treaty)

SEVERITIES = ("low", "medium", "high")
DOUBTFUL_CERT = ("low", "medium")
# The lexicon group whose members are modal verbs (may / shall / shall not / only); the other
# groups of mutually exclusive concepts (bank, side, flow, trade route) are compared as directions.
MODALITY_GROUP = "concept.modality"
NEAR_FORM_MIN_STEM = 3
# may_name reads the words of the sides it was last asked about: the families walk the groups in
# order, so a few hundred serve, and what a check holds does not grow with the text.
SIDE_WORDS_KEPT = 512
_UNREAD = object()


def cap(severity: str, ceiling: str) -> str:
    return min(severity, ceiling, key=SEVERITIES.index)


def grade(base: str, *, doubtful: bool = False, untranscribed: bool = False) -> str:
    """Never high on doubtful text; low when the evidence may sit in text that was not transcribed."""
    if untranscribed:
        return "low"
    return cap(base, "medium") if doubtful else base


@dataclass(frozen=True, slots=True)  # slots: a long text has millions of hits and sides
class Hit:
    """Something found in a clause: a lexicon mention, a number or a date (`item`)."""

    clause: Clause
    start: int
    end: int
    surface: str
    item: Any
    doubtful: bool


@lru_cache(maxsize=4096)
def _entry_index(lang: str, entry_id: str, forms: tuple[str, ...]):
    return languages.get(lang).compile_forms({entry_id: forms})


def _coverage(spans: list[tuple[int, int]]):
    """A test whether one of `spans` holds (start, end): by binary search over the spans sorted by
    start, with the furthest end reached so far (linear in a clause's length, not quadratic)."""
    spans = sorted(spans)
    starts = [s for s, _ in spans]
    reach = list(accumulate((e for _, e in spans), max))

    def covered(start: int, end: int) -> bool:
        i = bisect_right(starts, start) - 1
        return i >= 0 and reach[i] >= end

    return covered


def _in_unclear(clause: Clause, start: int, end: int) -> bool:
    return any(m.kind == "unclear" and m.start < end and start < m.end for m in clause.marks)


def _doubtful(clause: Clause, start: int, end: int) -> bool:
    return clause.cert in DOUBTFUL_CERT or _in_unclear(clause, start, end)


@dataclass(slots=True)
class Side:
    """One version's clauses in one aligned group."""

    key: str  # the version's key in treaty.versions (its language code)
    lang: str  # the language whose rules read the text
    clauses: list[Clause]
    matcher: LexiconMatcher
    lexicon: Lexicon
    # what the language modules and the lexicon find here, read once (None until asked)
    _entries: list[Hit] | None = field(default=None, repr=False)
    _dates: list[Hit] | None = field(default=None, repr=False)
    _numbers: list[Hit] | None = field(default=None, repr=False)
    _dating: dict[str, list[tuple[int, int]]] | None = field(default=None, repr=False)
    _both_parties: bool | None = field(default=None, repr=False)

    @property
    def ids(self) -> list[str]:
        return [c.id for c in self.clauses]

    @property
    def transcribed(self) -> bool:
        return any(c.text.strip() for c in self.clauses)

    @property
    def has_gap(self) -> bool:
        return any(not c.text.strip() or any(m.kind == "gap" for m in c.marks) for c in self.clauses)

    @property
    def doubtful(self) -> bool:
        return any(c.uncertain for c in self.clauses)

    @property
    def length(self) -> int:
        return sum(len(c.text.strip()) for c in self.clauses)

    def _hits(self, kind: str, find) -> list[Hit]:
        """What `find` finds in each clause, kept in the field `kind`."""
        found = getattr(self, kind)
        if found is None:
            found = [Hit(c, x.start, x.end, x.surface, x, _doubtful(c, x.start, x.end))
                     for c in self.clauses if c.text.strip() for x in find(c.text)]
            setattr(self, kind, found)
        return found

    @property
    def mentions(self) -> list[Hit]:
        """Lexicon entries named here, less the words of a dating formula (`dates_over`); the item
        is the LexiconEntry."""
        if self._entries is None:
            entries = self.lexicon.entries
            self._entries = [Hit(c, m.start, m.end, m.surface, entries[m.key], _doubtful(c, m.start, m.end))
                             for c in self.clauses if c.text.strip() for m in self.matcher.find(self.lang, c.text)
                             if m.key in entries and not self.dates_over(c, m.start, m.end)]
        return self._entries

    @property
    def names_both_parties(self) -> bool:
        """Does the side name the treaty's two parties together (兩國, обоих государств, kedua negara)?"""
        if self._both_parties is None:
            language = languages.get(self.lang)
            self._both_parties = any(language.names_both_parties(c.text) for c in self.clauses)
        return self._both_parties

    def dates_over(self, clause: Clause, start: int, end: int) -> bool:
        """Is text[start:end] of the clause part of a dating formula: a date, or the words between
        two dates given as one day ("the 13th day of June, corresponding with the Chinese date,
        the 3rd day, 5th moon": no Qing empire named there; "anno Cam-hi…": no unknown name)?"""
        if self._dating is None:
            dating = languages.get(self.lang).dating
            by_clause: dict[str, list[Hit]] = {}
            for hit in self.dates:
                by_clause.setdefault(hit.clause.id, []).append(hit)
            self._dating = {}
            for clause_id, hits in by_clause.items():
                text = hits[0].clause.text
                pairs = dating.same_day_pairs(text, [h.item for h in hits]) if dating else []
                self._dating[clause_id] = [(h.start, h.end) for h in hits] + [(a.start, b.end) for a, b in pairs]
        return any(a <= start and end <= b for a, b in self._dating.get(clause.id, ()))

    @property
    def dates(self) -> list[Hit]:
        return self._hits("_dates", languages.get(self.lang).dates)

    @property
    def numbers(self) -> list[Hit]:
        """Numbers that are not part of a date (dates are compared as days, not as digits)."""
        dates = self.dates
        return [
            h for h in self._hits("_numbers", languages.get(self.lang).numbers)
            if not any(d.clause is h.clause and d.start <= h.start and h.end <= d.end for d in dates)
        ]

    def entries(self) -> dict[str, list[Hit]]:
        """Entry id -> its mentions here, in text order."""
        found: dict[str, list[Hit]] = {}
        for hit in self.mentions:
            found.setdefault(hit.item.id, []).append(hit)
        return found


@dataclass(slots=True)
class _SideWords:
    """may_name's reading of one side for one kind of name, and the words it found derived there."""

    side: Side  # kept, so that the side's id stays its own while this is held
    keys: frozenset[str]
    free: frozenset[str]
    derived: dict[str, bool] = field(default_factory=dict)


class _LexiconIndex:
    """What the checks derive from a lexicon, built once per lexicon and kept for the next check."""

    _held: dict[int, _LexiconIndex] = {}

    def __init__(self, lexicon: Lexicon):
        self.lexicon = lexicon
        self.matcher = LexiconMatcher(lexicon)
        self._shared: dict[str, set[str]] = {}
        self._homographs: dict[str, FormIndex | None] = {}

    @classmethod
    def of(cls, lexicon: Lexicon) -> _LexiconIndex:
        held = cls._held.get(id(lexicon))
        if held is None or held.lexicon is not lexicon:
            cls._held.clear()  # another lexicon (a reloaded corpus): the old index goes
            held = cls._held[id(lexicon)] = cls(lexicon)
        return held

    def shared_words(self, lang: str) -> set[str]:
        """Word keys that occur in the forms of more than one lexicon entry of this language."""
        if lang not in self._shared:
            language = languages.get(lang)
            seen: dict[str, set[str]] = {}
            for entry_id, forms in self.lexicon.forms(lang).items():
                for form in forms:
                    for t in language.tokenize(form):
                        seen.setdefault(t.key, set()).add(entry_id)
            self._shared[lang] = {k for k, ids in seen.items() if len(ids) > 1}
        return self._shared[lang]

    def homograph_readings(self, lang: str, surface: str) -> set[str]:
        """The entries of which the whole of `surface` is a homograph form (model.HOMOGRAPH_FORM)."""
        if lang not in self._homographs:
            homographs = self.lexicon.homographs(lang)
            self._homographs[lang] = languages.get(lang).compile_forms(homographs) if homographs else None
        index = self._homographs[lang]
        if index is None:
            return set()
        return {m.key for m in index.find(surface) if m.start == 0 and m.end == len(surface)}


class CheckContext:
    """The treaty, its alignment and lexicon, and the sides of every group, built once per check."""

    def __init__(self, treaty: Treaty, lexicon: Lexicon, langs: list[str], alignment: Alignment, messages: Messages):
        self.treaty, self.lexicon, self.langs, self.alignment = treaty, lexicon, langs, alignment
        self.messages = messages
        self._index = _LexiconIndex.of(lexicon)
        self.matcher = self._index.matcher
        self.groups: list[AlignedGroup] = alignment.groups
        self._clauses = {
            key: {c.id: c for c in treaty.versions[key].primary.clauses()} for key in langs
        }
        # version -> its side in each group (None: no clauses there; _UNREAD: not read yet)
        self._sides: dict[str, list] = {key: [_UNREAD] * len(self.groups) for key in langs}
        self._present: dict[str, list[int]] = {}  # version -> the groups that have clauses of it
        self._side_words: OrderedDict[tuple[int, tuple], _SideWords] = OrderedDict()  # the last SIDE_WORDS_KEPT

    # -- sides ----------------------------------------------------------------

    def side(self, index: int, key: str) -> Side | None:
        """The clauses of version `key` in group `index`, or None when the group has none."""
        side = self._sides[key][index]
        if side is _UNREAD:
            own = self._clauses[key]
            clauses = [own[cid] for cid in self.groups[index].segments.get(key, []) if cid in own]
            version = self.treaty.versions[key]
            side = self._sides[key][index] = (
                Side(key, version.lang, clauses, self.matcher, self.lexicon) if clauses else None
            )
        return side

    def sides(self, index: int) -> dict[str, Side]:
        return {key: s for key in self.langs if (s := self.side(index, key)) is not None}

    def neighbours(self, index: int, key: str) -> list[int]:
        """The nearest group before and after `index` that has clauses of `key` (looked up, not
        walked to: a long stretch without `key` is not walked again for every group in it)."""
        if key not in self._present:
            self._present[key] = [i for i in range(len(self.groups)) if self.side(i, key) is not None]
        present = self._present[key]
        at = bisect_left(present, index)
        after = at + 1 if at < len(present) and present[at] == index else at
        return ([present[at - 1]] if at > 0 else []) + ([present[after]] if after < len(present) else [])

    def untranscribed_near(self, index: int, key: str) -> bool:
        """Was part of `key`'s text not transcribed, in this group or in the nearest group of the
        same article before or after it? What `key` seems to lack here may stand in that passage:
        the aligner cannot place text it cannot read ("the sentence continues" into a gap)."""
        side = self.side(index, key)
        if side is not None and side.has_gap:
            return True
        article = self.groups[index].article
        return any(self.groups[n].article == article and self.side(n, key).has_gap
                   for n in self.neighbours(index, key))

    def pairs(self) -> list[tuple[str, str]]:
        return list(combinations(self.langs, 2))

    @cached_property
    def parties(self) -> frozenset[str]:
        """The two states the treaty is between: of the polities every version names somewhere, the
        two named most often (none when there are fewer than two, or a third as often as the second).
        A version that says "both states" somewhere (兩國) may name a party only so."""
        named: Counter = Counter()
        naming: dict[str, set[str]] = {}
        saying_both: set[str] = set()
        for index in range(len(self.groups)):
            for key, side in self.sides(index).items():
                if key not in saying_both and side.names_both_parties:
                    saying_both.add(key)
                for hit in side.mentions:
                    if hit.item.kind == "org" and hit.item.type == POLITY:
                        named[hit.item.id] += 1
                        naming.setdefault(hit.item.id, set()).add(key)
        ranked = [(e, n) for e, n in named.most_common() if len(naming[e] | saying_both) == len(self.langs)][:3]
        if len(ranked) < 2 or (len(ranked) == 3 and ranked[2][1] == ranked[1][1]):
            return frozenset()
        return frozenset(entry_id for entry_id, _ in ranked[:2])

    # -- the lexicon ----------------------------------------------------------

    @cached_property
    def exclusive_groups(self) -> dict[str, str]:
        """Entry id -> its group, for concepts whose group is a pure label (bank, side, flow,
        modality): their members exclude each other and have their own checks. The members of a
        group with forms of its own are ordinary concepts."""
        labels = {
            gid for gid, g in self.lexicon.groups.items()
            if all(form.type is None for forms in g.forms.values() for form in forms)
        }
        return {e.id: e.group for e in self.lexicon.entries.values() if e.group in labels}

    def is_direction(self, entry: LexiconEntry) -> bool:
        return self.exclusive_groups.get(entry.id, MODALITY_GROUP) != MODALITY_GROUP

    def is_modality(self, entry: LexiconEntry) -> bool:
        return self.exclusive_groups.get(entry.id) == MODALITY_GROUP

    def label(self, entry: LexiconEntry) -> str:
        return entry.label(self.messages.lang)

    def may_name(self, side: Side, entry: LexiconEntry) -> bool:
        """Could this text name `entry` where the matcher found no mention of it? Yes when one of
        its forms stands inside a longer name (松花江海口 holds 海), or when the words of a form
        are here in derived or separated forms (амурский for Амур; "Дайцинского и Российского
        государств" for Дайцинское государство). A word that another name of the same kind
        already accounts for (Sungacha) is no form of this one (Sungari); words that many names
        share (государство, устье) may come from anywhere. Only ever used to hold a finding back."""
        forms = tuple(f.text for f in entry.forms.get(side.lang, []))
        texts = [c.text for c in side.clauses if c.text.strip()]
        if not forms or not texts:
            return False
        if any(_entry_index(side.lang, entry.id, forms).find(t) for t in texts):
            return True
        language = languages.get(side.lang)
        read = self._words(side, (entry.kind, entry.type))
        shared = self._index.shared_words(side.lang)

        def present(word: str) -> bool:
            found = read.derived.get(word)
            if found is None:  # once per side and word, not once per entry: a long clause has many keys
                pool = read.keys if word in shared else read.free
                found = read.derived[word] = word in pool or any(language.may_derive(key, word) for key in pool)
            return found

        for form in forms:
            words = [t.key for t in language.tokenize(form)]
            # one- and two-letter stems (Chinese characters, short words) say nothing
            if not words or any(len(language.derivation_stem(w)) < NEAR_FORM_MIN_STEM for w in words):
                continue
            if all(present(w) for w in words):
                return True
        return False

    def read_otherwise(self, lang: str, surface: str) -> set[str]:
        """The entries a mention's words may also mean (a homograph: 海口, a port, read as the sea-mouth
        of a river); the matcher gave it its first reading."""
        return self._index.homograph_readings(lang, surface)

    def _words(self, side: Side, rival: tuple[str, str | None]) -> _SideWords:
        """The side's word keys, and those of the words no name of the kind and type `rival` covers:
        read once per side and kind (may_name asks for every entry one side lacks)."""
        cached = self._side_words.get((id(side), rival))
        if cached is not None:
            self._side_words.move_to_end((id(side), rival))
        else:
            language = languages.get(side.lang)
            keys, free = set(), set()
            for c in side.clauses:
                covered = _coverage([(h.start, h.end) for h in side.mentions
                                     if h.clause is c and (h.item.kind, h.item.type) == rival])
                for t in language.tokenize(c.text):
                    keys.add(t.key)
                    if not covered(t.start, t.end):
                        free.add(t.key)
            cached = self._side_words[id(side), rival] = _SideWords(side, frozenset(keys), frozenset(free))
            if len(self._side_words) > SIDE_WORDS_KEPT:
                self._side_words.popitem(last=False)
        return cached

    # -- findings -------------------------------------------------------------

    def finding(self, type_: str, severity: str, article: str | None, segments: dict[str, list[str]],
                message: str, *, concept: str | None = None, values: dict[str, str] | None = None,
                evidence: dict[str, list[str]] | None = None) -> Finding:
        segments = {k: list(v) for k, v in segments.items() if v}
        values, evidence = values or {}, evidence or {}
        anchors = ids.evidence_clauses(segments, evidence, self.clause_text)
        parts = [FindingPart(id=part, langs=sorted(langs, key=self._order))
                 for langs, part in ids.finding_parts(type_, article, segments, values, evidence, anchors)]
        return Finding(
            id=ids.finding_id(p.id for p in parts), type=type_, severity=severity, article=article,
            segments=segments, concept=concept, values=values, evidence=evidence, message=message, parts=parts,
        )

    def _order(self, key: str) -> int:
        return self.langs.index(key) if key in self.langs else len(self.langs)

    def clause_text(self, clause_id: str) -> str:
        clause = next((own[clause_id] for own in self._clauses.values() if clause_id in own), None)
        return clause.text if clause else ""


def disagreements(ctx: CheckContext, differ):
    """Each row where some pair of transcribed sides differs (`differ(side_a, side_b)`), with the
    sides of every version involved, in ctx.langs order: one finding per row lists them all."""
    for index, group in enumerate(ctx.groups):
        sides = {k: s for k, s in ctx.sides(index).items() if s.transcribed}
        involved: set[str] = set()
        for a, b in ctx.pairs():
            if a in sides and b in sides and differ(sides[a], sides[b]):
                involved |= {a, b}
        if involved:
            yield group, {k: ctx.side(index, k) for k in ctx.langs if k in involved}


def langs_by_value(values: dict[str, str]) -> dict[str, list[str]]:
    """{'ru': '12', 'id': '12', 'zh': '20'} -> {'12': ['ru', 'id'], '20': ['zh']}, for messages."""
    grouped: dict[str, list[str]] = {}
    for lang, value in values.items():
        grouped.setdefault(value, []).append(lang)
    return grouped
