"""The web reader (HTML) and the JSON API over one corpus folder.

`create_app()` parses the corpus once; alignments and check reports are computed on first use and
kept (web.pipeline). `app.config["EDIT"]` is the switch later review/editing routes go behind: the
app is read-only while it is False. `app.config["SEMANTIC"]` says whether alignments use sentence
embeddings (slow: set it only for a server that warms its cache before taking requests).
"""

from __future__ import annotations

from flask import Flask, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError

from comparer.errors import ComparerError

from . import i18n
from .services import Services

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"
)


def create_app(corpus_dir: str | None = None, *, edit: bool = False, testing: bool = False,
               semantic: bool = False) -> Flask:
    app = Flask(__name__, static_folder="static", template_folder="templates")
    app.config.update(EDIT=edit, TESTING=testing, CORPUS_DIR=corpus_dir, SEMANTIC=semantic)
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["comparer"] = Services(corpus_dir, semantic=semantic)

    from .api import api
    from .reader import reader

    app.register_blueprint(reader)
    app.register_blueprint(api, url_prefix="/api")
    _install_interface_language(app)
    _install_security_headers(app)
    _install_error_pages(app)
    return app


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
                "label": lambda group, value, **kw: i18n.label(ui, group, value, **kw)}


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
        if request.path.startswith("/api/"):
            return jsonify({"error": message, "status": status}), status
        if not hasattr(g, "ui"):
            g.ui = i18n.choose(request)
        return render_template("error.html", status=status, message=message), status

    @app.errorhandler(ComparerError)
    def user_error(err: ComparerError):
        return respond(err.http_status, str(err))

    @app.errorhandler(HTTPException)
    def http_error(err: HTTPException):
        if isinstance(err, InternalServerError):
            return respond(500, "internal server error")
        return respond(err.code or 500, err.description or err.name)
