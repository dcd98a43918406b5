"""missing_concept, moved and name_mismatch: names and concepts one version has in a group and another does not.

Per pair of versions and group, an entry only one side names is first looked for in the other
side's text by transcription (a name: 興凱湖 in озеро Хинкай, transcription.find_counterpart),
then in its neighbouring groups: found there and not there on the first side, the name `moved` (low);
found in the group before on both sides, it is merely not repeated here (no finding). Two
leftover names of the same kind and type, one on each side, fill the same slot
(`name_mismatch`: a different river, person or state); what is left is a `missing_concept`.
Pairwise results are merged so that one disagreement gives one finding that lists every version
it involves. Members of exclusive concept groups (bank, side, flow, modality) have their own
checks and are left out here.

A name the lexicon does not know (Language.proper_names: a capitalised word in Cyrillic or Latin
letters, a run of transcription characters in Chinese) with no counterpart in another version's
clauses of the group, nor in its neighbouring groups, is a `missing_concept` too, at low severity
and without a concept: the lexicon raises confidence, but a user's new treaty gets name checks
on day one."""

from __future__ import annotations

from dataclasses import dataclass, field

from comparer import lang as languages
from comparer.check.context import CheckContext, Hit, Side, grade
from comparer.lang.transcription import THRESHOLD, Counterpart, find_keys, is_han, name_keys, same_name, similarity
from comparer.mentions import NAME_KINDS
from comparer.model import Clause, Finding, LexiconEntry


@dataclass
class _Missing:
    entry: LexiconEntry
    present: dict[str, list[Hit]] = field(default_factory=dict)
    absent: dict[str, Side] = field(default_factory=dict)


@dataclass
class _Moved:
    entry: LexiconEntry
    present: dict[str, list[Hit]] = field(default_factory=dict)
    moved: dict[str, list[Hit]] = field(default_factory=dict)


@dataclass
class _Unknown:
    lang: str  # the language the name is written in (of the first version naming it)
    surface: str
    present: dict[str, list[Hit]] = field(default_factory=dict)
    absent: dict[str, Side] = field(default_factory=dict)


@dataclass
class _Names:
    entries: dict[str, LexiconEntry] = field(default_factory=dict)  # version -> the entry it names
    hits: dict[str, list[Hit]] = field(default_factory=dict)


def check(ctx: CheckContext) -> list[Finding]:
    named = _Named(ctx)
    missing: dict[tuple, _Missing] = {}
    moved: dict[tuple, _Moved] = {}
    names: dict[tuple, _Names] = {}
    for index in range(len(ctx.groups)):
        for a, b in ctx.pairs():
            here_a, here_b = named.get(index, a), named.get(index, b)
            if here_a is None or here_b is None:
                continue  # a version without text in this group: nothing to compare
            side_a, side_b = ctx.side(index, a), ctx.side(index, b)
            only = {a: _only(ctx, here_a, here_b, side_a, side_b), b: _only(ctx, here_b, here_a, side_b, side_a)}
            for this, other in ((a, b), (b, a)):
                for entry_id in list(only[this]):
                    near, elsewhere = _nearby(ctx, named, index, entry_id, this, other)
                    if not near:
                        continue
                    del only[this][entry_id]
                    if elsewhere:
                        record = moved.setdefault((index, entry_id), _Moved(ctx.lexicon.entries[entry_id]))
                        record.present[this] = named.get(index, this)[entry_id]
                        record.moved[other] = elsewhere
            for x, y in _same_slot(ctx, only[a], only[b]):
                record = names.setdefault((index, frozenset((x, y))), _Names())
                record.entries.update({a: ctx.lexicon.entries[x], b: ctx.lexicon.entries[y]})
                record.hits.update({a: only[a].pop(x), b: only[b].pop(y)})
            for this, other in ((a, b), (b, a)):
                side = ctx.side(index, other)
                for entry_id, hits in only[this].items():
                    key = (index, entry_id, ctx.untranscribed_near(index, other))
                    record = missing.setdefault(key, _Missing(ctx.lexicon.entries[entry_id]))
                    record.present[this] = hits
                    record.absent[other] = side
    findings = [_missing_finding(ctx, index, m, untranscribed) for (index, _, untranscribed), m in missing.items()]
    findings += [_moved_finding(ctx, index, m) for (index, _), m in moved.items()]
    findings += [_name_finding(ctx, index, n) for (index, _), n in names.items()]
    unknown = _unknown_names(ctx)
    pairs = _unknown_pairs(unknown)
    paired = {id(u) for _, first, second in pairs for u in (first, second)}
    findings += [_unknown_finding(ctx, index, u) for index, u in unknown if id(u) not in paired]
    findings += [_unknown_pair_finding(ctx, index, first, second) for index, first, second in pairs]
    return findings


