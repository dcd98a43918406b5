r"""The plain-text interchange format: one language version of a treaty as a UTF-8 file.

- Lines before the first article heading are the preamble.
- A line that is an article heading in the file's language (``Статья 1``, ``1.``, ``第一條``,
  ``一、``, ``Pasal 1``, ``Articulus 1``, ``Article 1``) starts an article; the heading is kept
  verbatim.
- A line starting with ``[closing]`` starts the closing part; the rest of that line, if any, is
  its heading.
- Every other non-empty line is one clause; an empty line ends a paragraph. A clause of which
  nothing was transcribed (only a ``<gap>`` in TEI) is the line ``[gap]``.
- Inside a clause, editorial marks are written in brackets (see ``MARKS``): ``[…]`` (or ``[...]``)
  a passage not transcribed (``<gap reason="not transcribed"/>``), ``[?words]`` an uncertain
  reading (``<unclear>``), ``[note: words]`` an editor's note (``<note type="editorial">``); any
  other attributes follow a ``|``: ``[?words | cert="low" reason="faded"]``. Inside a mark ``\]``,
  ``\|`` and ``\\`` stand for ``]``, ``|`` and ``\``; in the text ``\[`` is a bracket that starts
  no mark. A clause written and read back has the same text and the same marks.
"""

from __future__ import annotations

import re
import sys
import unicodedata

from comparer import lang as languages
from comparer import limits
from comparer.errors import InputError
from comparer.lang.base import MAX_HEADING_DIGITS
from comparer.tei.read import collapse_space
from comparer.model import (LANG_CODE, TREATY_ID, Bibl, Clause, Division, Mark, Status, Transcription, Treaty, Version,
                            Witness)

CLOSING_MARK = "[closing]"
GAP_LINE = "[gap]"
NOT_TRANSCRIBED = "not transcribed"
# Each mark: how it opens, and the attributes it has when none are written after "|".
MARKS = {"gap": ("[…", {"reason": NOT_TRANSCRIBED}), "unclear": ("[?", {}), "note": ("[note:", {"type": "editorial"})}
_OPENINGS = (("[…", "gap"), ("[...", "gap"), ("[?", "unclear"), ("[note:", "note"))
# An attribute's name is an XML name without a prefix (TEI writes `lang` as xml:lang itself).
_ATTRIBUTE = re.compile(r'\s*([A-Za-z_][A-Za-z0-9_.-]*)="((?:[^"\\]|\\.)*)"')
# How a reader sees the marks where they are not kept exactly (show, align, tables, messages).
SHOWN_GAP = "[…]"
SHOWN_EMPTY = f"[{NOT_TRANSCRIBED}]"


def decode(data: bytes, name: str = "<text>") -> str:
    if b"\x00" in data:
        raise InputError(f"{name}: not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not UTF-8 (undecodable byte at position {err.start}); save it as UTF-8") from None
    if not text.strip():
        raise InputError(f"{name}: the text is empty")
    return limits.check_xml_text(text, name)  # it becomes TEI: refuse what XML cannot hold


def parse(text: str, lang: str, id_prefix: str, *, require_articles: bool = True) -> list[Division]:
    """Cut a text in the interchange format into divisions with clause ids ``<id_prefix>.<div>.cN``."""
    language = languages.get(lang)
    divisions: list[Division] = [Division(kind="preamble")]
    last_number, paragraph_break = 0, False
    for line_number, raw in enumerate(text.splitlines(), start=1):
        line = limits.check_clause_length(raw.strip(), f"the {lang} text, line {line_number}")
        if not line:
            paragraph_break = True
            continue
        current = divisions[-1]
        if line.startswith(CLOSING_MARK):
            head = line[len(CLOSING_MARK):].strip() or None
            divisions.append(Division(kind="closing", head=head))
            paragraph_break = False
            continue
        number = None if current.kind == "closing" else language.article_heading(line)
        if number is not None:
            # Some versions repeat one marker for every article (一、 … 一、): number them in order.
            last_number = number if number > last_number else last_number + 1
            divisions.append(Division(kind="article", n=str(last_number), head=line))
            paragraph_break = False
            continue
        previous = current.clauses[-1].paragraph if current.clauses else 0
        paragraph = previous + 1 if paragraph_break and current.clauses else previous
        paragraph_break = False
        # spaced as TEI reads it, so that a clause read here equals the one read from TEI
        text, marks = ("", [_default_mark("gap", 0)]) if line == GAP_LINE else collapse_space(*read_marks(line))
        current.clauses.append(
            Clause(id=f"{id_prefix}.{current.key}.c{len(current.clauses) + 1}", text=text, marks=marks,
                   paragraph=paragraph)
        )
    divisions = [d for d in divisions if d.kind != "preamble" or d.clauses]
    if require_articles and not any(d.kind == "article" for d in divisions):
        example = language.default_heading(1)
        raise InputError(f"no article headings found for language {lang!r} (expected lines like {example!r})")
    if not any(d.clauses for d in divisions):
        raise InputError("the text has headings but no clauses")
    return divisions


