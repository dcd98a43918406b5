"""comparer batch on one machine: the bundled corpus on a local Dask cluster (real worker
processes), resuming, and treaties that fail alone. The cluster of separately started
processes is in test_batch_cluster.py."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from lxml import html

from comparer import paths, plaintext
from comparer.align.treaty import align_treaty
from comparer.batch import Settings, keys, run_batch
from comparer.check import check_treaty
from comparer.claims import check_claims
from comparer.claims.sentences import read_source
from comparer.claims.store import load_claims, with_reviews
from comparer.corpus import Corpus
from comparer.payloads import alignment_payload

COMPARER = str(Path(sys.executable).parent / "comparer")
TEXTS = paths.bundled("texts")
NO_EMBEDDINGS = Settings(semantic=False)  # what `--no-semantic` asks for, and what CI has


def code_now() -> str:
    return keys.code_fingerprint.__wrapped__()  # read afresh, not this process's first reading


@contextmanager
def unless_code_is_edited(since: str | None = None):
    """A result is keyed by the code that computed it, so a run during which someone edits the
    package (a shared editable checkout) rightly computes again what the test expects skipped:
    such a test is skipped, not failed. CI's installed package never changes under it."""
    before = since or code_now()
    try:
        yield
    except AssertionError:
        if code_now() != before:
            pytest.skip("comparer's code was edited while the test ran")
        raise


def batch(*args: str, timeout: int = 240) -> subprocess.CompletedProcess:
    return subprocess.run([COMPARER, "batch", *args], capture_output=True, text=True, timeout=timeout)


def write_collection(folder: Path, copies: int = 1, corpus: Corpus | None = None) -> Path:
    """The bundled treaties as plain-text files and a CSV manifest (`copies` of each, under new
    ids), as a user's plain-text collection would come."""
    corpus = corpus or Corpus()
    folder.mkdir(parents=True, exist_ok=True)
    rows = []
    for copy in range(copies):
        for treaty in corpus.treaties.values():
            treaty_id = f"{treaty.id}-c{copy}"
            for lang in sorted(treaty.versions, key=lambda code: code != treaty.pivot):
                name = f"{treaty.id}.{lang}.txt"
                if copy == 0:
                    (folder / name).write_text(plaintext.render(treaty.version(lang).primary), encoding="utf-8")
                rows.append({"id": treaty_id, "language": lang, "file": name, "transcription": "reconstructed"})
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "language", "file", "transcription"])
        writer.writeheader()
        writer.writerows(rows)
    return manifest


def stored(folder: Path) -> dict[str, dict]:
    """Each stored result without its timing (the only thing two runs may differ in)."""
    records = {p.stem: json.loads(p.read_bytes()) for p in sorted(folder.glob("*.json"))}
    return {name: {k: comparable(v) if k == "alignment" else v for k, v in record.items() if k != "seconds"}
            for name, record in records.items()}


def comparable(alignment: dict) -> dict:
    """An alignment payload with the evidence of each row in one order: the aligner lists evidence
    items of equal weight in set order, which differs from one process to another."""
    return alignment | {"groups": [g | {"evidence": sorted(g["evidence"], key=json.dumps)}
                                   for g in alignment["groups"]]}


def test_bundled_corpus_on_a_local_cluster(tmp_path, corpus):
    with unless_code_is_edited():
        bundled_corpus_on_a_local_cluster(tmp_path, corpus)


