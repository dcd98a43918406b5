"""One colour per lexicon entry, derived from its id so it is the same on every page and every run.

Served as a stylesheet because the Content-Security-Policy allows no inline styles.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterable

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]+$")  # ids usable verbatim in a CSS attribute selector


def entry_hue(entry_id: str) -> int:
    return zlib.crc32(entry_id.encode("utf-8")) % 360


def stylesheet(entry_ids: Iterable[str]) -> str:
    """Sets --hue per entry; an id a selector could not hold safely keeps the default colour."""
    return "".join(
        f'.lx[data-entry="{entry_id}"]{{--hue:{entry_hue(entry_id)}}}\n'
        for entry_id in entry_ids
        if _SAFE_ID.match(entry_id)
    )
