"""Aligning the language versions of a treaty: articles, then clauses, then N-way rows.

1. Every version is aligned to a pivot version (the authentic one unless the caller says).
2. Divisions are mapped first (`articles`): by article number where both versions number
   the same articles, by content where they number them differently (a version may split,
   merge, renumber or reorder articles).
3. Inside each mapped block the clauses are aligned by the bead programme, scored with
   shared lexicon entries, names written in both versions by transcription (Хинкай /
   興凱湖, names the lexicon does not know), numbers and dates (read through each language's
   rules), the learnt length ratio and, when installed, multilingual sentence embeddings.
4. The pairwise results are composed into groups: one group is one row of the reader.
A scholar's corrections (links of type "correction" in the treaty's standOff) are fixed
groups: the aligner keeps them and aligns only around them.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import Hashable, Sequence

import numpy as np

from comparer import calendars
from comparer import lang as languages
from comparer.align.anchors import paragraph_keys
from comparer.align.articles import map_divisions
from comparer.align.beads import Bead
from comparer.align.similarity import Key, LengthModel, Weights, align_texts, key_weights_of
from comparer.errors import InputError
from comparer.lang.transcription import score as name_score
from comparer.lang.transcription import THRESHOLD as NAME_THRESHOLD
from comparer.mentions import NAME_KINDS, LexiconMatcher
from comparer.model import AlignedGroup, Alignment, Clause, Division, Evidence, Lexicon, Treaty, Witness

CORRECTION = "correction"
# Treaty versions translate clause by clause: a clause whose names and concepts the other
# side lacks is an addition or omission to report, not part of a merged bead.
TREATY_WEIGHTS = Weights(stray=3.0)
# Evidence keys built here carry their kind in front, e.g. ("lexicon", "place.amur").
_EVIDENCE_KINDS = {"lexicon", "number", "date", "dated", "gap", "division", "name"}
DATED = ("dated", "any date")  # the clause gives a date, in any calendar
PAIRING_MAX_UNITS = 8  # a key more clauses give is too common to pair clauses for the length ratio


@dataclass(frozen=True, slots=True)
class _Unit:
    """A clause in the order of its witness, with the evidence keys it offers."""

    index: int
    clause: Clause
    division: Division
    keys: frozenset


def align_treaty(treaty: Treaty, lexicon: Lexicon, langs: Sequence[str] | None = None, pivot: str | None = None,
                 semantic: bool | None = None, matcher: LexiconMatcher | None = None) -> Alignment:
    langs = list(dict.fromkeys(langs or treaty.versions))
    for code in langs:
        treaty.version(code)  # raises UnknownLanguage with the treaty's languages
    pivot = pivot or (treaty.pivot if treaty.pivot in langs else langs[0])
    if pivot not in langs:
        raise InputError(f"pivot {pivot!r} is not among the languages aligned ({', '.join(langs)})")
    matcher = matcher or LexiconMatcher(lexicon)
    units = {code: _units(treaty.version(code).primary, matcher) for code in langs}
    fixed_groups = _fixed_groups(treaty, units)
    pivot_lang = treaty.version(pivot).lang
    pairwise = {
        code: _align_pair(*_with_names(units[pivot], units[code], pivot_lang, treaty.version(code).lang, matcher),
                          treaty.version(pivot).primary, treaty.version(code).primary, fixed_groups, semantic)
        for code in langs if code != pivot
    }
    # The rows need each clause and its division, not its evidence keys (most of what a unit holds)
    units = {code: [replace(u, keys=frozenset()) for u in lang_units] for code, lang_units in units.items()}
    groups = _compose(treaty.id, pivot, langs, units, pairwise, fixed_groups, lexicon)
    return Alignment(treaty=treaty.id, pivot=pivot, langs=langs, groups=groups)


# ---------------------------------------------------------------- evidence per clause


def _units(witness: Witness, matcher: LexiconMatcher) -> list[_Unit]:
    language = languages.get(witness.lang)
    out = []
    for division in witness.divisions:
        for clause in division.clauses:
            out.append(_Unit(len(out), clause, division, frozenset(_clause_keys(clause, language, matcher))))
    return out


def _clause_keys(clause: Clause, language, matcher: LexiconMatcher) -> set[Hashable]:
    if not clause.text:
        return {("gap", "nothing transcribed")}
    keys: set[Hashable] = {("lexicon", entry) for entry in matcher.entries(language.code, clause.text)}
    keys |= {("number", number.value) for number in language.numbers(clause.text)}
    for mention in language.dates(clause.text):
        # A dating clause pairs with the other version's dating clause whatever the dates say (a
        # changed date is a date_mismatch to report, not a reason to leave the clauses unpaired);
        # the same day in any calendar is stronger evidence still.
        keys.add(DATED)
        keys |= {("date", day.jdn) for day in _days(mention)}
    return keys


def _with_names(pivot_units: list[_Unit], other_units: list[_Unit], pivot_lang: str, other_lang: str,
                matcher: LexiconMatcher) -> tuple[list[_Unit], list[_Unit]]:
    """Both versions' units with a shared key for each name that the two write, one by
    transcription of the other (lang.transcription), where the lexicon knows at most one of
    the two forms (озеро Хинкай / 興凱湖, Hinkai / Хинкай): an anchor the lexicon cannot give.
    Two forms of different lexicon entries are never paired. Names are compared once per pair
    of distinct forms."""
    def names(units: list[_Unit], lang: str) -> dict[str, tuple[list[int], bool]]:
        found: dict[str, tuple[list[int], bool]] = {}
        for u in units:
            if not u.clause.text:
                continue
            for mention in matcher.unknown_names(lang, u.clause.text):
                found.setdefault(mention.surface, ([], False))[0].append(u.index)
            for mention in matcher.find(lang, u.clause.text):
                entry = matcher.lexicon.entries.get(mention.key)
                if entry and entry.kind in NAME_KINDS:
                    found.setdefault(mention.surface, ([], True))[0].append(u.index)
        return found

    pivot_names, other_names = names(pivot_units, pivot_lang), names(other_units, other_lang)
    pivot_keys: dict[int, set] = defaultdict(set)
    other_keys: dict[int, set] = defaultdict(set)
    for a, (a_units, a_known) in pivot_names.items():
        for b, (b_units, b_known) in other_names.items():
            if not (a_known and b_known) and name_score(a, pivot_lang, b, other_lang) >= NAME_THRESHOLD:
                key = ("name", f"{a} = {b}")
                for i in a_units:
                    pivot_keys[i].add(key)
                for j in b_units:
                    other_keys[j].add(key)

    def extended(units: list[_Unit], keys: dict[int, set]) -> list[_Unit]:
        return [replace(u, keys=u.keys | keys[u.index]) if u.index in keys else u for u in units]

    return extended(pivot_units, pivot_keys), extended(other_units, other_keys)


def _days(mention) -> list[calendars.Day]:
    """Every day a written date can mean (a date without a calendar may be Julian or Gregorian)."""
    readings = []
    for candidate in (mention, mention.alternative):
        if candidate is None or candidate.year is None:
            continue
        try:
            readings += calendars.readings(candidate.calendar, candidate.era, candidate.year,
                                           candidate.month, candidate.day, candidate.leap_month).values()
        except calendars.InvalidDate:
            continue
    return readings


# ---------------------------------------------------------------- pairwise alignment


def _align_pair(pivot_units: list[_Unit], other_units: list[_Unit], pivot: Witness, other: Witness,
                fixed_groups: list[set[str]], semantic: bool | None) -> list[tuple[Bead, dict]]:
    """Beads between the pivot's clauses and another version's, in global clause indices."""
    result: list[tuple[Bead, dict]] = []
    # Rarity of each piece of evidence and the length ratio over the whole two texts, not
    # within one article.
    weights = key_weights_of([u.keys for u in pivot_units], [u.keys for u in other_units], TREATY_WEIGHTS)
    length = _length_model(pivot_units, other_units)
    pivot_by_division, other_by_division = _by_division(pivot_units), _by_division(other_units)
    evidence: dict[int, frozenset] = defaultdict(frozenset)  # division identity -> its clauses' keys
    for unit in (*pivot_units, *other_units):
        evidence[id(unit.division)] |= unit.keys
    for pivot_divs, other_divs in map_divisions(pivot, other, evidence, length):
        src = _units_of(pivot_by_division, pivot_divs)
        tgt = _units_of(other_by_division, other_divs)
        if not src or not tgt:
            result += [(Bead((u.index,), ()), {}) for u in src] + [(Bead((), (u.index,)), {}) for u in tgt]
            continue
        fixed = _fixed_beads(src, tgt, fixed_groups)
        aligned = align_texts([u.clause.text for u in src], [u.clause.text for u in tgt],
                              tokenize_src=_token_keys(pivot.lang), tokenize_tgt=_token_keys(other.lang),
                              src_keys=_with_paragraph_starts(src), tgt_keys=_with_paragraph_starts(tgt),
                              semantic=semantic, fixed=fixed, learn_words=False, key_weights=weights,
                              weights=TREATY_WEIGHTS, length=length)
        for bead in aligned.beads:
            glob = Bead(tuple(src[i].index for i in bead.src), tuple(tgt[j].index for j in bead.tgt), bead.score)
            result.append((glob, aligned.evidence(bead) if bead.src and bead.tgt else {}))
    return result


def _length_model(pivot_units: list[_Unit], other_units: list[_Unit]) -> LengthModel | None:
    """How long the other text is for a length of the pivot's, measured on the clauses that
    evidence pairs across the whole two texts (each with the clause it shares the rarest
    evidence with, where that clause chooses it too); with ten pairs or more, how far a
    clause's length strays from it too. A block's own totals would count a clause that one
    version adds as translated, and pull a merged bead towards taking it in. None when no
    evidence pairs two clauses: the block's totals are all there is."""
    pairs = _evidence_pairs(pivot_units, other_units)
    if not pairs:
        return None
    pivot_lengths = np.array([_length(u.clause.text) for u in pivot_units], dtype=float)
    other_lengths = np.array([_length(u.clause.text) for u in other_units], dtype=float)
    pivot_total = sum(pivot_lengths[i] for i, _ in pairs)
    other_total = sum(other_lengths[j] for _, j in pairs)
    if not pivot_total or not other_total:
        return None
    ratio = LengthModel(other_total / pivot_total, LengthModel.INITIAL_VARIANCE)
    return LengthModel.fit(pivot_lengths, other_lengths, [Bead((i,), (j,)) for i, j in pairs], fallback=ratio)


