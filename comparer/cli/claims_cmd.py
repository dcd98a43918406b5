"""comparer claims: test what a secondary text says about the treaties against the treaty texts."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import click

from comparer.claims import Claim, check_claims, patterns
from comparer.claims.model import VERDICTS
from comparer.claims.sentences import read_plain, read_source
from comparer.claims.store import load_claims, store_claims, with_reviews
from comparer.cli import State, cli, pass_state
from comparer.errors import InputError
from comparer.status import CAVEAT, texts_of

EVIDENCE_SHOWN = 4


@cli.command("claims")
@click.argument("source", required=False)
@click.option("--text", "text_spec", metavar="LANG=FILE",
              help="A plain UTF-8 text instead of a TEI source, e.g. id=article.txt.")
@click.option("--json", "as_json", is_flag=True, help="Print the claims as JSON.")
@click.option("--ui-lang", type=click.Choice(patterns.ui_languages()), default="en", show_default=True,
              help="Language of the explanations in the text output (JSON has all).")
@click.option("--store", is_flag=True,
              help="Write the claims and verdicts into the TEI source as annotations in its standOff.")
@pass_state
def claims(state: State, source: str | None, text_spec: str | None, as_json: bool, ui_lang: str, store: bool) -> None:
    """Find what a secondary text says about the treaties (SOURCE: a TEI file of <s> sentences)
    and give each claim a verdict with the treaty clauses that decide it."""
    if bool(source) == bool(text_spec):
        raise InputError("give either a TEI source file or --text LANG=FILE (exactly one)")
    if text_spec:
        if store:
            raise InputError("--store writes into a TEI source file; it cannot be used with --text")
        lang, path = _text_spec(text_spec)
        sentences = read_plain(path, lang)
    else:
        path = _existing(source)
        _, lang, sentences = read_source(path)
        patterns.get(lang)
    found = check_claims(sentences, state.corpus, lang)
    if source:
        found = with_reviews(found, load_claims(path))
    if store:
        count = store_claims(path, found, state.corpus.folder)
        click.echo(f"stored {count} claim annotation(s) in {path}", err=as_json)
    # the verdicts rest on these texts: say what each is (a reconstruction is not the edition's wording)
    texts = texts_of(state.corpus.treaties, (w for c in found for w in c.witnesses))
    if as_json:
        click.echo(json.dumps({"source": str(path), "lang": lang, "summary": _summary(found),
                               "claims": [c.model_dump() for c in found], "texts": texts, "caveat": CAVEAT},
                              ensure_ascii=False, indent=2))
        return
    for claim in found:
        _print_claim(claim, ui_lang)
    if texts:
        click.echo("The texts quoted as evidence: " + "; ".join(f"{wid} ({t['label']})" for wid, t in texts.items()))
        click.echo(CAVEAT + "\n")
    counts = _summary(found)
    click.echo(f"{len(found)} claim(s): " + ", ".join(f"{n} {v.replace('_', ' ')}" for v, n in counts.items() if n))


def _text_spec(spec: str) -> tuple[str, Path]:
    lang, sep, file = spec.partition("=")
    if not sep or not lang or not file:
        raise InputError(f"--text wants LANG=FILE, e.g. id=article.txt (got {spec!r})")
    patterns.get(lang)  # unknown language: say so before reading anything
    return lang, _existing(file)


def _existing(name: str) -> Path:
    path = Path(name)
    if not path.exists():
        raise InputError(f"{path}: no such file")
    if path.is_dir():
        raise InputError(f"{path}: is a folder, not a file")
    return path


def _summary(found: list[Claim]) -> dict[str, int]:
    counts = Counter(c.verdict for c in found)
    return {v: counts[v] for v in VERDICTS}


def _print_claim(claim: Claim, ui_lang: str) -> None:
    status = claim.verdict.replace("_", " ") + ("" if claim.review == "open" else f", {claim.review}")
    where = " ".join(x for x in (claim.treaty, claim.article, claim.version and f"[{claim.version}]") if x)
    click.echo(f"[{status}] {claim.sentence} · {claim.kind} · {where or 'no treaty'}")
    if claim.quote:
        click.echo("  " + ", ".join(f"“{q}”" for q in claim.quote))
    click.echo("  " + claim.explanation[ui_lang])
    if claim.comparison:
        width = max(len(k) for k in claim.comparison)
        for key, rows in claim.comparison.items():
            shown = "; ".join(f"{e.clause}: {', '.join(e.strings)}" for e in rows) or "—"
            click.echo(f"    {key:<{width}}  {shown}")
    elif claim.evidence:
        shown = [f"{e.clause} “{' | '.join(e.strings)}”" if e.strings else e.clause
                 for e in claim.evidence[:EVIDENCE_SHOWN]]
        more = len(claim.evidence) - EVIDENCE_SHOWN
        click.echo("  evidence: " + "; ".join(shown) + (f" (+{more} more)" if more > 0 else ""))
    click.echo("")
