"""comparer list / show / validate."""

from __future__ import annotations

import json
from pathlib import Path

import click

from comparer import paths, plaintext
from comparer.cli import State, cli, pass_state
from comparer.errors import ComparerError, InputError
from comparer.payloads import broken_summary, treaty_summary, treaty_texts
from comparer.status import status_line
from comparer.validate import validate_file


JSON_CHUNK = 1 << 16


def echo_json(data) -> None:
    """Print `data` as JSON, written as it is encoded: a long report (100,000 clauses give tens of
    MB) is never held whole as one string, nor again as its encoded bytes."""
    pending: list[str] = []
    size = 0
    for piece in json.JSONEncoder(ensure_ascii=False, indent=2).iterencode(data):
        pending.append(piece)
        size += len(piece)
        if size >= JSON_CHUNK:
            click.echo("".join(pending), nl=False)
            pending, size = [], 0
    click.echo("".join(pending))


@cli.command("list")
@click.option("--json", "as_json", is_flag=True, help="Print a JSON array.")
@pass_state
def list_treaties(state: State, as_json: bool) -> None:
    """The treaties in the corpus, their versions and article counts. A file that cannot be read is
    named on stderr with why (in JSON: listed with its error) and the exit status is not 0, as ls does."""
    summaries = [treaty_summary(t) for t in state.corpus.treaties.values()]
    broken = state.corpus.broken
    if as_json:
        echo_json(summaries + [broken_summary(treaty_id, err) for treaty_id, err in broken.items()])
    else:
        _print_summaries(summaries)
    for err in broken.values():
        click.echo(f"comparer: error: {err}", err=True)
    if broken:
        raise SystemExit(ComparerError.exit_code)


def _print_summaries(summaries: list[dict]) -> None:
    for s in summaries:
        click.echo(f"{s['id']}  {s['titles'].get('en', '')}  ({s['date']}, {s['place'] or 'place unknown'})")
        for v in s["versions"]:
            extra = f", {len(v['witnesses']) - 1} more witness(es)" if len(v["witnesses"]) > 1 else ""
            click.echo(f"    {v['lang']:<4}{v['articles']:>3} articles {v['clauses']:>4} clauses{extra}  {v['label']}")


@cli.command()
@click.argument("treaty_id")
@click.option("--lang", "langs", multiple=True, help="Language version(s) to show (default: all).")
@click.option("--article", help="Only this division: pre (the preamble), an article's number, end (the closing).")
@click.option("--witness", "sigil", help="A witness (printed edition) other than the primary one, by sigil.")
@click.option("--format", "fmt", type=click.Choice(["text", "txt", "json"]), default="text",
              help="text: for reading; txt: the plain-text interchange format; json.")
@click.option("--json", "as_json", is_flag=True, help="Same as --format json.")
@pass_state
def show(state: State, treaty_id: str, langs: tuple[str, ...], article: str | None, sigil: str | None,
         fmt: str, as_json: bool) -> None:
    """Print the text of a treaty, by version and article."""
    treaty = state.corpus.treaty(treaty_id)
    chosen = [lang for part in langs for lang in part.split(",") if lang] or list(treaty.versions)
    texts = treaty_texts(treaty, chosen, article, sigil)  # also checks versions, witness and article
    if as_json or fmt == "json":
        echo_json(texts)
        return
    if fmt == "txt":
        if len(chosen) != 1:
            raise InputError("--format txt writes one language version: give exactly one --lang")
        version = treaty.version(chosen[0])
        witness = version.witness(sigil) if sigil else version.primary
        click.echo(plaintext.render(witness), nl=False)
        # on stderr, so that the file written stays the interchange format, read back exactly
        click.echo(f"{witness.id}: {status_line(witness.bibl)}", err=True)
        return
    for lang, text in texts["versions"].items():
        status = text["text_status"]
        click.echo(f"== {treaty.title()} [{lang}{':' + status['sigil'] if status['sigil'] else ''}] {status['label']}")
        click.echo(f"   edition: {status['edition']}")
        for c in text["preamble"]:
            click.echo(_clause_line(c))
        for art in text["articles"]:
            click.echo(f"-- {art['head'] or 'Article ' + art['n']}")
            for c in art["clauses"]:
                click.echo(_clause_line(c))
        for c in text["closing"]:
            click.echo(_clause_line(c))
    if any(c.get("gaps") or c.get("unclear") for text in texts["versions"].values()
           for c in [*text["preamble"], *(c for a in text["articles"] for c in a["clauses"]), *text["closing"]]):
        click.echo("([…] a passage not transcribed, [?…] an uncertain reading)")


def _clause_line(clause: dict) -> str:
    return f"  [{clause['id']}] {clause.get('shown', clause['text'])}"


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(dir_okay=False))
@click.option("--tei-all", "tei_all", type=click.Path(dir_okay=False, exists=True),
              help="Also validate against this tei_all.rng (default: ../shared/tei/tei_all.rng if present).")
@click.option("--no-tei-all", is_flag=True, help="Only our own schema and rules.")
@pass_state
def validate(state: State, files: tuple[str, ...], tei_all: str | None, no_tei_all: bool) -> None:
    """Validate corpus files (default: every file of the corpus) against the schemas."""
    if files:
        targets = [Path(f) for f in files]
    else:
        corpus = state.corpus
        targets = corpus.treaty_files() + [corpus.folder / "lexicon.xml"] + corpus.source_files()
        targets = [t for t in targets if t.exists()]
    official = None if no_tei_all else Path(tei_all) if tei_all else paths.shared_dir() / "tei" / "tei_all.rng"
    if official is not None and not official.exists():
        official = None
    failed = 0
    for target in targets:
        if not target.exists():
            raise InputError(f"{target}: no such file")
        problems = validate_file(target, official)
        if problems:
            failed += 1
            for problem in problems:
                click.echo(problem, err=True)
        else:
            click.echo(f"ok  {target}")
    if failed:
        raise ComparerError(f"{failed} of {len(targets)} file(s) invalid")
    click.echo(f"{len(targets)} file(s) valid" + (" (also against tei_all)" if official else ""))
