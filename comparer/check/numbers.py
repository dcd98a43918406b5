"""number_mismatch: the versions of a group state different numbers (after numeral normalisation).

Numbers are compared as multisets of values, so "двадцать", "二十" and "20" agree. A group is
reported when two versions each have a number the other lacks; a number only one version states
(an added year in parentheses, an ordinal the other language leaves implicit) is not a mismatch.
Numbers inside dates are left to the date check.
"""

from __future__ import annotations

from collections import Counter

from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.model import Finding

IDIOMATIC_MAX = 2


def _counted(hit: Hit) -> bool:
    """Spelled-out one and two are mostly idiom, not quantity (兩國 "both states", 一同
    "together", "one another"); they count only when written in digits."""
    return hit.item.value > IDIOMATIC_MAX or hit.surface.isdigit()


def _values(side: Side) -> Counter:
    return Counter(h.item.value for h in side.numbers if _counted(h))


def _differ(a: Side, b: Side) -> bool:
    va, vb = _values(a), _values(b)
    return bool(va - vb) and bool(vb - va)


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