class _Named:
    """Entry id -> mentions, per group and version, for the entries this family compares."""

    def __init__(self, ctx: CheckContext):
        self.ctx = ctx
        self._cache: dict[tuple[int, str], dict[str, list[Hit]] | None] = {}

    def get(self, index: int, key: str) -> dict[str, list[Hit]] | None:
        if (index, key) not in self._cache:
            side = self.ctx.side(index, key)
            self._cache[index, key] = None if side is None or not side.transcribed else {
                entry_id: hits for entry_id, hits in side.entries().items()
                if entry_id not in self.ctx.exclusive_groups
            }
        return self._cache[index, key]


def _only(ctx: CheckContext, here: dict[str, list[Hit]], there: dict[str, list[Hit]], this: Side,
          other: Side) -> dict[str, list[Hit]]:
    """What `here` names that the other side neither names, nor may name in another form, nor
    writes by transcription; a homograph whose other reading the other side names is no more
    than that reading (海口 against устье: the river's sea-mouth, not a port); one of the
    treaty's two parties is named by "both states" (兩國 against России и Китаю)."""
    return {entry_id: hits for entry_id, hits in here.items()
            if entry_id not in there
            and not all(ctx.read_otherwise(this.lang, h.surface) & there.keys() for h in hits)
            and not (entry_id in ctx.parties and other.names_both_parties)
            and _lacks(ctx, ctx.lexicon.entries[entry_id], hits, this, other)}


def _lacks(ctx: CheckContext, entry: LexiconEntry, hits: list[Hit], this: Side, other: Side) -> bool:
    """Does `other` lack the entry that `this` names (`hits`) where the lexicon finds it only in
    `this`: no other form of it, no transcription of the name?"""
    return not ctx.may_name(other, entry) and not (
        entry.kind in NAME_KINDS and any(_counterpart(other, h.surface, this.lang, entry.id) for h in hits))


def _counterpart(side: Side, name: str, lang: str, entry_id: str | None = None) -> tuple[Clause, Counterpart] | None:
    """Where `side` writes `name` (a form in `lang`), or for a lexicon entry any of its forms, by
    transcription or transliteration. Words the lexicon reads as another entry are no
    counterpart of an entry's name (what they name is known); an unknown name may be any word,
    or a lexicon name of the other side one of whose forms, in any language, it transcribes
    (Хинкай: Danau Khanka, through 興凱湖)."""
    keys = name_keys(name, lang)
    letters = readings = frozenset()
    if entry_id is not None:  # the entry's other forms, in any language (Junjichu finds 軍機 through Цзюньцзичу)
        letters, readings = side.matcher.name_keys(entry_id)
    for clause in side.clauses:
        if not clause.text.strip():
            continue
        mentions = side.matcher.find(side.lang, clause.text)
        if entry_id is None:
            for m in mentions:
                entry = side.lexicon.entries.get(m.key)
                if entry and entry.kind in NAME_KINDS \
                        and similarity(keys, frozenset().union(*side.matcher.name_keys(m.key))) >= THRESHOLD:
                    return clause, Counterpart(m.start, m.end, m.surface, 100.0)
        blocked = tuple((m.start, m.end) for m in mentions if entry_id is not None and m.key != entry_id)
        # Chinese text is never compared with the readings of Chinese forms: the lexicon found those or not
        chinese = is_han(clause.text)
        wanted = keys | letters if chinese else keys | letters | readings
        found = find_keys(wanted, clause.text, side.lang, blocked=blocked, han_spans=not (chinese and is_han(name)))
        if found:
            return clause, found
    return None


