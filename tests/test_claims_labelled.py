"""The labelled claims set (tests/data/claims_labelled.json) is well-formed, and no statement it
marks false is judged supported. Its accuracy and extraction recall are measured by
benchmarks/claims_eval.py, not asserted here."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

from comparer.claims import VERDICTS, Sentence, check_claims

DATA = Path(__file__).parent / "data" / "claims_labelled.json"
LABELS = set(VERDICTS) | {"none"}


@pytest.fixture(scope="module")
def labelled() -> list[dict]:
    return json.loads(DATA.read_text(encoding="utf-8"))["sentences"]


def test_the_set_is_large_varied_and_well_formed(labelled, corpus):
    assert len(labelled) >= 80
    assert len({s["id"] for s in labelled}) == len(labelled)
    assert {s["lang"] for s in labelled} == {"id", "en", "ru", "zh"}
    assert all(s["label"] in LABELS and s["why"] for s in labelled)
    assert set().union(*(s["treaties"] for s in labelled)) == set(corpus.treaties)
    assert {s["label"] for s in labelled} == LABELS
    tags = Counter(t for s in labelled for t in s["tags"])
    assert tags["version"] >= 10 and tags["negated"] >= 10 and tags["modal"] >= 10
    assert any(s["true"] is False for s in labelled) and any(s["true"] is True for s in labelled)


def test_a_quarter_is_held_out_by_a_hash_of_the_id(labelled):
    for s in labelled:
        assert s["heldout"] == (int(hashlib.sha256(s["id"].encode()).hexdigest(), 16) % 4 == 0)
    assert 0.2 <= sum(s["heldout"] for s in labelled) / len(labelled) <= 0.35


def test_no_false_statement_is_judged_supported(labelled, corpus):
    wrong = []
    for s in labelled:
        claims = check_claims([Sentence(id=f"{s['id']}.p1.s1", text=s["text"], paragraph=s["id"])], corpus, s["lang"])
        if s["true"] is False and any(c.verdict == "supported" for c in claims):
            wrong.append(s["id"])
    assert wrong == []
