"""What a batch run works on: one unit per treaty, read from corpus folders and manifests.

A *corpus folder* gives one unit per TEI treaty file (as `comparer --corpus DIR` reads it) and one
claims unit per secondary source in its `sources/`; its lexicon is its `lexicon.xml`, else the
bundled one. A *manifest* (CSV with a header row, or a JSON list of objects) lists plain-text
files in the interchange format, one row per language version: `id`, `language`, `file`, and
optionally `title`, `source` (the edition the text follows), `transcription` (unverified — the
default —, reconstructed or collated; a collated text names `collated_by` and `collated_on`).
The rows of one id make one treaty, its first row's language the authentic one. Relative paths
resolve against the manifest's folder; its lexicon is a `lexicon.xml` beside it, else the bundled
one. A row that cannot be used fails its treaty only, with the row named.

Units are described here and read (`Unit.payload`) only when they are hashed or sent to a worker:
the worker gets the files' bytes, so it needs no access to the folders.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path

from comparer import limits, paths, plaintext
from comparer.corpus import LEXICON_FILE, Corpus
from comparer.errors import InputError
from comparer.model import LANG_CODE, TREATY_ID, Transcription

TEI, TEXTS, CLAIMS = "tei", "texts", "claims"
MANIFEST_SUFFIXES = (".csv", ".json")
REQUIRED_COLUMNS = ("id", "language", "file")
OPTIONAL_COLUMNS = ("title", "source", "transcription", "collated_by", "collated_on")
MANIFEST_STATUSES = (Transcription.unverified, Transcription.reconstructed, Transcription.collated)


@dataclass(frozen=True)
class Unit:
    """One task: a treaty (TEI file, or plain-text files from a manifest) or a secondary source's claims."""

    key: str  # the treaty id, or the source's name: its results file is named after it
    kind: str  # TEI, TEXTS or CLAIMS
    origin: str  # where it came from, as messages name it
    lexicon: Path
    files: tuple[tuple[str, Path, str], ...] = ()  # (role, path, name in messages): role is "tei",
    # a language code, "source", or "treaty" (a treaty file a claims unit is judged against)
    meta: tuple[tuple[str, str], ...] = ()  # a manifest treaty's title, sources, transcription
    problem: str | None = None  # why it cannot be run (a manifest row's error, an id given twice)

    def payload(self) -> dict:
        """What the worker gets: every file's bytes, read with the input limit."""
        if self.problem:
            raise InputError(self.problem)
        return {"kind": self.kind, "key": self.key, "origin": self.origin, "meta": dict(self.meta),
                "files": [(role, name, limits.read_limited(path)) for role, path, name in self.files]}


def collect(sources: list[str]) -> list[Unit]:
    """The units of every source, in the order given; a source that is neither a folder nor a
    manifest, or a manifest that cannot be read at all, is the caller's error."""
    if not sources:
        raise InputError("give at least one corpus folder or manifest (.csv or .json)")
    units: list[Unit] = []
    first: dict[tuple[bool, str], Unit] = {}  # treaties and sources are named apart
    for source in sources:
        for unit in _units_of(Path(source), source):
            earlier = first.setdefault((unit.kind == CLAIMS, unit.key), unit)
            if earlier is not unit and not unit.problem:
                what = "source" if unit.kind == CLAIMS else "treaty id"
                unit = _failed(unit, f"{unit.origin}: the {what} {unit.key!r} is given twice (first by {earlier.origin})")
            units.append(unit)
    return units


def _units_of(path: Path, source: str) -> list[Unit]:
    if path.is_dir():
        return folder_units(path)
    if path.suffix.lower() in MANIFEST_SUFFIXES and path.exists():
        return manifest_units(path)
    if not path.exists():
        raise InputError(f"{source}: no such folder or file")
    raise InputError(f"{source}: a source is a corpus folder or a manifest (.csv or .json)")


def lexicon_of(folder: Path) -> Path:
    """The lexicon a folder's treaties are read with: its own, else the bundled one (as Corpus does)."""
    own = folder / LEXICON_FILE
    return own if own.exists() else paths.bundled("texts") / LEXICON_FILE


def folder_units(folder: Path) -> list[Unit]:
    corpus = Corpus(folder)
    lexicon = lexicon_of(folder)
    treaty_files = corpus.treaty_files()
    units = []
    for path in treaty_files:
        name = str(path)
        unit = Unit(key=path.stem, kind=TEI, origin=name, lexicon=lexicon, files=(("tei", path, name),))
        units.append(unit if TREATY_ID.match(path.stem) else _failed(
            unit, f"{name}: the file name is not a treaty id (lowercase letters, digits and hyphens)"))
    judged = tuple(("treaty", p, str(p)) for p in treaty_files)
    for path in corpus.source_files():
        units.append(Unit(key=path.stem, kind=CLAIMS, origin=str(path), lexicon=lexicon,
                          files=(("source", path, str(path)),) + judged))
    return units