def bundled_corpus_on_a_local_cluster(tmp_path, corpus):
    out = tmp_path / "R"
    run = batch(str(TEXTS), "--out", str(out), "--workers", "2", "--no-semantic")
    assert run.returncode == 0, run.stderr
    treaties = list(corpus.treaties)
    assert run.stdout.startswith(f"{len(treaties) + 1} unit(s): {len(treaties) + 1} computed, 0 unchanged, 0 failed")
    assert "Traceback" not in run.stderr

    # Per treaty: what `comparer align --json` and `comparer check --json` give.
    results = stored(out / "treaties")
    assert sorted(results) == sorted(treaties)
    for treaty_id, treaty in corpus.treaties.items():
        alignment = align_treaty(treaty, corpus.lexicon, semantic=False)
        report = check_treaty(treaty, corpus.lexicon, alignment=alignment)
        assert results[treaty_id]["alignment"] == comparable(json.loads(json.dumps(alignment_payload(treaty, alignment))))
        assert results[treaty_id]["findings"] == report.model_dump(mode="json")
    # The secondary source's claims, as `comparer claims --json` judges them.
    source = TEXTS / "sources" / "seed.xml"
    _, lang, sentences = read_source(source)
    claims = with_reviews(check_claims(sentences, corpus, lang), load_claims(source))
    assert stored(out / "claims")["seed"]["claims"] == [c.model_dump() for c in claims]

    # One table of every finding, read back with pyarrow; the CSV holds the same rows.
    table = pq.read_table(out / "findings.parquet").to_pylist()
    expected = {(t, f["id"]) for t, r in results.items() for f in r["findings"]["findings"]}
    assert {(row["treaty"], row["id"]) for row in table} == expected and len(table) == len(expected)
    finding = next(row for row in table if row["clauses"])
    assert set(finding) >= {"treaty", "article", "type", "severity", "langs", "clauses", "message", "review"}
    assert all(cid.split(".")[1] in finding["langs"] for cid in finding["clauses"])
    assert any(status.endswith(":reconstructed") for status in finding["transcription"])
    with (out / "findings.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == len(table)

    # The summary: every treaty, with the transcription status of its texts.
    page = html.fromstring((out / "summary.html").read_bytes())
    text = page.text_content()
    for treaty_id in treaties:
        assert page.xpath(f'//a[@href="treaties/{treaty_id}.json"]')
    assert "reconstructed from memory, not collated with the edition" in text
    assert f"{len(table)} findings" in text and "Failed" not in text

    # Nothing changed: nothing is computed, no cluster is started, the results stay as they were.
    before = {p: p.stat().st_mtime_ns for p in (out / "treaties").iterdir()}
    again = batch(str(TEXTS), "--out", str(out), "--workers", "2", "--no-semantic", timeout=60)
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{len(treaties) + 1} unit(s): 0 computed, {len(treaties) + 1} unchanged")
    assert {p: p.stat().st_mtime_ns for p in (out / "treaties").iterdir()} == before
    assert pq.read_table(out / "findings.parquet").to_pylist() == table

    # The same options from the library: the same keys (nothing to do); --force recomputes,
    # serially here, and gives exactly what the cluster gave.
    report = run_batch([str(TEXTS)], out, serial=True, settings=NO_EMBEDDINGS)
    assert (report.computed, report.unchanged) == (0, len(treaties) + 1)
    cluster_results = stored(out / "treaties")
    report = run_batch([str(TEXTS)], out, serial=True, force=True, settings=NO_EMBEDDINGS)
    assert (report.computed, report.unchanged) == (len(treaties) + 1, 0)
    assert stored(out / "treaties") == cluster_results


def test_a_changed_input_or_option_is_computed_again(tmp_path, corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("bura-1727.xml", "kyakhta-1727.xml"):
        (folder / name).write_bytes((TEXTS / name).read_bytes())
    out = tmp_path / "R"
    assert run_batch([str(folder)], out, serial=True, settings=NO_EMBEDDINGS).computed == 2
    path = folder / "bura-1727.xml"
    path.write_bytes(path.read_bytes().replace(b"</TEI>", b"</TEI>\n"))  # the same treaty, other bytes
    report = run_batch([str(folder)], out, serial=True, settings=NO_EMBEDDINGS)
    assert (report.computed, report.unchanged) == (1, 1)
    report = run_batch([str(folder)], out, serial=True, settings=Settings(semantic=False, ui_lang="id"))
    assert report.computed == 2  # the messages are in another language
    treaty = corpus.treaty("kyakhta-1727")
    in_indonesian = check_treaty(treaty, corpus.lexicon, alignment=align_treaty(treaty, corpus.lexicon, semantic=False),
                                 ui_lang="id")
    assert in_indonesian.findings
    assert json.loads((out / "treaties" / "kyakhta-1727.json").read_bytes())["findings"] == in_indonesian.model_dump(mode="json")


def test_a_failing_treaty_fails_alone(tmp_path, corpus):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ("bura-1727.xml", "kyakhta-1727.xml"):
        (folder / name).write_bytes((TEXTS / name).read_bytes())
    (folder / "broken-1900.xml").write_text("<TEI><unclosed></TEI>", encoding="utf-8")
    (folder / "misnamed-1900.xml").write_bytes((TEXTS / "bura-1727.xml").read_bytes())
    again = tmp_path / "again"  # a second folder that holds a treaty of the first
    again.mkdir()
    (again / "kyakhta-1727.xml").write_bytes((TEXTS / "kyakhta-1727.xml").read_bytes())
    texts = tmp_path / "texts"
    manifest = write_collection(texts)
    with manifest.open("a", encoding="utf-8", newline="") as handle:
        handle.write("lonely-1900,ru,bura-1727.ru.txt,\n"          # one version: nothing to compare
                     "missing-1900,ru,bura-1727.ru.txt,\n"
                     "missing-1900,id,no-such-file.txt,\n"
                     "badlang-1900,RU,bura-1727.ru.txt,\n"
                     ",ru,bura-1727.ru.txt,\n")
    out = tmp_path / "R"
    report = run_batch([str(folder), str(manifest), str(again)], out, serial=True, settings=NO_EMBEDDINGS)
    failed = {f.unit: f.error for f in report.failures}
    assert sorted(failed) == sorted(["broken-1900", "misnamed-1900", "lonely-1900", "missing-1900", "badlang-1900",
                                     f"{manifest}, row {_rows(manifest)}", "kyakhta-1727"])
    assert "given twice" in failed["kyakhta-1727"] and str(folder / "kyakhta-1727.xml") in failed["kyakhta-1727"]
    assert "malformed XML" in failed["broken-1900"] and "broken-1900.xml" in failed["broken-1900"]
    assert "does not match the file name" in failed["misnamed-1900"]
    assert "needs two versions" in failed["lonely-1900"]
    assert "no-such-file.txt" in failed["missing-1900"] and "cannot read" in failed["missing-1900"]
    assert "row" in failed["badlang-1900"] and "'RU' is not a language code" in failed["badlang-1900"]
    assert all("\n" not in error and "Traceback" not in error for error in failed.values())
    # Every other treaty was compared.
    done = {p.stem for p in (out / "treaties").glob("*.json")}
    assert done == {"bura-1727", "kyakhta-1727"} | {f"{t}-c0" for t in corpus.treaties}
    kyakhta = json.loads((out / "treaties" / "kyakhta-1727.json").read_bytes())
    assert kyakhta["origin"] == str(folder / "kyakhta-1727.xml") and kyakhta["findings"]["findings"]
    table = pq.read_table(out / "findings.parquet").to_pylist()
    assert sum(row["treaty"] == "kyakhta-1727" for row in table) == len(kyakhta["findings"]["findings"])
    # The failures file and the summary keep each error.
    with (out / "failures.csv").open(encoding="utf-8", newline="") as handle:
        rows = {row["unit"]: row for row in csv.DictReader(handle)}
    assert {unit: row["error"] for unit, row in rows.items()} == failed
    summary = html.fromstring((out / "summary.html").read_bytes()).text_content()
    assert all(error in summary for error in failed.values())


def _rows(manifest: Path) -> int:
    """The CSV line of the manifest's last row."""
    return len(manifest.read_text(encoding="utf-8").splitlines())


def test_a_json_manifest_resolves_paths_against_its_folder(tmp_path, corpus):
    texts = tmp_path / "collection"
    write_collection(texts)
    treaty = corpus.treaty("kyakhta-1727")
    entries = [{"id": "kyakhta-1727", "language": lang, "file": f"{treaty.id}.{lang}.txt",
                "source": "Our reconstruction", "transcription": "reconstructed"}
               for lang in sorted(treaty.versions, key=lambda code: code != treaty.pivot)]
    manifest = texts / "kyakhta.json"
    manifest.write_text(json.dumps(entries), encoding="utf-8")
    report = run_batch([str(manifest)], tmp_path / "R", serial=True, settings=NO_EMBEDDINGS)
    assert (report.computed, report.failures) == (1, [])
    record = json.loads((tmp_path / "R" / "treaties" / "kyakhta-1727.json").read_bytes())
    statuses = {v["lang"]: v["transcription"] for v in record["treaty"]["versions"]}
    assert set(statuses.values()) == {"reconstructed"} and set(statuses) == set(treaty.versions)
    assert record["findings"]["texts"][treaty.pivot]["edition"] == "Our reconstruction"


@pytest.mark.parametrize("args, message", [
    (["no-such-folder"], "no-such-folder: no such folder or file"),
    ([str(TEXTS / "lexicon.xml")], "a source is a corpus folder or a manifest"),
    ([str(TEXTS), "--workers", "2", "--scheduler", "tcp://127.0.0.1:1"], "not both"),
    ([str(TEXTS), "--ui-lang", "xx"], "xx"),
])
def test_bad_arguments_are_one_line(tmp_path, run_cli, args, message):
    run = run_cli("batch", *args, "--out", str(tmp_path / "R"))
    assert run.exit_code == 2
    assert message in run.stderr and len(run.stderr.strip().splitlines()) == 1, run.stderr


def test_a_manifest_whose_every_row_fails_exits_non_zero_without_a_cluster(tmp_path, run_cli):
    manifest = tmp_path / "manifest.csv"
    manifest.write_text("id,language,file\nnone-1900,ru,absent.txt\nnone-1900,zh,absent-too.txt\n", encoding="utf-8")
    run = run_cli("batch", str(manifest), "--out", str(tmp_path / "R"))
    assert run.exit_code == 1
    assert "1 unit(s): 0 computed, 0 unchanged, 1 failed" in run.stdout
    assert "none-1900 failed:" in run.stderr and "absent.txt" in run.stderr
