"""The web reader (HTML) and the JSON API over one corpus folder.

`create_app()` parses the corpus once and again for a treaty whose file changed; alignments and check
reports are computed on first use and kept (web.pipeline). `app.config["EDIT"]` is the switch the
write routes (web.editing: reviews, alignment corrections, logging in) go behind: while it is False
no write route exists and a POST to an editable resource gets 403. `app.config["SEMANTIC"]` says
whether alignments use sentence embeddings (slow: set it only for a server that warms its cache
before taking requests).
"""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections import OrderedDict

from flask import Flask, current_app, g, jsonify, render_template, request, url_for
from flask.json.provider import DefaultJSONProvider
from flask_compress import Compress
from werkzeug.exceptions import HTTPException, InternalServerError, MethodNotAllowed

from comparer import limits, review
from comparer.errors import ComparerError, InputError

from . import auth, i18n, server  # noqa: F401 - server: the gunicorn worker `comparer serve` runs
from .services import Services

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)
MAX_REQUEST_BYTES = 64 * 1024  # a review comment or an alignment edit; anything larger is refused (413)
MAX_FORM_PARTS = 50  # the write forms have a handful of fields
EDITABLE_ENDPOINTS = frozenset({"api.reviews", "api.alignment"})


def create_app(corpus_dir: str | None = None, *, edit: bool = False, editors: auth.Editors | None = None,
               secret_key: bytes | None = None, testing: bool = False, semantic: bool = False) -> Flask:
    """edit: add the write routes; they need `editors` (web.auth) and a corpus folder named
    explicitly (or COMPARER_CORPUS), never the bundled one. `secret_key` signs session cookies
    (default: a new one, so sessions end with the process)."""
    if edit:  # refused before the corpus is loaded
        review.editable_folder(corpus_dir)
        if editors is None:
            raise InputError("editing needs editors: a token or a list of editors (see web.auth)")
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.json = _JSONProvider(app)
    body_limit = min(MAX_REQUEST_BYTES, limits.max_input_bytes())  # the input limit caps bodies too
    app.config.update(EDIT=edit, TESTING=testing, CORPUS_DIR=corpus_dir, SEMANTIC=semantic,
                      MAX_CONTENT_LENGTH=body_limit, MAX_FORM_MEMORY_SIZE=body_limit, MAX_FORM_PARTS=MAX_FORM_PARTS)
    app.extensions["comparer"] = Services(corpus_dir, semantic=semantic)

    from .api import api
    from .reader import reader

    app.register_blueprint(reader)
    app.register_blueprint(api, url_prefix="/api")
    if edit:
        from .collating import collating
        from .editing import editing

        auth.install(app, editors, secret_key or secrets.token_bytes(32))
        app.register_blueprint(editing)
        app.register_blueprint(collating)
    _install_interface_language(app)
    _install_security_headers(app)
    _install_error_pages(app)
    _install_compression(app)
    return app


class _JSONProvider(DefaultJSONProvider):
    """Flask's JSON, keeping non-ASCII text as it is and keys in our order. A body nested too deeply
    for the decoder ([[[[…) is malformed JSON like any other (a 400), not a RecursionError (a 500)."""

    ensure_ascii = False
    sort_keys = False

    def loads(self, s, **kwargs):
        try:
            return super().loads(s, **kwargs)
        except RecursionError:
            raise ValueError("the JSON is nested too deeply") from None


# Pages and JSON are text that compresses tenfold (a treaty page: ~190 KB, ~20 KB compressed): brotli
# for the browsers that ask for it, gzip for the others (flask-compress picks by Accept-Encoding).
COMPRESSED_KEPT = 256  # compressed bodies kept (a treaty page is ~30 KB compressed)
COMPRESSED_TYPES = ["text/html", "application/json", "text/css", "text/javascript", "application/javascript",
                    "text/csv", "application/tei+xml", "application/x-tmx+xml"]


