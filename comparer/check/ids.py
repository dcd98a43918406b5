"""Stable finding ids: the same disagreement in the same clauses always gets the same id.

Reviews in the TEI standOff point at findings by id, so an id must survive re-running the check
and must not depend on message wording, severity or the order the checks ran in.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

PREFIX = "F-"


def finding_id(finding_type: str, article: str | None, clause_ids: Iterable[str], concept: str | None) -> str:
    """`F-` + 8 hex digits of a hash of the type, article, sorted clause ids and concept."""
    key = "\x1f".join([finding_type, article or "", ",".join(sorted(set(clause_ids))), concept or ""])
    return PREFIX + hashlib.sha256(key.encode("utf-8")).hexdigest()[:8]
