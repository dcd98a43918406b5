"""JSON-ready views of the model, shared by the CLI's --json output and the web API."""

from __future__ import annotations

from comparer.errors import ComparerError, InputError
from comparer.model import Alignment, Clause, Treaty, Version, Witness
from comparer.plaintext import shown_text
from comparer.status import status_line, witness_status


def treaty_summary(treaty: Treaty) -> dict:
    """One entry of `comparer list --json` and GET /api/treaties."""
    return {
        "id": treaty.id,
        "titles": treaty.titles,
        "date": next((d.value for d in treaty.dates if d.calendar == "gregorian"), None),
        "dates": {d.calendar: {"value": d.value, "label": d.label} for d in treaty.dates},
        "place": treaty.place.label if treaty.place else None,
        "pivot": treaty.pivot,
        "versions": [version_summary(v) for v in treaty.versions.values()],
    }


def broken_summary(treaty_id: str, error: ComparerError) -> dict:
    """A treaty file of the corpus that cannot be read, listed beside the others with why: its
    file by name only (this goes over HTTP too)."""
    return {"id": treaty_id, "titles": {}, "versions": [], "file": f"{treaty_id}.xml", "error": error.public()}


def version_summary(version: Version) -> dict:
    """A version's legal status, its primary text's transcription status, and every witness with both."""
    primary = version.primary
    return {
        "lang": version.lang,
        "status": version.status.value,
        "transcription": primary.bibl.transcription.value,
        "label": status_line(primary.bibl),
        "witnesses": [
            {"id": w.id, "edition": w.bibl.citation} | witness_status(w)
            for w in version.witnesses
        ],
        "articles": len(primary.articles),
        "clauses": len(primary.clauses()),
    }


def clause_payload(clause: Clause) -> dict:
    """A clause's plain text and, when it has them, its marks: `gaps` (where a passage is not
    transcribed), `unclear` (uncertain readings, offsets into `text`), `shown` (the text with
    […] and [?…] as the terminal prints it), `transcribed: false` when nothing of it is."""
    payload: dict = {"id": clause.id, "text": clause.text}
    gaps = [{"at": m.start} | m.attrs for m in clause.marks if m.kind == "gap"]
    unclear = [{"start": m.start, "end": m.end} | m.attrs for m in clause.marks if m.kind == "unclear"]
    if gaps or unclear:
        payload["shown"] = shown_text(clause)
    if gaps:
        payload["gaps"] = gaps
        if not clause.text.strip():
            payload["transcribed"] = False
    if unclear:
        payload["unclear"] = unclear
    if clause.uncertain:
        payload["uncertain"] = True
    if clause.notes:
        payload["notes"] = clause.notes
    return payload


def division_key(article: str) -> str:
    """A division as the payloads name it (a1, pre, end); an article's bare number (1) names it too."""
    return f"a{article}" if article.isdigit() else article


def witness_texts(witness: Witness, article: str | None = None) -> dict:
    """The text of one witness in the shape of `comparer show --json`: whole, or one division
    (`article` as division_key reads it)."""
    key = division_key(article) if article is not None else None

    def clauses(kind: str) -> list[dict]:
        return [clause_payload(c) for d in witness.divisions if d.kind == kind and key in (None, d.key)
                for c in d.clauses]

    articles = [
        {"n": d.n, "head": d.head, "clauses": [clause_payload(c) for c in d.clauses]}
        for d in witness.articles
        if key in (None, d.key)
    ]
    status = witness_status(witness)
    return {"text_status": status, "preamble": clauses("preamble"), "articles": articles, "closing": clauses("closing")}


def alignment_payload(treaty: Treaty, alignment: Alignment) -> dict:
    """An alignment as `comparer align --json` and the API give it: its rows, the status of every
    version aligned, and each clause in the rows with its marks (gaps, uncertain readings)."""
    clauses = treaty.clause_index()
    shown = [cid for g in alignment.groups for ids in g.segments.values() for cid in ids if cid in clauses]
    return alignment.model_dump(mode="json") | {
        "texts": {lang: witness_status(treaty.version(lang).primary) for lang in alignment.langs},
        "clauses": {cid: clause_payload(clauses[cid]) for cid in shown},
    }


def article_names(treaty: Treaty, langs: list[str]) -> list[str]:
    """What --article / ?article= take for these versions, in order: pre, 1, 2, …, end."""
    keys: list[str] = []
    for lang in langs:
        for division in treaty.version(lang).primary.divisions:
            name = {"preamble": "pre", "closing": "end"}.get(division.kind) or division.n or division.key
            if name not in keys:
                keys.append(name)
    order = {"pre": (0, 0), "end": (2, 0)}
    return sorted(keys, key=lambda k: order.get(k, (1, int(k) if k.isdigit() else 0)))


def treaty_texts(treaty: Treaty, langs: list[str], article: str | None = None, sigil: str | None = None) -> dict:
    """The texts of some versions (one witness each), whole or one article; unknown versions,
    witnesses or articles raise a user error that the CLI and the API both report."""
    for lang in langs:
        version = treaty.version(lang)
        if sigil and version.witness(sigil) is None:
            known = ", ".join(w.sigil for w in version.witnesses if w.sigil) or "none"
            raise InputError(f"the {lang!r} version has no witness {sigil!r} (witnesses: {known})")
    if article is not None and not any(treaty.version(lang).primary.division(division_key(article)) for lang in langs):
        raise InputError(f"no article {article!r} in {treaty.id} ({', '.join(langs)}): give one of "
                         f"{', '.join(article_names(treaty, langs))} (pre: the preamble, end: the closing; a1 for 1 too)")
    versions = {}
    for lang in langs:
        version = treaty.version(lang)
        witness = version.witness(sigil) if sigil else version.primary
        if witness is not None:
            versions[lang] = witness_texts(witness, article)
    return {"id": treaty.id, "versions": versions}
