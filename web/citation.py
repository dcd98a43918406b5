"""How to cite what the reader shows: one entry per version, with the treaty, the version, what its
text is (legal and transcription status: a reconstruction is cited as one, never as the edition's
text), the edition it follows, the stable address of the view and the day it was read; as a
sentence in the interface language, as BibTeX and as CSL-JSON (CSL's item type `treaty`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date

from flask import url_for

from comparer.check.messages import Messages
from comparer.model import Bibl, Transcription, Treaty, Witness

from . import i18n

# LaTeX's special characters as BibTeX writes them literally
_BIBTEX_SPECIAL = str.maketrans({"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                                 "#": r"\#", "_": r"\_", "$": r"\$", "~": r"\textasciitilde{}",
                                 "^": r"\textasciicircum{}"})


@dataclass(frozen=True)
class Entry:
    key: str  # aigun-1858-ru
    lang: str
    text: str  # the sentence, in the interface language
    title: str
    note: str
    edition: str


@dataclass(frozen=True)
class Citation:
    url: str
    accessed: date
    entries: list[Entry]
    bibtex: str
    csl: list[dict]

    def as_dict(self) -> dict:
        return {"url": self.url, "accessed": self.accessed.isoformat(),
                "entries": [{"key": e.key, "lang": e.lang, "text": e.text} for e in self.entries],
                "bibtex": self.bibtex, "csl": self.csl}

    @property
    def csl_json(self) -> str:
        return json.dumps(self.csl, ensure_ascii=False, indent=2)


def transcription_words(ui: str, bibl: Bibl) -> str:
    """How the text was made, in the interface language: reconstructed, collated by whom and when, …"""
    value = bibl.transcription.value
    if bibl.transcription is Transcription.collated and not (bibl.collated_by and bibl.collated_on):
        return i18n.translate(ui, "transcription.collated.unrecorded")
    if bibl.transcription is Transcription.translation and bibl.translated_from:
        parts = bibl.translated_from.split(".")
        words = i18n.translate(ui, "transcription.translation", lang=Messages(ui).language(parts[1]))
        return words + (f" ({parts[2]})" if len(parts) > 2 else "")
    return i18n.label(ui, "transcription", value, editor=bibl.collated_by or "",
                      date=i18n.day(ui, bibl.collated_on or ""), lang="?")


def status_words(ui: str, bibl: Bibl) -> str:
    return f"{i18n.label(ui, 'status', bibl.status.value)}, {transcription_words(ui, bibl)}"


def cite(treaty: Treaty, langs: list[str], ui: str, witnesses: dict[str, str] | None = None,
         accessed: date | None = None) -> Citation:
    """The citation of the treaty view with `langs` (and the printed editions `witnesses` names)."""
    witnesses = witnesses or {}
    accessed = accessed or date.today()
    wit = ",".join(f"{lang}:{sigil}" for lang, sigil in witnesses.items()) or None
    url = url_for("reader.treaty", treaty_id=treaty.id, langs=",".join(langs), wit=wit, _external=True)
    site = i18n.translate(ui, "site.name")
    day = i18n.day(ui, accessed)
    entries = []
    for lang in langs:
        version = treaty.version(lang)
        witness = version.witness(witnesses.get(lang)) or version.primary
        entries.append(_entry(treaty, witness, ui, site, url, day))
    signed = next((d.value for d in treaty.dates if d.calendar == "gregorian"), None)
    return Citation(url, accessed, entries, _bibtex(entries, signed, site, url, accessed),
                    [_csl(e, signed, site, url, accessed) for e in entries])


def _entry(treaty: Treaty, witness: Witness, ui: str, site: str, url: str, day: str) -> Entry:
    language = Messages(ui).language(witness.lang)
    title = i18n.translate(ui, "cite.version", title=treaty.title(ui), lang=language)
    if witness.sigil:
        title += f" ({witness.sigil})"
    note = status_words(ui, witness.bibl)
    edition = " ".join(witness.bibl.citation.split())
    text = i18n.translate(ui, "cite.sentence", title=title, status=note, edition=edition.removesuffix("."), site=site,
                          url=url, date=day)  # the sentence puts its own full stop after the edition
    key = "-".join(filter(None, [treaty.id, witness.lang, witness.sigil]))
    return Entry(key, witness.lang, text, title, note, edition)


def _bibtex(entries: list[Entry], signed: str | None, site: str, url: str, accessed: date) -> str:
    out = []
    for e in entries:
        fields = {"title": e.title, "year": signed[:4] if signed else None, "language": e.lang,
                  "howpublished": site, "url": url, "urldate": accessed.isoformat(),
                  "note": f"{e.note}. {e.edition}"}
        body = ",\n".join(f"  {name} = {{{_bibtex_escape(value) if name != 'url' else value}}}"
                          for name, value in fields.items() if value)
        out.append(f"@misc{{{e.key},\n{body}\n}}")
    return "\n\n".join(out) + "\n"


def _bibtex_escape(text: str) -> str:
    return text.translate(_BIBTEX_SPECIAL)


def _csl(e: Entry, signed: str | None, site: str, url: str, accessed: date) -> dict:
    item = {"id": e.key, "type": "treaty", "title": e.title, "language": e.lang, "publisher": site,
            "URL": url, "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
            "note": f"{e.note}. {e.edition}"}
    if signed:
        try:
            day = date.fromisoformat(signed)
            item["issued"] = {"date-parts": [[day.year, day.month, day.day]]}
        except ValueError:
            pass
    return item
