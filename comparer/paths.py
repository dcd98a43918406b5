"""Where the bundled corpus, schemas and the shared reference material live.

texts/, schemas/ and web/ sit at the top of the repository and are installed inside the package
(see pyproject.toml), so both a source checkout and a non-editable install find them.
"""

from __future__ import annotations

import os
import importlib.util
from pathlib import Path

CORPUS_ENV = "COMPARER_CORPUS"
SHARED_ENV = "COMPARER_SHARED"
_REPO = Path(__file__).resolve().parent.parent


def bundled(name: str) -> Path:
    """The installed copy of a top-level data folder ('texts', 'schemas', 'web'), else the checkout's."""
    try:
        spec = importlib.util.find_spec(f"comparer.{name}")
    except ModuleNotFoundError:
        spec = None
    if spec is None or not spec.submodule_search_locations:
        return _REPO / name
    # Data folders have no __init__.py: they are namespace packages, whose one location is the folder.
    return Path(next(iter(spec.submodule_search_locations)))


def corpus_dir(override: str | os.PathLike | None = None) -> Path:
    if override:
        return Path(override)
    if os.environ.get(CORPUS_ENV):
        return Path(os.environ[CORPUS_ENV])
    return bundled("texts")


def schema(name: str) -> Path:
    return bundled("schemas") / name


def shared_dir() -> Path:
    """../shared beside the checkout: benchmark data and the official tei_all schema (absent for users).

    An installed package does not know where the checkout is: $COMPARER_SHARED, else the
    folder beside the checkout the command runs in (or the one this module comes from)."""
    if os.environ.get(SHARED_ENV):
        return Path(os.environ[SHARED_ENV])
    for checkout in (Path.cwd(), _REPO):
        if (checkout / "pyproject.toml").exists() and (checkout / "comparer").is_dir():
            return checkout.parent / "shared"
    return _REPO.parent / "shared"
