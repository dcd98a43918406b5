"""The results folder of a batch run: one file per unit, each written whole or not at all.

    RESULTS/treaties/<id>.json      a treaty: the key of its inputs, the treaty (titles, dates, each
                                    version's legal and transcription status), `alignment` (as
                                    `comparer align --json`) and `findings` (as `comparer check --json`)
    RESULTS/claims/<source>.json    a secondary source's claims (as `comparer claims --json`)
    RESULTS/findings.parquet, .csv  every finding of the run's treaties (comparer.batch.tables)
    RESULTS/claims.parquet, .csv    every claim of the run's sources
    RESULTS/failures.csv            the units that failed in the last run, with their error
    RESULTS/summary.html            counts by type, language pair and treaty; the failures

A unit's file is written atomically (comparer.tei.write_atomic) as soon as it is computed, so a
run that is killed loses only the units in flight; its `input` key (comparer.batch.keys) says
which inputs it was computed from, and a later run skips the units whose key has not changed.
"""

from __future__ import annotations

import csv
import io
import json
import os
from dataclasses import dataclass
from pathlib import Path

from comparer import tei
from comparer.batch.sources import CLAIMS, Unit
from comparer.errors import InputError

FORMAT = "comparer-batch/1"
FAILURE_COLUMNS = ["unit", "kind", "origin", "error"]


@dataclass(frozen=True)
class Failure:
    unit: str
    kind: str
    origin: str
    error: str


class ResultsFolder:
    def __init__(self, folder: str | os.PathLike):
        self.folder = Path(folder)
        if self.folder.exists() and not self.folder.is_dir():
            raise InputError(f"{self.folder}: --out names a file; give a folder for the results")
        try:
            for sub in ("treaties", "claims"):
                (self.folder / sub).mkdir(parents=True, exist_ok=True)
        except OSError as err:
            raise InputError(f"{self.folder}: cannot make the results folder ({err.strerror})") from None
        if not os.access(self.folder, os.W_OK | os.X_OK):
            raise InputError(f"{self.folder}: the results folder is not writable")

    def path(self, unit: Unit) -> Path:
        return self.folder / ("claims" if unit.kind == CLAIMS else "treaties") / f"{unit.key}.json"

    def stored_key(self, unit: Unit) -> str | None:
        """The input key the unit's stored result was computed from; None when there is none
        (or it is not a result this version of the tool wrote)."""
        record = self.read(unit)
        return record.get("input") if record else None

    def read(self, unit: Unit) -> dict | None:
        try:
            record = json.loads(self.path(unit).read_bytes())
        except (OSError, ValueError):
            return None
        return record if isinstance(record, dict) and record.get("format") == FORMAT else None

    def write(self, unit: Unit, input_key: str, outcome: dict) -> None:
        record = {"format": FORMAT, "unit": unit.key, "kind": unit.kind, "origin": unit.origin,
                  "input": input_key, "seconds": outcome["seconds"], **outcome["result"]}
        tei.write_atomic(self.path(unit), json.dumps(record, ensure_ascii=False).encode("utf-8"))

    def discard_stale(self, unit: Unit, input_key: str | None) -> None:
        """A unit that failed keeps no result computed from other inputs: the folder never shows
        findings of a text that is no longer the one given."""
        if input_key is None or self.stored_key(unit) != input_key:
            self.path(unit).unlink(missing_ok=True)

    def write_failures(self, failures: list[Failure]) -> Path:
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=FAILURE_COLUMNS)
        writer.writeheader()
        writer.writerows({"unit": f.unit, "kind": f.kind, "origin": f.origin, "error": f.error} for f in failures)
        path = self.folder / "failures.csv"
        tei.write_atomic(path, out.getvalue().encode("utf-8"))
        return path
