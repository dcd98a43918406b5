"""When a stored result still holds: a content hash of everything that decides it.

A unit's key hashes its files' bytes (not their paths: a collection moved elsewhere is the same
collection), its manifest metadata, the lexicon's bytes, the options that change results (the
versions compared, the interface language of the messages, embeddings on or off) and the code:
every file of the installed `comparer` package (the corpus, schemas and web assets excepted)
and the versions of the libraries it depends on (a new pymorphy3 dictionary can change a lemma).
"""

from __future__ import annotations

import hashlib
import json
import re
from functools import lru_cache
from importlib import metadata
from pathlib import Path


import comparer

DISTRIBUTION = "treaty-comparer"
_NOT_CODE = {"texts", "schemas", "web", "__pycache__"}  # inputs hashed on their own, or no part of a result
_CODE_SUFFIXES = {".py", ".json", ".html", ".css"}
_REQUIREMENT_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]*")


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of the package's code and data files and of its dependencies' installed versions.
    Computed once per process: a worker's result says which code computed it."""
    root = Path(comparer.__file__).parent
    h = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if path.suffix in _CODE_SUFFIXES and not _NOT_CODE.intersection(relative.parts) and path.is_file():
            h.update(relative.as_posix().encode() + b"\0" + digest(path.read_bytes()).encode())
    for name, version in dependency_versions().items():
        h.update(f"{name}=={version}\n".encode())
    return h.hexdigest()


def dependency_versions() -> dict[str, str]:
    """The installed version of every library the package declares (the test tools excepted), by name."""
    try:
        requirements = metadata.requires(DISTRIBUTION) or []
    except metadata.PackageNotFoundError:  # running from a checkout that was never installed
        return {}
    versions = {}
    for requirement in requirements:
        if re.search(r"extra\s*==\s*.test.", requirement):
            continue
        name = _REQUIREMENT_NAME.match(requirement).group()
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # an extra that is not installed decides nothing
    return dict(sorted(versions.items()))


def inputs_digest(payload: dict, lexicon_digest: str, settings: dict) -> str:
    """A hash of what one unit is computed from: its files, metadata, lexicon and options."""
    described = {
        "kind": payload["kind"],
        "key": payload["key"],
        "meta": payload["meta"],
        "files": [(role, digest(data)) for role, _, data in payload["files"]],
        "lexicon": lexicon_digest,
        "settings": settings,
    }
    return digest(json.dumps(described, sort_keys=True, ensure_ascii=False).encode("utf-8"))


def result_key(inputs: str, code: str) -> str:
    """The key a result is stored under: its inputs and the code that computed it."""
    return digest(f"{inputs}\0{code}".encode())
