"""number_mismatch: the versions of a group state different numbers (after numeral normalisation).

Numbers are compared as multisets of values, so "двадцать", "二十" and "20" agree. A group is
reported when two versions each have a number the other lacks; a number only one version states
(an added year in parentheses, an ordinal the other language leaves implicit) is not a mismatch.
Numbers inside dates are left to the date check. A number followed by a unit of measure
(`Language.unit_after`) also agrees with a number in another unit of the same quantity: 20 верст
in the Russian and 四十里 in the Chinese are one distance (comparer.units).
"""

from __future__ import annotations

from collections import Counter

from comparer import lang as languages
from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.model import Finding
from comparer.units import same_quantity

IDIOMATIC_MAX = 2

Quantity = tuple[int, "str | None"]  # a value and its unit, if the text gives one


def _counted(hit: Hit) -> bool:
    """Spelled-out one and two are mostly idiom, not quantity (兩國 "both states", 一同
    "together", "one another"); they count only when written in digits."""
    return hit.item.value > IDIOMATIC_MAX or hit.surface.isdigit()


def _values(side: Side) -> Counter:
    return Counter(h.item.value for h in side.numbers if _counted(h))


def _quantities(side: Side) -> list[Quantity]:
    language = languages.get(side.lang)
    return [(h.item.value, language.unit_after(h.clause.text, h.end)) for h in side.numbers if _counted(h)]


def _unmatched(own: list[Quantity], other: list[Quantity]) -> list[Quantity]:
    """The quantities of `own` that no quantity of `other` states: the same value first, then the
    same amount in another unit. Each quantity of `other` answers for one of `own` only."""
    left = Counter(other)
    rest = []
    for quantity in own:
        same = next((q for q in left if q[0] == quantity[0] and left[q]), None)
        if same is None:
            rest.append(quantity)
        else:
            left[same] -= 1
    unmatched = []
    for value, unit in rest:
        converted = next((q for q in left if left[q] and unit and q[1] and q[1] != unit
                          and same_quantity(value, unit, *q)), None)
        if converted is None:
            unmatched.append((value, unit))
        else:
            left[converted] -= 1
    return unmatched


def _differ(a: Side, b: Side) -> bool:
    qa, qb = _quantities(a), _quantities(b)
    return bool(_unmatched(qa, qb)) and bool(_unmatched(qb, qa))


def check(ctx: CheckContext) -> list[Finding]:
    findings = []
    for group, sides in disagreements(ctx, _differ):
        values = {k: ", ".join(str(v) for v in sorted(_values(s).elements())) for k, s in sides.items()}
        by_value = langs_by_value(values)
        # A gap may hold the other version's number: never high where text is missing or doubtful.
        counted = {k: [h for h in s.numbers if _counted(h)] for k, s in sides.items()}
        doubtful = any(h.doubtful for hs in counted.values() for h in hs) or any(s.has_gap for s in sides.values())
        findings.append(ctx.finding(
            "number_mismatch", grade("high", doubtful=doubtful), group.article,
            {k: s.ids for k, s in sides.items()},
            ctx.messages.say("number_mismatch", listing=ctx.messages.listing(by_value)),
            values=values, evidence={k: [h.surface for h in hs] for k, hs in counted.items()},
        ))
    return findings
