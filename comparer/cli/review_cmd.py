"""comparer review: confirm or dismiss findings and correct the alignment, written into the treaty's TEI file.

The same library calls as the web reader's forms (comparer.review), on the same rows: the alignment
of every version around the default pivot, with sentence embeddings when they are installed.
"""

from __future__ import annotations

import click

from comparer import review
from comparer.cli import State, cli, pass_state
from comparer.cli.check_cmd import where
from comparer.cli.corpus_cmds import echo_json
from comparer.errors import InputError
from comparer.model import Finding
from comparer.status import status_line, witness_status


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
@click.option("--langs", help="The versions compared, comma-separated (a finding seen between fewer versions "
                              "has fewer parts, and another id). Default: all, then each smaller choice of versions.")
@click.option("--merge", nargs=2, metavar="ROW ROW", help="Merge two neighbouring rows (group ids g.<clause> or clause ids).")
@click.option("--split", metavar="ROW", help="Split a row; --at names the clause the second row starts with.")
@click.option("--at", "at_clause", metavar="CLAUSE", help="With --split: where the second row starts.")
@click.option("--move", metavar="CLAUSE", help="Move a clause to the row above or below (--to).")
@click.option("--to", type=click.Choice(review.DIRECTIONS), help="With --move: up or down.")
@click.option("--no-counterpart", "alone", metavar="CLAUSE", help="Mark a clause as having no counterpart: a row of its own.")
@click.option("--cross-division", is_flag=True,
              help="With --merge or --move: allow the correction to join the preamble, an article or the closing "
                   "with another (refused otherwise).")
@click.option("--semantic/--no-semantic", default=None,
              help="Align with sentence embeddings (default: when comparer[semantic] is installed, as the web reader).")
@pass_state
def review_command(state: State, treaty_id: str, finding_id: str | None, status: str | None, comment: str,
                   editor: str, listing: bool, history: bool, as_json: bool, langs: str | None,
                   merge: tuple[str, str] | None, split: str | None, at_clause: str | None, move: str | None,
                   to: str | None, alone: str | None, cross_division: bool, semantic: bool | None) -> None:
    """Review a finding (FINDING_ID --status), list findings and reviews (--list), show the history
    (--history), or correct the alignment (--merge, --split --at, --move --to, --no-counterpart)."""
    edits = [name for name, given in (("--merge", merge), ("--split", split), ("--move", move),
                                      ("--no-counterpart", alone)) if given]
    modes = [name for name, given in (("FINDING_ID", finding_id), ("--list", listing), ("--history", history))
             if given] + edits
    if len(modes) != 1:
        raise InputError("give one of: FINDING_ID --status …, --list, --history, --merge, --split, --move, "
                         f"--no-counterpart (got {', '.join(modes) or 'none'})")
    state.corpus.treaty(treaty_id)  # an unknown treaty fails before anything is aligned
    checker = review.Checker(state.corpus.lexicon, semantic)
    chosen = [code.strip() for code in (langs or "").split(",") if code.strip()] or None
    if listing:
        _list(state, treaty_id, checker, chosen, status, as_json)
    elif history:
        _history(state, treaty_id, checker, as_json)
    elif finding_id:
        if status is None:
            raise InputError("say what to do with the finding: --status confirmed, dismissed or open")
        path = _path(state, treaty_id)
        finding, found_between = review.find_finding(review.read(path, checker).treaty, checker, finding_id, chosen)
        written = review.review_finding(path, finding, status, comment, editor=editor, langs=found_between,
                                        checker=checker)
        made = written.reviews[-1]
        click.echo(f"{treaty_id}: {finding.id} {made.status} by {made.editor} ({made.id}, between "
                   f"{', '.join(found_between)}: {_pairs(finding)})")
    else:
        edit = _edit(merge, split, at_clause, move, to, alone, cross_division)
        before = {c.id for c in review.read(_path(state, treaty_id)).corrections}
        written = review.edit_alignment(_path(state, treaty_id), edit, editor=editor, checker=checker)
        for made in (c for c in written.corrections if c.id not in before):
            click.echo(f"{treaty_id}: {edit.action} by {made.editor}: {made.id} fixes the row {' '.join(made.clauses)}")


def _path(state: State, treaty_id: str):
    return review.editable_folder(state.corpus_dir) / f"{treaty_id}.xml"


def _edit(merge, split, at_clause, move, to, alone, cross_division: bool) -> review.Edit:
    if merge:
        return review.Edit("merge", rows=tuple(merge), cross_division=cross_division)
    if split:
        if not at_clause:
            raise InputError("--split needs --at CLAUSE: the clause the second row starts with")
        return review.Edit("split", rows=(split,), clause=at_clause)
    if move:
        if not to:
            raise InputError("--move needs --to up or --to down")
        return review.Edit("move", clause=move, to=to, cross_division=cross_division)
    return review.Edit("no-counterpart", clause=alone)


def _pairs(finding: Finding) -> str:
    return ", ".join("–".join(part.langs) for part in finding.parts)


