"""comparer list / show / validate through the real click app and the installed console script."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from comparer import lang as languages
from comparer import paths, plaintext


def test_list_json_has_the_promised_shape(run_cli):
    result = run_cli("list", "--json")
    assert result.exit_code == 0
    treaties = {t["id"]: t for t in json.loads(result.stdout)}
    aigun = treaties["aigun-1858"]
    assert set(aigun) >= {"id", "titles", "date", "versions"}
    assert aigun["date"] == "1858-05-28"
    ru = next(v for v in aigun["versions"] if v["lang"] == "ru")
    assert set(ru) >= {"lang", "status", "witnesses", "articles", "clauses"}
    assert ru["articles"] == 3 and len(ru["witnesses"]) >= 2


def test_show_one_article_as_json(run_cli):
    result = run_cli("show", "aigun-1858", "--lang", "zh", "--article", "1", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    article = data["versions"]["zh"]["articles"]
    assert [a["n"] for a in article] == ["1"]
    assert article[0]["clauses"][0]["id"] == "aigun-1858.zh.a1.c1"
    assert "松花江" in " ".join(c["text"] for c in article[0]["clauses"])


def test_show_txt_round_trips_through_the_interchange_format(run_cli, corpus):
    for treaty in corpus.treaties.values():
        for lang, version in treaty.versions.items():
            result = run_cli("show", treaty.id, "--lang", lang, "--format", "txt")
            assert result.exit_code == 0, result.stderr
            divisions = plaintext.parse(result.stdout, lang, version.primary.id)
            # an article without a heading (Bura, Kyakhta) is written with the language's default heading,
            # since the format needs one: that heading reads back, the text must come back unchanged
            default = languages.get(lang).default_heading
            head = lambda d: d.head or (default(int(d.n)) if d.kind == "article" else None)  # noqa: E731
            texts = lambda divs: [(d.kind, head(d), [(c.text, c.paragraph) for c in d.clauses]) for d in divs]  # noqa: E731
            assert texts(divisions) == texts(version.primary.divisions), (treaty.id, lang)
            again = version.primary.model_copy(update={"divisions": divisions})
            assert plaintext.render(again) == result.stdout


@pytest.mark.parametrize(
    "args, message",
    [
        (("show", "portsmouth-1905"), "unknown treaty 'portsmouth-1905'"),
        (("show", "aigun-1858", "--lang", "fr"), "has no 'fr' version"),
        (("show", "aigun-1858", "--lang", "ru", "--article", "99"), "no article '99'"),
        (("show", "aigun-1858", "--lang", "ru,zh", "--format", "txt"), "exactly one --lang"),
    ],
)
def test_bad_requests_give_one_line_and_non_zero_exit(run_cli, args, message):
    result = run_cli(*args)
    assert result.exit_code != 0
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert "Traceback" not in result.stderr


def test_validate_passes_on_the_bundled_corpus(run_cli):
    result = run_cli("validate", "--no-tei-all")
    assert result.exit_code == 0, result.stderr
    assert "valid" in result.stdout


def test_validate_fails_clearly_on_a_broken_copy(run_cli, corpus_copy):
    broken = corpus_copy / "aigun-1858.xml"
    broken.write_text(broken.read_text(encoding="utf-8").replace('type="clause"', 'type="sentence"', 1), encoding="utf-8")
    result = run_cli("--corpus", str(corpus_copy), "validate", "--no-tei-all", str(broken))
    assert result.exit_code != 0
    assert "aigun-1858.xml" in result.stderr and "invalid" in result.stderr


def test_malformed_xml_is_reported_with_file_and_line(run_cli, corpus_copy):
    broken = corpus_copy / "tianjin-1858.xml"
    lines = broken.read_text(encoding="utf-8").splitlines()
    lines[9] = lines[9] + "<unclosed>"
    broken.write_text("\n".join(lines), encoding="utf-8")
    result = run_cli("--corpus", str(corpus_copy), "list")
    assert result.exit_code != 0
    assert "tianjin-1858.xml:" in result.stderr and "malformed XML" in result.stderr


def test_corpus_option_and_environment_variable_point_at_another_folder(run_cli, corpus_copy, monkeypatch):
    for path in corpus_copy.glob("*.xml"):
        if path.name not in ("aigun-1858.xml", "lexicon.xml"):
            path.unlink()
    assert [t["id"] for t in json.loads(run_cli("--corpus", str(corpus_copy), "list", "--json").stdout)] == ["aigun-1858"]
    monkeypatch.setenv("COMPARER_CORPUS", str(corpus_copy))
    assert [t["id"] for t in json.loads(run_cli("list", "--json").stdout)] == ["aigun-1858"]


def test_installed_console_script_finds_the_bundled_data(tmp_path):
    """Run from an unrelated folder so nothing but the installed package can supply the corpus."""
    script = shutil.which("comparer") or str(Path(sys.executable).parent / "comparer")
    if not Path(script).exists():
        pytest.skip("the comparer console script is not installed (pip install . first)")
    env = {k: v for k, v in os.environ.items() if k != "COMPARER_CORPUS"}
    result = subprocess.run([script, "list", "--json"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(list(paths.bundled("texts").glob("*-[0-9][0-9][0-9][0-9].xml")))
    result = subprocess.run([script, "validate", "--no-tei-all"], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
