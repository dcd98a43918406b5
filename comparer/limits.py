"""What the tool accepts as input: how large a file or a body may be, and which characters a text may hold.

One size limit covers every file the tool reads (corpus files, imports, `check --text`,
`claims --text`, `validate`, `collate`, ladders) and caps the web server's request bodies: 20 MB
unless the environment variable COMPARER_MAX_INPUT or the global option `comparer --max-input`
says otherwise ("50M", "512k", "1G" or a number of bytes). Files are read with that cap, never
whole, so `/dev/zero` or a huge file costs no more memory than the limit.

Every text a user supplies that ends up in a TEI file (imported texts, titles, sources, review
comments) must be text XML 1.0 can hold: no control characters but tab and line ends, no
U+FFFE/U+FFFF, no lone surrogates (what an undecodable byte in a command-line argument becomes).
"""

from __future__ import annotations

import os
import re

from comparer.errors import CorpusError, InputError, InputTooLarge

ENV = "COMPARER_MAX_INPUT"
OPTION = "--max-input"
DEFAULT_BYTES = 20 * 1024 * 1024
_UNITS = {"": 1, "k": 1024, "m": 1024 ** 2, "g": 1024 ** 3}
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([kmg]?)(?:i?b)?\s*$", re.IGNORECASE)
# Everything XML 1.0 cannot hold (https://www.w3.org/TR/xml/#charsets); surrogates never pair in a str.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")

# A clause is at most this many characters. A treaty's longest clause is a few hundred characters
# and its longest article a few thousand; the checks compare what a clause names with what its
# counterpart names, which grows faster than the clause, so a clause's length is bounded too.
MAX_CLAUSE_CHARS = 20_000

_configured: int | None = None


def parse_size(text: str) -> int:
    """'20M' -> 20971520; '512k', '1G', '1000000' (bytes). Binary units: k = 1024 bytes."""
    match = _SIZE.match(text or "")
    if not match:
        raise InputError(f"input limit {text!r}: expected a size such as 20M, 512k, 1G or a number of bytes")
    size = int(float(match.group(1)) * _UNITS[match.group(2).lower()])
    if size < 1:
        raise InputError(f"input limit {text!r}: must be at least one byte")
    return size


def configure(size: int | None) -> None:
    """Set the limit for this process (the CLI's --max-input); None goes back to the environment/default."""
    global _configured
    _configured = size


def max_input_bytes() -> int:
    if _configured is not None:
        return _configured
    value = os.environ.get(ENV)
    return parse_size(value) if value else DEFAULT_BYTES


def describe(size: int) -> str:
    for unit, factor in (("GB", 1024 ** 3), ("MB", 1024 ** 2), ("kB", 1024)):
        if size >= factor:
            return f"{size / factor:.3g} {unit}"
    return f"{size} bytes"


def over_limit(limit: int | None = None) -> str:
    limit = max_input_bytes() if limit is None else limit
    return f"larger than the input limit of {describe(limit)} (raise it with {OPTION} or {ENV})"


def too_large(name: str, limit: int | None = None) -> InputTooLarge:
    return InputTooLarge(over_limit(limit), name)


def read_limited(path: str | os.PathLike) -> bytes:
    """A file's bytes, reading at most the limit plus one byte: a larger file (or a device that
    never ends) is refused without being read whole. Messages name the file by its path as given."""
    name = str(path)
    limit = max_input_bytes()
    try:
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except IsADirectoryError:
        raise CorpusError("is a folder, not a file", name) from None
    except OSError as err:
        raise CorpusError(f"cannot read the file ({err.strerror or err})", name) from None
    if len(data) > limit:
        raise too_large(name, limit)
    return data


def check_clause_length(text: str, where: str) -> str:
    """`text` unchanged, or InputError saying where the over-long clause (or sentence) is."""
    if len(text) > MAX_CLAUSE_CHARS:
        raise InputError(f"{where}: a clause of {len(text):,} characters; a clause holds at most "
                         f"{MAX_CLAUSE_CHARS:,} (put each clause on a line of its own)")
    return text


def xml_problem(text: str) -> str | None:
    """Why XML cannot hold this text (the first offending character, described), or None."""
    found = _NOT_XML.search(text)
    if found is None:
        return None
    char = found.group()
    code = ord(char)
    kind = ("an undecodable byte or a lone surrogate" if 0xD800 <= code <= 0xDFFF
            else "a noncharacter" if code in (0xFFFE, 0xFFFF) else "a control character")
    line = text.count("\n", 0, found.start()) + 1
    column = found.start() - (text.rfind("\n", 0, found.start()) + 1) + 1
    where = f"line {line}, column {column}" if "\n" in text else f"position {found.start() + 1}"
    return f"U+{code:04X} ({kind}) at {where}"


def check_xml_text(text: str, what: str) -> str:
    """`text` unchanged, or InputError naming `what` (e.g. "--title", "the comment", "ru.txt")."""
    problem = xml_problem(text)
    if problem:
        raise InputError(f"{what}: {problem}: XML cannot hold control characters, noncharacters "
                         "(U+FFFE, U+FFFF) or lone surrogates; remove it")
    return text
