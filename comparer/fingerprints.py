"""What text a decision saw: a short hash of the clauses a review or correction points at.

It is taken when the decision is made and stored with it (comparer.review); when the text of those
clauses changes, the decision is shown as stale, never dropped. The TEI export marks such reviews too.
"""

from __future__ import annotations

import hashlib

from comparer.model import Treaty


class ClauseTexts:
    """The treaty's clauses and witnesses by id, looked up once for many fingerprints."""

    def __init__(self, treaty: Treaty):
        self.clauses = treaty.clause_index()
        self.witnesses = {w.id: w for v in treaty.versions.values() for w in v.witnesses}

    def fingerprint(self, targets: list[str]) -> str:
        """A hash of the text the targets point at: their clauses, or whole versions when they name no
        clause. A version named beside clauses only says which language lacks a counterpart, so it adds
        nothing."""
        names_clauses = any(t in self.clauses for t in targets)
        parts = []
        for target in targets:
            if target in self.clauses:
                parts.append(f"{target}\x1f{self.clauses[target].text}")
            elif target in self.witnesses:
                if not names_clauses:
                    parts += [f"{c.id}\x1f{c.text}" for c in self.witnesses[target].clauses()]
            else:
                parts.append(f"{target}\x1f\x00")  # pointing at nothing: the clause is gone
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:12]

    def stale(self, targets: list[str], stored: str | None) -> bool:
        """Whether the text changed since the stored fingerprint was taken (unknown without one)."""
        return stored is not None and self.fingerprint(targets) != stored


def fingerprint(treaty: Treaty, targets: list[str]) -> str:
    return ClauseTexts(treaty).fingerprint(targets)
