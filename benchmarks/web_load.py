"""Load test of `comparer serve`: gunicorn with 2 workers on loopback, 20 concurrent clients for 30 s.

    python benchmarks/web_load.py [--duration 30] [--clients 20] [--workers 2] [--target-ms 100]
                                  [--accept-encoding "br, gzip"]

Prints p50/p95 latency per endpoint and requests per second; exits 1 when an endpoint's p95 misses
the target. Everything stays on 127.0.0.1 and the run stops by itself. Requests ask for no
compression unless --accept-encoding says otherwise ("br, gzip" is what a browser asks for: the
server then compresses every page and JSON answer).
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
ENDPOINTS = {
    "treaty view aigun": "/treaties/aigun-1858?langs=ru,zh,id",
    "treaty view beijing (id UI)": "/treaties/beijing-1860?langs=ru,zh,id&ui=id",
    "treaty view filtered": "/treaties/tianjin-1858?langs=ru,zh&severity=medium",
    "api treaties": "/api/treaties",
    "api texts": "/api/treaties/aigun-1858?langs=ru,zh",
    "api align": "/api/treaties/aigun-1858/align?langs=ru,zh,id",
    "api check": "/api/treaties/aigun-1858/check?langs=ru,zh,id",
    "api search": "/api/search?q=Amur",
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


ACCEPT_ENCODING = {"Accept-Encoding": "identity"}


def get(port: int, path: str, timeout: float = 10.0) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers=ACCEPT_ENCODING)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def start_server(port: int, workers: int, log) -> subprocess.Popen:
    command = [sys.executable, "-c", "from comparer.cli import main; main()",
               "serve", "--host", HOST, "--port", str(port), "--workers", str(workers)]
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(filter(None, [str(REPO), os.environ.get("PYTHONPATH")])))
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=log, stderr=log)


def wait_until_ready(server: subprocess.Popen, port: int, limit: float = 180.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server exited with status {server.returncode}")
        try:
            if get(port, "/") == 200:
                return
        except OSError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {limit:.0f} s")


def hammer(port: int, clients: int, duration: float) -> tuple[dict[str, list[float]], int, float]:
    """Each client requests the endpoints in turn until the time is up; returns latencies in ms."""
    latencies: dict[str, list[float]] = {name: [] for name in ENDPOINTS}
    errors = 0
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def client(offset: int) -> None:
        nonlocal errors
        names = itertools.islice(itertools.cycle(ENDPOINTS), offset, None)
        for name in names:
            if time.monotonic() >= deadline:
                return
            start = time.perf_counter()
            try:
                ok = get(port, ENDPOINTS[name]) == 200
            except OSError:
                ok = False
            elapsed = (time.perf_counter() - start) * 1000
            with lock:
                if ok:
                    latencies[name].append(elapsed)
                else:
                    errors += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return latencies, errors, time.monotonic() - began


def percentile(values: list[float], p: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[p - 1] if len(values) > 1 else values[0]


def report(latencies: dict[str, list[float]], errors: int, elapsed: float, target: float) -> bool:
    total = sum(map(len, latencies.values()))
    width = max(map(len, latencies))
    print(f"{'endpoint':<{width}}  {'requests':>8}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}")
    met = True
    for name, values in latencies.items():
        if not values:
            print(f"{name:<{width}}  {0:>8}  (no successful request)")
            met = False
            continue
        p95 = percentile(values, 95)
        met &= p95 < target
        print(f"{name:<{width}}  {len(values):>8}  {percentile(values, 50):>7.1f}  {p95:>7.1f}  {max(values):>7.1f}")
    every = [v for values in latencies.values() for v in values]
    if every:
        print(f"{'all':<{width}}  {total:>8}  {percentile(every, 50):>7.1f}  {percentile(every, 95):>7.1f}  {max(every):>7.1f}")
    print(f"{total / elapsed:.1f} requests/s over {elapsed:.1f} s, {errors} failed; "
          f"target p95 < {target:.0f} ms per endpoint: {'met' if met and not errors else 'MISSED'}")
    return met and not errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=30.0, help="seconds of load (at most 300)")
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--target-ms", type=float, default=100.0)
    parser.add_argument("--accept-encoding", default="identity", help='e.g. "br, gzip", as a browser asks')
    args = parser.parse_args()
    ACCEPT_ENCODING["Accept-Encoding"] = args.accept_encoding
    duration = min(max(args.duration, 1.0), 300.0)
    port = free_port()
    with tempfile.TemporaryFile() as log:
        server = start_server(port, args.workers, log)
        try:
            wait_until_ready(server, port)
            for path in ENDPOINTS.values():  # the first request of a view computes and caches it
                get(port, path, timeout=120)
            print(f"gunicorn, {args.workers} workers, {args.clients} clients, {duration:.0f} s, http://{HOST}:{port}, "
                  f"Accept-Encoding: {args.accept_encoding}")
            latencies, errors, elapsed = hammer(port, args.clients, duration)
        except RuntimeError:
            log.seek(0)
            sys.stderr.write(log.read().decode("utf-8", "replace")[-4000:])
            raise
        finally:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
    return 0 if report(latencies, errors, elapsed, args.target_ms) else 1


if __name__ == "__main__":
    sys.exit(main())
