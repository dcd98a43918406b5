"""What each unit is sent to a worker, and the key its result is stored under."""

from __future__ import annotations

from pathlib import Path

from comparer import limits
from comparer.batch import keys
from comparer.batch.sources import Unit


class Plan:
    """Each unit's key, and what a task is sent: the unit's files, its lexicon, the settings, the code."""

    def __init__(self, settings: dict, code: str):
        """`code`: this process's code fingerprint, which the workers are expected to run."""
        self.settings, self.code = settings, code
        # The input limit decides whether a file is read, never what its result is.
        self._keyed_settings = {name: value for name, value in settings.items() if name != "max_input"}
        self._lexicons: dict[Path, tuple[str, bytes, str]] = {}
        self.current: dict[tuple[str, str], str] = {}  # (unit key, kind) -> the key of its stored result

    def lexicon(self, path: Path) -> tuple[str, bytes, str]:
        if path not in self._lexicons:
            data = limits.read_limited(path)
            self._lexicons[path] = (keys.digest(data), data, str(path))
        return self._lexicons[path]

    def key(self, unit: Unit) -> str:
        """The key of the unit's result if computed now, by this process's code."""
        return keys.result_key(self.prepare(unit)[0], self.code)

    def prepare(self, unit: Unit) -> tuple[str, dict, tuple[str, bytes, str]]:
        """(inputs digest, payload, lexicon) from the files as they are now: the digest is of the bytes sent."""
        lexicon = self.lexicon(unit.lexicon)
        payload = unit.payload()
        return keys.inputs_digest(payload, lexicon[0], self._keyed_settings), payload, lexicon
