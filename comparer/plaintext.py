"""The plain-text interchange format: one language version of a treaty as a UTF-8 file.

- Lines before the first article heading are the preamble.
- A line that is an article heading in the file's language (``Статья 1``, ``1.``, ``第一條``,
  ``一、``, ``Pasal 1``, ``Articulus 1``, ``Article 1``) starts an article; the heading is kept
  verbatim.
- A line starting with ``[closing]`` starts the closing part; the rest of that line, if any, is
  its heading.
- Every other non-empty line is one clause; an empty line ends a paragraph. A clause of which
  nothing was transcribed (only a ``<gap>`` in TEI) is the line ``[gap]``.
"""

from __future__ import annotations

from comparer import lang as languages
from comparer.errors import InputError
from comparer.model import LANG_CODE, TREATY_ID, Bibl, Clause, Mark, Division, Status, Treaty, Version, Witness

CLOSING_MARK = "[closing]"
GAP_LINE = "[gap]"


def decode(data: bytes, name: str = "<text>") -> str:
    if b"\x00" in data:
        raise InputError(f"{name}: not a text file (it contains NUL bytes)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise InputError(f"{name}: not UTF-8 (undecodable byte at position {err.start}); save it as UTF-8") from None
    if not text.strip():
        raise InputError(f"{name}: the text is empty")
    return text


def parse(text: str, lang: str, id_prefix: str, *, require_articles: bool = True) -> list[Division]:
    """Cut a text in the interchange format into divisions with clause ids ``<id_prefix>.<div>.cN``."""
    language = languages.get(lang)
    divisions: list[Division] = [Division(kind="preamble")]
    last_number, paragraph_break = 0, False
    for raw in text.splitlines():
        line = raw.strip()
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
        gap = line == GAP_LINE
        current.clauses.append(
            Clause(id=f"{id_prefix}.{current.key}.c{len(current.clauses) + 1}", text="" if gap else line,
                   marks=[Mark(kind="gap", start=0, end=0, attrs={"reason": "not transcribed"})] if gap else [],
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
            lines.append(division.head or language.default_heading(int(division.n)))
        elif division.kind == "closing":
            lines.append(f"{CLOSING_MARK} {division.head}" if division.head else CLOSING_MARK)
        paragraph = None
        for clause in division.clauses:
            if paragraph is not None and clause.paragraph != paragraph:
                lines.append("")
            paragraph = clause.paragraph
            lines.append(clause.text or GAP_LINE)
    return "\n".join(lines) + "\n"


def treaty_from_texts(treaty_id: str, texts: dict[str, str], *, title: str | None = None,
                      sources: dict[str, str] | None = None, pivot: str | None = None) -> Treaty:
    """A treaty built from one interchange-format text per language (user files, imports).

    The pivot language (default: the first) is marked authentic and the others official, so the
    aligner uses it as the pivot.
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
        bibl = Bibl(id=f"{witness_id}.bibl", status=Status.authentic if lang == pivot else Status.official,
                    citation=(sources or {}).get(lang, "Text supplied by the user"))
        divisions = parse(texts[lang], lang, witness_id)
        versions[lang] = Version(lang=lang, witnesses=[Witness(id=witness_id, lang=lang, bibl=bibl, divisions=divisions)])
    return Treaty(id=treaty_id, titles={"en": title or treaty_id}, versions=versions)
