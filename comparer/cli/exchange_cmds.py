"""comparer export / import / collate."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

import click
from tqdm import tqdm

from comparer import review, tei
from comparer.cli import State, cli, pass_state
from comparer.errors import InputError
from comparer.exchange import formats, importer
from comparer.exchange.collate import Collation, Difference, collate
from comparer.model import Treaty
from comparer.plaintext import shown_text
from comparer.status import CAVEAT, status_line, witness_status

FORMATS = (*formats.FORMATS, "tei-collation")
TABLES = formats.TABLES


def _langs(value: str | None) -> list[str] | None:
    return list(dict.fromkeys(code.strip() for code in value.split(",") if code.strip())) if value else None


class _Steps:
    """A progress bar on stderr over the stages of one export; silent unless stderr is a terminal."""

    def __init__(self, names: list[str]):
        self.bar = tqdm(total=len(names), unit="step", leave=False, disable=None, file=click.get_text_stream("stderr"))

    def run(self, name: str, work: Callable):
        self.bar.set_description(name)
        result = work()
        self.bar.update()
        return result

    def close(self) -> None:
        self.bar.close()


@cli.command("export")
@click.argument("treaty_id")
@click.option("--format", "fmt", type=click.Choice(FORMATS), default="tei", show_default=True,
              help="tei: the treaty with alignment and findings (a corpus file); tmx: translation memory; "
                   "csv/json: findings or alignment tables; html: one page to share and print; "
                   "tei-collation: the witnesses of one version (--lang) as TEI parallel segmentation.")
@click.option("--langs", help="Versions to export, comma-separated (default: all), e.g. ru,zh.")
@click.option("--lang", help="tei-collation: the version whose printed editions are collated.")
@click.option("--pivot", help="Align the other versions to this one (default: the first authentic version).")
@click.option("--semantic/--no-semantic", default=None,
              help="Align with multilingual sentence embeddings (default: when comparer[semantic] is installed).")
@click.option("--table", type=click.Choice(TABLES), help="csv: which table (default findings); json: only this one (default both).")
@click.option("--ui-lang", default="en", show_default=True, help="Language of the finding messages: en or id.")
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write to this file (atomically) instead of stdout.")
@pass_state
def export(state: State, treaty_id: str, fmt: str, langs: str | None, lang: str | None, pivot: str | None,
           semantic: bool | None, table: str | None, ui_lang: str, output: str | None) -> None:
    """Export a treaty as TEI, TMX, CSV, JSON or HTML."""
    treaty = state.corpus.treaty(treaty_id)
    chosen = _langs(langs)
    if fmt == "tei-collation":
        if not lang:
            raise InputError("--format tei-collation collates the witnesses of one version: give --lang, e.g. --lang ru")
        data = _collation_tei(treaty, lang)
    else:
        data = _export(state, treaty, fmt, chosen, pivot, semantic, table, ui_lang)
    if output:
        tei.write_atomic(Path(output), data)
        click.echo(f"wrote {output} ({len(data)} bytes)", err=True)
    else:
        click.echo(data, nl=False)


def _export(state: State, treaty: Treaty, fmt: str, langs: list[str] | None, pivot: str | None,
            semantic: bool | None, table: str | None, ui_lang: str) -> bytes:
    from comparer.align.treaty import align_treaty
    from comparer.check import check_treaty

    with_report = formats.needs_report(fmt, table)
    steps = _Steps(["align", "check", "write"] if with_report else ["align", "write"])
    try:
        lexicon = state.corpus.lexicon
        alignment = steps.run("aligning", lambda: align_treaty(treaty, lexicon, langs=langs, pivot=pivot,
                                                                     semantic=semantic))
        report = None
        if with_report:
            report = steps.run("checking", lambda: check_treaty(treaty, lexicon, langs=alignment.langs,
                                                               alignment=alignment, ui_lang=ui_lang))
        # the same call as the reader's downloads
        return steps.run("writing", lambda: formats.render(treaty, fmt, alignment, report, table=table,
                                                           now=datetime.now(timezone.utc)))
    finally:
        steps.close()


def _collation_tei(treaty: Treaty, lang: str) -> bytes:
    from comparer.exchange.tei_export import export_collation

    collation = collate(treaty, lang)
    if not collation.witnesses:
        raise InputError(f"the {lang!r} version of {treaty.id} has no other printed edition to collate"
                         + _skipped_note(collation))
    return export_collation(treaty, collation)


@cli.command("import")
@click.argument("file", required=False, type=click.Path(dir_okay=False))
@click.option("--id", "treaty_id", help="The new treaty's id: lowercase letters, digits, hyphens, e.g. kyakhta-1727.")
@click.option("--title", help="Its English title (default: the id).")
@click.option("--text", "texts", multiple=True, metavar="LANG=FILE",
              help="A version in the plain-text interchange format; repeat for each language.")
@click.option("--source", "sources", multiple=True, metavar="LANG=CITATION",
              help="The printed edition a version follows (default: 'Text supplied by the user').")
@click.option("--pivot", help="The version the others are aligned to (default: the first --text).")
@click.option("--transcription", "transcriptions", multiple=True, metavar="LANG=STATUS",
              help="How a text was made: unverified (the default: nobody has recorded checking it), reconstructed "
                   "(from memory, not collated) or collated (checked against the --source edition by --editor).")
@click.option("--editor", help="Who collated the texts said to be collated (letters, digits, - or _).")
@click.option("--split", is_flag=True, help="Cut each line into clauses (sentences, semicolon clauses) for unsegmented text.")
@click.option("--into", "into", type=click.Path(file_okay=False), help="The corpus folder to write into (default: --corpus).")
@pass_state
def import_treaty(state: State, file: str | None, treaty_id: str | None, title: str | None, texts: tuple[str, ...],
                  sources: tuple[str, ...], pivot: str | None, transcriptions: tuple[str, ...], editor: str | None,
                  split: bool, into: str | None) -> None:
    """Add a treaty to a corpus folder: from plain-text files (--id, --text …) or from a TEI FILE.

    Writes into --into DIR or the folder given with --corpus / COMPARER_CORPUS, never into the
    bundled corpus. Nothing is written unless every check passes. A TEI file keeps the
    transcription status its bibls state (unverified where they state none)."""
    folder = importer.target_folder(into or state.corpus_dir)
    if file:
        if texts or treaty_id or title or sources or pivot or split or transcriptions or editor:
            raise InputError("a TEI FILE carries its own id, title and texts: give either FILE or --id/--text, not both")
        path = importer.import_tei(folder, Path(file))
    else:
        if not texts:
            raise InputError("give a TEI FILE, or --id ID and --text LANG=FILE for each version")
        if not treaty_id:
            raise InputError("--id is required with --text, e.g. --id kyakhta-1727")
        citations = {}
        for spec in sources:
            source_lang, sep, citation = spec.partition("=")
            if not sep or not citation.strip():
                raise InputError(f"--source {spec!r}: expected LANG=CITATION")
            citations[source_lang.strip()] = citation.strip()
        files = importer.parse_text_options(list(texts))
        unknown = sorted(set(citations) - set(files))
        if unknown:
            raise InputError(f"--source for {', '.join(unknown)}, which has no --text")
        statuses = importer.parse_transcription_options(list(transcriptions), list(files), citations, editor)
        path = importer.import_texts(folder, treaty_id, files, title=title, pivot=pivot, sources=citations, split=split,
                                     transcriptions=statuses, editor=editor)
    treaty = tei.load_treaty(path)
    clauses = sum(len(v.primary.clauses()) for v in treaty.versions.values())
    click.echo(f"imported {treaty.id} ({', '.join(treaty.versions)}; {clauses} clause{'s' * (clauses != 1)}) into {path}")
    for lang, version in treaty.versions.items():
        click.echo(f"  {lang}: {status_line(version.primary.bibl)}")
    click.echo(f"read it with: comparer --corpus {folder} show {treaty.id}")


@cli.command("collate")
@click.argument("treaty_id")
@click.option("--lang", required=True, help="The version whose printed editions (witnesses) are compared.")
@click.option("--substantive", "substantive_only", is_flag=True, help="Leave out orthographic differences.")
@click.option("--json", "as_json", is_flag=True, help="Print the collation as JSON.")
@pass_state
def collate_command(state: State, treaty_id: str, lang: str, substantive_only: bool, as_json: bool) -> None:
    """Differences between the printed editions of one version, clause by clause: substantive
    (wording, after old spelling and script variants are folded) and orthographic."""
    treaty = state.corpus.treaty(treaty_id)
    collation = collate(treaty, lang)
    texts = {w.id: witness_status(w) for w in treaty.version(lang).witnesses}  # what each text compared is
    if as_json:
        click.echo(json.dumps(collation.model_dump(mode="json") | {"texts": texts, "caveat": CAVEAT},
                              ensure_ascii=False, indent=2))
        return
    _print_collation(treaty, collation, substantive_only)


def _print_collation(treaty: Treaty, collation: Collation, substantive_only: bool) -> None:
    click.echo(f"== {collation.treaty} [{collation.lang}]: base {collation.base}; "
               f"witnesses: {', '.join(collation.witnesses) or 'none'}{_skipped_note(collation)}")
    for witness in treaty.version(collation.lang).witnesses:
        click.echo(f"   {witness.id}: {status_line(witness.bibl)}")
    click.echo(f"   {CAVEAT}")
    totals = {"substantive": 0, "orthographic": 0, "untranscribed": 0, "absent": 0}
    for row in collation.clauses:
        for reading in row.readings:
            if reading.absent:
                totals["absent"] += 1
                click.echo(f"{row.clause}  {reading.witness}: not in this witness")
                continue
            shown = [("substantive", reading.substantive), ("untranscribed", reading.untranscribed)]
            if not substantive_only:
                shown.append(("orthographic", reading.orthographic))
            for level, found in shown:
                totals[level] += len(found)
            if not any(found for _, found in shown):
                continue
            click.echo(f"{row.clause}  {reading.witness} ({', '.join(reading.clauses)})")
            for level, found in shown:
                if found:
                    click.echo(f"  {level:<13} " + "; ".join(_show(d) for d in found))
    click.echo("-- " + ", ".join(f"{n} {level}" for level, n in totals.items()
                                   if not (substantive_only and level == "orthographic")))
    clauses = treaty.clause_index()
    for extra in collation.unmatched:
        click.echo(f"{extra.clause}: points at no clause of {collation.base}: {shown_text(clauses[extra.clause])}")


def _show(diff: Difference) -> str:
    doubt = " [uncertain reading]" if diff.uncertain else ""
    if diff.kind == "untranscribed":
        return f"[not transcribed] {diff.base or '…'} / {diff.reading or '…'}"
    if diff.kind == "addition":
        return f"+ {diff.reading}{doubt}"
    if diff.kind == "omission":
        return f"- {diff.base}{doubt}"
    label = f"{diff.kind}: " if diff.kind in ("form", "punctuation") else ""
    return f"{label}{diff.base} → {diff.reading}{doubt}"


def _skipped_note(collation: Collation) -> str:
    return "".join(f" (not collated: {wid}, {why})" for wid, why in collation.skipped.items())


@cli.command("collate-in")
@click.argument("treaty_id")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--lang", required=True, help="The version the FILE is a transcription of.")
@click.option("--edition", required=True, help="The printed edition FILE was transcribed from (a citation).")
@click.option("--editor", default=review.DEFAULT_EDITOR, show_default=True,
              help="Who checked the text against the edition (letters, digits, - or _).")
@click.option("--sigil", help="The sigil our present text keeps as a witness (default: memory, supplied or collated).")
@click.option("--accept", is_flag=True, help="Store the checked text without asking.")
@click.option("--json", "as_json", is_flag=True, help="Print the differences as JSON (and store only with --accept).")
@pass_state
def collate_in_command(state: State, treaty_id: str, file: str, lang: str, edition: str, editor: str,
                       sigil: str | None, accept: bool, as_json: bool) -> None:
    """Collate our text of a version with your transcription of a printed edition (FILE, in the
    plain-text interchange format), clause by clause; on acceptance store it as the version's
    primary text, collated with that edition by you today, and keep our text as a witness."""
    from comparer.exchange.collate_in import propose, read_transcription
    from comparer.exchange.collate_store import collate_in

    review.check_editor(editor)
    text = read_transcription(file)
    path = state.corpus.path_of(treaty_id)
    data, _ = review.read_bytes(path)  # the proposal is made from these bytes, and stored only if the file still has them
    treaty = tei.treaty_from_tree(tei.parse_bytes(data, str(path)), str(path))
    proposal = propose(treaty, lang, text, edition=edition, editor=editor, sigil=sigil)
    if as_json:
        click.echo(json.dumps(proposal.model_dump(mode="json", exclude={"witness"}), ensure_ascii=False, indent=2))
    else:
        _print_proposal(treaty, proposal)
    if not accept and not (not as_json and sys.stdin.isatty()
                           and click.confirm(f"Store it as the primary {lang} text of {treaty_id}?", err=True)):
        click.echo("nothing stored (run again with --accept to store the checked text)", err=True)
        return
    review.editable_folder(state.corpus_dir)  # never the bundled corpus
    stored, _ = collate_in(path, lang, text, edition=edition, editor=editor, sigil=proposal.sigil,
                           if_match=review.etag_of(data))
    click.echo(f"stored: {stored.base} is now collated with the edition by {editor} on {stored.date}; "
               f"our previous text is the witness {stored.base}.{stored.sigil}", err=True)


def _print_proposal(treaty: Treaty, proposal) -> None:
    ours = treaty.version(proposal.lang).primary
    click.echo(f"== {proposal.base}: our text ({status_line(ours.bibl)}) against {proposal.edition}")
    for change in proposal.changes:
        if change.kind == "same":
            continue
        if change.kind == "added":
            click.echo(f"{change.clause}  added: {change.theirs}")
        elif change.kind == "removed":
            click.echo(f"{change.clause}  removed: {change.ours}")
        else:
            click.echo(f"{change.clause}  changed ({change.level})")
            click.echo(f"  ours:   {change.ours}")
            click.echo(f"  theirs: {change.theirs}")
            if change.differences:
                click.echo("  " + "; ".join(f"{d.kind}: {_show(d)}" if d.kind in ("addition", "omission", "untranscribed")
                                            else _show(d) for d in change.differences))
    levels = {}
    for change in proposal.changes:
        if change.kind == "changed":
            levels[change.level] = levels.get(change.level, 0) + 1
    detail = f" ({', '.join(f'{n} {level}' for level, n in levels.items())})" if levels else ""
    click.echo(f"-- {proposal.count('changed')} changed{detail}, {proposal.count('added')} added, "
               f"{proposal.count('removed')} removed, {proposal.count('same')} the same")
