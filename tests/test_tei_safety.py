"""The loader refuses what could make it reach out or blow up, with a clear message, whatever the encoding."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml import etree

import comparer
from comparer import limits, paths, tei
from comparer.errors import CorpusError, InputTooLarge
from comparer.tei import read as tei_read
from comparer.tei import write as tei_write
from comparer.tei import xml as tei_xml

XXE = """<?xml version="1.0" encoding="{encoding}"?>
<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0">&xxe;</TEI>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""
# Every encoding a parser detects from a BOM or the first bytes: a byte scan for "<!DOCTYPE" misses all but UTF-8.
ENCODINGS = {"UTF-8": "utf-8", "UTF-8 with BOM": "utf-8-sig", "UTF-16 with BOM": "utf-16",
             "UTF-16LE": "utf-16-le", "UTF-16BE": "utf-16-be", "UTF-32 with BOM": "utf-32"}


def _encoded(template: str, codec: str) -> bytes:
    declared = {"utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-32": "UTF-32"}.get(codec, codec.upper())
    return template.format(encoding=declared).encode(codec)


@pytest.mark.parametrize("codec", list(ENCODINGS.values()), ids=list(ENCODINGS))
def test_doctype_is_refused_in_every_encoding(codec):
    with pytest.raises(CorpusError, match="DOCTYPE"):
        tei.parse_bytes(_encoded(XXE, codec), "evil.xml")


@pytest.mark.parametrize("data", [
    LAUGHS,
    b'<!DOCTYPE TEI SYSTEM "tei.dtd"><TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
    b'<!DOCTYPE TEI PUBLIC "-//TEI//DTD" "tei.dtd"><TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
    b'<!DOCTYPE TEI><TEI xmlns="http://www.tei-c.org/ns/1.0"/>',
], ids=["billion laughs", "external subset", "public id", "bare doctype"])
def test_any_doctype_is_refused(data):
    with pytest.raises(CorpusError, match="DOCTYPE"):
        tei.parse_bytes(data, "evil.xml")


def test_an_undeclared_entity_is_malformed_xml():
    with pytest.raises(CorpusError, match="malformed XML.*Entity 'xxe' not defined"):
        tei.parse_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0">&xxe;</TEI>', "evil.xml")


def test_character_references_and_predefined_entities_are_text():
    tree = tei.parse_bytes(b'<TEI xmlns="http://www.tei-c.org/ns/1.0">&amp;&#1051;&#x4E2D;</TEI>')
    assert tree.getroot().text == "&Л中"


def test_a_utf16_treaty_without_doctype_reads_like_its_utf8_original():
    original = (paths.bundled("texts") / "aigun-1858.xml").read_bytes()
    utf16 = original.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8").encode("utf-16")
    tree = tei.parse_bytes(utf16, "aigun-1858.xml")
    assert tei.treaty_from_tree(tree) == tei.treaty_from_tree(tei.parse_bytes(original))
    stored = tei.utf8_bytes(utf16, tree)
    assert stored.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    assert tei.treaty_from_tree(tei.parse_bytes(stored)) == tei.treaty_from_tree(tree)
    assert tei.utf8_bytes(original, tei.parse_bytes(original)) is original  # UTF-8 stays byte for byte


def test_an_entity_inside_a_bibl_is_refused_not_reparsed():
    """Defect 3: the bibl was re-parsed with lxml's default parser, which resolved the entity (traceback)."""
    text = (paths.bundled("texts") / "aigun-1858.xml").read_text(encoding="utf-8")
    head, rest = text.split("\n", 1)
    bibl_at = rest.index("<bibl ")
    evil = rest[:bibl_at] + "<bibl>&x;</bibl>" + rest[bibl_at:]
    data = (head + '\n<!DOCTYPE TEI [<!ENTITY x "expanded">]>\n' + evil).encode()
    with pytest.raises(CorpusError, match="DOCTYPE"):
        tei.parse_bytes(data, "evil.xml")


