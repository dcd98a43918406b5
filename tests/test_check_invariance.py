"""The checks say the same of a treaty whatever the spelling of the edition a version follows
(benchmarks/check_invariance.py): Simplified Chinese, Russian before 1918, Latin with u and i,
Indonesian before 1972. Each respelling changes how one version of every bundled treaty is
written, never what it says; no finding may appear or disappear. (The benchmark's unpunctuated
Chinese is left out: without punctuation a row of the Aigun closing changes, see its docstring.)"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest

from comparer import lang
from comparer.corpus import Corpus

BENCHMARK = Path(__file__).resolve().parent.parent / "benchmarks" / "check_invariance.py"


@pytest.fixture(scope="module")
def bench():
    spec = importlib.util.spec_from_file_location("check_invariance", BENCHMARK)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["zh-simplified", "zh-hk", "ru-pre-1918", "la-u-i", "id-1947", "id-1901"])
def test_a_respelled_version_gives_the_same_findings(bench, name):
    pairs, new, lost = bench.compare(Corpus(None), name)
    assert pairs > 0
    assert (dict(new), dict(lost)) == ({}, {})


def test_the_respellings_change_the_texts(bench):
    assert bench._characters("t2s")("兩國東界") == "两国东界"
    assert bench._characters("t2hk")("臺灣") == "台灣"
    assert bench._van_ophuijsen("Sungai Ussuri") == "Soengai Oessoeri"
    assert bench._pre_1918("Сян-фын и Россия") == "Сянъ-фынъ и Россія"
    assert bench._soewandi("Kapal dagang wajib berlayar ke Cina") == "Kapal dagang wadjib berlajar ke Tjina"


@pytest.mark.parametrize("old, modern", [
    ("jang", "yang"), ("menjerahkan", "menyerahkan"), ("mendjadi", "menjadi"), ("berlajar", "berlayar"),
    ("wadjib", "wajib"), ("masjarakat", "masyarakat"), ("tjukup", "cukup"), ("achir", "akhir"),
    ("soengai", "sungai"),
])
def test_indonesian_spelling_before_1972_has_today_s_keys(old, modern):
    id_ = lang.get("id")
    assert id_.key_variants(id_.tokenize(old)[0]) & id_.key_variants(id_.tokenize(modern)[0])


def test_indonesian_dates_and_negation_before_1972():
    id_ = lang.get("id")
    [date] = id_.dates("pada tanggal 1 Djuni 1858")
    assert (date.year, date.month, date.day) == (1858, 6, 1)
    assert id_.statements.negations(id_, "kapal asing djangan berlajar")