def _evidence_pairs(pivot_units: list[_Unit], other_units: list[_Unit]) -> list[tuple[int, int]]:
    """Clauses paired by the evidence they share: each pivot clause with the other clause whose
    shared keys weigh most (a key weighs more the rarer it is in either text, counted as part of
    a longer text so that a one-article text still has rare keys), kept where the choice is
    mutual. Only keys at most PAIRING_MAX_UNITS clauses give are compared (time stays linear;
    common keys pair nothing reliably)."""
    def by_key(units: list[_Unit]) -> dict[Hashable, list[int]]:
        found: dict[Hashable, list[int]] = defaultdict(list)
        for u in units:
            if u.clause.text:
                for key in u.keys - {DATED}:
                    found[key].append(u.index)
        return found

    pivot_by_key, other_by_key = by_key(pivot_units), by_key(other_units)
    n, m = len(pivot_units) + 1, len(other_units) + 1
    shared: dict[tuple[int, int], float] = defaultdict(float)
    for key in pivot_by_key.keys() & other_by_key.keys():
        here, there = pivot_by_key[key], other_by_key[key]
        if len(here) > PAIRING_MAX_UNITS or len(there) > PAIRING_MAX_UNITS:
            continue
        # multiples of 1/1024 add up exactly, whatever order the keys come in
        weight = round(-math.log(max(len(here) / n, len(there) / m)) * 1024) / 1024
        for i in here:
            for j in there:
                shared[i, j] += weight
    best_other: dict[int, tuple[float, int]] = {}
    best_pivot: dict[int, tuple[float, int]] = {}
    for (i, j), weight in sorted(shared.items()):
        if weight > best_other.get(i, (0.0, -1))[0]:
            best_other[i] = (weight, j)
        if weight > best_pivot.get(j, (0.0, -1))[0]:
            best_pivot[j] = (weight, i)
    return [(i, j) for i, (_, j) in sorted(best_other.items()) if best_pivot[j][1] == i]