def manifest_units(manifest: Path) -> list[Unit]:
    rows = _manifest_rows(manifest)
    lexicon = lexicon_of(manifest.parent)
    grouped: dict[str, list[tuple[str, dict]]] = {}
    units = []
    for where, row in rows:
        treaty_id = row.get("id", "")
        if not treaty_id:
            units.append(Unit(key=f"{manifest}, {where}", kind=TEXTS, origin=f"{manifest}, {where}",
                              lexicon=lexicon, problem=f"{manifest}, {where}: no treaty id"))
            continue
        grouped.setdefault(treaty_id, []).append((where, row))
    for treaty_id, treaty_rows in grouped.items():
        units.append(_manifest_treaty(manifest, treaty_id, treaty_rows, lexicon))
    return units


def _manifest_rows(manifest: Path) -> list[tuple[str, dict[str, str]]]:
    """(where, row) for each row: 'row 3' (the CSV line) or 'entry 2' (the JSON list item)."""
    name = str(manifest)
    text = plaintext.decode(limits.read_limited(manifest), name)
    if manifest.suffix.lower() == ".json":
        try:
            entries = json.loads(text)
        except json.JSONDecodeError as err:
            raise InputError(f"{name}: not JSON ({err.msg}, line {err.lineno})") from None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            raise InputError(f"{name}: a JSON manifest is a list of objects, one per text: "
                             '[{"id": "...", "language": "ru", "file": "ru.txt"}, ...]')
        columns = set().union(*(e.keys() for e in entries)) if entries else set()
        rows = [(f"entry {n}", {k: "" if v is None else v if isinstance(v, str) else json.dumps(v)
                                for k, v in e.items()})
                for n, e in enumerate(entries, start=1)]
    else:
        reader = csv.DictReader(io.StringIO(text, newline=""))
        columns = set(reader.fieldnames or ())
        try:
            rows = [(f"row {reader.line_num}", {k: (v or "").strip() for k, v in row.items() if k is not None})
                    for row in reader]
        except csv.Error as err:
            raise InputError(f"{name}: not CSV ({err})") from None
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        raise InputError(f"{name}: the manifest has no column {', '.join(missing)} "
                         f"(it needs {', '.join(REQUIRED_COLUMNS)}; optional: {', '.join(OPTIONAL_COLUMNS)})")
    if not rows:
        raise InputError(f"{name}: the manifest lists no texts")
    return [(where, {k: v.strip() for k, v in row.items()}) for where, row in rows]


def _manifest_treaty(manifest: Path, treaty_id: str, rows: list[tuple[str, dict]], lexicon: Path) -> Unit:
    wheres = [where for where, _ in rows]
    origin = f"{manifest}, {wheres[0]}" + (f"–{wheres[-1].split()[-1]}" if len(rows) > 1 else "")
    unit = Unit(key=treaty_id, kind=TEXTS, origin=origin, lexicon=lexicon)
    if not TREATY_ID.match(treaty_id):
        return _failed(unit, f"{manifest}, {wheres[0]}: treaty id {treaty_id!r} must be lowercase letters, "
                             "digits and hyphens, e.g. 'kyakhta-1727'")
    files, meta = [], {}
    for where, row in rows:
        try:
            files.append(_manifest_text(manifest, row, [lang for lang, _, _ in files]))
            meta |= _manifest_meta(row, files[-1][0], meta)
        except InputError as err:
            return _failed(unit, f"{manifest}, {where}: {err}")
    return Unit(key=treaty_id, kind=TEXTS, origin=origin, lexicon=lexicon, files=tuple(files),
                meta=tuple(sorted(meta.items())))


def _manifest_text(manifest: Path, row: dict, seen: list[str]) -> tuple[str, Path, str]:
    lang, file = row.get("language", ""), row.get("file", "")
    if not LANG_CODE.match(lang):
        raise InputError(f"{lang!r} is not a language code (two or three lowercase letters, e.g. 'ru')"
                         if lang else "no language given")
    if lang in seen:
        raise InputError(f"a second {lang!r} text for the same treaty")
    if not file:
        raise InputError("no file given")
    path = Path(file) if Path(file).is_absolute() else manifest.parent / file
    return lang, path, str(path)


def _manifest_meta(row: dict, lang: str, meta: dict) -> dict:
    """The row's optional columns as flat metadata: title, source.LANG, transcription.LANG, collated_by, collated_on."""
    out = {}
    if row.get("title") and "title" not in meta:
        out["title"] = limits.check_xml_text(row["title"], "title")
    if row.get("source"):
        out[f"source.{lang}"] = limits.check_xml_text(row["source"], "source")
    status = row.get("transcription") or Transcription.unverified.value
    if status not in {s.value for s in MANIFEST_STATUSES}:
        raise InputError(f"transcription {status!r} must be one of {', '.join(s.value for s in MANIFEST_STATUSES)}")
    out[f"transcription.{lang}"] = status
    if status == Transcription.collated.value:
        if not (row.get("source") and row.get("collated_by") and row.get("collated_on")):
            raise InputError("a collated text names its source (the edition), collated_by and collated_on")
        for column in ("collated_by", "collated_on"):
            if meta.get(column, row[column]) != row[column]:
                raise InputError(f"the collated texts of one treaty share {column} ({meta[column]!r}, not {row[column]!r})")
            out[column] = limits.check_xml_text(row[column], column)
    return out


def _failed(unit: Unit, problem: str) -> Unit:
    return Unit(key=unit.key, kind=unit.kind, origin=unit.origin, lexicon=unit.lexicon, problem=problem)

