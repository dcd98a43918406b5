"""Shared fixtures: the bundled corpus, the official tei_all validator, a CLI runner."""

from __future__ import annotations

import json

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

# The tests run against the installed package, which cannot know where this checkout is:
# point it at ../shared beside the checkout unless the environment already says.
os.environ.setdefault("COMPARER_SHARED", str(Path(__file__).resolve().parent.parent.parent / "shared"))

from comparer import paths  # noqa: E402
from comparer.corpus import Corpus  # noqa: E402

SHARED = paths.shared_dir()
TEI_ALL = SHARED / "tei" / "tei_all.rng"


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return Corpus()


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """The official TEI P5 schema; compiling it takes seconds, so once per session."""
    if not TEI_ALL.exists():
        pytest.skip(f"official tei_all schema not found at {TEI_ALL} (set COMPARER_SHARED; CI has it)")
    return etree.RelaxNG(etree.parse(str(TEI_ALL)))


@pytest.fixture()
def corpus_copy(tmp_path: Path) -> Path:
    """A writable copy of the bundled corpus."""
    target = tmp_path / "corpus"
    shutil.copytree(paths.bundled("texts"), target)
    return target


@pytest.fixture()
def run_cli():
    """Invoke the real click app in-process; returns the click Result (exit_code, stdout, stderr)."""
    from comparer.cli import cli

    def run(*args: str, **kwargs):
        return CliRunner().invoke(cli, list(args), catch_exceptions=False, **kwargs)

    return run


@pytest.fixture
def check_texts(run_cli, tmp_path):
    """`comparer check --text LANG=FILE … --json` on the given texts (language -> plain text),
    without embeddings; returns the findings."""
    def check(texts: dict[str, str]) -> list[dict]:
        args = []
        for lang, text in texts.items():
            (tmp_path / f"{lang}.txt").write_text(text, encoding="utf-8")
            args += ["--text", f"{lang}={tmp_path / f'{lang}.txt'}"]
        result = run_cli("check", *args, "--json", "--no-semantic")
        assert result.exit_code == 0, result.stderr
        return json.loads(result.stdout)["findings"]

    return check


@pytest.fixture(scope="module")
def app():
    """The real Flask app on the bundled corpus, read-only (one per test module)."""
    try:
        from comparer.web import create_app
    except ModuleNotFoundError:  # a source checkout without install: web/ sits beside comparer/
        from web import create_app
    return create_app(testing=True)


@pytest.fixture()
def client(app):
    return app.test_client()