def _length(text: str) -> int:
    """Characters other than white space, as the scorer counts them."""
    return len(text) - sum(c.isspace() for c in text)


def _by_division(units: list[_Unit]) -> dict[int, list[_Unit]]:
    """Units by the identity of their division, found once (a block's units are then looked up,
    not filtered out of the whole text: linear in the number of clauses)."""
    found: dict[int, list[_Unit]] = defaultdict(list)
    for unit in units:
        found[id(unit.division)].append(unit)
    return found


def _units_of(by_division: dict[int, list[_Unit]], divisions: list[Division]) -> list[_Unit]:
    return sorted((u for d in divisions for u in by_division.get(id(d), [])), key=lambda u: u.index)


def _with_paragraph_starts(units: list[_Unit]) -> list[set]:
    """Each clause's keys, with a key on the first clause of each paragraph of the block
    (versions keep paragraphs more often than not)."""
    starts = [i == 0 or u.clause.paragraph != units[i - 1].clause.paragraph or u.division is not units[i - 1].division
              for i, u in enumerate(units)]
    return [set(u.keys) | extra for u, extra in zip(units, paragraph_keys(starts))]


def _token_keys(code: str):
    language = languages.get(code)
    return lambda text: [token.key for token in language.tokenize(text)]


# ---------------------------------------------------------------- corrections


