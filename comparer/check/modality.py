"""modality_mismatch: one version says "may" where another says "shall", "shall not" or "only".

The modal terms are the members of the lexicon group concept.modality. Translations often
spell out a modality the other text leaves implicit, or add "only", so a modality found in one
version alone is no mismatch; a group is reported when each of two versions has a modality the
other lacks (a substitution).
"""

from __future__ import annotations

from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.model import Finding

# Modal words are matched without their verbs and negations, so "undertakes to leave them" and
# "shall not take" look like obligation against prohibition: a lead to read, never certain.
BASE_SEVERITY = "medium"


def _modal(ctx: CheckContext, side: Side) -> list[Hit]:
    return [h for h in side.mentions if ctx.is_modality(h.item)]


def _differ(ctx: CheckContext, a: Side, b: Side) -> bool:
    ma = {h.item.id for h in _modal(ctx, a)}
    mb = {h.item.id for h in _modal(ctx, b)}
    return bool(ma - mb) and bool(mb - ma)


def check(ctx: CheckContext) -> list[Finding]:
    findings = []
    for group, sides in disagreements(ctx, lambda a, b: _differ(ctx, a, b)):
        langs = list(sides)
        hits = {k: _modal(ctx, s) for k, s in sides.items()}
        shown = langs_by_value({k: ", ".join(dict.fromkeys(f"{ctx.label(h.item)} ({h.surface})" for h in hs))
                                for k, hs in hits.items()})
        doubtful = any(h.doubtful for hs in hits.values() for h in hs)
        findings.append(ctx.finding(
            "modality_mismatch", grade(BASE_SEVERITY, doubtful=doubtful), group.article,
            {k: s.ids for k, s in sides.items()},
            ctx.messages.say("modality_mismatch", listing=ctx.messages.listing(shown)),
            concept=hits[langs[0]][0].item.id,
            values={k: ", ".join(dict.fromkeys(h.item.id for h in hs)) for k, hs in hits.items()},
            evidence={k: [h.surface for h in hs] for k, hs in hits.items()},
        ))
    return findings