def _nearby(ctx: CheckContext, named: _Named, index: int, entry_id: str, this: str,
            other: str) -> tuple[bool, list[Hit]]:
    """Does `other` name the entry in a neighbouring group, and is that a move?

    Where both versions name it in the group before, `other` only does not repeat it here (it
    refers back: "its north side"): no finding. So too where `other` refers back here in words
    (其, "its", "ее") and both name it in an earlier group of the same article. Where `this` names it in the group before too and
    `other` lacks it there as well, it is the same omission, reported in that group: no second
    finding. Where `this` does not name it in the neighbouring group that `other` names it in,
    the name moved (`moved`).
    """
    moved = []
    for n in ctx.neighbours(index, other):
        others_there = named.get(n, other)
        there = (others_there or {}).get(entry_id)
        if not there:
            named_before = (named.get(n, this) or {}).get(entry_id)
            if n < index and others_there is not None and named_before and _lacks(
                    ctx, ctx.lexicon.entries[entry_id], named_before, ctx.side(n, this), ctx.side(n, other)):
                return True, []
            continue
        if entry_id not in (named.get(n, this) or {}):
            moved += there
        elif n < index:
            return True, []
    if not moved and _refers_back_to(ctx, named, index, entry_id, this, other):
        return True, []
    return bool(moved), moved


def _refers_back_to(ctx: CheckContext, named: _Named, index: int, entry_id: str, this: str, other: str) -> bool:
    """Does `other` refer back here (其南岸) to the entry, the last of its kind it named earlier in
    the article, and named by `this` there too? Only a reference before any name of that kind in
    its clause can point so far ("от устья сей реки" after "реку Белен-хэ" is that river)."""
    side, entries = ctx.side(index, other), ctx.lexicon.entries
    kind = (entries[entry_id].kind, entries[entry_id].type)
    language = languages.get(side.lang)
    if not any(at < min((h.start for h in side.mentions if h.clause is c and (h.item.kind, h.item.type) == kind),
                        default=len(c.text))
               for c in side.clauses for at in language.references(c.text)):
        return False
    article = ctx.groups[index].article
    for n in range(index - 1, -1, -1):
        if ctx.groups[n].article != article:
            return False
        there = named.get(n, other) or {}
        if any((entries[e].kind, entries[e].type) == kind for e in there):
            return entry_id in there and entry_id in (named.get(n, this) or {})
    return False


def _same_slot(ctx: CheckContext, only_a: dict[str, list[Hit]], only_b: dict[str, list[Hit]]) -> list[tuple[str, str]]:
    """Pairs of names of the same kind and type, one per side, matched in text order."""
    entries = ctx.lexicon.entries
    pairs, taken = [], set()
    for x in only_a:
        ex = entries[x]
        if ex.kind not in NAME_KINDS:
            continue
        y = next((y for y in only_b
                  if y not in taken and (entries[y].kind, entries[y].type) == (ex.kind, ex.type)), None)
        if y is not None:
            taken.add(y)
            pairs.append((x, y))
    return pairs


def _unknown_names(ctx: CheckContext) -> list[tuple[int, _Unknown]]:
    """Names unknown to the lexicon that one version writes in a group and another does not,
    merged across versions when two write the same name (ru Хайнань, id Hainan)."""
    found: list[tuple[int, _Unknown]] = []
    for index in range(len(ctx.groups)):
        sides = {k: s for k, s in ctx.sides(index).items() if s.transcribed}
        here: list[_Unknown] = []
        for a, b in ctx.pairs():
            if a not in sides or b not in sides:
                continue
            for this, other in ((a, b), (b, a)):
                side, there = sides[this], sides[other]
                if there.has_gap:
                    continue  # the name may stand in what was not transcribed
                for hit in _unknown_hits(side):
                    if _counterpart(there, hit.surface, side.lang) or any(
                            _counterpart(ctx.side(n, other), hit.surface, side.lang)
                            for n in ctx.neighbours(index, other)):
                        continue
                    record = next((u for u in here if _writes(u, this, hit, side.lang)), None)
                    if record is None:
                        record = _Unknown(side.lang, hit.surface)
                        here.append(record)
                    hits = record.present.setdefault(this, [])
                    if hit not in hits:
                        hits.append(hit)
                    record.absent[other] = there
        found += [(index, u) for u in here]
    return found


