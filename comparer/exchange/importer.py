"""Importing a treaty into a corpus folder: from plain-text files (one per language) or a TEI file.

Everything is checked before anything is written, and the new file is written atomically, so a
refused import leaves the folder exactly as it was. Refused: a file over the input limit
(comparer.limits), not UTF-8 or not text; a text, title or source holding characters XML cannot
hold (control characters); a text without article headings; a malformed language code or the
same language twice; XML with a DOCTYPE or entity references, in any encoding (no entity is ever
expanded, nothing fetched);
a file that breaks schemas/corpus.rng, the model's rules or points at clauses that do not exist;
a treaty id that is malformed, already in the folder, or would put the file outside it.
"""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from lxml import etree

from comparer.corpus import writable_folder
from comparer import lang as languages
from comparer import limits, paths, plaintext, tei
from comparer.errors import InputError
from comparer.exchange.tei_export import pointer_problems
from comparer.model import LANG_CODE, TREATY_ID, Division, Transcription, Treaty, Witness
from comparer.validate import CORPUS_SCHEMA, schema_errors

LEXICON_ID = "lexicon"


def target_folder(folder: str | os.PathLike | None) -> Path:
    """The corpus folder an import writes into (`--into DIR`, `--corpus DIR` or COMPARER_CORPUS)."""
    return writable_folder(folder, "import", "--into DIR or --corpus DIR")


def parse_text_options(values: list[str]) -> dict[str, Path]:
    """`--text LANG=FILE` options as {lang: path}, refusing malformed codes and repeated languages."""
    texts: dict[str, Path] = {}
    for value in values:
        lang, sep, file = value.partition("=")
        lang = lang.strip()
        if not sep or not file:
            raise InputError(f"--text {value!r}: expected LANG=FILE, e.g. --text ru=ru.txt")
        if not LANG_CODE.match(lang):
            raise InputError(f"--text {value!r}: {lang!r} is not a language code "
                             "(two or three lowercase ISO 639 letters, e.g. 'ru', 'zh', 'mnc')")
        if lang in texts:
            raise InputError(f"--text: the language {lang!r} is given twice")
        texts[lang] = Path(file)
    if not texts:
        raise InputError("give at least one --text LANG=FILE")
    return texts


IMPORTABLE_STATUSES = (Transcription.unverified, Transcription.reconstructed, Transcription.collated)


def parse_transcription_options(values: list[str], langs: list[str], sources: dict[str, str],
                                editor: str | None) -> dict[str, Transcription]:
    """`--transcription LANG=STATUS` as {lang: status}. A text said to be collated must name the
    edition (--source) and who collated it (--editor): the claim is then on record, with the date."""
    statuses: dict[str, Transcription] = {}
    names = ", ".join(s.value for s in IMPORTABLE_STATUSES)
    for value in values:
        lang, sep, name = (part.strip() for part in value.partition("="))
        if not sep or lang not in langs:
            raise InputError(f"--transcription {value!r}: expected LANG=STATUS for a language given with --text")
        if name not in {s.value for s in IMPORTABLE_STATUSES}:
            raise InputError(f"--transcription {value!r}: the status must be one of {names}")
        statuses[lang] = Transcription(name)
    for lang, status in statuses.items():
        if status is Transcription.collated and (lang not in sources or not editor):
            raise InputError(f"a collated {lang!r} text needs --source {lang}=EDITION and --editor NAME "
                             "(the edition it was checked against, and who checked it)")
    if editor is not None:
        from comparer.review import check_editor  # the same names as reviewers (an xml:id @who can point at)

        check_editor(editor)
    return statuses


def import_texts(folder: Path, treaty_id: str, files: dict[str, Path], *, title: str | None = None,
                 pivot: str | None = None, sources: dict[str, str] | None = None, split: bool = False,
                 transcriptions: dict[str, Transcription] | None = None, editor: str | None = None) -> Path:
    """A new corpus file from plain-text files in the interchange format; returns its path.
    Each text's transcription status is as given in `transcriptions`, else unverified."""
    destination = _destination(folder, treaty_id)
    limits.check_xml_text(title or "", "--title")
    for lang, citation in (sources or {}).items():
        limits.check_xml_text(citation, f"--source {lang}")
    texts = {}
    for lang, path in files.items():
        texts[lang] = plaintext.decode(limits.read_limited(path), str(path))
    treaty = plaintext.treaty_from_texts(treaty_id, texts, title=title, sources=sources, pivot=pivot,
                                         transcriptions=transcriptions, collated_by=editor,
                                         collated_on=date.today().isoformat())
    if split:
        treaty = split_clauses(treaty)
    data = tei.treaty_to_bytes(treaty)
    _parse_treaty(data, f"the TEI made for {treaty_id}")  # read back as the corpus will read it
    return _write(destination, data)


def import_tei(folder: Path, path: Path) -> Path:
    """A TEI treaty file from elsewhere, checked and copied as it is (in UTF-8, whatever encoding it
    came in); returns the new file's path."""
    data = limits.read_limited(path)
    tree, treaty = _parse_treaty(data, str(path))
    return _write(_destination(folder, treaty.id), tei.utf8_bytes(data, tree))


def split_clauses(treaty: Treaty) -> Treaty:
    """Every clause cut into the sentences and semicolon clauses the language module finds, renumbered."""
    versions = {}
    for lang, version in treaty.versions.items():
        language = languages.get(lang)
        witnesses = [_split_witness(w, language) for w in version.witnesses]
        versions[lang] = version.model_copy(update={"witnesses": witnesses})
    return treaty.model_copy(update={"versions": versions})


def _split_witness(witness: Witness, language: languages.Language) -> Witness:
    divisions = []
    for division in witness.divisions:
        clauses = []
        for clause in division.clauses:
            for text in language.split_clauses(clause.text) or [clause.text]:
                clauses.append(clause.model_copy(update={
                    "id": f"{witness.id}.{division.key}.c{len(clauses) + 1}", "text": text}))
        divisions.append(Division(kind=division.kind, n=division.n, head=division.head, clauses=clauses))
    return witness.model_copy(update={"divisions": divisions})


def _destination(folder: Path, treaty_id: str) -> Path:
    if not TREATY_ID.match(treaty_id or ""):
        raise InputError(f"treaty id {treaty_id!r} must be lowercase letters, digits and hyphens, e.g. 'kyakhta-1727'")
    if treaty_id == LEXICON_ID:
        raise InputError(f"treaty id {treaty_id!r} is the name of the corpus's lexicon file; choose another id")
    destination = (folder / f"{treaty_id}.xml").resolve()
    if destination.parent != folder.resolve():
        raise InputError(f"treaty id {treaty_id!r} would put the file outside the corpus folder {folder}")
    if destination.exists():
        raise InputError(f"{destination}: a treaty {treaty_id!r} is already in the corpus; choose another id")
    return destination


def _parse_treaty(data: bytes, where: str) -> tuple[etree._ElementTree, Treaty]:
    tree = tei.parse_bytes(data, where)
    problems = schema_errors(tree, paths.schema(CORPUS_SCHEMA))
    if problems:
        raise InputError(f"{where}: not a corpus treaty file ({CORPUS_SCHEMA}): {problems[0]}"
                         + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    treaty = tei.treaty_from_tree(tree, where)
    problems = pointer_problems(tree)
    if problems:
        raise InputError(f"{where}: {problems[0]}" + (f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""))
    return tree, treaty


def _write(destination: Path, data: bytes) -> Path:
    if destination.exists():  # it appeared while the import was being checked
        raise InputError(f"{destination}: already exists; nothing written")
    tei.write_atomic(destination, data)
    return destination
