"""comparer serve: the web reader and JSON API under gunicorn (Flask's development server only with --debug)."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import click

from comparer.align import embeddings
from comparer.cli import State, cli, pass_state
from comparer.errors import ComparerError, InputError


def web_package():
    try:
        import comparer.web as package
    except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/ instead of inside it
        import web as package
    return package


def create_app(corpus_dir: str | None, semantic: bool = False, **editing):
    return web_package().create_app(corpus_dir, semantic=semantic, **editing)


def editing_app(corpus_dir: str | None, semantic: bool, editors_file: str | None, url: str):
    """The app with the write routes; says on every start where the editors' tokens are and how to use them."""
    auth = web_package().auth
    editors, made = auth.serving_editors(Path(editors_file) if editors_file else None)
    app = create_app(corpus_dir, semantic, edit=True, editors=editors, secret_key=auth.session_key())
    if editors_file:
        where = f"the editors file {Path(editors_file).resolve()}"
    elif os.environ.get(auth.TOKEN_ENV):
        where = f"the environment variable {auth.TOKEN_ENV}"
    else:
        where = f"{auth.config_folder() / auth.TOKEN_FILE}" + (" (made now, readable only by you)" if made else "")
    click.echo(f"comparer: editing is on for {', '.join(editors.tokens)}; the editor token is in {where}. "
               f"Log in at {url}login with it, or send 'Authorization: Bearer <token>' to the API.", err=True)
    return app


def check_address(host: str, port: int) -> None:
    """Fail now with one clear line, not after gunicorn's five retries, when the address cannot be used."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror as err:
        raise InputError(f"cannot listen on {host}:{port}: {err.strerror}") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as err:
            raise ComparerError(f"cannot listen on {host}:{port}: {err.strerror}") from None


def bind_address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def run_gunicorn(app, host: str, port: int, workers: int) -> None:
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            # The app (and the parsed corpus) is built before the workers fork, so they share it.
            settings = {"bind": bind_address(host, port), "workers": workers, "preload_app": True,
                        "accesslog": "-", "proc_name": "comparer",
                        "worker_class": web_package().server.JsonErrorWorker,  # its refusals in JSON
                        # gunicorn >= 24 opens a control socket in ~/.gunicorn; nothing here uses it
                        "control_socket_disable": True}
            for key, value in settings.items():
                if key in self.cfg.settings:
                    self.cfg.set(key, value)

        def load(self):
            return app

    Server().run()


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", type=click.IntRange(1, 65535), default=5000, show_default=True, help="TCP port.")
@click.option("--corpus", "corpus_dir", type=click.Path(file_okay=False, exists=True),
              help="Corpus folder (overrides the global --corpus).")
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Worker processes under gunicorn (default 1).")
@click.option("--semantic/--no-semantic", default=None,
              help="Align with sentence embeddings (default: when comparer[semantic] is installed; their vectors "
                   "are cached on disk, so only the first start encodes the corpus).")
@click.option("--debug", is_flag=True, help="Flask's development server with the debugger and reloading (never in production).")
@click.option("--edit", is_flag=True,
              help="Let editors confirm or dismiss findings and correct the alignment; writes into the corpus "
                   "files, so it needs --corpus. Without it the server is read-only.")
@click.option("--editors", "editors_file", type=click.Path(dir_okay=False, exists=True),
              help="With --edit: a JSON file {name: token, ...} of the editors. Default: one editor with the token "
                   "in COMPARER_EDITOR_TOKEN, else a token made on first start in ~/.config/treaty-comparer.")
@pass_state
def serve(state: State, host: str, port: int, corpus_dir: str | None, workers: int | None, semantic: bool | None,
          debug: bool, edit: bool, editors_file: str | None) -> None:
    """Serve the web reader and the JSON API."""
    if semantic is None:
        semantic = embeddings.available()
    if debug and workers:
        raise InputError("--debug runs Flask's single-process development server; leave out --workers")
    if editors_file and not edit:
        raise InputError("--editors says who may edit: add --edit")
    check_address(host, port)
    corpus_dir = corpus_dir or state.corpus_dir
    if edit:
        app = editing_app(corpus_dir, semantic, editors_file, f"http://{bind_address(host, port)}/")
    else:
        app = create_app(corpus_dir, semantic)
    if debug:
        app.run(host=host, port=port, debug=True)
        return
    app.extensions["comparer"].warm()
    click.echo(f"comparer: serving on http://{bind_address(host, port)}/ with {workers or 1} worker(s)", err=True)
    run_gunicorn(app, host, port, workers or 1)
