"""The loader refuses what could make it reach out or blow up, with a clear message."""

from __future__ import annotations

import pytest

from comparer import tei
from comparer.errors import CorpusError

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0">&xxe;</TEI>"""
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<lolz>&lol2;</lolz>"""


@pytest.mark.parametrize("data", [XXE, LAUGHS])
def test_doctype_and_entities_are_refused(data):
    with pytest.raises(CorpusError, match="DOCTYPE"):
        tei.parse_bytes(data, "evil.xml")


def test_malformed_xml_reports_file_and_line():
    with pytest.raises(CorpusError) as err:
        tei.parse_bytes(b"<TEI>\n<teiHeader>\n</TEI>", "broken.xml")
    assert "broken.xml:3" in str(err.value)


def test_oversized_input_is_refused(monkeypatch):
    monkeypatch.setattr(tei, "MAX_BYTES", 10)
    with pytest.raises(CorpusError, match="larger"):
        tei.parse_bytes(b"<TEI>" + b" " * 20 + b"</TEI>", "big.xml")


def test_atomic_write_leaves_old_file_when_interrupted(tmp_path, monkeypatch):
    target = tmp_path / "t.xml"
    target.write_bytes(b"old")

    def crash(src, dst):
        raise OSError("simulated crash before rename")

    monkeypatch.setattr(tei.os, "replace", crash)
    with pytest.raises(OSError):
        tei.write_atomic(target, b"new")
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["t.xml"]
