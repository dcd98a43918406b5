"""Mutation test of the checks: one controlled change to one version, checked against another.

For every treaty and every ordered pair of versions (A changed, B as it is), mutations are
generated systematically over the aligned groups: drop a place name, put another river (town,
…) in its place, change a number, swap a direction for its opposite, move a date by one day,
turn one modality into another, delete a clause. Each is checked against B over the baseline
alignment (a deleted clause leaves its row), and compared with the findings before the change:

- a hit: a new finding of the expected type at the right article, naming the changed clause
  (for a deletion, B's clause) and, where it applies, the right lexicon entry;
- side effects: any other new finding, and any finding that disappeared (other than findings
  about a deleted clause, which cannot survive it), counted by where they are: on the changed
  row (a finding of another type than expected), on the rows next to it (a deleted clause no
  longer gives its names to the rows around it, where the checks look for a name moved or not
  repeated, and to the later rows of its article, which may refer back to it), length outliers (the pair's length norm is learnt from all rows), elsewhere
  (which must not happen).

Only mutations with a clear expectation are generated: the group has both versions transcribed,
the check reported nothing of that family there before, and the changed item is one that B
states too. `pytest -s` prints recall and side effects per kind.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import permutations, takewhile

import pytest

from comparer import calendars
from comparer import lang as languages
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.check.context import MODALITY_GROUP
from comparer.mentions import LexiconMatcher
from comparer.model import Alignment, CheckReport, Clause, Lexicon, Mark, Treaty

PER_KIND_AND_PAIR = 6  # the first candidates in text order, to keep the run short
MIN_RECALL = 0.9
CONCEPT_FAMILY = {"missing_concept", "moved", "name_mismatch"}


@dataclass
class Mutation:
    kind: str
    index: int  # the changed group
    treaty: Treaty
    alignment: Alignment
    expected: set[str]
    article: str | None
    clause: str
    concepts: set[str] = field(default_factory=set)
    removed: str | None = None  # a deleted clause id


# ---------------------------------------------------------------- editing one clause


def _moved_offset(p: int, start: int, end: int, length: int, is_end: bool) -> int:
    if p <= start and not (is_end and p == start and end > start):
        return p
    if p >= end:
        return p + length - (end - start)
    return start + length if is_end else start


def replace_span(clause: Clause, start: int, end: int, new: str) -> Clause:
    """The clause with text[start:end] replaced by `new`, its editorial marks kept in place."""
    marks = [Mark(kind=m.kind, attrs=m.attrs, body=m.body,
                  start=_moved_offset(m.start, start, end, len(new), False),
                  end=max(_moved_offset(m.start, start, end, len(new), False),
                          _moved_offset(m.end, start, end, len(new), True)))
             for m in clause.marks]
    return clause.model_copy(update={"text": clause.text[:start] + new + clause.text[end:], "marks": marks})


def with_clause(treaty: Treaty, key: str, clause_id: str, new: Clause | None) -> Treaty:
    """The treaty with one clause of version `key` replaced (or removed when `new` is None)."""
    version = treaty.versions[key]
    primary = version.primary
    divisions = []
    for d in primary.divisions:
        clauses = [new if c.id == clause_id else c for c in d.clauses] if new else \
            [c for c in d.clauses if c.id != clause_id]
        divisions.append(d.model_copy(update={"clauses": clauses}))
    witness = primary.model_copy(update={"divisions": divisions})
    versions = dict(treaty.versions) | {key: version.model_copy(update={"witnesses": [witness, *version.witnesses[1:]]})}
    return treaty.model_copy(update={"versions": versions})


def without_clause(alignment: Alignment, key: str, clause_id: str) -> Alignment:
    groups = []
    for g in alignment.groups:
        segments = {k: [c for c in ids if c != clause_id] for k, ids in g.segments.items()}
        groups.append(g.model_copy(update={"segments": {k: ids for k, ids in segments.items() if ids}}))
    return alignment.model_copy(update={"groups": groups})


# ---------------------------------------------------------------- what a group holds


class Pair:
    """Version A (to be changed) and B in one treaty, with the baseline alignment and report."""

    def __init__(self, treaty: Treaty, lexicon: Lexicon, matcher: LexiconMatcher, a: str, b: str):
        self.treaty, self.lexicon, self.matcher, self.a, self.b = treaty, lexicon, matcher, a, b
        self.alignment = align_treaty(treaty, lexicon, langs=[a, b], semantic=False, matcher=matcher)
        self.report = check_treaty(treaty, lexicon, langs=[a, b], alignment=self.alignment)
        self.clauses = treaty.clause_index()
        self.members = defaultdict(list)
        for entry in lexicon.entries.values():
            if entry.group:
                self.members[entry.group].append(entry.id)

    def lang(self, key: str) -> str:
        return self.treaty.versions[key].lang

    def clauses_of(self, index: int, key: str) -> list[Clause]:
        return [self.clauses[c] for c in self.alignment.groups[index].segments.get(key, [])]

    def comparable(self, index: int) -> bool:
        return all(any(c.text.strip() for c in self.clauses_of(index, k)) for k in (self.a, self.b))

    def reported(self, index: int, types: set[str]) -> bool:
        ids = {c for k in (self.a, self.b) for c in self.alignment.groups[index].segments.get(k, [])}
        return any(f.type in types and ids & {c for v in f.segments.values() for c in v} for f in self.report.findings)

    def mentions(self, index: int, key: str) -> list[tuple[Clause, object]]:
        return [(c, m) for c in self.clauses_of(index, key) for m in self.matcher.find(self.lang(key), c.text)]

    def named(self, index: int, key: str) -> Counter:
        return Counter(m.key for _, m in self.mentions(index, key))

    def unused(self, entry_id: str) -> bool:
        """Neither version names the entry, nor has a word starting like one of its forms (a
        replacement name must be new to both texts: Fuzhou is no new name where Fuzhoufu stands)."""
        for key in (self.a, self.b):
            text = " ".join(c.text for c in self.treaty.versions[key].primary.clauses()).casefold()
            forms = [f.text.casefold() for forms in self.lexicon.entries[entry_id].forms.values() for f in forms]
            if any(m.key == entry_id for m in self.matcher.find(self.lang(key), text)) or any(f in text for f in forms):
                return False
        return True

    def near(self, index: int) -> set[str]:
        """Clause ids of the group, of each version's neighbouring groups and of the later groups
        of its article, where the checks look by design (a name given one row earlier or later is
        `moved` or not repeated; a later row may refer back to it: 其南岸, "its south bank")."""
        groups = self.alignment.groups
        later = range(index + 1, len(groups))
        rows = {index} | {n for k in (self.a, self.b) for n in self.neighbours(index, k)} | set(
            takewhile(lambda n: groups[n].article == groups[index].article, later))
        return {c for i in rows for ids in self.alignment.groups[i].segments.values() for c in ids}

    def neighbours(self, index: int, key: str) -> list[int]:
        found = []
        for step in (-1, 1):
            i = index + step
            while 0 <= i < len(self.alignment.groups) and not self.clauses_of(i, key):
                i += step
            if 0 <= i < len(self.alignment.groups):
                found.append(i)
        return found

    def form(self, entry_id: str, key: str) -> str | None:
        forms = self.lexicon.entries[entry_id].forms.get(self.lang(key), [])
        return next((f.text for f in forms if f.type == "canonical"), forms[0].text if forms else None)

    def mutation(self, kind, index, clause, start, end, new, expected, concepts=()) -> Mutation:
        changed = with_clause(self.treaty, self.a, clause.id, replace_span(clause, start, end, new))
        return Mutation(kind, index, changed, self.alignment, expected, self.alignment.groups[index].article,
                        clause.id, set(concepts))


# ---------------------------------------------------------------- the mutations


def drop_name(p: Pair, index: int):
    if p.reported(index, CONCEPT_FAMILY):
        return
    named_a, named_b = p.named(index, p.a), p.named(index, p.b)
    around = {k for n in p.neighbours(index, p.a) for k in p.named(n, p.a)}
    for clause, m in p.mentions(index, p.a):
        entry = p.lexicon.entries[m.key]
        if entry.kind == "place" and named_a[m.key] == 1 and named_b[m.key] and m.key not in around:
            yield p.mutation("drop name", index, clause, m.start, m.end, "", {"missing_concept"}, {m.key})


def swap_name(p: Pair, index: int):
    if p.reported(index, CONCEPT_FAMILY):
        return
    named_a, named_b = p.named(index, p.a), p.named(index, p.b)
    around = {k for n in p.neighbours(index, p.a) for k in p.named(n, p.a)}
    for clause, m in p.mentions(index, p.a):
        entry = p.lexicon.entries[m.key]
        if entry.kind != "place" or named_a[m.key] != 1 or not named_b[m.key] or m.key in around:
            continue
        other = next((e.id for e in p.lexicon.entries.values()
                      if (e.kind, e.type) == (entry.kind, entry.type) and p.form(e.id, p.a) and p.unused(e.id)), None)
        if other:
            yield p.mutation("swap name", index, clause, m.start, m.end, p.form(other, p.a),
                             {"name_mismatch"}, {m.key, other})


def change_number(p: Pair, index: int):
    if p.reported(index, {"number_mismatch"}):
        return
    theirs = Counter(n.value for c in p.clauses_of(index, p.b) for n in _quantities(p.lang(p.b), c.text))
    for clause in p.clauses_of(index, p.a):
        for n in _quantities(p.lang(p.a), clause.text):
            if theirs[n.value] and not theirs[n.value + 1]:
                yield p.mutation("change number", index, clause, n.start, n.end, str(n.value + 1), {"number_mismatch"})


def _quantities(lang: str, text: str):
    """Numbers outside dates, other than a spelled-out one or two (idiom: "both", "together")."""
    language = languages.get(lang)
    dates = language.dates(text)
    return [n for n in language.numbers(text)
            if (n.value > 2 or n.surface.isdigit()) and not any(d.start <= n.start and n.end <= d.end for d in dates)]


def swap_direction(p: Pair, index: int):
    """Left bank for right bank and back (and upstream/downstream): every pair of opposites in a clause."""
    if p.reported(index, {"direction_mismatch"}):
        return
    named_b = p.named(index, p.b)
    opposites = {m: next(o for o in ms if o != m) for g, ms in p.members.items()
                 if len(ms) == 2 and g != MODALITY_GROUP for m in ms}
    for clause in p.clauses_of(index, p.a):
        hits = [m for m in p.matcher.find(p.lang(p.a), clause.text) if m.key in opposites]
        if not hits or not any(named_b[m.key] or named_b[opposites[m.key]] for m in hits):
            continue
        changed = clause
        for m in sorted(hits, key=lambda m: -m.start):  # from the end, so earlier offsets stay valid
            changed = replace_span(changed, m.start, m.end, p.form(opposites[m.key], p.a))
        yield Mutation("swap direction", index, with_clause(p.treaty, p.a, clause.id, changed), p.alignment,
                       {"direction_mismatch"}, p.alignment.groups[index].article, clause.id)


def shift_date(p: Pair, index: int):
    if p.reported(index, {"date_mismatch"}):
        return
    theirs = [d for c in p.clauses_of(index, p.b) for d in languages.get(p.lang(p.b)).dates(c.text)]
    for clause in p.clauses_of(index, p.a):
        for d in languages.get(p.lang(p.a)).dates(clause.text):
            if d.year is None or d.alternative or not any(_same_day(d, t) for t in theirs):
                continue
            new = _next_day(d)
            if new is not None:
                yield p.mutation("shift date", index, clause, d.start, d.end, new, {"date_mismatch"})


def _readings(d):
    try:
        return calendars.readings(d.calendar, d.era, d.year, d.month, d.day, d.leap_month)
    except calendars.InvalidDate:
        return {}


def _same_day(d, t) -> bool:
    a, b = _readings(d), _readings(t)
    return bool(a and b and calendars.same_day(a, b)[0])


def _next_day(d) -> str | None:
    """The date expression with its day one later, written as the text writes days: in figures
    where it has them (16 мая, "IV луны, 21-го числа"), else as a Qing document writes dates."""
    written = list(re.finditer(rf"(?<!\d){d.day}(?!\d)", d.surface))
    if d.day >= 28 or len(written) > 1:
        return None  # "8th year, 4th moon, 8th day": which 8 is the day?
    if not written:
        return calendars.QingDate(d.era, d.year, d.month, d.day + 1, d.leap_month).chinese() if d.era else None
    return d.surface[:written[0].start()] + str(d.day + 1) + d.surface[written[0].end():]


def change_modality(p: Pair, index: int):
    if p.reported(index, {"modality_mismatch"}):
        return
    modal = set(p.members[MODALITY_GROUP])
    named_a, named_b = p.named(index, p.a), p.named(index, p.b)
    if {k for k in named_a if k in modal} != {k for k in named_b if k in modal}:
        return  # the versions state modality differently already: no clear expectation
    for clause, m in p.mentions(index, p.a):
        if m.key not in modal or named_a[m.key] != 1:
            continue
        language = languages.get(p.treaty.versions[p.a].lang)
        if any(n.covers(m.start, m.end) for n in language.negations(clause.text)):
            continue  # "не только": no modality of its own to change
        other = next((o for o in sorted(modal) if o != m.key and not named_a[o] and not named_b[o] and p.form(o, p.a)), None)
        if other:
            yield p.mutation("change modality", index, clause, m.start, m.end, p.form(other, p.a), {"modality_mismatch"})


def delete_clause(p: Pair, index: int):
    if p.reported(index, {"unaligned_clause"}):
        return
    mine, theirs = p.clauses_of(index, p.a), p.clauses_of(index, p.b)
    if len(mine) == 1 and mine[0].text.strip():
        changed = with_clause(p.treaty, p.a, mine[0].id, None)
        yield Mutation("delete clause", index, changed, without_clause(p.alignment, p.a, mine[0].id), {"unaligned_clause"},
                       p.alignment.groups[index].article, theirs[0].id, removed=mine[0].id)


KINDS = (drop_name, swap_name, change_number, swap_direction, shift_date, change_modality, delete_clause)


# ---------------------------------------------------------------- running them


def _ids(finding) -> set[str]:
    return {c for ids in finding.segments.values() for c in ids}


def judge(pair: Pair, mutation: Mutation) -> tuple[bool, Counter]:
    """Was the expected finding reported, and which other findings appeared or disappeared:
    next to the change (where the checks look by design), in the learnt length norm, elsewhere."""
    after: CheckReport = check_treaty(mutation.treaty, pair.lexicon, langs=[pair.a, pair.b], alignment=mutation.alignment)
    before = {f.id: f for f in pair.report.findings}
    now = {f.id: f for f in after.findings}
    new = [f for i, f in now.items() if i not in before]
    hits = [f for f in new if f.type in mutation.expected and f.article == mutation.article
            and mutation.clause in _ids(f)
            and (not mutation.concepts or mutation.concepts & ({f.concept} | set(f.values.values())))]
    gone = [f for i, f in before.items() if i not in now and mutation.removed not in _ids(f)]
    row = {c for ids in mutation.alignment.groups[mutation.index].segments.values() for c in ids}
    near = pair.near(mutation.index)
    effects = Counter()
    for f in [f for f in new if f not in hits[:1]] + gone:
        effects["length norm" if f.type == "length_outlier" else "same row" if _ids(f) & row
                else "next rows" if _ids(f) & near else "elsewhere"] += 1
    return bool(hits), effects


@pytest.fixture(scope="module")
def results(corpus):
    matcher = LexiconMatcher(corpus.lexicon)
    table: dict[str, Counter] = defaultdict(Counter)
    misses: list[str] = []
    for treaty in corpus.treaties.values():
        for a, b in permutations(treaty.versions, 2):
            pair = Pair(treaty, corpus.lexicon, matcher, a, b)
            for kind in KINDS:
                made = 0
                for index in range(len(pair.alignment.groups)):
                    if made >= PER_KIND_AND_PAIR or not pair.comparable(index):
                        continue
                    for mutation in kind(pair, index):
                        if made >= PER_KIND_AND_PAIR:
                            break
                        made += 1
                        hit, effects = judge(pair, mutation)
                        row = table[mutation.kind]
                        row["mutations"] += 1
                        row["found"] += hit
                        row.update(effects)
                        if not hit:
                            misses.append(f"{mutation.kind}: {mutation.clause} ({treaty.id} {a}→{b})")
    return table, misses


def test_mutations_are_found_and_change_nothing_elsewhere(results):
    table, misses = results
    total = sum(table.values(), Counter())
    columns = ("mutations", "found", "same row", "next rows", "length norm", "elsewhere")
    print(f"\n{'mutation':<17}" + "".join(f"{c:>13}" for c in columns) + f"{'recall':>8}")
    for kind, row in sorted(table.items()) + [("all", total)]:
        print(f"{kind:<17}" + "".join(f"{row[c]:>13}" for c in columns) + f"{row['found'] / row['mutations']:>8.2f}")
    for miss in misses:
        print("  missed", miss)
    assert set(table) == {"drop name", "swap name", "change number", "swap direction", "shift date",
                          "change modality", "delete clause"}
    assert total["found"] / total["mutations"] >= MIN_RECALL
    assert total["elsewhere"] == 0
    # only a deleted clause or a name gone changes what the rows next to it can refer to
    assert sum(row["next rows"] for kind, row in table.items()
               if kind not in ("delete clause", "drop name", "swap name")) == 0