def _fixed_groups(treaty: Treaty, units: dict[str, list[_Unit]]) -> list[set[str]]:
    known = {u.clause.id for lang_units in units.values() for u in lang_units}
    return [set(t for t in link.targets if t in known) for link in treaty.alignment
            if link.type == CORRECTION and any(t in known for t in link.targets)]


def _fixed_beads(src: list[_Unit], tgt: list[_Unit], fixed_groups: list[set[str]]) -> list[Bead]:
    """A corrected group as beads of this block (local indices); a one-sided group pins its
    clauses as having no counterpart."""
    beads = []
    src_at = {u.clause.id: i for i, u in enumerate(src)}
    tgt_at = {u.clause.id: j for j, u in enumerate(tgt)}
    for group in fixed_groups:
        s = sorted(src_at[c] for c in group if c in src_at)
        t = sorted(tgt_at[c] for c in group if c in tgt_at)
        if s and t:
            beads.append(Bead(tuple(s), tuple(t)))
        else:
            beads += [Bead((i,), ()) for i in s] + [Bead((), (j,)) for j in t]
    return beads


# ---------------------------------------------------------------- N-way composition


def _compose(treaty_id: str, pivot: str, langs: list[str], units: dict[str, list[_Unit]],
             pairwise: dict[str, list[tuple[Bead, dict]]], fixed_groups: list[set[str]],
             lexicon: Lexicon) -> list[AlignedGroup]:
    """Merge the pairwise beads into rows: clauses tied to a common pivot clause share a row."""
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node):
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    def union(a, b):
        parent[find(a)] = find(b)

    for u in units[pivot]:
        find((pivot, u.index))
    # Each clause's lowest bead confidence, and its beads' evidence (the beads' own dicts, not copies:
    # a long text has as many as it has clauses).
    lowest: dict[tuple[str, int], float] = {}
    evidence: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for code, beads in pairwise.items():
        for bead, shared in beads:
            nodes = [(pivot, i) for i in bead.src] + [(code, j) for j in bead.tgt]
            for node in nodes:
                find(node)
            for node in nodes[1:]:
                union(nodes[0], node)
            for node in nodes:
                lowest[node] = min(lowest.get(node, 1.0), _confidence(bead))
                evidence[node].append(shared)
    id_of = {u.clause.id: (code, u.index) for code, lang_units in units.items() for u in lang_units}
    for group in fixed_groups:
        nodes = [id_of[c] for c in group if c in id_of]
        for node in nodes[1:]:
            union(nodes[0], node)

    members: dict[tuple[str, int], list[tuple[str, int]]] = defaultdict(list)
    for node in list(parent):
        members[find(node)].append(node)
    pivot_rows = {root: min(i for c, i in nodes if c == pivot)
                  for root, nodes in members.items() if any(c == pivot for c, _ in nodes)}

    anchors: dict[str, list[int]] = {}

    def rows_before(code: str) -> list[int]:
        """For each clause of a version, the pivot row of the nearest clause before it that has
        one (-1 if none): one pass per version, not a search back from every clause."""
        if code not in anchors:
            anchors[code], last = [], -1
            for k in range(len(units[code])):
                anchors[code].append(last)
                last = pivot_rows.get(find((code, k)), last)
        return anchors[code]

    def position(nodes) -> tuple[int, int, int, int]:
        """Rows with pivot clauses sort by them; a clause without a pivot counterpart goes right
        after the row of the clause before it in its own version."""
        root = find(nodes[0])
        if root in pivot_rows:
            return (pivot_rows[root], 0, 0, 0)
        code, index = nodes[0]
        return (rows_before(code)[index], 1, order[code], index)

    fixed_ids = {frozenset(g) for g in fixed_groups}
    order = {code: n for n, code in enumerate(langs)}
    rows = []
    for nodes in members.values():
        nodes.sort(key=lambda n: (order[n[0]], n[1]))
        segments = {code: [units[code][i].clause.id for c, i in nodes if c == code] for code in langs}
        segments = {code: ids for code, ids in segments.items() if ids}
        fixed = frozenset(c for ids in segments.values() for c in ids) in fixed_ids
        first = units[nodes[0][0]][nodes[0][1]]
        pivot_unit = next((units[c][i] for c, i in nodes if c == pivot), None)
        rows.append((position(nodes), AlignedGroup(
            id=f"g.{(pivot_unit or first).clause.id}",
            article=pivot_unit.division.key if pivot_unit else None,
            segments=segments,
            confidence=1.0 if fixed else round(min(lowest.get(n, 0.5) for n in nodes), 3),
            evidence=[Evidence(kind="manual", key="correction")] if fixed else _evidence(
                {k: w for n in nodes for shared in evidence[n] for k, w in shared.items()}, lexicon),
            fixed=fixed,
        )))
    rows.sort(key=lambda r: r[0])
    return _fill_articles([g for _, g in rows])


