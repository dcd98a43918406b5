"""Errors a user can cause. The CLI prints them as one line and exits non-zero; the API returns 4xx JSON."""


class ComparerError(Exception):
    """Base of every error caused by input rather than by a bug."""

    exit_code = 2
    http_status = 400


class CorpusError(ComparerError):
    """A corpus file cannot be read: malformed XML, schema violation, broken structure."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        self.path, self.line = path, line
        where = f"{path}:{line}: " if path and line else f"{path}: " if path else ""
        super().__init__(f"{where}{message}")


class UnknownTreaty(ComparerError):
    http_status = 404


class UnknownLanguage(ComparerError):
    http_status = 404


class InputError(ComparerError):
    """User-supplied text or parameters that cannot be used as given."""