def _list(state: State, treaty_id: str, checker: review.Checker, langs: list[str] | None, status: str | None,
          as_json: bool) -> None:
    snapshot = review.read(state.corpus.folder / f"{treaty_id}.xml", checker)
    treaty = snapshot.treaty
    langs = langs or list(treaty.versions)
    report = checker.report(treaty, langs)
    reviews = {r.id: r for r in review.with_states(snapshot, checker)}
    rows = [_row(f, reviews) for f in report.findings if status is None or f.review == status]
    shown = {part.reviewed_in for f in report.findings for part in f.parts}
    unshown = [r for r in reviews.values() if r.current and r.id not in shown]
    resolved = [r for r in unshown if r.resolved and (status is None or r.status == status)]
    if as_json:
        echo_json({"treaty": treaty_id, "texts": _texts(treaty, langs), "findings": rows + [_retired(r) for r in resolved]})
        return
    for lang in langs:  # the messages quote the texts: say what each is, as `comparer check` does
        click.echo(f"{lang}: {status_line(treaty.version(lang).primary.bibl)}")
    for row in rows:
        deciders = {part["decision"] for part in row["parts"]}
        whole = row["parts"][0] if len(deciders) == 1 and row["parts"] else {}
        click.echo(f"{row['finding']}  {where(row['article']):<9} {row['type']:<18} {row['severity']:<6} "
                   f"{row['review']:<9} {row['message']}{_decision(whole)}")
        if len(deciders) > 1:  # the pairs were reviewed apart, or some not yet
            for part in row["parts"]:
                click.echo(f"    {'–'.join(part['langs']):<8} {part['review']:<9}{_decision(part)}")
    for r in resolved:
        click.echo(f"{r.finding}  {'':<9} {'':<18} {'':<6} {r.status:<9} no longer found between "
                   f"{', '.join(r.langs)}: resolved by a correction{_decision(r.model_dump())}")
    elsewhere = [r for r in unshown if not r.resolved]
    click.echo(f"{len(rows)} finding(s) between {', '.join(langs)}"
               + (f"; {len(elsewhere)} more review(s) of findings between other versions (see --history)"
                  if elsewhere else ""), err=True)


def _texts(treaty, langs: list[str]) -> dict[str, dict]:
    """What each version's text is (the messages and reviews quote them), as `align --json` gives it."""
    return {lang: witness_status(treaty.version(lang).primary) for lang in langs}


def _decision(item: dict) -> str:
    by = f"  {item['editor']} {item['when']}" if item.get("editor") else ""
    comment = f"  “{item['comment']}”" if item.get("comment") else ""
    return by + comment + ("  [stale: the text changed since]" if item.get("stale") else "")


def _row(finding: Finding, reviews: dict[str, review.Review]) -> dict:
    parts = []
    for part, decision in review.part_decisions(finding, reviews):
        parts.append({"part": part.id, "langs": part.langs, "review": part.review,
                      "decision": decision.id if decision else None, "comment": decision.comment if decision else "",
                      "editor": decision.editor if decision else None, "when": decision.when if decision else None,
                      "stale": bool(decision and decision.stale)})
    latest = max((p for p in parts if p["decision"]), key=lambda p: p["when"] or "", default=None)
    return {"finding": finding.id, "article": finding.article, "type": finding.type, "severity": finding.severity,
            "review": finding.review, "message": finding.message, "parts": parts,
            "comment": latest["comment"] if latest else "", "editor": latest["editor"] if latest else None,
            "when": latest["when"] if latest else None, "stale": any(p["stale"] for p in parts)}


def _retired(decision: review.Review) -> dict:
    """A current review whose finding is no longer found: listed so that no decision silently goes."""
    return {"finding": decision.finding, "article": None, "type": None, "severity": None, "review": decision.status,
            "message": f"no longer found between {', '.join(decision.langs)}: resolved by a correction",
            "parts": [], "comment": decision.comment, "editor": decision.editor, "when": decision.when,
            "stale": decision.stale, "resolved": True}


def _history(state: State, treaty_id: str, checker: review.Checker, as_json: bool) -> None:
    snapshot = review.read(state.corpus.folder / f"{treaty_id}.xml", checker)
    states = {r.id: r for r in review.with_states(snapshot, checker)}
    changes = [states.get(c.id, c) for c in snapshot.history()]
    if as_json:
        echo_json({"treaty": treaty_id, "texts": _texts(snapshot.treaty, list(snapshot.treaty.versions)),
                   "changes": [c.model_dump(mode="json") for c in changes]})
        return
    if not changes:
        click.echo(f"{treaty_id}: no reviews yet, and no corrections of the alignment")
        return
    for change in changes:
        if isinstance(change, review.Review):
            what = f"{change.status} {change.finding or '-'} ({', '.join(change.langs) or 'versions not recorded'})"
        else:
            what = f"{change.action} → {' '.join(change.clauses)}"
        flags = ("" if change.current else "  (replaced)") + ("  [stale]" if change.stale else "")
        flags += "  [resolved by a correction]" if getattr(change, "resolved", False) else ""
        flags += "  [carried over from the first review format]" if getattr(change, "upgraded", False) else ""
        comment = f"  “{change.comment}”" if getattr(change, "comment", "") else ""
        click.echo(f"{change.when or '-':<20}  {change.editor or '-':<12}  {change.id:<14}  {what}{comment}{flags}")