def _install_compression(app: Flask) -> None:
    """Compressed bodies are kept by the digest of what they compress: a page the reader serves again
    (web.reader.render_page keeps them) is compressed once, not on every request."""
    compressed = _CompressedBodies(COMPRESSED_KEPT)
    app.config.update(COMPRESS_MIMETYPES=COMPRESSED_TYPES, COMPRESS_ALGORITHM=["br", "gzip"], COMPRESS_BR_LEVEL=4,
                      COMPRESS_LEVEL=6, COMPRESS_MIN_SIZE=1024,
                      COMPRESS_CACHE_BACKEND=lambda: compressed,
                      COMPRESS_CACHE_KEY=lambda request: g.get("body_digest"))
    Compress(app)

    @app.after_request  # runs before flask-compress's hook (Flask runs them last registered first)
    def digest_body(response):
        if not response.direct_passthrough and not response.is_streamed:
            g.body_digest = hashlib.blake2b(response.get_data(), digest_size=16).hexdigest()
        return response


class _CompressedBodies:
    """flask-compress's cache: algorithm and body digest -> compressed body, the least recently used
    dropped first; nothing is kept for a response without a digest (streamed or passed through)."""

    def __init__(self, size: int):
        self.size = size
        self._items: OrderedDict[str, bytes] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self._lock:
            if key in self._items:
                self._items.move_to_end(key)
            return self._items.get(key)

    def set(self, key: str, value: bytes) -> None:
        if key.endswith(";None"):
            return
        with self._lock:
            self._items[key] = value
            if len(self._items) > self.size:
                self._items.popitem(last=False)


def _install_interface_language(app: Flask) -> None:
    @app.before_request
    def choose_language() -> None:
        g.ui = i18n.choose(request)

    @app.after_request
    def remember_language(response):
        asked = request.args.get("ui")
        if asked in i18n.UI_LANGS and request.cookies.get(i18n.COOKIE) != asked:
            response.set_cookie(i18n.COOKIE, asked, max_age=365 * 24 * 3600, samesite="Lax", httponly=True)
        return response

    @app.context_processor
    def labels() -> dict:
        ui = getattr(g, "ui", i18n.DEFAULT_UI)
        return {"ui": ui, "ui_langs": i18n.UI_LANGS, "t": lambda key, **kw: i18n.translate(ui, key, **kw),
                "label": lambda group, value, **kw: i18n.label(ui, group, value, **kw),
                "editing": app.config["EDIT"], "editor": auth.session_editor()}


def _install_security_headers(app: Flask) -> None:
    @app.after_request
    def secure(response):
        response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "same-origin"
        response.headers["Cross-Origin-Opener-Policy"] = "same-origin"
        return response


def _install_error_pages(app: Flask) -> None:
    """Errors as JSON under /api/, as a page elsewhere; never a traceback."""

    def respond(status: int, message: str):
        message = _without_folders(message)
        if request.path.startswith("/api/"):
            return jsonify({"error": message, "status": status}), status
        if not hasattr(g, "ui"):
            g.ui = i18n.choose(request)
        return render_template("error.html", status=status, message=message, back=_treaty_page()), status

    @app.errorhandler(ComparerError)
    def user_error(err: ComparerError):
        return respond(err.http_status, err.public())

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if isinstance(err, InternalServerError):
            return respond(500, "internal server error")
        if isinstance(err, MethodNotAllowed) and _editing_disabled():
            return respond(403, "editing is disabled on this server (start it with: comparer serve --edit)")
        response = respond(err.code or 500, err.description or err.name)
        if err.code == 401 and request.path.startswith("/api/"):
            response[0].headers["WWW-Authenticate"] = "Bearer"
        return response


def _treaty_page() -> str | None:
    """A treaty's page a refused request about it leads back to (its default view), not only the list."""
    treaty_id = (request.view_args or {}).get("treaty_id")
    if not treaty_id or treaty_id not in current_app.extensions["comparer"].treaties():
        return None
    return url_for("reader.treaty", treaty_id=treaty_id)


def _without_folders(message: str) -> str:
    """An error leaves the machine without the corpus folder's path: files are named by their name."""
    folder = str(current_app.extensions["comparer"].corpus.folder)
    return message.replace(folder + "/", "").replace(folder, "the corpus folder")


def _editing_disabled() -> bool:
    """A write to an editable resource on a read-only server (which has no write routes at all)."""
    if current_app.config["EDIT"] or request.method in ("GET", "HEAD", "OPTIONS"):
        return False
    try:
        endpoint, _ = current_app.url_map.bind_to_environ(request.environ).match(method="GET")
    except HTTPException:
        return False
    return endpoint in EDITABLE_ENDPOINTS
