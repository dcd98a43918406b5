"""What each text is, in words: its legal status and its transcription status, for the CLI and the exports.

Two separate facts about a witness (comparer.model.Bibl): the legal status says what the text is
in law (the authentic signed text, an official rendering, a translation, a paraphrase); the
transcription status says how far our copy can be trusted as the wording of the edition named
(reconstructed from memory, collated with the edition by someone on a date, supplied without a
check, our own translation, a retelling). Every output that shows a text shows both, so that a
reconstruction is never passed off as an edition's text. The web reader words them in its own
translations (web/translations); these English sentences are for the terminal and the files.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from comparer.model import Bibl, Status, TextStatus, Transcription, Treaty, Witness

LEGAL = {
    Status.authentic: "authentic text",
    Status.official: "official text",
    Status.translation: "translation",
    Status.paraphrase: "paraphrase",
}
TRANSCRIPTION = {
    Transcription.reconstructed: "reconstructed from memory, not collated with the edition",
    Transcription.unverified: "supplied as it is, not collated with the edition",
    Transcription.collated: "collated with the edition",
    Transcription.translation: "the project's own translation",
    Transcription.paraphrase: "a secondary text's paraphrase, not the treaty's wording",
}
# What a reader may and may not take the text for: said wherever a text is exported.
CAVEAT = ("A text that is not collated is not the edition's text: do not quote it as the edition's wording; "
          "[…] marks a passage not transcribed, [?…] an uncertain reading.")


def transcription_label(bibl: Bibl | TextStatus) -> str:
    """One phrase: 'reconstructed from memory, not collated with the edition', 'collated with the
    edition by anna on 2025-06-01', "the project's own translation from ru"."""
    label = TRANSCRIPTION[bibl.transcription]
    if bibl.transcription is Transcription.collated:
        label += "".join([f" by {bibl.collated_by}" if bibl.collated_by else "",
                          f" on {bibl.collated_on}" if bibl.collated_on else ""])
    source_lang = source_language(bibl.translated_from)
    if bibl.transcription is Transcription.translation and source_lang:
        sigil = bibl.translated_from.split(".")[2:]  # made from a witness that is no longer the primary text
        label += f" from {source_lang}" + (f" (the witness {sigil[0]})" if sigil else "")
    return label


def source_language(witness_id: str | None) -> str | None:
    """The language of a witness, from its id (<treaty>.<lang>[.<sigil>])."""
    parts = (witness_id or "").split(".")
    return parts[1] if len(parts) >= 2 else None


def status_line(bibl: Bibl | TextStatus) -> str:
    """'authentic text · reconstructed from memory, not collated with the edition'."""
    return f"{LEGAL[bibl.status]} · {transcription_label(bibl)}"


def text_status(witness: Witness) -> TextStatus:
    bibl = witness.bibl
    return TextStatus(witness=witness.id, status=bibl.status, transcription=bibl.transcription,
                      edition=bibl.citation, collated_by=bibl.collated_by, collated_on=bibl.collated_on,
                      translated_from=bibl.translated_from)


def witness_status(witness: Witness) -> dict:
    """Both statuses of a witness, what they rest on and the phrase for them, as JSON (--json, the API, exports)."""
    return text_status(witness).model_dump(mode="json") | {"sigil": witness.sigil, "label": status_line(witness.bibl)}


def texts_of(treaties: Mapping[str, Treaty], witness_ids: Iterable[str]) -> dict[str, dict]:
    """What each witness named is (witness_status), in the order first named: for outputs that quote
    the texts of several treaties (search hits, the evidence of claims)."""
    by_id = {w.id: w for treaty in treaties.values() for version in treaty.versions.values() for w in version.witnesses}
    return {wid: witness_status(by_id[wid]) for wid in dict.fromkeys(witness_ids) if wid in by_id}


def editorial_paragraphs(witnesses: list[Witness]) -> list[str]:
    """What a TEI header's editorialDecl says of its texts, derived from their statuses so that it
    stays true when a text is collated: which texts are collated with their editions (by whom,
    when), which are not, then each text's statuses."""
    collated = [f"{w.id} ({transcription_label(w.bibl)})" for w in witnesses
                if w.bibl.transcription is Transcription.collated]
    unchecked = [w.id for w in witnesses
                 if w.bibl.transcription in (Transcription.reconstructed, Transcription.unverified)]
    summary = f"Collated with their printed editions: {'; '.join(collated) or 'none of these texts'}."
    if unchecked:
        summary += (f" Not collated (reconstructed from memory or supplied unchecked), so not the editions' "
                    f"wording: {', '.join(unchecked)}.")
    return [summary, *(f"{w.id}: {status_line(w.bibl)}." for w in witnesses)]


def treaty_statement(treaty: Treaty) -> str:
    """One paragraph on every witness's transcription, for an export's header."""
    parts = [f"{w.id} ({status_line(w.bibl)})" for v in treaty.versions.values() for w in v.witnesses]
    return "Transcription of each text: " + "; ".join(parts) + ". " + CAVEAT
