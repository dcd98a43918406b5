"""One change to the decisions in a treaty file, made under storage.transact.

The file is parsed as it is under the lock; reviews of the first format that the reading carried
over to parts get their parts written into their change records (the upgrade is stored with the
next change, whatever it is); then the change is made, the new file is validated (schemas/corpus.rng,
the model's rules, and pointers that resolve for what the change adds) and written atomically.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from pathlib import Path

from comparer import paths, tei
from comparer.errors import CorpusError
from comparer.review.checker import Checker
from comparer.review.document import Document
from comparer.review.records import Snapshot
from comparer.review.storage import Stamp, transact
from comparer.tei.xml import NS, PARTS_IDNO, XML_ID
from comparer.validate import CORPUS_SCHEMA, schema_errors

Change = Callable[[Snapshot, Document], None]


def change_file(path: Path, if_match: str | Collection[str] | None, change: Change, checker: Checker) -> Snapshot:
    """Apply `change` to the file (as read now, with the checker's findings for upgrades); returns the
    file as written."""
    path = Path(path)
    written: list[Snapshot] = []

    def rewrite(data: bytes, stamp: Stamp) -> bytes:
        current = Snapshot(path, data, stamp, checker)
        document = Document(tei.parse_bytes(data, str(path)))
        _store_upgrades(document, current.upgrades)
        change(current, document)
        new = Snapshot(path, document.to_bytes(), stamp)
        _validate(new, current)
        written.append(new)
        return new.data

    _, stamp = transact(path, if_match, rewrite)
    written[0].stamp = stamp
    return written[0]


def _store_upgrades(document: Document, upgrades: dict[str, list[str]]) -> None:
    for review_id, parts in upgrades.items():
        annotation = document.by_id(review_id)
        changes = annotation.findall("t:revisionDesc/t:change", NS) if annotation is not None else []
        if changes:
            document.add_idnos(changes[-1], **{PARTS_IDNO: " ".join(parts)})


def _validate(snapshot: Snapshot, before: Snapshot) -> None:
    """The rules every corpus file keeps, and pointers that resolve for what this change adds."""
    problems = schema_errors(snapshot.tree, paths.schema(CORPUS_SCHEMA))
    ids = {el.get(XML_ID) for el in snapshot.tree.iter() if isinstance(el.tag, str)}
    targets = set(snapshot.treaty.clause_index()) | {w.id for v in snapshot.treaty.versions.values()
                                                     for w in v.witnesses}
    old = {item.id for item in [*before.corrections, *before.reviews]}
    for item in [*snapshot.corrections, *snapshot.reviews]:
        if item.id in old:
            continue
        problems += [f"{item.id} points at {t!r}, which is neither a clause nor a version" for t in item.targets
                     if t not in targets]
        if item.editor not in ids:
            problems.append(f"{item.id}: editor {item.editor!r} has no respStmt")
    if problems:
        raise CorpusError("the change would make the file invalid: " + "; ".join(problems[:5]), str(snapshot.path))
