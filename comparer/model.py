"""The one model of a treaty that every stage of the pipeline passes around.

A Treaty has Versions (one per language); a Version has Witnesses (printed editions of that
language's text, the first one primary); a Witness has Divisions (preamble, articles, closing)
made of Clauses. The lexicon is a separate model read from texts/lexicon.xml.
"""

from __future__ import annotations

import re
from enum import Enum
from functools import cache
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

LANG_CODE = re.compile(r"^[a-z]{2,3}$")
TREATY_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
SIGIL = re.compile(r"^(?!pre$|end$|a\d+$)[a-z][a-z0-9]*$")
CLAUSE_ID = re.compile(
    r"^(?P<treaty>[a-z][a-z0-9-]*)\.(?P<lang>[a-z]{2,3})(?:\.(?P<sigil>(?!pre\.|end\.|a\d+\.)[a-z][a-z0-9]*))?"
    r"\.(?P<div>pre|end|a(?P<article>\d+))\.c(?P<n>\d+)$"
)


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def model_post_init(self, context: object, /) -> None:
        # pydantic gives every instance a set of the fields its caller gave, some 200-500 bytes: a
        # third of a clause and its marks. Nothing here asks which fields were given (no
        # exclude_unset), so every instance shares its class's set of all its fields.
        object.__setattr__(self, "__pydantic_fields_set__", _all_fields(type(self)))


@cache
def _all_fields(model: type[BaseModel]) -> set[str]:
    return set(model.model_fields)


class Status(str, Enum):
    """How a witness relates to the treaty: signed text, official rendering, our translation, or a retelling."""

    authentic = "authentic"
    official = "official"
    translation = "translation"
    paraphrase = "paraphrase"


class Transcription(str, Enum):
    """How far a witness's wording can be trusted as its edition's text (apart from its legal Status).

    reconstructed: encoded from memory of the edition named, never collated with its pages.
    unverified: supplied as it is (an import); nobody has recorded checking it against an edition.
    collated: checked against the edition named, clause by clause, by a named editor on a date.
    translation: the project's own translation (from the witness named in translated_from).
    paraphrase: a secondary text's retelling, not the treaty's wording.
    """

    reconstructed = "reconstructed"
    unverified = "unverified"
    collated = "collated"
    translation = "translation"
    paraphrase = "paraphrase"


def default_transcription(status: Status) -> Transcription:
    """What a bibl that states no transcription status is: its translation or paraphrase, else unverified."""
    return {Status.translation: Transcription.translation,
            Status.paraphrase: Transcription.paraphrase}.get(status, Transcription.unverified)


class Mark(_Model):
    """Editorial markup inside a clause, kept as offsets into Clause.text so the text stays plain.

    unclear: text[start:end] is an uncertain reading; gap: text left out at start (start == end);
    note: an editor's note anchored at start (its body is not part of the clause text).
    """

    kind: Literal["unclear", "gap", "note"]
    start: int
    end: int
    attrs: dict[str, str] = Field(default_factory=dict)
    body: str = ""


class Clause(_Model):
    id: str
    text: str
    marks: list[Mark] = Field(default_factory=list)
    cert: str | None = None
    corresp: str | None = None
    paragraph: int = 0

    @property
    def uncertain(self) -> bool:
        return self.cert in ("low", "medium") or any(m.kind in ("unclear", "gap") for m in self.marks)

    @property
    def notes(self) -> list[str]:
        return [m.body for m in self.marks if m.kind == "note"]


class Division(_Model):
    kind: Literal["preamble", "article", "closing"]
    n: str | None = None
    head: str | None = None
    clauses: list[Clause] = Field(default_factory=list)

    @property
    def key(self) -> str:
        """The id part naming this division: 'pre', 'a3', 'end'."""
        return {"preamble": "pre", "closing": "end"}.get(self.kind) or f"a{self.n}"


class Bibl(_Model):
    """The edition a witness follows (citation), its legal status, and how its text was transcribed.
    collated_by and collated_on (an ISO date) say who checked a collated text against the edition, and when."""

    id: str
    status: Status
    citation: str
    transcription: Transcription = None  # type: ignore[assignment]  # filled in from status when not given
    collated_by: str | None = None
    collated_on: str | None = None
    translated_from: str | None = None
    source: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _default_transcription(cls, data):
        if isinstance(data, dict) and data.get("transcription") is None and data.get("status") is not None:
            data = {**data, "transcription": default_transcription(Status(data["status"]))}
        return data


class Witness(_Model):
    id: str
    lang: str
    sigil: str | None = None
    bibl: Bibl
    divisions: list[Division] = Field(default_factory=list)

    @property
    def primary(self) -> bool:
        return self.sigil is None

    @property
    def articles(self) -> list[Division]:
        return [d for d in self.divisions if d.kind == "article"]

    def division(self, key: str) -> Division | None:
        return next((d for d in self.divisions if d.key == key), None)

    def article(self, n: str | int) -> Division | None:
        return self.division(f"a{n}")

    def clauses(self) -> list[Clause]:
        return [c for d in self.divisions for c in d.clauses]


