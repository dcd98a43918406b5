"""The `comparer` command line: a thin face over the library, one module per group of commands."""

from __future__ import annotations

import os
import sys

import click

from comparer import limits
from comparer.corpus import Corpus
from comparer.errors import ComparerError


class _Group(click.Group):
    """Turns every user-caused error into one line on stderr and a non-zero exit, never a traceback."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except ComparerError as err:
            click.echo(f"comparer: error: {err}", err=True)
            sys.exit(err.exit_code)
        except BrokenPipeError:
            # The reader (e.g. `| head`) went away: stop quietly, as Unix tools do.
            sys.stdout = open(os.devnull, "w")
            sys.exit(0)
        except OSError as err:
            click.echo(f"comparer: error: {err.filename or ''}: {err.strerror}", err=True)
            sys.exit(1)


class State:
    """What every command needs: the corpus folder, opened on first use."""

    def __init__(self, corpus_dir: str | None):
        self.corpus_dir = corpus_dir
        self._corpus: Corpus | None = None

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            self._corpus = Corpus(self.corpus_dir)
        return self._corpus


pass_state = click.make_pass_decorator(State)


def _max_input(ctx: click.Context, param: click.Parameter, value: str | None) -> int | None:
    try:
        return None if value is None else limits.parse_size(value)
    except ComparerError as err:
        raise click.BadParameter(str(err)) from None


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--corpus", "corpus_dir", envvar="COMPARER_CORPUS", type=click.Path(file_okay=False),
              help="Corpus folder (default: the bundled treaties; env COMPARER_CORPUS).")
@click.option(limits.OPTION, "max_input", envvar=limits.ENV, metavar="SIZE", callback=_max_input,
              help="Largest file or request body read, e.g. 50M or 512k (default 20M; env COMPARER_MAX_INPUT).")
@click.version_option(package_name="treaty-comparer")
@click.pass_context
def cli(ctx: click.Context, corpus_dir: str | None, max_input: int | None) -> None:
    """Treaty Comparer: read one treaty in several languages side by side."""
    limits.configure(max_input)
    ctx.call_on_close(lambda: limits.configure(None))  # the option holds for this command only
    ctx.obj = State(corpus_dir)


def main() -> None:
    cli(prog_name="comparer")


# Each module registers its commands on `cli` when imported.
from comparer.cli import corpus_cmds  # noqa: E402,F401
from comparer.cli import serve_cmd  # noqa: E402,F401
from comparer.cli import check_cmd  # noqa: E402,F401
from comparer.cli import align_cmds  # noqa: E402,F401
from comparer.cli import claims_cmd  # noqa: E402,F401
from comparer.cli import exchange_cmds  # noqa: E402,F401
from comparer.cli import review_cmd  # noqa: E402,F401
from comparer.cli import batch_cmd  # noqa: E402,F401
