"""Data checks for texts/lexicon.xml and texts/sources/seed.xml, read with plain lxml."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

import opencc
import pytest
from lxml import etree

from comparer import paths

TEI = "http://www.tei-c.org/ns/1.0"
NS = {"t": TEI}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TEXTS = paths.bundled("texts")
SEED_FILE = "seed/000_8bd39a1e25b6cc0e.txt"

ENTRY_ID = re.compile(r"(place|person|org|concept)\.[a-z0-9]+(-[a-z0-9]+)*")
FORM_TYPES = {"canonical", "variant", "simplified", "old-orthography", "bound", "homograph", "implied"}
NAME_TAGS = {"place": "placeName", "person": "persName", "org": "orgName"}
# a letter dropped in 1918, a word-final hard sign, or the old adjective endings -ыя/-ія
PRE_1918_SPELLING = re.compile(r"[ѣіѳѵ]|ъ\b|[ыі]я\b")


@pytest.fixture(scope="module")
def lexicon() -> etree._Element:
    return etree.parse(str(TEXTS / "lexicon.xml")).getroot()


def _forms(entry: etree._Element) -> list[tuple[str, str | None, str]]:
    """(lang, type, text) of every form of a place/person/org or concept category, in document order."""
    kind = etree.QName(entry).localname
    if kind == "category":
        return [(d.get(XML_LANG), t.get("type"), t.text or "") for d in entry.iterfind("t:catDesc", NS)
                for t in d.iterfind("t:term", NS)]
    return [(n.get(XML_LANG), n.get("type"), n.text or "") for n in entry.iterfind(f"t:{NAME_TAGS[kind]}", NS)]


def _entries(lexicon) -> list[etree._Element]:
    return [e for kind in (*NAME_TAGS, "category") for e in lexicon.iter(f"{{{TEI}}}{kind}")]


def _is_group(category: etree._Element) -> bool:
    return category.find("t:category", NS) is not None


def test_ids_are_unique_and_well_formed(lexicon):
    ids = [e.get(XML_ID) for e in lexicon.iter() if e.get(XML_ID)]
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    for entry in _entries(lexicon):
        xid = entry.get(XML_ID) or ""
        assert ENTRY_ID.fullmatch(xid), f"malformed id {xid!r}"
        kind = etree.QName(entry).localname
        assert xid.split(".")[0] == ("concept" if kind == "category" else kind), f"{xid} on a <{kind}>"


def test_every_entry_has_an_english_label_and_a_russian_or_chinese_form(lexicon):
    for entry in _entries(lexicon):
        forms = _forms(entry)
        assert any(lang == "en" and text.strip() for lang, _, text in forms), f"{entry.get(XML_ID)}: no en label"
        if etree.QName(entry).localname == "category" and _is_group(entry):
            continue  # a group is a label; its children carry the forms
        assert any(lang in ("ru", "zh") for lang, _, _ in forms), f"{entry.get(XML_ID)}: no ru or zh form"


def test_every_child_of_a_concept_group_has_forms_in_several_languages(lexicon):
    groups = [c for c in lexicon.iter(f"{{{TEI}}}category") if _is_group(c)]
    assert {g.get(XML_ID) for g in groups} >= {"concept.bank", "concept.side", "concept.flow", "concept.modality"}
    for group in groups:
        children = group.findall("t:category", NS)
        assert len(children) >= 2, f"{group.get(XML_ID)} groups fewer than two alternatives"
        for child in children:
            langs = {lang for lang, _, _ in _forms(child)}
            assert {"en", "ru", "zh", "id"} <= langs, f"{child.get(XML_ID)} lacks forms: has {sorted(langs)}"


def test_forms_are_typed_trimmed_and_start_with_a_canonical_form(lexicon):
    for entry in _entries(lexicon):
        first_type: dict[str, str | None] = {}
        for lang, typ, text in _forms(entry):
            where = f"{entry.get(XML_ID)} [{lang}] {text!r}"
            assert lang, f"{where}: no xml:lang"
            assert text and text == text.strip() and "\n" not in text, f"{where}: empty or untrimmed"
            if etree.QName(entry).localname == "category" and _is_group(entry):
                continue
            assert typ in FORM_TYPES, f"{where}: type {typ!r}"
            first_type.setdefault(lang, typ)
        assert all(t == "canonical" for t in first_type.values()), f"{entry.get(XML_ID)}: {first_type}"


def test_old_orthography_forms_use_pre_1918_spelling(lexicon):
    for entry in _entries(lexicon):
        for lang, typ, text in _forms(entry):
            if typ == "old-orthography":
                assert lang == "ru" and PRE_1918_SPELLING.search(text.lower()), f"{entry.get(XML_ID)}: {text!r}"


def test_simplified_chinese_is_the_conversion_of_the_canonical_form(lexicon):
    t2s = opencc.OpenCC("t2s")
    for entry in _entries(lexicon):
        zh = [(typ, text) for lang, typ, text in _forms(entry) if lang == "zh"]
        canonical = next((text for typ, text in zh if typ == "canonical"), None)
        for typ, text in zh:
            if typ == "simplified":
                assert text == t2s.convert(canonical) != canonical, f"{entry.get(XML_ID)}: {text} for {canonical}"


def test_no_form_names_two_entries_in_one_language_unless_marked_a_homograph_or_implied(lexicon):
    owners: dict[tuple[str, str], set[str]] = defaultdict(set)
    for entry in _entries(lexicon):
        for lang, typ, text in _forms(entry):
            if typ not in ("homograph", "implied"):
                owners[(lang, text.casefold())].add(entry.get(XML_ID))
    ambiguous = {form: ids for form, ids in owners.items() if len(ids) > 1}
    assert ambiguous == {}


def test_the_lexicon_names_every_entry_the_treaty_files_point_to(lexicon):
    known = {e.get(XML_ID) for e in _entries(lexicon)}
    pointed = {
        target.split("#", 1)[1]
        for path in TEXTS.glob("*.xml")
        for value in etree.parse(str(path)).xpath("//@corresp | //@ref")
        for target in value.split()
        if target.startswith("lexicon.xml#")
    }
    assert pointed - known == set()


def test_seed_has_one_paragraph_per_line_with_the_line_text():
    seed_txt = paths.shared_dir() / SEED_FILE
    if not seed_txt.exists():
        pytest.skip(f"seed article not found at {seed_txt} (set COMPARER_SHARED to the shared folder)")
    lines = seed_txt.read_text(encoding="utf-8").split("\n")
    root = etree.parse(str(TEXTS / "sources" / "seed.xml")).getroot()
    assert root.get(XML_ID) == "seed" and root.get(XML_LANG) == "id"
    units = {u.get(XML_ID): u for u in root.find("t:text/t:body", NS) if re.fullmatch(r"seed\.p\d+", u.get(XML_ID, ""))}
    expected = {f"seed.p{n}": line for n, line in enumerate(lines, 1) if line.strip()}
    assert sorted(units) == sorted(expected)
    for uid, line in expected.items():
        unit = units[uid]
        assert "".join(unit.itertext()) == line, uid
        sentences = unit.findall("t:s", NS)
        assert [s.get(XML_ID) for s in sentences] == [f"{uid}.s{m}" for m in range(1, len(sentences) + 1)]
        assert " ".join("".join(s.itertext()) for s in sentences) == line, uid
