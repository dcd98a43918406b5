"""The precision benchmark's data are well-formed and the benchmark runs (its targets are not asserted here).

tests/data/clause_pairs.json: short clause pairs, half meaning the same, half differing in one
controlled way; tests/data/corpus_finding_labels.json: every corpus finding judged true or false.
benchmarks/check_precision.py reads both; it must fail loudly on a finding without a label.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import typing
from collections import Counter
from pathlib import Path

import pytest

from comparer import plaintext
from comparer.model import TREATY_ID, Finding, FindingType

ROOT = Path(__file__).resolve().parent.parent
BENCHMARK = ROOT / "benchmarks" / "check_precision.py"
PAIRS = ROOT / "tests" / "data" / "clause_pairs.json"
LABELS = ROOT / "tests" / "data" / "corpus_finding_labels.json"
PAIR_LANGS = {"ru", "zh", "id"}
# date_inconsistency is the finding type issue 11 adds; the pair set expects it already.
FINDING_TYPES = set(typing.get_args(FindingType)) | {"date_inconsistency"}
DATE_TYPES = {"date_mismatch", "date_inconsistency"}
EXPECT_KEYS = {"type", "article", "clauses", "concept", "values", "evidence"}


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("check_precision", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def pairs() -> list[dict]:
    return json.loads(PAIRS.read_text(encoding="utf-8"))["pairs"]


def test_pair_set_is_large_and_balanced(pairs):
    assert len(pairs) >= 60
    ids = [p["id"] for p in pairs]
    assert len(ids) == len(set(ids))
    combos = Counter(frozenset(p["langs"]) for p in pairs)
    assert set(combos) == {frozenset(c) for c in ({"ru", "zh"}, {"ru", "id"}, {"zh", "id"})}
    for combo, n in combos.items():
        same = sum(1 for p in pairs if frozenset(p["langs"]) == combo and not p["expect"])
        assert n >= len(pairs) // 4, f"{sorted(combo)} has {n} pairs: not a balanced share"
        assert 0.4 <= same / n <= 0.6, f"{sorted(combo)}: {same} of {n} pairs mean the same"


def test_every_pair_reads_as_two_versions_and_names_a_real_expectation(pairs, corpus):
    for pair in pairs:
        where = pair["id"]
        assert TREATY_ID.match(pair["id"]), where
        assert pair["tests"].strip() and "\n" not in pair["tests"], where
        assert len(pair["langs"]) == 2 and set(pair["langs"]) <= PAIR_LANGS, where
        assert set(pair["texts"]) == set(pair["langs"]), where
        treaty = plaintext.treaty_from_texts(pair["id"], {k: "\n".join(v) for k, v in pair["texts"].items()})
        # one controlled change; a changed dating may show as two findings, or once in each version
        assert len(pair["expect"]) <= 2, f"{where}: a pair differs in one way"
        assert len(pair["expect"]) < 2 or all(e["type"] in DATE_TYPES for e in pair["expect"]), where
        for expected in pair["expect"]:
            assert set(expected) <= EXPECT_KEYS and "type" in expected and "article" in expected, where
            types = expected["type"] if isinstance(expected["type"], list) else [expected["type"]]
            assert set(types) <= FINDING_TYPES, where
            keys = {d.key for v in treaty.versions.values() for d in v.primary.divisions}
            assert expected["article"] == "any" or expected["article"] in keys, where
            for lang, numbers in expected.get("clauses", {}).items():
                division = next(d for d in treaty.versions[lang].primary.divisions if d.key == expected["article"])
                assert all(1 <= n <= len(division.clauses) for n in numbers), where
            assert expected.get("concept") is None or expected["concept"] in corpus.lexicon.entries, where
            assert set(expected.get("values", {})) <= set(pair["langs"]), where


def test_labels_are_complete_and_unique(bench, corpus):
    labels = json.loads(LABELS.read_text(encoding="utf-8"))["labels"]
    assert labels
    keys = set()
    for label in labels:
        assert set(bench.KEY_FIELDS) | {"verdict", "reason"} == set(label), label
        assert label["verdict"] in bench.VERDICTS and label["reason"].strip(), label
        assert label["type"] in FINDING_TYPES, label
        key = bench.key_of_label(label)
        assert key not in keys, f"two labels for {key}"
        keys.add(key)
        pair = label["pair"].split("-")
        assert pair == sorted(pair) and len(pair) == 2, label
        for lang, ids in label["segments"].items():
            assert lang in pair and ids, label
            assert all(i.startswith(f"{label['treaty']}.{lang}.") for i in ids), label


def _finding(**fields) -> Finding:
    base = dict(id="F-00000000", type="number_mismatch", severity="high", article="a2",
                segments={"ru": ["p.ru.a2.c1"], "zh": ["p.zh.a2.c1"]}, values={"ru": "20", "zh": "30"},
                evidence={"ru": ["20"], "zh": ["三十"]}, message="m")
    return Finding(**(base | fields))


def test_an_expected_finding_must_be_the_right_type_at_the_right_place(bench):
    pair = {"id": "p", "langs": ["ru", "zh"]}
    expected = {"type": "number_mismatch", "article": "a2", "clauses": {"ru": [1]}, "values": {"ru": "20", "zh": "30"}}
    assert bench.matches(pair, expected, _finding())
    assert not bench.matches(pair, expected, _finding(type="date_mismatch"))
    assert not bench.matches(pair, expected, _finding(article="a3"))
    assert not bench.matches(pair, expected, _finding(segments={"ru": ["p.ru.a2.c2"], "zh": ["p.zh.a2.c1"]}))
    assert not bench.matches(pair, expected, _finding(values={"ru": "20", "zh": "40"}))
    assert bench.matches(pair, {"type": ["missing_concept", "number_mismatch"], "article": "any", "evidence": ["三"]},
                         _finding(article=None))
    assert not bench.matches(pair, {"type": "number_mismatch", "article": "a2", "concept": "place.amur"}, _finding())


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCHMARK), *args], capture_output=True, text=True, timeout=300)


def test_the_benchmark_prints_its_figures(bench):
    done = _run()
    # EXIT_UNLABELLED: a finding that a change of the checks or texts added still waits for its label
    assert done.returncode in (0, bench.EXIT_UNLABELLED), done.stderr
    for line in ("precision high+medium", "precision all", "recall", "false-finding rate on same-meaning pairs"):
        assert line in done.stdout
    assert done.stderr == ""


def test_an_unlabelled_finding_fails_the_run_and_is_listed(tmp_path, bench):
    empty, stubs = tmp_path / "labels.json", tmp_path / "stubs.json"
    empty.write_text(bench.dump_labels(["none"], []), encoding="utf-8")
    done = _run("--labels", str(empty), "--stubs", str(stubs))
    assert done.returncode == bench.EXIT_UNLABELLED, done.stderr
    unlabelled = [line for line in done.stdout.splitlines() if line.lstrip().startswith("UNLABELLED")]
    assert unlabelled and "FAILED" in done.stdout
    written = json.loads(stubs.read_text(encoding="utf-8"))["labels"]
    assert len(written) == len(unlabelled) and all(s["verdict"] is None for s in written)
