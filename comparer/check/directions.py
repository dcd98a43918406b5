"""direction_mismatch: the versions of a group give directions that exclude each other.

Directions are the members of the lexicon's label groups other than modality (left/right bank,
north/south/east/west side, upstream/downstream, and likewise land/sea trade route). Where a
direction is followed by the state it assigns land to ("the left bank … shall belong to
Russia"), directions are also compared per state, which catches a left/right swap in a clause
that names both. Two sets of directions conflict when, within a group both use, they share no
member (left bank / right bank), or when they use different groups and share nothing (left bank /
north side); "left bank (north)" against "north side" agrees."""

from __future__ import annotations

from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.model import Finding


def _directions(ctx: CheckContext, side: Side) -> list[Hit]:
    return [h for h in side.mentions if ctx.is_direction(h.item)]


def _slots(ctx: CheckContext, side: Side) -> dict[str, set[str]]:
    """State id -> the directions whose span (up to the next direction of the same lexicon
    group in that clause) names it."""
    slots: dict[str, set[str]] = {}
    directions = _directions(ctx, side)
    for hit in directions:
        group = ctx.exclusive_groups[hit.item.id]
        end = next((d.start for d in directions if d.clause is hit.clause and d.start > hit.start
                    and ctx.exclusive_groups[d.item.id] == group), len(hit.clause.text))
        for m in side.mentions:
            if m.clause is hit.clause and hit.end <= m.start < end and m.item.kind == "org":
                slots.setdefault(m.item.id, set()).add(hit.item.id)
    return slots


def _conflict(ctx: CheckContext, mine: set[str], theirs: set[str]) -> bool:
    """Directions exclude each other when, in a lexicon group both texts use, they share no
    member (left bank / right bank), or when the texts use different groups and share nothing
    (left bank / north side). "Left bank (north)" against "north side" agrees."""
    if not mine or not theirs:
        return False
    groups = ctx.exclusive_groups
    common = {groups[d] for d in mine} & {groups[d] for d in theirs}
    if not common:
        return True
    return any(not ({d for d in mine if groups[d] == g} & {d for d in theirs if groups[d] == g}) for g in common)


def _differ(ctx: CheckContext, a: Side, b: Side) -> bool:
    sa, sb = _slots(ctx, a), _slots(ctx, b)
    if any(_conflict(ctx, sa[state], sb[state]) for state in sa.keys() & sb.keys()):
        return True
    return _conflict(ctx, {h.item.id for h in _directions(ctx, a)}, {h.item.id for h in _directions(ctx, b)})


def _value(ctx: CheckContext, side: Side) -> str:
    slots = _slots(ctx, side)
    parts = []
    for hit in _directions(ctx, side):
        states = sorted(s for s, dirs in slots.items() if hit.item.id in dirs)
        part = hit.item.id + "".join(f" → {s}" for s in states)
        if part not in parts:
            parts.append(part)
    return "; ".join(parts)


def _shown(ctx: CheckContext, side: Side) -> str:
    slots = _slots(ctx, side)
    entries = ctx.lexicon.entries
    parts = []
    for hit in _directions(ctx, side):
        states = [ctx.label(entries[s]) for s, dirs in sorted(slots.items()) if hit.item.id in dirs]
        parts.append(f"{ctx.label(hit.item)} ({hit.surface})" + "".join(f" → {s}" for s in states))
    return ", ".join(dict.fromkeys(parts))


def _groups_named(ctx: CheckContext, hits: dict[str, list[Hit]]) -> str:
    """'bank', or 'bank/side' when the versions use different groups."""
    groups = dict.fromkeys(ctx.exclusive_groups[h.item.id] for hs in hits.values() for h in hs)
    return "/".join(ctx.label(ctx.lexicon.groups[g]) for g in groups)


def check(ctx: CheckContext) -> list[Finding]:
    findings = []
    for group, sides in disagreements(ctx, lambda a, b: _differ(ctx, a, b)):
        langs = list(sides)
        shown = langs_by_value({k: _shown(ctx, s) for k, s in sides.items()})
        hits = {k: _directions(ctx, s) for k, s in sides.items()}
        doubtful = any(h.doubtful for hs in hits.values() for h in hs)
        findings.append(ctx.finding(
            "direction_mismatch", grade("high", doubtful=doubtful), group.article,
            {k: s.ids for k, s in sides.items()},
            ctx.messages.say("direction_mismatch", what=_groups_named(ctx, hits), listing=ctx.messages.listing(shown)),
            concept=hits[langs[0]][0].item.id,
            values={k: _value(ctx, s) for k, s in sides.items()},
            evidence={k: [h.surface for h in hs] for k, hs in hits.items()},
        ))
    return findings
