"""Errors a user can cause. The CLI prints them as one line and exits non-zero; the API returns 4xx JSON."""

from __future__ import annotations

from pathlib import Path


class ComparerError(Exception):
    """Base of every error caused by input rather than by a bug."""

    exit_code = 2
    http_status = 400
    path: str | None = None  # the file the error is about, if any

    def public(self) -> str:
        """The message for a response that leaves this machine: the file by its name, not its folder."""
        return str(self).replace(self.path, Path(self.path).name) if self.path else str(self)


class CorpusError(ComparerError):
    """A file cannot be read or used: unreadable, too large, malformed XML, schema violation, broken structure."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path, self.line, self.reason = path, line, message
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{message}")


class InputTooLarge(CorpusError):
    """A file or a request body larger than the input limit (comparer.limits)."""

    http_status = 413


class UnknownTreaty(ComparerError):
    http_status = 404


class Unreadable(ComparerError):
    """A treaty or source whose file is in the corpus but cannot be read (the others are read and
    served). Not found, for a request: what is there is nothing the tool can give."""

    http_status = 404

    def __init__(self, kind: str, name: str, cause: ComparerError):
        self.cause, self.path = cause, cause.path
        super().__init__(f"{kind} {name!r} cannot be read: {cause}")


class UnknownLanguage(ComparerError):
    http_status = 404


class InputError(ComparerError):
    """User-supplied text or parameters that cannot be used as given."""