class Version(_Model):
    lang: str
    witnesses: list[Witness]

    @property
    def primary(self) -> Witness:
        return self.witnesses[0]

    @property
    def status(self) -> Status:
        return self.primary.bibl.status

    def witness(self, sigil: str | None) -> Witness | None:
        return next((w for w in self.witnesses if w.sigil == sigil), None)


class DateRecord(_Model):
    """The signing date as written in one calendar: value is ISO for Gregorian/Julian, era-y-m-d for Qing."""

    calendar: Literal["gregorian", "julian", "qing"]
    value: str
    label: str
    versions: list[str] = Field(default_factory=list)  # the versions whose text gives this date; none: all


class Signatory(_Model):
    ref: str | None = None
    role: str = "signatory"
    names: dict[str, list[str]] = Field(default_factory=dict)  # lang -> the forms the header gives


class Place(_Model):
    ref: str | None = None
    label: str


class AlignmentLink(_Model):
    """One aligned group as stored in standOff: the clause ids it ties, who made it and how sure."""

    targets: list[str]
    cert: float | None = None
    resp: str | None = None
    when: str | None = None  # kept as the header's change record pointing at the link (no @when on <link>)
    type: str | None = None
    id: str | None = None


class Annotation(_Model):
    """A finding, review or claim kept in standOff and pointing at clauses."""

    id: str
    targets: list[str]
    ana: str | None = None
    status: str | None = None
    resp: str | None = None
    when: str | None = None
    note: str = ""
    stale: bool = False
    # A review's record of what it decided on (comparer.review): the finding parts it attaches to,
    # the versions the finding was seen between, and a hash of the text it saw.
    parts: list[str] = Field(default_factory=list)
    langs: list[str] = Field(default_factory=list)
    fingerprint: str | None = None


class Treaty(_Model):
    id: str
    titles: dict[str, str]
    dates: list[DateRecord] = Field(default_factory=list)
    place: Place | None = None
    signatories: list[Signatory] = Field(default_factory=list)
    notes: list[str] = Field(default_factory=list)
    versions: dict[str, Version]
    alignment: list[AlignmentLink] = Field(default_factory=list)
    annotations: list[Annotation] = Field(default_factory=list)

    def title(self, lang: str = "en") -> str:
        return self.titles.get(lang) or next(iter(self.titles.values()), self.id)

    def version(self, lang: str) -> Version:
        try:
            return self.versions[lang]
        except KeyError:
            from comparer.errors import UnknownLanguage

            raise UnknownLanguage(
                f"treaty {self.id!r} has no {lang!r} version (it has: {', '.join(self.versions)})"
            ) from None

    @property
    def pivot(self) -> str:
        """The language the others are aligned to: the first authentic version, else the first one."""
        for lang, version in self.versions.items():
            if version.status is Status.authentic:
                return lang
        return next(iter(self.versions))

    def clause_index(self) -> dict[str, Clause]:
        return {c.id: c for v in self.versions.values() for w in v.witnesses for c in w.clauses()}


# A lexicon form of this type is a bound morpheme with its neighbours, e.g. "[進在到]京"
# (comparer.lang.forms.BoundForm); it counts only inside such a compound.
BOUND_FORM = "bound"
# A lexicon form of this type has another sense too, and is never a mention of this entry: it is
# another entry's form, which the matcher reads as that entry (海口 is a port, and at the end of a
# river its sea-mouth), or a word of wider sense (сношения: relations, and correspondence).  A
# version that writes it may mean this entry (CheckContext.may_name), and a version whose mention
# of the other entry is this form is not said to name what a version naming this entry lacks
# (check.concepts).
HOMOGRAPH_FORM = "homograph"
# A lexicon form of this type is another entry's form whose meaning holds this entry's too: 納稅
# (to pay duty) is customs duty, and says payment.  It never marks this entry, but a version that
# writes it is not said to lack this entry (CheckContext.may_name).
IMPLIED_FORM = "implied"
# Forms that never mark their entry; with bound forms, the forms the matcher does not look for as written.
UNMARKED_FORMS = (HOMOGRAPH_FORM, IMPLIED_FORM)
_UNMATCHED_FORMS = (BOUND_FORM, *UNMARKED_FORMS)


# The type of an org entry that is one state (Russia, the Qing empire), as against a class of states.
POLITY = "polity"


class LexiconForm(_Model):
    text: str
    type: str | None = None


