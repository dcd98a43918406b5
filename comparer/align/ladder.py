"""The Text+Berg ladder format and plain-text input: one bead or one sentence a line.

A ladder line is ``[0, 1]:[2]`` (source line numbers, a colon, target line numbers, both
0-based); an unlinked unit has an empty side, ``[5]:[]`` or ``[]:[7]``.  This is the format
of the Text+Berg gold set used by Bleualign, Vecalign and Bertalign.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Iterable

from comparer import limits
from comparer.errors import ComparerError
from comparer.align.beads import Bead
from comparer.align.similarity import align_texts

_LADDER_LINE = re.compile(r"^\[([\d,\s]*)\]\s*:\s*\[([\d,\s]*)\]$")


class AlignInputError(ValueError):
    """An input file cannot be aligned or parsed (empty, binary, not UTF-8, malformed)."""


def format_ladder(beads: Iterable[Bead]) -> str:
    return "".join(f"[{', '.join(map(str, b.src))}]:[{', '.join(map(str, b.tgt))}]\n"
                   for b in beads)


def parse_ladder(text: str, origin: str = "ladder") -> list[Bead]:
    beads = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LADDER_LINE.match(line.strip())
        if not match:
            raise AlignInputError(f"{origin}, line {number}: not a ladder bead: {line!r}")
        src, tgt = (tuple(int(x) for x in side.replace(",", " ").split()) for side in match.groups())
        beads.append(Bead(src, tgt))
    return beads


def read_ladder(path: str | Path) -> list[Bead]:
    return parse_ladder(_read_text(Path(path)), str(path))


def write_ladder(path: str | Path, beads: Iterable[Bead]) -> None:
    Path(path).write_text(format_ladder(beads), encoding="utf-8")


def read_units(path: str | Path) -> list[str]:
    """The lines of a UTF-8 text file with one sentence (unit) a line; line k is unit k."""
    text = _read_text(Path(path))
    units = text.split("\n")
    if units and units[-1] == "":
        units.pop()  # the newline that ends the last line does not start a unit
    if not any(u.strip() for u in units):
        raise AlignInputError(f"{path}: no text to align (the file is empty)")
    return [u.rstrip("\r") for u in units]


def align_files(src_path: str | Path, tgt_path: str | Path, **options: Any) -> list[Bead]:
    """Align two one-sentence-a-line files; ``options`` go to `similarity.align_texts`."""
    return align_texts(read_units(src_path), read_units(tgt_path), **options).beads


def _read_text(path: Path) -> str:
    try:
        data = limits.read_limited(path)  # unreadable, or over the input limit
    except ComparerError as error:
        raise AlignInputError(str(error)) from None
    if b"\0" in data:
        raise AlignInputError(f"{path}: binary data, not a text file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise AlignInputError(f"{path}: not UTF-8 text (bad byte at offset {error.start})") from error
