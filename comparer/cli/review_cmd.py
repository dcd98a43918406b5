"""comparer review: confirm or dismiss findings and correct the alignment, written into the treaty's TEI file.

The same library calls as the web reader's forms (comparer.review), on the same rows: the alignment
of every version around the default pivot, without sentence embeddings unless --semantic.
"""

from __future__ import annotations

import click

from comparer import review
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.cli import State, cli, pass_state
from comparer.cli.corpus_cmds import echo_json
from comparer.errors import InputError
from comparer.model import Finding


@cli.command("review")
@click.argument("treaty_id")
@click.argument("finding_id", required=False)
@click.option("--status", type=click.Choice(review.STATUSES),
              help="With FINDING_ID: the decision. With --list: only findings reviewed so.")
@click.option("--comment", default="", help=f"Why, in plain text (up to {review.MAX_COMMENT} characters).")
@click.option("--editor", default=review.DEFAULT_EDITOR, show_default=True, help="Who decides (recorded as @resp).")
@click.option("--list", "listing", is_flag=True, help="The findings with their reviews.")
@click.option("--history", is_flag=True, help="Every review and correction of the treaty, newest first.")
@click.option("--json", "as_json", is_flag=True, help="--list or --history as JSON.")
@click.option("--langs", help="The versions compared, comma-separated (a finding's id depends on them). "
                              "Default: all, then each smaller choice of versions.")
@click.option("--merge", nargs=2, metavar="ROW ROW", help="Merge two neighbouring rows (group ids g.<clause> or clause ids).")
@click.option("--split", metavar="ROW", help="Split a row; --at names the clause the second row starts with.")
@click.option("--at", "at_clause", metavar="CLAUSE", help="With --split: where the second row starts.")
@click.option("--move", metavar="CLAUSE", help="Move a clause to the row above or below (--to).")
@click.option("--to", type=click.Choice(review.DIRECTIONS), help="With --move: up or down.")
@click.option("--no-counterpart", "alone", metavar="CLAUSE", help="Mark a clause as having no counterpart: a row of its own.")
@click.option("--semantic/--no-semantic", default=False, show_default=True,
              help="Align with sentence embeddings (slow; the web reader does not unless served with --semantic).")
@pass_state
def review_command(state: State, treaty_id: str, finding_id: str | None, status: str | None, comment: str,
                   editor: str, listing: bool, history: bool, as_json: bool, langs: str | None,
                   merge: tuple[str, str] | None, split: str | None, at_clause: str | None, move: str | None,
                   to: str | None, alone: str | None, semantic: bool) -> None:
    """Review a finding (FINDING_ID --status), list findings and reviews (--list), show the history
    (--history), or correct the alignment (--merge, --split --at, --move --to, --no-counterpart)."""
    edits = [name for name, given in (("--merge", merge), ("--split", split), ("--move", move),
                                      ("--no-counterpart", alone)) if given]
    modes = [name for name, given in (("FINDING_ID", finding_id), ("--list", listing), ("--history", history))
             if given] + edits
    if len(modes) != 1:
        raise InputError("give one of: FINDING_ID --status …, --list, --history, --merge, --split, --move, "
                         f"--no-counterpart (got {', '.join(modes) or 'none'})")
    treaty = state.corpus.treaty(treaty_id)
    chosen = [code.strip() for code in (langs or "").split(",") if code.strip()] or None
    if listing:
        _list(state, treaty_id, chosen, status, as_json, semantic)
    elif history:
        _history(state, treaty_id, as_json)
    elif finding_id:
        if status is None:
            raise InputError("say what to do with the finding: --status confirmed, dismissed or open")
        finding, found_between = review.find_finding(treaty, state.corpus.lexicon, finding_id, chosen, semantic)
        written = review.review_finding(_path(state, treaty_id), finding, status, comment, editor=editor,
                                        langs=found_between)
        made = written.reviews[-1]
        click.echo(f"{treaty_id}: {finding.id} {made.status} by {made.editor} ({made.id}, between "
                   f"{', '.join(found_between)})")
    else:
        edit = _edit(merge, split, at_clause, move, to, alone)
        before = {c.id for c in review.read(_path(state, treaty_id)).corrections}
        written = review.edit_alignment(_path(state, treaty_id), edit, editor=editor,
                                        aligner=review.default_aligner(state.corpus.lexicon, semantic))
        for made in (c for c in written.corrections if c.id not in before):
            click.echo(f"{treaty_id}: {edit.action} by {made.editor}: {made.id} fixes the row {' '.join(made.clauses)}")


def _path(state: State, treaty_id: str):
    return review.editable_folder(state.corpus_dir) / f"{treaty_id}.xml"


def _edit(merge, split, at_clause, move, to, alone) -> review.Edit:
    if merge:
        return review.Edit("merge", rows=tuple(merge))
    if split:
        if not at_clause:
            raise InputError("--split needs --at CLAUSE: the clause the second row starts with")
        return review.Edit("split", rows=(split,), clause=at_clause)
    if move:
        if not to:
            raise InputError("--move needs --to up or --to down")
        return review.Edit("move", clause=move, to=to)
    return review.Edit("no-counterpart", clause=alone)


def _list(state: State, treaty_id: str, langs: list[str] | None, status: str | None, as_json: bool,
          semantic: bool) -> None:
    snapshot = review.read(state.corpus.folder / f"{treaty_id}.xml")
    treaty = snapshot.treaty
    langs = langs or list(treaty.versions)
    alignment = align_treaty(treaty, state.corpus.lexicon, langs=langs, semantic=semantic)
    report = check_treaty(treaty, state.corpus.lexicon, langs=langs, alignment=alignment)
    reviews = snapshot.current_reviews()
    rows = [_row(f, reviews.get(f.id)) for f in report.findings if status is None or f.review == status]
    if as_json:
        echo_json(rows)
        return
    for row in rows:
        stale = "  [stale: the text changed since]" if row["stale"] else ""
        by = f"  {row['editor']} {row['when']}" if row["editor"] else ""
        comment = f"  “{row['comment']}”" if row["comment"] else ""
        click.echo(f"{row['finding']}  {row['type']:<18} {row['severity']:<6} {row['review']:<9}{by}{comment}{stale}")
    elsewhere = [r for r in reviews.values() if r.finding not in {f.id for f in report.findings}]
    click.echo(f"{len(rows)} finding(s) between {', '.join(langs)}"
               + (f"; {len(elsewhere)} more review(s) of findings between other versions (see --history)"
                  if elsewhere else ""), err=True)


def _row(finding: Finding, decision: review.Review | None) -> dict:
    return {"finding": finding.id, "type": finding.type, "severity": finding.severity, "article": finding.article,
            "message": finding.message, "review": finding.review,
            "comment": decision.comment if decision else "", "editor": decision.editor if decision else None,
            "when": decision.when if decision else None, "stale": bool(decision and decision.stale)}


def _history(state: State, treaty_id: str, as_json: bool) -> None:
    changes = review.read(state.corpus.folder / f"{treaty_id}.xml").history()
    if as_json:
        echo_json([c.model_dump(mode="json") for c in changes])
        return
    for change in changes:
        what = (f"{change.status} {change.finding}" if isinstance(change, review.Review)
                else f"{change.action} → {' '.join(change.clauses)}")
        flags = ("" if change.current else "  (replaced)") + ("  [stale]" if change.stale else "")
        comment = f"  “{change.comment}”" if getattr(change, "comment", "") else ""
        click.echo(f"{change.when or '-':<20}  {change.editor or '-':<12}  {change.id:<14}  {what}{comment}{flags}")
