"""Text for a terminal: tables as wide as the terminal, lines broken where the script allows.

Widths are terminal cells as rich measures them (a Chinese character takes two, a combining accent
none). A line breaks at a space, or between two characters where either is wide (Chinese writes no
spaces), but never before closing punctuation (，。、；：！？」』） and their narrow kin: Unicode's
close, final-quote and other punctuation) nor after opening punctuation (「『（): those stay with the
character they belong to, as Chinese typesetting keeps them.
"""

from __future__ import annotations

import io
import shutil
import unicodedata

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

DEFAULT_WIDTH = 100  # when the output is no terminal and COLUMNS is not set
_OPENS_A_LINE = "¡¿"  # other punctuation that may start a line (it opens a Spanish sentence)


def terminal_width() -> int:
    """The terminal's width in cells (COLUMNS wins, as shutil reads it)."""
    return shutil.get_terminal_size((DEFAULT_WIDTH, 24)).columns


def no_line_start(char: str) -> bool:
    """Closing punctuation, which must not begin a line."""
    category = unicodedata.category(char)
    return category in ("Pe", "Pf") or (category == "Po" and char not in _OPENS_A_LINE)


def no_line_end(char: str) -> bool:
    """Opening punctuation, which must not end a line."""
    return unicodedata.category(char) in ("Ps", "Pi")


def _opening(piece: str) -> bool:
    """A piece that opens what follows it: it ends with opening punctuation, or is punctuation that
    starts with some ('[?', the mark of an uncertain reading)."""
    return no_line_end(piece[-1]) or (no_line_end(piece[0]) and all(unicodedata.category(c)[0] == "P" for c in piece))


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _pieces(text: str) -> list[tuple[str, bool]]:
    """The text as unbreakable pieces, each with whether a space comes before it: a word of a spaced
    script, a wide character, punctuation glued to what it closes or opens."""
    pieces: list[list] = []
    word, spaced = "", False
    for char in text:
        if char.isspace():
            if word:
                pieces.append([word, spaced])
                word = ""
            spaced = bool(pieces)
            continue
        if word and (_wide(char) or _wide(word[-1])):  # a break may come beside a wide character
            pieces.append([word, spaced])
            word, spaced = "", False
        word += char
    if word:
        pieces.append([word, spaced])
    glued: list[list] = []
    for piece, space in pieces:
        if glued and (no_line_start(piece[0]) or (not space and _opening(glued[-1][0]))):
            glued[-1][0] += (" " if space else "") + piece
        else:
            glued.append([piece, space])
    return [(piece, space) for piece, space in glued]


def wrap(text: str, width: int) -> list[str]:
    """Lines of at most `width` cells; a piece wider than a line is cut by cells, keeping closing
    punctuation off the start of a line."""
    lines: list[str] = []
    line = ""
    for piece, space in _pieces(text):
        joined = f"{line}{' ' if space and line else ''}{piece}"
        if cell_len(joined) <= width:
            line = joined
            continue
        if line:
            lines.append(line)
        line = ""
        for chunk in _cut(piece, width):
            if line:
                lines.append(line)
            line = chunk
    return lines + [line] if line else lines


def _cut(piece: str, width: int) -> list[str]:
    chunks = [""]
    for char in piece:
        if cell_len(chunks[-1] + char) > width and chunks[-1]:
            chunks.append("")
        chunks[-1] += char
    for i in range(1, len(chunks)):  # closing punctuation moves down with the character before it
        while chunks[i] and no_line_start(chunks[i][0]) and len(chunks[i - 1]) > 1:
            chunks[i], chunks[i - 1] = chunks[i - 1][-1] + chunks[i], chunks[i - 1][:-1]
            if cell_len(chunks[i]) > width:
                break
    return [c for c in chunks if c]


def table(headers: list[str], rows: list[list[str]], width: int, first: int | None = None) -> str:
    """A ruled table exactly `width` cells wide (at most): the first column `first` cells (or its
    widest entry), the others sharing the rest; every cell wrapped by `wrap`."""
    first = first or max(cell_len(line) for row in [headers, *rows] for line in row[0].splitlines() or [""])
    columns = len(headers)
    # a square box: a rule before, between and after the columns, and one space either side of each text
    text_width = max(6, (width - first - 3 * columns - 1) // (columns - 1)) if columns > 1 else max(6, width - 4)
    grid = Table(box=box.SQUARE, show_lines=True, pad_edge=True, padding=(0, 1))
    for i, header in enumerate(headers):
        size = first if i == 0 and columns > 1 else text_width
        grid.add_column(header, width=size, min_width=size, max_width=size, no_wrap=True, overflow="fold")
    for row in rows:  # the first column is given line by line, the others are wrapped
        grid.add_row(row[0], *("\n".join(wrap(cell, text_width)) for cell in row[1:]))
    out = io.StringIO()
    Console(file=out, width=max(width, first + text_width * (columns - 1) + 3 * columns + 1), color_system=None,
            force_terminal=False, legacy_windows=False, emoji=False, highlight=False).print(grid)
    return out.getvalue()
