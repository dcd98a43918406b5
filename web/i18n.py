"""Interface language: every label is a key looked up in web/translations/<lang>.json.

The chosen language comes from `?ui=`, then the `ui` cookie, then the browser's Accept-Language;
`?ui=` also sets the cookie so the choice is remembered.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from flask import Request

UI_LANGS = ("en", "id")
DEFAULT_UI = "en"
COOKIE = "ui"
_FOLDER = Path(__file__).parent / "translations"


@cache
def catalog(ui: str) -> dict[str, str | dict[str, str]]:
    """Key -> label; a label that depends on a count is {"one": …, "other": …}, chosen by the parameter n."""
    return json.loads((_FOLDER / f"{ui}.json").read_text(encoding="utf-8"))


def translate(ui: str, key: str, **params: object) -> str:
    """The label for key in ui; a key missing from every catalog is a bug, so it raises."""
    text = catalog(ui).get(key)
    if text is None:
        text = catalog(DEFAULT_UI)[key]
    if isinstance(text, dict):
        text = text["one"] if params.get("n") == 1 else text["other"]
    return text.format(**params) if params else text


def has(ui: str, key: str) -> bool:
    return key in catalog(ui) or key in catalog(DEFAULT_UI)


def label(ui: str, group: str, value: str, **params: object) -> str:
    """The label of a value that comes from data (an evidence kind, a finding type); a value newer than
    the catalogs shows as itself instead of breaking the page."""
    key = f"{group}.{value}"
    return translate(ui, key, **params) if has(ui, key) else value


def choose(request: Request) -> str:
    asked = request.args.get("ui")
    if asked in UI_LANGS:
        return asked
    remembered = request.cookies.get(COOKIE)
    if remembered in UI_LANGS:
        return remembered
    return request.accept_languages.best_match(UI_LANGS) or DEFAULT_UI