def _fill_articles(groups: list[AlignedGroup]) -> list[AlignedGroup]:
    """A row without pivot clauses belongs to the article of the row before it."""
    previous = "pre"
    filled = []
    for group in groups:
        if group.article is None:
            group = group.model_copy(update={"article": previous})
        filled.append(group)
        previous = group.article
    return filled


def _confidence(bead: Bead) -> float:
    """The bead's score (a log-likelihood-like sum) squashed into 0..1."""
    return 1 / (1 + math.exp(-bead.score / 2)) if bead.src and bead.tgt else 0.5


def _evidence(shared: dict, lexicon: Lexicon) -> list[Evidence]:
    out = []
    # Heaviest first; keys of one weight in a fixed order (not the hash-seeded order of a set).
    for key, weight in sorted(shared.items(), key=lambda kv: (-kv[1], str(kv[0]))):
        if isinstance(key, Key) and key.kind != "paragraph":  # a paragraph start is no evidence to show
            out.append(Evidence(kind="word" if key.kind in ("word", "dict") else "number" if key.kind == "number"
                                else "punctuation", key=str(key.value), detail=f"weight {weight:.2f}"))
        elif isinstance(key, tuple) and key and key[0] in _EVIDENCE_KINDS:
            kind, value = key
            if kind == "lexicon":
                entry = lexicon.entries.get(value)
                out.append(Evidence(kind="lexicon", key=value, detail=entry.label("en") if entry else value))
            elif kind == "date":
                out.append(Evidence(kind="date", key=str(value), detail=calendars.Day(value).describe()["gregorian"]))
            elif kind == "dated":
                out.append(Evidence(kind="date", key=value, detail="both give a date"))
            elif kind == "number":
                out.append(Evidence(kind="number", key=str(value)))
            elif kind == "name":
                out.append(Evidence(kind="word", key=value, detail="a name written in both versions (transcription)"))
    return out