def _unknown_pairs(unknown: list[tuple[int, _Unknown]]) -> list[tuple[int, _Unknown, _Unknown]]:
    """Two unknown names in one group, each written by the versions that lack the other and by no
    other (海拉爾城 in the Chinese, Mergen in the Indonesian): one slot holding another town, as two
    lexicon names of one kind would be (`_same_slot`). Only where each side has one such name."""
    by_group: dict[int, list[_Unknown]] = {}
    for index, u in unknown:
        by_group.setdefault(index, []).append(u)
    pairs = []
    for index, records in by_group.items():
        if len(records) != 2:
            continue
        first, second = records
        if set(first.present) == set(second.absent) and set(second.present) == set(first.absent):
            pairs.append((index, first, second))
    return pairs


def _unknown_pair_finding(ctx: CheckContext, index: int, first: _Unknown, second: _Unknown) -> Finding:
    first, second = sorted((first, second), key=lambda u: min(ctx.langs.index(k) for k in u.present))
    message = ctx.messages.say("name_mismatch.unknown_names", first=first.surface, first_langs=list(first.present),
                               second=second.surface, second_langs=list(second.present))
    segments = {k: ctx.side(index, k).ids for k in [*first.present, *second.present]}
    values = {k: hits[0].surface for u in (first, second) for k, hits in u.present.items()}
    evidence = {k: [h.surface for h in hits] for u in (first, second) for k, hits in u.present.items()}
    return ctx.finding("name_mismatch", "low", ctx.groups[index].article, segments, message,
                       values=values, evidence=evidence)


def _unknown_hits(side: Side) -> list[Hit]:
    """Names the lexicon does not know, less those of a dating formula (the reign name of "anno
    Cam-hi vigesimo octavo", which the date check compares)."""
    return [Hit(c, m.start, m.end, m.surface, m, False)
            for c in side.clauses if c.text.strip() for m in side.matcher.unknown_names(side.lang, c.text)
            if not side.dates_over(c, m.start, m.end)]


def _writes(record: _Unknown, key: str, hit: Hit, lang: str) -> bool:
    """Is `hit` (in version `key`) the name of this record: the same words in the same version,
    or another version's spelling of it?"""
    if key in record.present:
        return any(h.surface == hit.surface for h in record.present[key])
    return same_name(hit.surface, lang, record.surface, record.lang)


def _unknown_finding(ctx: CheckContext, index: int, u: _Unknown) -> Finding:
    absent = [k for k in u.absent if k not in u.present]
    present = list(u.present)
    message = ctx.messages.say("missing_concept.unknown_name", present=present, absent=absent, surface=u.surface)
    segments = {k: ctx.side(index, k).ids for k in present + absent}
    values = {k: hits[0].surface for k, hits in u.present.items()} | {k: "absent" for k in absent}
    evidence = {k: [h.surface for h in hits] for k, hits in u.present.items()}
    return ctx.finding("missing_concept", "low", ctx.groups[index].article, segments, message,
                       values=values, evidence=evidence)


def _base_severity(entry: LexiconEntry) -> str:
    """A place one version leaves out changes what the treaty covers; a state, a person or a
    term is often left to the context ("the two states", "the plenipotentiaries")."""
    return "high" if entry.kind == "place" else "medium"


def _doubtful(hits_by_lang: dict[str, list[Hit]]) -> bool:
    """Doubtful unless some version names it in text that is certain."""
    return not any(not h.doubtful for hits in hits_by_lang.values() for h in hits)