def test_a_bibl_citation_leaves_out_its_related_items_only():
    tree = tei.parse_bytes(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><bibl xml:id="b" type="authentic">
      Edition <!-- remark --> <title>Title</title><relatedItem type="source" target="x">not this</relatedItem>
      page 3</bibl></TEI>""")
    bibl = tei_read._read_bibl(tree.getroot()[0], "t.xml")
    assert bibl.citation == "Edition Title page 3"
    assert bibl.source == "x"


def test_no_module_parses_xml_another_way():
    """Every XML goes through tei.parse_bytes: nothing else creates a parser or parses."""
    offenders = []
    parser_module = Path(tei_xml.__file__)
    for path in [*Path(comparer.__file__).parent.rglob("*.py"), *paths.bundled("web").rglob("*.py")]:
        text = path.read_text(encoding="utf-8")
        for call in ("etree.fromstring(", "etree.XML(", "etree.parse(", "etree.XMLParser(", "iterparse(",
                     "etree.HTML(", "objectify."):
            if call in text and path != parser_module:
                offenders.append(f"{path.name}: {call}")
    assert offenders == []


def test_malformed_xml_reports_file_and_line_on_one_line():
    with pytest.raises(CorpusError) as err:
        tei.parse_bytes(b"<TEI>\n<teiHeader>\n</TEI>", "broken.xml")
    assert "broken.xml:3" in str(err.value)
    with pytest.raises(CorpusError) as err:  # libxml2 ends this one with a newline (defect 8)
        tei.parse_bytes('<?xml version="1.0" encoding="cp037"?><TEI/>'.encode("cp037"), "ebcdic.xml")
    assert "\n" not in str(err.value) and "EBCDIC" in str(err.value)


def test_oversized_input_is_refused(monkeypatch):
    monkeypatch.setenv(limits.ENV, "10")
    with pytest.raises(InputTooLarge, match="larger than the input limit of 10 bytes"):
        tei.parse_bytes(b"<TEI>" + b" " * 20 + b"</TEI>", "big.xml")


def test_files_are_read_with_the_cap_not_whole(monkeypatch):
    monkeypatch.setenv(limits.ENV, "1k")
    with pytest.raises(InputTooLarge, match="/dev/zero: larger than the input limit of 1 kB"):
        tei.parse_file("/dev/zero")  # read whole, this would never end


def test_deep_nesting_is_malformed_not_a_crash():
    with pytest.raises(CorpusError, match="malformed XML"):
        tei.parse_bytes(b"<a>" * 100_000 + b"</a>" * 100_000, "deep.xml")


@pytest.mark.parametrize(("text", "expected"), [
    ("20M", 20 * 1024 ** 2), ("512k", 512 * 1024), ("1G", 1024 ** 3), ("1000", 1000), ("1.5MB", 1536 * 1024),
])
def test_input_limit_sizes(text, expected):
    assert limits.parse_size(text) == expected


@pytest.mark.parametrize("text", ["", "lots", "-1", "0", "20X"])
def test_bad_input_limits_are_refused(text):
    with pytest.raises(Exception, match="input limit"):
        limits.parse_size(text)


@pytest.mark.parametrize(("text", "problem"), [
    ("a\x01b", "U+0001 (a control character) at position 2"),
    ("line\nnext\ufffe", "U+FFFE (a noncharacter) at line 2, column 5"),
    ("x\udcff", "U+DCFF (an undecodable byte or a lone surrogate)"),
])
def test_characters_xml_cannot_hold_are_named(text, problem):
    assert problem in limits.xml_problem(text)
    with pytest.raises(ValueError):  # what lxml would do with them: the traceback of defect 5
        etree.Element("x").text = text


def test_text_xml_can_hold_passes():
    assert limits.xml_problem("Статья 1\t第一條\r\n𠀀 ok") is None


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "t.xml"
    target.write_bytes(b"old")

    def crash(src, dst):
        raise OSError("simulated crash before rename")

    monkeypatch.setattr(tei_write.os, "replace", crash)  # the os.replace write_atomic calls
    with pytest.raises(OSError):
        tei_write.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xml"]
