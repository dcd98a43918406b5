"""TEI -> model for the lexicon (places, persons, polities, concepts and their forms), with the
checks of bound and homograph forms a loaded lexicon must pass."""

from __future__ import annotations

from pathlib import Path

from lxml import etree
from pydantic import ValidationError

from comparer.errors import CorpusError
from comparer.model import BOUND_FORM, UNMARKED_FORMS, Lexicon, LexiconEntry, LexiconForm
from comparer.tei.xml import NS, XML_ID, XML_LANG, _model_error, _t, _text, parse_file

_LEXICON_KINDS = {"place": "placeName", "person": "persName", "org": "orgName"}


def lexicon_from_tree(tree: etree._ElementTree, path: str = "<lexicon>") -> Lexicon:
    try:
        return _lexicon_from_tree(tree, path)
    except ValidationError as err:
        raise _model_error(err, path) from None


def _lexicon_from_tree(tree: etree._ElementTree, path: str) -> Lexicon:
    root = tree.getroot()
    entries: dict[str, LexiconEntry] = {}
    groups: dict[str, LexiconEntry] = {}
    for kind, name_tag in _LEXICON_KINDS.items():
        for el in root.iter(_t(kind)):
            forms: dict[str, list[LexiconForm]] = {}
            for name in el.iterfind(f"t:{name_tag}", NS):
                forms.setdefault(name.get(XML_LANG) or "en", []).append(LexiconForm(text=_text(name), type=name.get("type")))
            note = el.find("t:note", NS)
            entries[el.get(XML_ID)] = LexiconEntry(
                id=el.get(XML_ID), kind=kind, type=el.get("type"), forms=forms, note=_text(note) or None
            )
    for cat in root.iter(_t("category")):
        forms = {}
        for desc in cat.iterfind("t:catDesc", NS):
            lang = desc.get(XML_LANG) or "en"
            terms = desc.findall("t:term", NS)
            if not terms:
                continue  # a prose description, not a form to match
            forms.setdefault(lang, []).extend(LexiconForm(text=_text(t), type=t.get("type")) for t in terms)
        parent = cat.getparent()
        group = parent.get(XML_ID) if parent.tag == _t("category") else None
        entry = LexiconEntry(id=cat.get(XML_ID), kind="concept", group=group, forms=forms)
        if cat.find("t:category", NS) is not None:
            groups[entry.id] = entry
        else:
            entries[entry.id] = entry
    if not entries:
        raise CorpusError("the lexicon has no entries", path)
    _check_bound_forms(entries, path)
    _check_homographs(entries, path)
    return Lexicon(entries=entries, groups=groups)


def _check_bound_forms(entries: dict[str, LexiconEntry], path: str) -> None:
    """A bound form's pattern must be readable by its language ("[進在到]京", "界[牌碑]")."""
    from comparer import lang as languages
    from comparer.lang.forms import BoundPatternError, parse_bound

    for entry in entries.values():
        for lang, forms in entry.forms.items():
            for form in forms:
                if form.type == BOUND_FORM:
                    try:
                        parse_bound(languages.get(lang), form.text)
                    except (BoundPatternError, languages.UnknownLanguageError) as err:
                        raise CorpusError(f"{entry.id}: {err}", path) from None


def _check_homographs(entries: dict[str, LexiconEntry], path: str) -> None:
    """A homograph or implied form never marks its entry (model.UNMARKED_FORMS): the entry cannot
    also have it as a form it is marked by."""
    for entry in entries.values():
        for lang, forms in entry.forms.items():
            plain = {f.text for f in forms if f.type not in (BOUND_FORM, *UNMARKED_FORMS)}
            for form in forms:
                if form.type in UNMARKED_FORMS and form.text in plain:
                    raise CorpusError(f"{entry.id}: {form.text!r} ({lang}) is both a form and a {form.type} form "
                                      f"of it: keep one", path)

def load_lexicon(path: Path) -> Lexicon:
    return lexicon_from_tree(parse_file(path), str(path))