def render(witness: Witness) -> str:
    """Write a witness in the interchange format; parse(render(w)) gives the same divisions."""
    language = languages.get(witness.lang)
    lines: list[str] = []
    for division in witness.divisions:
        if division.kind == "article":
            lines.append(division.head or _default_heading(language, division.n))
        elif division.kind == "closing":
            lines.append(f"{CLOSING_MARK} {division.head}" if division.head else CLOSING_MARK)
        paragraph = None
        for clause in division.clauses:
            if paragraph is not None and clause.paragraph != paragraph:
                lines.append("")
            paragraph = clause.paragraph
            lines.append(clause_line(clause))
    return "\n".join(lines) + "\n"


def _default_heading(language: languages.Language, n: str | None) -> str:
    """The heading of an article that has none, from its number: one the reader reads back, or a
    clear error for a number no heading carries (none, 0, not a whole number, too many digits)."""
    if not (n and n.isascii() and n.isdigit() and 0 < int(n) < 10 ** MAX_HEADING_DIGITS):
        raise InputError(f"article {n!r} has no heading and no number a heading can give "
                         f"(1 to {10 ** MAX_HEADING_DIGITS - 1:,}): give it a <head>")
    return language.default_heading(int(n))


# ---------------------------------------------------------------- marks inside a clause


def _default_mark(kind: str, at: int) -> Mark:
    return Mark(kind=kind, start=at, end=at, attrs=dict(MARKS[kind][1]))


def clause_line(clause: Clause) -> str:
    """A clause as one line of the interchange format, every mark kept with its attributes."""
    if not clause.text and clause.marks == [_default_mark("gap", 0)]:
        return GAP_LINE
    out: list[str] = []
    cursor = 0
    for mark in sorted(clause.marks, key=lambda m: m.start):  # stable: document order at one offset
        out.append(_escape_text(clause.text[cursor:mark.start]))
        cursor = max(cursor, mark.start)
        opening, default = MARKS[mark.kind]
        content = ""
        if mark.kind == "unclear":
            content = _escape_mark(clause.text[mark.start:mark.end])
            cursor = mark.end
        elif mark.kind == "note":
            content = " " + _escape_mark(mark.body) if mark.body else ""
        attrs = "" if mark.attrs == default else " |" + "".join(
            f' {key}="{_escape_value(value)}"' for key, value in mark.attrs.items())
        out.append(f"{opening}{content}{attrs}]")
    out.append(_escape_text(clause.text[cursor:]))
    line = "".join(out)
    if line == GAP_LINE or line.startswith(CLOSING_MARK):
        line = "\\" + line  # a clause that reads like a format line: its bracket is text
    return line


