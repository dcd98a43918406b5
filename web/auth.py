"""Who may edit: editor tokens, the browser session a token opens, and the CSRF token of every form.

Editing is off unless the server starts with --edit. The tokens come from, first found:
`--editors FILE`, a JSON object {name: token}; the environment variable COMPARER_EDITOR_TOKEN (one
editor, named "editor"); or a token file made on first start in the user's configuration folder
($XDG_CONFIG_HOME/treaty-comparer, else ~/.config/treaty-comparer: folder 0700, file 0600), never
in the corpus. The key that signs browser sessions is generated once and kept beside it.

The API takes `Authorization: Bearer <token>`; the browser logs in once with a form and then holds a
session cookie (HttpOnly, SameSite=Strict). Every form POST carries the session's CSRF token.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
import stat
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, abort, current_app, request, session
from werkzeug.exceptions import Unauthorized

from comparer import limits, review
from comparer.errors import ComparerError, InputError

TOKEN_ENV = "COMPARER_EDITOR_TOKEN"
CONFIG_FOLDER = "treaty-comparer"
TOKEN_FILE = "editor-token"
SESSION_KEY_FILE = "session-key"
MIN_TOKEN_LENGTH = 16
SESSION_COOKIE = "comparer_session"
_EXTENSION = "comparer.editors"


@dataclass(frozen=True)
class Editors:
    """Editor name -> token."""

    tokens: dict[str, str]

    def identify(self, token: str | None) -> str | None:
        """The editor whose token this is; every token is compared, in constant time."""
        found = None
        for name, known in self.tokens.items():
            if token is not None and hmac.compare_digest(token.encode("utf-8"), known.encode("utf-8")):
                found = name
        return found

    def token_id(self, name: str) -> str | None:
        """A digest of the editor's token, kept in their session: a changed token ends old sessions."""
        token = self.tokens.get(name)
        return hashlib.sha256(token.encode("utf-8")).hexdigest()[:16] if token else None


def config_folder() -> Path:
    base = os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config"
    return Path(base) / CONFIG_FOLDER


def _secret(path: Path) -> tuple[str, bool]:
    """The secret kept in `path`, made on first use; (value, whether it was just made)."""
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        if stat.S_IMODE(path.stat().st_mode) & 0o077:
            raise ComparerError(f"{path} can be read by other users; make it private: chmod 600 {path}") from None
        value = path.read_text(encoding="utf-8").strip()
        if len(value) < MIN_TOKEN_LENGTH:
            raise ComparerError(f"{path} holds no usable secret; delete it and a new one is made")
        return value, False
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        value = secrets.token_urlsafe(32)
        handle.write(value + "\n")
    return value, True


def load_editors(path: Path) -> Editors:
    """--editors FILE: {"name": "token", …}; names as in @resp, tokens long enough to resist guessing."""
    try:
        data = json.loads(limits.read_limited(path))
    except (ComparerError, ValueError, RecursionError) as err:
        raise InputError(f"--editors {path}: cannot read a JSON object ({err})") from None
    if not isinstance(data, dict) or not data:
        raise InputError(f"--editors {path}: expected a JSON object {{\"name\": \"token\", …}} "
                         "with at least one editor")
    for name, token in data.items():
        review.check_editor(name)
        if not isinstance(token, str) or len(token) < MIN_TOKEN_LENGTH:
            raise InputError(f"--editors {path}: the token of {name!r} must be a string of "
                             f"{MIN_TOKEN_LENGTH} characters or more")
    if len(set(data.values())) != len(data):
        raise InputError(f"--editors {path}: two editors share a token")
    return Editors(dict(data))


def serving_editors(editors_file: Path | None) -> tuple[Editors, Path | None]:
    """The editors a server started with --edit accepts, and the token file if it was just made."""
    if editors_file is not None:
        return load_editors(editors_file), None
    if os.environ.get(TOKEN_ENV):
        token = os.environ[TOKEN_ENV]
        if len(token) < MIN_TOKEN_LENGTH:
            raise InputError(f"{TOKEN_ENV} must be at least {MIN_TOKEN_LENGTH} characters")
        return Editors({review.DEFAULT_EDITOR: token}), None
    path = config_folder() / TOKEN_FILE
    token, made = _secret(path)
    return Editors({review.DEFAULT_EDITOR: token}), path if made else None


def session_key() -> bytes:
    """The key that signs session cookies, the same for every worker and every restart."""
    return _secret(config_folder() / SESSION_KEY_FILE)[0].encode("utf-8")


# ---------------------------------------------------------------- in the app


def install(app: Flask, editors: Editors, secret_key: bytes) -> None:
    app.secret_key = secret_key
    app.config.update(SESSION_COOKIE_NAME=SESSION_COOKIE, SESSION_COOKIE_HTTPONLY=True,
                      SESSION_COOKIE_SAMESITE="Strict")
    app.extensions[_EXTENSION] = editors
    app.add_template_global(csrf_token)


def _editors() -> Editors | None:
    return current_app.extensions.get(_EXTENSION)


def session_editor() -> str | None:
    """The editor logged in with this browser, while their token is still the one they logged in with."""
    editors = _editors()
    if editors is None:
        return None
    name = session.get("editor")
    if name and session.get("token_id") == editors.token_id(name):
        return name
    return None


def bearer_editor() -> str:
    """The editor an API request's bearer token names; 401 otherwise."""
    editors = _editors()
    scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
    name = editors.identify(token.strip()) if editors and scheme.lower() == "bearer" else None
    if name is None:
        raise Unauthorized("an editor token is needed: send 'Authorization: Bearer <token>'")
    return name


def log_in(token: str) -> str | None:
    editors = _editors()
    name = editors.identify(token) if editors else None
    if name is not None:
        session.clear()  # a fresh session: nothing from before the login survives it
        session.update(editor=name, token_id=editors.token_id(name), csrf=secrets.token_urlsafe(32))
    return name


def log_out() -> None:
    session.clear()


def csrf_token() -> str:
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Every form POST must carry the token of this browser's session."""
    sent = request.form.get("csrf", "")
    expected = session.get("csrf")
    if not expected or not hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8")):
        abort(403, "this form did not come from this site or has expired: reload the page and try again")