def _display(hits: list[Hit]) -> str:
    return hits[0].surface


def _missing_finding(ctx: CheckContext, index: int, m: _Missing, untranscribed: bool) -> Finding:
    group, entry, say = ctx.groups[index], m.entry, ctx.messages
    present, absent = list(m.present), list(m.absent)
    is_name = entry.kind in NAME_KINDS
    doubtful = _doubtful(m.present) or any(side.doubtful for side in m.absent.values())
    severity = grade(_base_severity(entry), doubtful=doubtful, untranscribed=untranscribed)
    fields = dict(present=present, absent=absent, surface=_display(next(iter(m.present.values()))),
                  label=ctx.label(entry))
    others = _others_named(ctx, index, entry, absent) if is_name else []
    if untranscribed:
        key = "missing_concept.untranscribed"
    elif others:
        key, fields["others"] = "missing_concept.name.only", others
    else:
        key = "missing_concept.name" if is_name else "missing_concept.term"
    segments = {k: ctx.side(index, k).ids for k in present + absent}
    values = {k: entry.id for k in present} | {k: "absent" for k in absent}
    evidence = {k: [h.surface for h in hits] for k, hits in m.present.items()}
    return ctx.finding("missing_concept", severity, group.article, segments, say.say(key, **fields),
                       concept=entry.id, values=values, evidence=evidence)


def _others_named(ctx: CheckContext, index: int, entry: LexiconEntry, langs: list[str]) -> list[str]:
    """Labels of the names of the same kind and type that all `langs` give here instead."""
    common = None
    for key in langs:
        here = {e.item.id: e.item for e in ctx.side(index, key).mentions
                if (e.item.kind, e.item.type) == (entry.kind, entry.type)}
        common = here if common is None else {k: v for k, v in common.items() if k in here}
    return [ctx.label(e) for e in (common or {}).values()]


def _moved_finding(ctx: CheckContext, index: int, m: _Moved) -> Finding:
    group, say = ctx.groups[index], ctx.messages
    segments = {k: ctx.side(index, k).ids for k in m.present}
    for key, hits in m.moved.items():
        segments[key] = sorted({h.clause.id for h in hits})
    where = sorted({h.clause.id for hits in m.moved.values() for h in hits})
    message = say.say("moved", present=list(m.present), moved=list(m.moved), where=where,
                      surface=_display(next(iter(m.present.values()))), label=ctx.label(m.entry))
    values = {k: m.entry.id for k in m.present} | {k: "moved" for k in m.moved}
    evidence = {k: [h.surface for h in hits] for k, hits in (m.present | m.moved).items()}
    return ctx.finding("moved", "low", group.article, segments, message, concept=m.entry.id,
                       values=values, evidence=evidence)


def _name_finding(ctx: CheckContext, index: int, n: _Names) -> Finding:
    group, say = ctx.groups[index], ctx.messages
    by_entry: dict[str, list[str]] = {}
    for key, entry in n.entries.items():
        by_entry.setdefault(entry.id, []).append(key)
    (first, first_langs), (second, second_langs) = sorted(by_entry.items(), key=lambda kv: ctx.langs.index(kv[1][0]))
    entries = ctx.lexicon.entries

    def shown(entry_id: str, langs: list[str]) -> str:
        return f"{n.hits[langs[0]][0].surface} ({ctx.label(entries[entry_id])})"

    kind = entries[first]
    message = say.say("name_mismatch", what=say.word(kind.type or kind.kind),
                      first=shown(first, first_langs), first_langs=first_langs,
                      second=shown(second, second_langs), second_langs=second_langs)
    severity = grade("high", doubtful=any(h.doubtful for hits in n.hits.values() for h in hits))
    segments = {k: ctx.side(index, k).ids for k in n.entries}
    return ctx.finding("name_mismatch", severity, group.article, segments, message, concept=first,
                       values={k: e.id for k, e in n.entries.items()},
                       evidence={k: [h.surface for h in hits] for k, hits in n.hits.items()})
