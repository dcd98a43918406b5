"""Several editors at once: threads in one app, processes with their own apps, gunicorn workers.

At the end every acknowledged write is in the file, the file is valid, and writes that raced on
the same If-Match were refused (409) but one. All on a copy of the corpus in tmp_path.
"""

from __future__ import annotations

import json
import multiprocessing
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

from lxml import etree

from comparer import paths, review, tei
from comparer.validate import CORPUS_SCHEMA, schema_errors

try:
    from comparer.web import auth, create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app

TREATY = "aigun-1858"
TOKENS = {f"editor{n}": f"token-of-editor-{n}-0123456789" for n in range(8)}
ROOT = Path(__file__).resolve().parent.parent


def client_for(folder: Path):
    return create_app(str(folder), edit=True, editors=auth.Editors(TOKENS), testing=True).test_client()


def bearer(name: str) -> dict:
    return {"Authorization": f"Bearer {TOKENS[name]}"}


def check_file(path: Path, tei_all) -> review.Snapshot:
    tree = tei.parse_file(path)
    assert schema_errors(tree, paths.schema(CORPUS_SCHEMA)) == []
    assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    return review.read(path)


def assert_all_kept(snapshot: review.Snapshot, acknowledged: list[tuple[str, str, str]]) -> None:
    """acknowledged: (kind, id, what) for every write that was answered with success."""
    reviews = {r.id: r for r in snapshot.reviews}
    corrections = {c.id: c for c in snapshot.corrections}
    for kind, made_id, what in acknowledged:
        if kind == "review":
            assert reviews[made_id].comment == what, made_id
        else:
            assert corrections[made_id].clauses == [what], made_id
    assert len(reviews) == sum(kind == "review" for kind, _, _ in acknowledged), "nothing else was written"
    assert len({made_id for _, made_id, _ in acknowledged}) == len(acknowledged), "ids are never reused"


# ---------------------------------------------------------------- threads in one app


def test_threads_writing_at_once_lose_nothing(corpus_copy, tei_all):
    app_client = client_for(corpus_copy)
    findings = app_client.get(f"/api/treaties/{TREATY}/check").get_json()["findings"]
    loners = ["aigun-1858.zh.a1.c2", "aigun-1858.zh.a3.c1", "aigun-1858.id.a2.c1"]
    acknowledged, failures = [], []
    start = threading.Barrier(len(TOKENS))

    def editor(n: int) -> None:
        name = f"editor{n}"
        client = app_client.application.test_client()
        start.wait()
        for k in range(4):
            comment = f"{name} decision {k}"
            response = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(name), json={
                "finding": findings[(n + k) % len(findings)]["id"], "status": "dismissed", "comment": comment})
            if response.status_code == 201:
                acknowledged.append(("review", response.get_json()["review"]["id"], comment))
            else:
                failures.append(response.get_json())
        if n < len(loners):
            response = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer(name),
                                   json={"action": "no-counterpart", "clause": loners[n]})
            if response.status_code == 200:
                made = [c for c in response.get_json()["corrections"] if c["clauses"] == [loners[n]] and c["current"]]
                acknowledged.append(("correction", made[0]["id"], loners[n]))
            else:
                failures.append(response.get_json())

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(len(TOKENS))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failures == []
    assert len(acknowledged) == 4 * len(TOKENS) + len(loners)
    assert_all_kept(check_file(corpus_copy / f"{TREATY}.xml", tei_all), acknowledged)


def test_threads_racing_on_one_etag_get_one_success_and_409s(corpus_copy, tei_all):
    app_client = client_for(corpus_copy)
    finding = app_client.get(f"/api/treaties/{TREATY}/check").get_json()["findings"][0]
    etag = app_client.get(f"/api/treaties/{TREATY}/reviews").headers["ETag"]
    statuses = []
    start = threading.Barrier(6)

    def editor(n: int) -> None:
        client = app_client.application.test_client()
        start.wait()
        response = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(f"editor{n}") | {"If-Match": etag},
                               json={"finding": finding["id"], "status": "confirmed", "comment": f"editor{n}"})
        statuses.append(response.status_code)

    threads = [threading.Thread(target=editor, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(statuses) == [201] + [409] * 5
    assert len(check_file(corpus_copy / f"{TREATY}.xml", tei_all).reviews) == 1


# ---------------------------------------------------------------- processes, each with its own app


def editor_process(folder: str, n: int, loner: str, corrected: list[str], ready, go, results) -> None:
    """One editor's session in its own process (as a gunicorn worker would be): reviews and a correction
    without conditions, then, once every process is ready, one write conditional on the same ETag."""
    client = client_for(Path(folder))
    name = f"editor{n}"
    # Only findings of rows no process corrects: a correction re-aligns its article, and a finding
    # there may then no longer exist (a review of it is rightly refused with 404).
    findings = [f for f in client.get(f"/api/treaties/{TREATY}/check").get_json()["findings"]
                if f["article"] not in {clause.split(".")[2] for clause in corrected}]
    assert findings, "the treaty has findings outside the corrected articles"
    out = []
    for k in range(3):
        comment = f"{name} in process {k}"
        response = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(name), json={
            "finding": findings[(n + k) % len(findings)]["id"], "status": "confirmed", "comment": comment})
        out.append(("review", response.status_code, response.get_json().get("review", {}).get("id"), comment))
    response = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer(name),
                           json={"action": "no-counterpart", "clause": loner})
    made = [c["id"] for c in response.get_json().get("corrections", []) if c["clauses"] == [loner] and c["current"]]
    out.append(("correction", response.status_code, made[0] if made else None, loner))
    ready.wait()
    etag = client.get(f"/api/treaties/{TREATY}/reviews").headers["ETag"]
    go.wait()
    response = client.post(f"/api/treaties/{TREATY}/reviews", headers=bearer(name) | {"If-Match": etag},
                           json={"finding": findings[0]["id"], "status": "dismissed", "comment": f"{name} raced"})
    out.append(("race", response.status_code, response.get_json().get("review", {}).get("id"), f"{name} raced"))
    results.put(out)


