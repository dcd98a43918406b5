"""comparer batch on a cluster started apart (`dask scheduler` and two `dask worker` processes on
loopback, as a user starts them on their machines), and a run killed halfway and run again."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from distributed import Client

from comparer import paths
from comparer.batch import work
from test_batch import batch, code_now, unless_code_is_edited, write_collection

DASK = str(Path(sys.executable).parent / "dask")
TEXTS = paths.bundled("texts")
START_TIMEOUT = 90


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def stop(process: subprocess.Popen) -> None:
    """Stop a process we started and every process it started (its session)."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


@pytest.fixture(scope="module")
def scheduler(tmp_path_factory):
    """The address of a scheduler with two single-threaded workers, each its own process, and the
    code fingerprint of the package they were started with."""
    logs = tmp_path_factory.mktemp("dask")
    code = code_now()
    address = f"tcp://127.0.0.1:{free_port()}"
    started = []

    def start(*args: str, log: str) -> None:
        with (logs / log).open("wb") as out:
            started.append(subprocess.Popen([DASK, *args], stdout=out, stderr=subprocess.STDOUT,
                                            start_new_session=True))

    try:
        start("scheduler", "--host", "127.0.0.1", "--port", address.rsplit(":", 1)[1], "--no-dashboard",
              log="scheduler.log")
        for n in (1, 2):
            start("worker", address, "--nworkers", "1", "--nthreads", "1", "--host", "127.0.0.1",
                  "--no-dashboard", "--name", f"worker-{n}", log=f"worker-{n}.log")
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            try:
                with Client(address, timeout="5s") as client:
                    client.wait_for_workers(2, timeout=max(1.0, deadline - time.monotonic()))
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.5)
        yield address, code
    finally:
        for process in reversed(started):
            stop(process)


def executed(address: str) -> dict[str, tuple[int, int]]:
    """Each worker's (tasks run, lexicons parsed) so far."""
    with Client(address, timeout="10s") as client:
        return client.run(lambda dask_worker: (dask_worker.state.executed_count, work.load_count()))


def test_batch_on_a_scheduler_started_apart(tmp_path, scheduler):
    scheduler, _ = scheduler
    out = tmp_path / "R"
    run = batch(str(TEXTS), "--out", str(out), "--scheduler", scheduler, "--no-semantic")
    treaties = sorted(p.stem for p in TEXTS.glob("*.xml") if p.name != "lexicon.xml")
    assert sorted(p.stem for p in (out / "treaties").glob("*.json")) == treaties, run.stderr
    assert (out / "findings.parquet").exists() and (out / "summary.html").exists()
    assert "Traceback" not in run.stderr
    # The lexicon is parsed once per worker process, however many treaties the worker ran.
    counts = executed(scheduler)
    assert len(counts) == 2
    assert sum(tasks for tasks, _ in counts.values()) >= len(treaties)
    assert all(loads == (1 if tasks else 0) for tasks, loads in counts.values()), counts


def test_a_run_killed_halfway_completes_when_run_again(tmp_path):
    with unless_code_is_edited():
        killed_halfway_then_run_again(tmp_path)


def killed_halfway_then_run_again(tmp_path):
    copies = 8
    manifest = write_collection(tmp_path / "collection", copies=copies)
    total = copies * len([p for p in TEXTS.glob("*.xml") if p.name != "lexicon.xml"])
    out = tmp_path / "R"
    results = out / "treaties"
    command = [str(Path(sys.executable).parent / "comparer"), "batch", str(manifest), "--out", str(out),
               "--workers", "2", "--no-semantic"]
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        deadline = time.monotonic() + 180
        while len(list(results.glob("*.json"))) < 3 and first.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        first.send_signal(signal.SIGKILL)  # the command only: its cluster's processes must go with it
        first.wait(timeout=15)
        assert first.returncode == -signal.SIGKILL, "the run ended before it could be killed"
        deadline = time.monotonic() + 30
        while _alive(first.pid) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not _alive(first.pid), "worker processes outlived the killed command"
    finally:
        if _alive(first.pid):
            os.killpg(first.pid, signal.SIGKILL)
    kept = sorted(results.glob("*.json"))
    assert 3 <= len(kept) < total
    for path in kept:  # every result written is whole
        assert json.loads(path.read_bytes())["input"]

    again = batch(str(manifest), "--out", str(out), "--workers", "2", "--no-semantic")
    assert again.returncode == 0, again.stderr
    assert again.stdout.startswith(f"{total} unit(s): {total - len(kept)} computed, {len(kept)} unchanged, 0 failed")
    assert len(list(results.glob("*.json"))) == total


def _alive(session: int) -> bool:
    """Whether any process of the session (the killed command's process group) is left."""
    try:
        os.killpg(session, 0)
    except ProcessLookupError:
        return False
    return True
