"""Evidence that survives translation into another script, read through the language modules.

Between Chinese and a language written in letters, length says little and no word is shared,
but some things are written in both and mean the same: numbers in any numeral system
(二十一 and "twenty-one", 1858 and 一千八百五十八), dates, the marks that structure a
sentence (a question, an exclamation, a quotation opening or closing the sentence), and the
start of a paragraph.  Each becomes an evidence key of a unit; the scorer weighs a key by how rare it is
in the two texts, so a common mark counts for little.  How a language writes a number, a date
or a quotation is its module's rule (`comparer.lang`); this module only turns what the
language module reads into keys.
"""
from __future__ import annotations

import unicodedata
from typing import Hashable, Sequence

from comparer import calendars
from comparer import lang as languages
from comparer.align.keys import Key

# Marks compared across scripts, after NFKC (full-width ？！：；（ become ASCII) and the
# language's own normalisation (typographic quotes become ").
_MARKS = {"?": "?", "!": "!", ":": ":", ";": ";", "(": "(", '"': '"', "...": "...", "…": "..."}
_CLOSERS = "\"')]»”’」』"
OPENS_QUOTATION = Key("punct", "opens with a quotation")
CLOSES_QUOTATION = Key("punct", "closes a quotation")
# Marks of where a sentence starts or ends say where a bead starts or ends: a bead has them
# only from its first unit (or its last), since one in the middle shows nothing of its edges.
FIRST_UNIT_KEYS = frozenset({OPENS_QUOTATION})
LAST_UNIT_KEYS = frozenset({CLOSES_QUOTATION, Key("punct", "ends with ?"), Key("punct", "ends with !")})


def unit_keys(code: str, texts: Sequence[str]) -> list[set[Hashable]]:
    """Per unit, the keys its language reads in it: numbers, dates and marks."""
    language = languages.get(code)
    return [_keys(language, text) for text in texts]


def paragraph_keys(starts: Sequence[bool]) -> list[set[Hashable]]:
    """A key on the first unit of each paragraph (other than the first): translations keep
    paragraphs more often than not."""
    return [{Key("paragraph", "start")} if start and i else set() for i, start in enumerate(starts)]


def _keys(language, text: str) -> set[Hashable]:
    keys: set[Hashable] = {Key("number", str(m.value)) for m in language.numbers(text)}
    for mention in language.dates(text):
        for day in date_days(mention):
            keys.add(Key("date", day))
    keys |= _marks(language, text)
    return keys


def date_days(mention) -> list[int]:
    """Julian day numbers a written date can mean (a date without a calendar may be Julian or
    Gregorian); a date without a year gives none."""
    days = []
    for candidate in (mention, getattr(mention, "alternative", None)):
        if candidate is None or candidate.year is None:
            continue
        try:
            readings = calendars.readings(candidate.calendar, candidate.era, candidate.year,
                                          candidate.month, candidate.day, candidate.leap_month)
        except calendars.InvalidDate:
            continue
        days += [day.jdn for day in readings.values()]
    return days


def _marks(language, text: str) -> set[Key]:
    normal = unicodedata.normalize("NFKC", language.normalize(text))
    for mark in language.quotation_marks:
        normal = normal.replace(mark, '"')
    keys = {Key("punct", name) for sign, name in _MARKS.items() if sign in normal}
    stripped = normal.strip()
    if stripped[:1] == '"':
        keys.add(OPENS_QUOTATION)
    last = stripped.rstrip(_CLOSERS)[-1:]
    if last in ("?", "!"):
        keys.add(Key("punct", "ends with " + last))
    if language.closes_quotation(text):
        keys.add(CLOSES_QUOTATION)
    return keys


# A name is looked for in the units this far (in units) from where a first alignment puts
# its sentence's counterpart: far enough for an alignment that is off by a bead or two.
NAME_REACH = 3


def name_keys(src_code: str, src_texts: Sequence[str], tgt_code: str, tgt_texts: Sequence[str],
              beads: Sequence) -> tuple[list[set[Hashable]], list[set[Hashable]]]:
    """Keys for the names that the two sides write in different scripts (陈清扬 and "Chen
    Qingyang", Хинкай and 興凱): each name one side's language module reads in a unit is
    looked for, by transcription (`comparer.lang.transcription`), in the other side's units
    near the unit's counterpart in a first alignment (``beads``).  A name found gives both
    units one key, the name written in letters.  Sides in one script share names as words
    already and get no keys."""
    src_keys: list[set[Hashable]] = [set() for _ in src_texts]
    tgt_keys: list[set[Hashable]] = [set() for _ in tgt_texts]
    src_language, tgt_language = languages.get(src_code), languages.get(tgt_code)
    if src_language.script == tgt_language.script:
        return src_keys, tgt_keys
    from comparer.lang import transcription

    src_near, tgt_near = _neighbourhoods(beads, len(src_texts), len(tgt_texts))
    for (language, code, texts, keys), (other_code, other_texts, other_keys), near in (
            ((src_language, src_code, src_texts, src_keys), (tgt_code, tgt_texts, tgt_keys), src_near),
            ((tgt_language, tgt_code, tgt_texts, tgt_keys), (src_code, src_texts, src_keys), tgt_near)):
        for i, text in enumerate(texts):
            for _, _, surface in language.proper_names(text):
                for j in near[i]:
                    found = transcription.find_counterpart(surface, code, other_texts[j], other_code)
                    if found is None:
                        continue
                    lettered = found.surface if transcription.is_han(surface) else surface
                    key = Key("name", transcription.name_key(lettered))
                    keys[i].add(key)
                    other_keys[j].add(key)
    return src_keys, tgt_keys


def _neighbourhoods(beads: Sequence, n_src: int, n_tgt: int) -> tuple[list[range], list[range]]:
    """For each unit of either side, the other side's units within NAME_REACH of its
    counterpart (of the place it would have, for a unit left unlinked)."""
    src_at, tgt_at = [0] * n_src, [0] * n_tgt
    src_done = tgt_done = 0
    for bead in beads:
        for i in bead.src:
            src_at[i] = tgt_done
        for j in bead.tgt:
            tgt_at[j] = src_done
        src_done += len(bead.src)
        tgt_done += len(bead.tgt)
    return ([range(max(0, p - NAME_REACH), min(n_tgt, p + NAME_REACH + 1)) for p in src_at],
            [range(max(0, p - NAME_REACH), min(n_src, p + NAME_REACH + 1)) for p in tgt_at])
