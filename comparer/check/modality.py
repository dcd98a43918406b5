"""modality_mismatch: one version says "may" where another says "shall", "shall not" or "only".

The modal terms are the members of the lexicon group concept.modality. Translations often
spell out a modality the other text leaves implicit, or add "only", so a modality found in one
version alone is no mismatch; a group is reported when each of two versions has a modality the
other lacks (a substitution).
"""

from __future__ import annotations

from dataclasses import replace

from comparer import lang as languages
from comparer.check.context import CheckContext, Hit, Side, disagreements, grade, langs_by_value
from comparer.model import Finding

# Modal words are matched without their verbs and negations, so "undertakes to leave them" and
# "shall not take" look like obligation against prohibition: a lead to read, never certain.
BASE_SEVERITY = "medium"


def _modal(ctx: CheckContext, side: Side) -> list[Hit]:
    """The modal words of a side with what they say in their statement (the language's negation
    rules: "не только" includes others and is no modality; "обязуется не преследовать" is a
    prohibition), each as the lexicon concept of that modality."""
    grammar = languages.get(side.lang).statements
    found = []
    for clause in side.clauses:
        hits = [h for h in side.mentions if h.clause is clause and ctx.is_modality(h.item)]
        if not hits or grammar is None:
            found += hits
            continue
        language = languages.get(side.lang)
        negations = [n for n in language.negations(clause.text)
                     if not any(h.start <= n.start < h.end for h in hits)]  # "tidak boleh" is one modal word
        spans = [(h.start, h.end) for h in hits]
        for h in hits:
            kind = grammar.modality_at(h.item.id.removeprefix("concept."), h.start, h.end, negations,
                                       clause.text, spans)
            entry = ctx.lexicon.entries.get(f"concept.{kind}")
            if entry is not None and ctx.is_modality(entry):
                found.append(replace(h, item=entry))
    return found


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
