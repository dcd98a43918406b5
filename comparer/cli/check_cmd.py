"""comparer check: the discrepancies between the language versions of a treaty, or of your own texts."""

from __future__ import annotations

import click

from comparer import limits, plaintext
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.check.messages import Messages
from comparer.cli import State, cli, pass_state
from comparer.cli.corpus_cmds import echo_json
from comparer.errors import InputError
from comparer.model import CheckReport, Finding, Treaty
from comparer.status import status_line

USER_TREATY_ID = "user-texts"


@cli.command("check")
@click.argument("treaty_id", required=False)
@click.option("--langs", help="Versions to compare, comma-separated (default: all), e.g. ru,zh.")
@click.option("--text", "texts", multiple=True, metavar="LANG=FILE",
              help="Check your own texts instead of a corpus treaty: one plain-text file per version "
                   "(the interchange format of `comparer show --format txt`). Repeat for each language.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON (schemas/findings.schema.json).")
@click.option("--ui-lang", default="en", show_default=True, help="Language of the messages: en or id.")
@click.option("--pivot", help="Align the other versions to this one (default: the first authentic version).")
@click.option("--semantic/--no-semantic", default=None,
              help="Align with sentence embeddings (default: when comparer[semantic] is installed).")
@pass_state
def check(state: State, treaty_id: str | None, langs: str | None, texts: tuple[str, ...], as_json: bool,
          ui_lang: str, pivot: str | None, semantic: bool | None) -> None:
    """Every disagreement between the versions: missing names, different numbers, dates,
    directions or modality, omitted clauses, differing structure."""
    Messages(ui_lang)  # an unknown interface language fails before the slow alignment
    if treaty_id and texts:
        raise InputError("give either a treaty id or --text files, not both")
    if not treaty_id and not texts:
        raise InputError("give a treaty id (see `comparer list`) or --text LANG=FILE for each version")
    treaty = _treaty_from_files(texts, pivot) if texts else state.corpus.treaty(treaty_id)
    chosen = list(dict.fromkeys(lang.strip() for lang in (langs or "").split(",") if lang.strip())) \
        or list(treaty.versions)
    for lang in chosen + ([pivot] if pivot else []):
        treaty.version(lang)
    if len(chosen) < 2:
        raise InputError(f"checking needs at least two versions; {treaty.id} has {', '.join(chosen)} selected")
    if pivot and pivot not in chosen:
        raise InputError(f"the pivot {pivot!r} is not among the versions checked ({', '.join(chosen)})")
    lexicon = state.corpus.lexicon
    alignment = align_treaty(treaty, lexicon, langs=chosen, pivot=pivot, semantic=semantic)
    report = check_treaty(treaty, lexicon, langs=chosen, alignment=alignment, ui_lang=ui_lang)
    del treaty, alignment  # only the report is printed: the texts and rows go before its output is built
    if as_json:
        echo_json(report.model_dump(mode="json"))
    else:
        _print_report(report)


def _treaty_from_files(specs: tuple[str, ...], pivot: str | None) -> Treaty:
    texts: dict[str, str] = {}
    for spec in specs:
        lang, sep, name = spec.partition("=")
        lang, name = lang.strip(), name.strip()
        if not sep or not lang or not name:
            raise InputError(f"--text {spec!r}: expected LANG=FILE, e.g. ru=my-ru.txt")
        if lang in texts:
            raise InputError(f"--text: two files for the language {lang!r}")
        texts[lang] = plaintext.decode(limits.read_limited(name), name)
    return plaintext.treaty_from_texts(USER_TREATY_ID, texts, pivot=pivot)


def where(article: str | None) -> str:
    """A division key as a reader says it: art. 1, preamble, closing, treaty."""
    if article is None:
        return "treaty"
    return {"pre": "preamble", "end": "closing"}.get(article) or f"art. {article.removeprefix('a')}"


def _clauses(finding: Finding, langs: list[str]) -> str:
    return " | ".join(", ".join(finding.segments[k]) for k in langs if finding.segments.get(k))


def _print_report(report: CheckReport) -> None:
    for key, text in report.texts.items():  # findings on a reconstruction are findings on that reconstruction
        click.echo(f"{key}: {text.witness} ({status_line(text)})")
    for f in report.findings:
        review = "" if f.review == "open" else f"  ({f.review})"
        clauses = _clauses(f, report.langs)
        click.echo(f"{f.id}  {where(f.article):<9} {f.type:<18} {f.severity:<6} {f.message}"
                   + (f"  [{clauses}]" if clauses else "") + review)
    counts = {s: sum(f.severity == s for f in report.findings) for s in ("high", "medium", "low")}
    click.echo(f"{len(report.findings)} finding(s) between {', '.join(report.langs)}: "
               + ", ".join(f"{n} {s}" for s, n in counts.items()))
