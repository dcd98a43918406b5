"""comparer align / align-files."""

from __future__ import annotations

import click

from comparer import lang as languages
from comparer.align import ladder
from comparer.align.similarity import align_texts
from comparer.align.treaty import align_treaty
from comparer.cli import State, cli, pass_state, terminal
from comparer.cli.corpus_cmds import echo_json
from comparer.errors import InputError
from comparer.payloads import alignment_payload
from comparer.exchange import join_clauses
from comparer.status import status_line


def split_langs(value: str | None) -> list[str] | None:
    return [code.strip() for code in value.split(",") if code.strip()] if value else None


@cli.command()
@click.argument("treaty_id")
@click.option("--langs", help="Comma-separated languages (default: every version).")
@click.option("--pivot", help="The version the others are aligned to (default: the authentic one).")
@click.option("--semantic/--no-semantic", default=None,
              help="Use multilingual sentence embeddings (default: when comparer[semantic] is installed).")
@click.option("--json", "as_json", is_flag=True, help="Print groups with clause ids, confidence and evidence.")
@click.option("--width", type=click.IntRange(40, 1000),
              help="Width of the table in terminal columns (default: the terminal's width).")
@pass_state
def align(state: State, treaty_id: str, langs: str | None, pivot: str | None, semantic: bool | None,
          as_json: bool, width: int | None) -> None:
    """Align the language versions of a treaty clause by clause."""
    corpus = state.corpus
    treaty = corpus.treaty(treaty_id)
    alignment = align_treaty(treaty, corpus.lexicon, split_langs(langs), pivot, semantic=semantic)
    if as_json:
        echo_json(alignment_payload(treaty, alignment))
        return
    clauses = treaty.clause_index()
    for code in alignment.langs:
        click.echo(f"{code}: {status_line(treaty.version(code).primary.bibl)}")
    click.echo("([…] a passage not transcribed, [?…] an uncertain reading; left: the row's division and the "
               "aligner's confidence, * a row an editor fixed)")
    rows = [[f"{group.article or ''}\n{group.confidence:.2f}{' *' if group.fixed else ''}",
             *(join_clauses([clauses[c] for c in group.segments.get(code, []) if c in clauses]) or "—"
               for code in alignment.langs)]
            for group in alignment.groups]
    click.echo(terminal.table(["", *alignment.langs], rows, width or terminal.terminal_width(), first=6), nl=False)


@cli.command("align-files")
@click.argument("source", type=click.Path(dir_okay=False, exists=True))
@click.argument("target", type=click.Path(dir_okay=False, exists=True))
@click.option("--src-lang", help="Language of SOURCE (its tokenisation; needed for --split).")
@click.option("--tgt-lang", help="Language of TARGET.")
@click.option("--split", is_flag=True, help="The files are running text: split them into clauses first.")
@click.option("--semantic/--no-semantic", default=None, help="Use sentence embeddings when installed.")
def align_files(source: str, target: str, src_lang: str | None, tgt_lang: str | None, split: bool,
                semantic: bool | None) -> None:
    """Align two files with one sentence a line; print one bead a line ([0, 1]:[2]).

    Every input line is in exactly one bead; with --split the numbers refer to the clauses
    the splitter made, in order.
    """
    sides = []
    for path, code, option in ((source, src_lang, "--src-lang"), (target, tgt_lang, "--tgt-lang")):
        language = _language(code) if code else None
        if split and language is None:
            raise InputError(f"--split needs {option} (clause splitting is a language rule)")
        try:
            units = ladder.read_units(path)
        except ladder.AlignInputError as err:
            raise InputError(str(err)) from None
        if language is not None and not language.written_in_script(" ".join(units)):
            raise InputError(f"{path}: does not look like {language.name} text ({option} {code})")
        if split:
            units = [clause for line in units for clause in language.split_clauses(line)]
        sides.append(units)
    src_units, tgt_units = sides
    # The languages' rules give the tokens and the cross-script anchors (numbers, dates, names).
    aligned = align_texts(src_units, tgt_units, src_lang=src_lang, tgt_lang=tgt_lang, semantic=semantic)
    click.echo(ladder.format_ladder(aligned.beads), nl=False)


def _language(code: str):
    try:
        return languages.get(code)
    except languages.UnknownLanguageError as err:
        raise InputError(str(err)) from None