class LexiconEntry(_Model):
    id: str
    kind: Literal["place", "person", "org", "concept"]
    type: str | None = None
    group: str | None = None  # concept group whose members exclude each other (left bank / right bank)
    forms: dict[str, list[LexiconForm]] = Field(default_factory=dict)
    note: str | None = None

    def label(self, lang: str = "en") -> str:
        for candidate in (lang, "en"):
            forms = self.forms.get(candidate)
            forms = [f for f in forms if f.type not in _UNMATCHED_FORMS]
            if forms:
                return next((f.text for f in forms if f.type == "canonical"), forms[0].text)
        return self.id


class Lexicon(_Model):
    entries: dict[str, LexiconEntry] = Field(default_factory=dict)
    groups: dict[str, LexiconEntry] = Field(default_factory=dict)

    def forms(self, lang: str) -> dict[str, list[str]]:
        """Entry id -> its surface forms in one language, for the language module's matcher
        (bound morphemes and homographs apart: see bound_forms and homographs)."""
        found = {
            entry_id: [f.text for f in entry.forms[lang] if f.type not in _UNMATCHED_FORMS]
            for entry_id, entry in self.entries.items()
            if entry.forms.get(lang)
        }
        return {entry_id: forms for entry_id, forms in found.items() if forms}

    def bound_forms(self, lang: str) -> dict[str, list[str]]:
        """Entry id -> its bound-morpheme patterns in one language (`[進在到]京`: 京 inside 進京)."""
        found = {entry_id: [f.text for f in entry.forms.get(lang, []) if f.type == BOUND_FORM]
                 for entry_id, entry in self.entries.items()}
        return {entry_id: forms for entry_id, forms in found.items() if forms}

    def homographs(self, lang: str) -> dict[str, list[str]]:
        """Entry id -> its homograph forms in one language: words with another sense too, which
        never mark the entry (HOMOGRAPH_FORM)."""
        found = {entry_id: [f.text for f in entry.forms.get(lang, []) if f.type == HOMOGRAPH_FORM]
                 for entry_id, entry in self.entries.items()}
        return {entry_id: forms for entry_id, forms in found.items() if forms}

    def members(self, group_id: str) -> list[LexiconEntry]:
        return [e for e in self.entries.values() if e.group == group_id]


# ---------------------------------------------------------------- what the pipeline computes


class Evidence(_Model):
    """Why two clauses were put on one row: a shared lexicon entry, number or date, or a score."""

    kind: Literal["lexicon", "number", "date", "word", "punctuation", "semantic", "length", "manual", "position"]
    key: str
    detail: str = ""


class AlignedGroup(_Model):
    """One row of the reader: the clauses of each language that say the same thing."""

    id: str
    article: str | None = None  # the pivot's division key: 'pre', 'a1', 'end'
    segments: dict[str, list[str]]
    confidence: float
    evidence: list[Evidence] = Field(default_factory=list)
    fixed: bool = False  # set by a scholar's correction; the aligner keeps it as it is


class Alignment(_Model):
    treaty: str
    pivot: str
    langs: list[str]
    groups: list[AlignedGroup]

    def group_of(self, clause_id: str) -> AlignedGroup | None:
        return next((g for g in self.groups if any(clause_id in ids for ids in g.segments.values())), None)


FindingType = Literal[
    "missing_concept", "moved", "name_mismatch", "number_mismatch", "date_mismatch", "date_inconsistency",
    "direction_mismatch", "modality_mismatch", "unaligned_clause", "structure_mismatch", "length_outlier",
]


class FindingPart(_Model):
    """What disagrees between two versions (or inside one): the unit reviews attach to (comparer.check.ids)."""

    id: str  # P- + 8 hex digits
    langs: list[str]
    review: str = "open"
    reviewed_in: str | None = None  # the id of the review annotation that set `review`


class Finding(_Model):
    """One disagreement between language versions, with its evidence in every language."""

    id: str
    type: FindingType
    severity: Literal["high", "medium", "low"]
    article: str | None = None
    segments: dict[str, list[str]] = Field(default_factory=dict)
    concept: str | None = None
    values: dict[str, str] = Field(default_factory=dict)
    evidence: dict[str, list[str]] = Field(default_factory=dict)
    message: str
    review: str = "open"  # open | confirmed | dismissed, from the scholar's reviews in standOff
    parts: list[FindingPart] = Field(default_factory=list)  # one per pair of versions that disagree


class TextStatus(_Model):
    """What a text a result was computed on is: its legal and its transcription status (comparer.status)."""

    witness: str
    status: Status
    transcription: Transcription
    edition: str
    collated_by: str | None = None
    collated_on: str | None = None
    translated_from: str | None = None


class CheckReport(_Model):
    treaty: str
    langs: list[str]
    findings: list[Finding]
    texts: dict[str, TextStatus] = Field(default_factory=dict)  # version -> the status of the text checked
