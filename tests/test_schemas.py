"""Every corpus file is valid against our schema and, where ../shared has it, against tei_all."""

from __future__ import annotations

import pytest

from comparer import paths, tei
from comparer.validate import CORPUS_SCHEMA, schema_errors

CORPUS_FILES = sorted(paths.bundled("texts").rglob("*.xml"))


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_valid_against_our_schema(path):
    assert schema_errors(tei.parse_file(path), paths.schema(CORPUS_SCHEMA)) == []


@pytest.mark.parametrize("path", CORPUS_FILES, ids=lambda p: p.name)
def test_valid_against_tei_all(path, tei_all):
    tree = tei.parse_file(path)
    assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]


def test_our_schema_rejects_a_clause_with_a_bad_id(tmp_path):
    path = paths.bundled("texts") / "aigun-1858.xml"
    broken = path.read_text(encoding="utf-8").replace('xml:id="aigun-1858.ru.a1.c1"', 'xml:id="aigun-1858.ru.a1.x1"', 1)
    assert schema_errors(tei.parse_bytes(broken.encode()), paths.schema(CORPUS_SCHEMA))