def read_marks(line: str) -> tuple[str, list[Mark]]:
    """A clause line's plain text and its marks (offsets into that text)."""
    text: list[str] = []
    marks: list[Mark] = []
    i = 0
    length = lambda: sum(map(len, text))  # noqa: E731
    while i < len(line):
        char = line[i]
        if char == "\\" and line[i + 1:i + 2] in ("[", "\\"):
            text.append(line[i + 1])
            i += 2
            continue
        kind, opening = next(((k, o) for o, k in _OPENINGS if line.startswith(o, i)), (None, ""))
        if kind is None:
            text.append(char)
            i += 1
            continue
        content, attrs, i = _read_mark(line, i + len(opening))
        start = length()
        if kind == "unclear":
            text.append(content)
            marks.append(Mark(kind="unclear", start=start, end=length(), attrs=attrs if attrs is not None else {}))
        elif kind == "note":
            body = content[1:] if content.startswith(" ") else content
            marks.append(Mark(kind="note", start=start, end=start, body=body,
                              attrs=attrs if attrs is not None else dict(MARKS["note"][1])))
        else:
            if content.strip():
                raise InputError(f"a gap mark holds no text: {line[:80]!r} (write a note as [note: …])")
            marks.append(Mark(kind="gap", start=start, end=start,
                              attrs=attrs if attrs is not None else dict(MARKS["gap"][1])))
    return "".join(text), marks


def _read_mark(line: str, i: int) -> tuple[str, dict[str, str] | None, int]:
    """From just after a mark's opening: its content, its attributes (None when not written) and where it ends."""
    content: list[str] = []
    while i < len(line):
        char = line[i]
        if char == "\\" and i + 1 < len(line) and line[i + 1] in "]|\\":
            content.append(line[i + 1])
            i += 2
        elif char == "]":
            return "".join(content), None, i + 1
        elif char == "|":
            written = "".join(content)
            attrs, i = _read_attributes(line, i + 1)
            return (written[:-1] if written.endswith(" ") else written), attrs, i
        else:
            content.append(char)
            i += 1
    raise InputError(f"a mark is not closed with ']': {line[:80]!r}")


def _read_attributes(line: str, i: int) -> tuple[dict[str, str], int]:
    attrs: dict[str, str] = {}
    while True:
        match = _ATTRIBUTE.match(line, i)
        if not match:
            break
        # a text writes a few attributes over and over (cert="low", reason="illegible"): one string each
        attrs[sys.intern(match.group(1))] = sys.intern(re.sub(r"\\(.)", r"\1", match.group(2)))
        i = match.end()
    rest = line[i:]
    if not rest.lstrip(" ").startswith("]"):
        raise InputError(f'a mark\'s attributes are key="value" pairs closed with \']\': {line[:80]!r}')
    return attrs, i + len(rest) - len(rest.lstrip(" ")) + 1


def _escape_text(text: str) -> str:
    """A bracket that would open a mark, and a backslash before a bracket or backslash, are escaped."""
    text = re.sub(r"\\(?=[\\\[]|$)", r"\\\\", text)
    for opening, _ in _OPENINGS:
        text = text.replace(opening, "\\" + opening)
    return text


def _escape_mark(content: str) -> str:
    return re.sub(r"([\\\]|])", r"\\\1", content)


def _escape_value(value: str) -> str:
    return value.replace("\\", "\\\\").replace('"', '\\"')


Piece = tuple[str, str]  # ("text" | "gap" | "unclear" | "empty", its text)


def pieces(clause: Clause) -> list[Piece]:
    """A clause as the runs a reader sees outside the TEI, notes left out: text, an uncertain reading,
    a gap (two gaps in a row are one untranscribed passage); a clause with nothing transcribed is
    one piece ("empty", "")."""
    if not clause.text.strip() and any(m.kind == "gap" for m in clause.marks):
        return [("empty", "")]
    out: list[Piece] = []
    cursor = 0
    for mark in sorted(clause.marks, key=lambda m: m.start):
        if mark.kind == "note":
            continue
        if clause.text[cursor:mark.start]:
            out.append(("text", clause.text[cursor:mark.start]))
        cursor = max(cursor, mark.start)
        if mark.kind == "unclear":
            out.append(("unclear", clause.text[mark.start:mark.end]))
            cursor = mark.end
        elif not out or out[-1][0] != "gap":
            out.append(("gap", ""))
    if clause.text[cursor:]:
        out.append(("text", clause.text[cursor:]))
    return _spaced_gaps(out)