def test_processes_writing_at_once_lose_nothing(corpus_copy, tei_all):
    loners = ["aigun-1858.zh.a1.c2", "aigun-1858.zh.a3.c1", "aigun-1858.id.a2.c1", "aigun-1858.ru.end.c1"]
    context = multiprocessing.get_context("spawn")
    ready, go = context.Barrier(len(loners)), context.Barrier(len(loners))
    results = context.Queue()
    workers = [context.Process(target=editor_process, args=(str(corpus_copy), n, loner, loners, ready, go, results))
               for n, loner in enumerate(loners)]
    for worker in workers:
        worker.start()
    outcomes = [entry for _ in workers for entry in results.get(timeout=300)]
    for worker in workers:
        worker.join(timeout=60)
        assert worker.exitcode == 0
    plain = [o for o in outcomes if o[0] != "race"]
    assert [o[1] for o in plain] == [201, 201, 201, 200] * len(loners)
    races = sorted(o[1] for o in outcomes if o[0] == "race")
    assert races == [201] + [409] * (len(loners) - 1)
    acknowledged = [(kind if kind != "race" else "review", made_id, what)
                    for kind, status, made_id, what in outcomes if status in (200, 201)]
    assert_all_kept(check_file(corpus_copy / f"{TREATY}.xml", tei_all), acknowledged)


# ---------------------------------------------------------------- gunicorn workers


def test_gunicorn_workers_see_each_others_writes(corpus_copy, tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    token = "token-for-the-gunicorn-test-0123"
    env = {"COMPARER_EDITOR_TOKEN": token, "XDG_CONFIG_HOME": str(tmp_path / "config"), "PATH": "/usr/bin:/bin"}
    log = (tmp_path / "serve.log").open("w+")
    command = [sys.executable, "-c", "from comparer.cli import main; main()", "--corpus", str(corpus_copy),
               "serve", "--edit", "--port", str(port), "--workers", "2"]
    server = subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}/api/treaties/{TREATY}"

    def get(url: str):
        with urllib.request.urlopen(url, timeout=10) as response:
            return json.load(response)

    try:
        deadline = time.monotonic() + 180
        findings = None
        while findings is None and time.monotonic() < deadline and server.poll() is None:
            try:
                findings = get(f"{base}/check")["findings"]
            except OSError:
                time.sleep(0.3)
        assert findings, "the server answered"
        request = urllib.request.Request(f"{base}/reviews", method="POST", headers={
            "Authorization": f"Bearer {token}", "Content-Type": "application/json"},
            data=json.dumps({"finding": findings[0]["id"], "status": "dismissed", "comment": "seen by all"}).encode())
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 201
        for _ in range(12):  # new connections land on either worker
            assert [r["comment"] for r in get(f"{base}/reviews")["reviews"]] == ["seen by all"]
            assert get(f"{base}/check")["findings"][0]["review"] == "dismissed"
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.seek(0)
        output = log.read()
    assert output.count("Booting worker") == 2, output[-2000:]
    assert "editing is on for editor" in output
    assert token not in output, "the token is never printed"


def test_the_lock_serialises_writers_across_processes(corpus_copy):
    """While one process holds the lock, another's write waits for it (and then succeeds)."""
    path = corpus_copy / f"{TREATY}.xml"
    script = ("import sys, time; from comparer import review\n"
              "with review.locked(sys.argv[1]):\n    print('locked', flush=True); time.sleep(1.5)\n")
    holder = subprocess.Popen([sys.executable, "-c", script, str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.monotonic()
        with review.locked(path):
            waited = time.monotonic() - started
    finally:
        holder.wait(timeout=30)
    assert waited > 0.8, waited
    etree.fromstring(path.read_bytes())  # untouched and whole
