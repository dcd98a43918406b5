"""A corpus folder: one TEI file per treaty, texts/lexicon.xml, and secondary texts in sources/."""

from __future__ import annotations

import os
from functools import cached_property
from pathlib import Path

from comparer import paths, tei
from comparer.errors import ComparerError, CorpusError, InputError, UnknownTreaty, Unreadable
from comparer.model import Lexicon, Treaty

LEXICON_FILE = "lexicon.xml"
SOURCES_DIR = "sources"


class Corpus:
    """Loads every treaty of a folder once; the CLI and the web app both work from one of these."""

    def __init__(self, folder: str | Path | None = None):
        self.folder = paths.corpus_dir(folder)
        if not self.folder.is_dir():
            raise CorpusError("corpus folder not found", str(self.folder))
        self._broken: dict[str, ComparerError] = {}

    def treaty_files(self) -> list[Path]:
        return sorted(p for p in self.folder.glob("*.xml") if p.name != LEXICON_FILE)

    def source_files(self) -> list[Path]:
        return sorted((self.folder / SOURCES_DIR).glob("*.xml"))

    @cached_property
    def treaties(self) -> dict[str, Treaty]:
        """The treaties that could be read, by id; the files that could not are in `broken`."""
        loaded: dict[str, Treaty] = {}
        for path in self.treaty_files():
            try:
                treaty = tei.load_treaty(path)
                if treaty.id != path.stem:
                    raise CorpusError(f"treaty id {treaty.id!r} does not match the file name", str(path))
            except ComparerError as err:
                self._broken[path.stem] = err  # one bad file must not hide the others
                continue
            loaded[treaty.id] = treaty
        return dict(sorted(loaded.items(), key=lambda kv: (kv[1].dates[0].value if kv[1].dates else "", kv[0])))

    @property
    def broken(self) -> dict[str, ComparerError]:
        """Treaty files that cannot be read, by file stem, with why."""
        self.treaties  # noqa: B018 - reading them finds the broken ones
        return self._broken

    @cached_property
    def lexicon(self) -> Lexicon:
        path = self.folder / LEXICON_FILE
        if not path.exists():
            # A user's corpus may come without a lexicon; fall back to the bundled one.
            path = paths.bundled("texts") / LEXICON_FILE
        return tei.load_lexicon(path)

    def treaty(self, treaty_id: str) -> Treaty:
        try:
            return self.treaties[treaty_id]
        except KeyError:
            if treaty_id in self.broken:
                raise Unreadable("treaty", treaty_id, self.broken[treaty_id]) from None
            known = ", ".join(self.treaties) or "none"
            raise UnknownTreaty(f"unknown treaty {treaty_id!r} (known: {known})") from None

    def path_of(self, treaty_id: str) -> Path:
        self.treaty(treaty_id)
        return self.folder / f"{treaty_id}.xml"


def writable_folder(folder: str | os.PathLike | None, what: str, options: str = "--corpus DIR") -> Path:
    """The corpus folder `what` writes into: named explicitly (argument or COMPARER_CORPUS), never
    the bundled corpus by default, existing and writable."""
    folder = folder or os.environ.get(paths.CORPUS_ENV)
    if not folder:
        raise InputError(f"{what} writes into corpus files, so name a corpus folder you can write to: "
                         f"{options} (or {paths.CORPUS_ENV}); the bundled corpus is not written to")
    path = Path(folder)
    if not path.is_dir():
        raise InputError(f"{path}: no such corpus folder")
    if not os.access(path, os.W_OK | os.X_OK):
        raise InputError(f"{path}: the corpus folder is not writable")
    return path
