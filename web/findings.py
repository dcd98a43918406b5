"""Filtering findings by type, severity, language pair and review status, with counts per value."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from itertools import combinations
from typing import get_args

from comparer.errors import InputError
from comparer.model import Finding, FindingType

SEVERITIES = ("high", "medium", "low")
REVIEWS = ("open", "confirmed", "dismissed")
TYPES = get_args(FindingType)
FILTERS = ("type", "severity", "pair", "review")


def langs_of(finding: Finding) -> set[str]:
    return set(finding.segments) | set(finding.values) | set(finding.evidence)


def pairs(langs: list[str]) -> list[str]:
    return [f"{a}-{b}" for a, b in combinations(langs, 2)]


def pairs_of(finding: Finding, langs: list[str]) -> list[str]:
    involved = langs_of(finding)
    return [p for p in pairs(langs) if set(p.split("-")) <= involved]


def options(langs: list[str]) -> dict[str, tuple[str, ...]]:
    return {"type": TYPES, "severity": SEVERITIES, "pair": tuple(pairs(langs)), "review": REVIEWS}


def parse(args: Mapping[str, str], langs: list[str]) -> dict[str, str]:
    """The filters a request asks for; an unknown value is a bad request, not an empty result."""
    chosen = {}
    allowed = options(langs)
    for name in FILTERS:
        value = args.get(name) or ""
        if not value:
            continue
        if value not in allowed[name]:
            raise InputError(f"unknown {name} {value!r} (expected one of: {', '.join(allowed[name])})")
        chosen[name] = value
    return chosen


def values_of(finding: Finding, langs: list[str]) -> dict[str, list[str]]:
    return {"type": [finding.type], "severity": [finding.severity], "pair": pairs_of(finding, langs),
            "review": [finding.review]}


def matches(finding: Finding, chosen: Mapping[str, str], langs: list[str]) -> bool:
    values = values_of(finding, langs)
    return all(value in values[name] for name, value in chosen.items())


def counts(findings: list[Finding], langs: list[str]) -> dict[str, Counter]:
    out: dict[str, Counter] = {name: Counter() for name in FILTERS}
    for finding in findings:
        for name, values in values_of(finding, langs).items():
            out[name].update(values)
    return out


def by_severity(findings: list[Finding]) -> dict[str, int]:
    tally = Counter(f.severity for f in findings)
    return {s: tally[s] for s in SEVERITIES}