def _spaced_gaps(runs: list[Piece]) -> list[Piece]:
    """TEI spacing collapses "words <gap/> words" to one space on one side of the gap; a reader
    needs it on both (a gap inside a word, with no space on either side, stays as it is)."""
    runs = [("text", " ")] + list(runs) + [("text", " ")]  # a clause's edges count as spaces
    for i, (kind, _) in enumerate(runs):
        if kind != "gap":
            continue
        (before_kind, before), (after_kind, after) = runs[i - 1], runs[i + 1]
        if before_kind == after_kind == "text" and before[-1:].isspace() != after[:1].isspace():
            if before[-1:].isspace() and after[0].isalnum() and not _wide(after[0]):
                runs[i + 1] = ("text", " " + after)
            elif after[:1].isspace() and before[-1].isalnum() and not _wide(before[-1]):
                runs[i - 1] = ("text", before + " ")
    first, last = runs[0][1][1:], runs[-1][1][:-1]
    return [r for r in [("text", first), *runs[1:-1], ("text", last)] if r != ("text", "")]


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def shown_piece(piece: Piece) -> str:
    kind, text = piece
    return {"gap": SHOWN_GAP, "empty": SHOWN_EMPTY, "unclear": f"[?{text}]"}.get(kind, text)


def span_pieces(clause: Clause, start: int, end: int, *, edge_gaps: bool = True) -> list[Piece]:
    """clause.text[start:end] as the runs a reader sees (see pieces): the gaps inside it (and at its
    edges, with edge_gaps) and the part of each uncertain reading that falls inside it. A stretch of
    nothing but a gap is one gap, never "not transcribed": the clause has text elsewhere."""
    marks = []
    for mark in clause.marks:
        if mark.kind == "gap" and (start < mark.start < end or (edge_gaps and mark.start in (start, end))):
            marks.append(mark.model_copy(update={"start": mark.start - start, "end": mark.start - start}))
        elif mark.kind == "unclear" and max(mark.start, start) < min(mark.end, end):
            marks.append(mark.model_copy(update={"start": max(mark.start, start) - start,
                                                 "end": min(mark.end, end) - start}))
    part = Clause(id=clause.id, text=clause.text[start:end], marks=marks)
    return [("gap", "") if kind == "empty" else (kind, text) for kind, text in pieces(part)]


def shown_text(clause: Clause) -> str:
    """A clause as a reader sees it outside the TEI: […] where a passage is not transcribed, [?words]
    for an uncertain reading, notes left out; a clause with nothing transcribed is [not transcribed]."""
    return "".join(shown_piece(p) for p in pieces(clause))


def treaty_from_texts(treaty_id: str, texts: dict[str, str], *, title: str | None = None,
                      sources: dict[str, str] | None = None, pivot: str | None = None,
                      transcriptions: dict[str, Transcription] | None = None,
                      collated_by: str | None = None, collated_on: str | None = None) -> Treaty:
    """A treaty built from one interchange-format text per language (user files, imports).

    The pivot language (default: the first) is marked authentic and the others official, so the
    aligner uses it as the pivot. A text's transcription status is what `transcriptions` says,
    else unverified (nobody has recorded checking it); a collated one names who and when.
    """
    if not TREATY_ID.match(treaty_id):
        raise InputError(f"treaty id {treaty_id!r} must be lowercase letters, digits and hyphens, e.g. 'kyakhta-1727'")
    if not texts:
        raise InputError("no texts given")
    pivot = pivot or next(iter(texts))
    if pivot not in texts:
        raise InputError(f"pivot language {pivot!r} is not among the texts ({', '.join(texts)})")
    versions = {}
    for lang in sorted(texts, key=lambda code: code != pivot):
        if not LANG_CODE.match(lang):
            raise InputError(f"{lang!r} is not a language code (two or three lowercase letters, e.g. 'ru')")
        witness_id = f"{treaty_id}.{lang}"
        transcription = (transcriptions or {}).get(lang, Transcription.unverified)
        collated = transcription is Transcription.collated
        bibl = Bibl(id=f"{witness_id}.bibl", status=Status.authentic if lang == pivot else Status.official,
                    citation=(sources or {}).get(lang, "Text supplied by the user"), transcription=transcription,
                    collated_by=collated_by if collated else None, collated_on=collated_on if collated else None)
        divisions = parse(texts[lang], lang, witness_id)
        versions[lang] = Version(lang=lang, witnesses=[Witness(id=witness_id, lang=lang, bibl=bibl, divisions=divisions)])
    return Treaty(id=treaty_id, titles={"en": title or treaty_id}, versions=versions)
