"""Interface language: every label is a key looked up in web/translations/<lang>.json.

The chosen language comes from `?ui=`, then the `ui` cookie, then the browser's Accept-Language;
`?ui=` also sets the cookie so the choice is remembered. Dates are written in the interface
language by Babel (CLDR): 28 May 1858, 28 Mei 1858.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from functools import cache
from pathlib import Path

from babel.dates import format_date, format_datetime
from flask import Request

UI_LANGS = ("en", "id")
DEFAULT_UI = "en"
COOKIE = "ui"
BABEL_LOCALES = {"en": "en_GB"}  # day before month, as the editions and the rest of the reader write dates
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


def day(ui: str, value: str | date) -> str:
    """An ISO day (1858-05-28) in words of the interface language; a value that is no ISO day stays as it is.
    A Julian day is written with the same month names: its calendar is said beside it."""
    if isinstance(value, str):
        try:
            value = date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, format="long", locale=BABEL_LOCALES.get(ui, ui))


def moment(ui: str, value: str | None) -> str:
    """An ISO date-time (a review's time, UTC) in the interface language, to the minute."""
    try:
        when = datetime.fromisoformat((value or "").replace("Z", "+00:00"))
    except ValueError:
        return value or ""
    if when.tzinfo is None:
        return format_datetime(when, format="medium", locale=BABEL_LOCALES.get(ui, ui))
    return format_datetime(when, "d MMMM y, HH:mm zzz", tzinfo=when.tzinfo, locale=BABEL_LOCALES.get(ui, ui))
