"""The evidence keys the aligner builds itself (caller-supplied keys are kept as given)."""
from __future__ import annotations

from typing import Hashable, NamedTuple


class Key(NamedTuple):
    """Built-in evidence: ``kind`` picks its weight (`similarity.Weights.kinds`)."""

    kind: str  # "number", "date", "word", "punct", "paragraph", "dict", "name" or "division"
    value: Hashable
