"""Where a batch's tasks run: Dask distributed, or (for reference) serially in this process.

`run_on_cluster` starts a local cluster of worker processes — processes, one thread each: the
work is Python and holds the GIL — sized to the machine unless told, or connects to the
scheduler of a cluster the user started (`dask scheduler`, `dask worker`s). Dask schedules; we
only submit one task per unit and take the results as they complete. At most a window of tasks
is in flight, so the client holds a few units' bytes at a time however large the collection.
Each lexicon is sent to the workers once (scattered), not with every task.
"""

from __future__ import annotations

import asyncio
import logging
import os
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from tqdm import tqdm

from comparer.batch import work
from comparer.batch.sources import Unit
from comparer.errors import InputError

if TYPE_CHECKING:
    from comparer.batch.plan import Plan

Done = Callable[[Unit, "str | None", dict], None]  # (unit, digest of the inputs sent, outcome of run_unit)
CONNECT_TIMEOUT = "30s"
WORKERS_TIMEOUT = 120  # seconds to wait for a first worker at a scheduler that has none
TASKS_PER_THREAD = 2  # in flight: enough that no worker waits for the client, few enough to bound memory


def default_workers() -> int:
    """One worker process per core this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def progress_bar(total: int, progress: bool | None) -> tqdm:
    shown = sys.stderr.isatty() if progress is None else progress
    return tqdm(total=total, unit="treaty", desc="comparing", file=sys.stderr, disable=not shown, dynamic_ncols=True)


def run_serially(units: list[Unit], plan: Plan, done: Done, progress: bool | None) -> None:
    """Every unit in this process, one after the other: the reference a cluster run must equal."""
    with progress_bar(len(units), progress) as bar:
        for unit in units:
            try:
                inputs, payload, lexicon = plan.prepare(unit)
            except Exception as err:
                done(unit, None, {"error": work.one_line(err)})
            else:
                done(unit, inputs, work.run_unit(payload, lexicon, plan.settings))
            bar.update(1)


def run_on_cluster(units: list[Unit], plan: Plan, done: Done, progress: bool | None, *,
                   workers: int | None = None, scheduler: str | None = None) -> None:
    from distributed import Client, LocalCluster

    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError, ValueError) as err:
            raise InputError(f"cannot reach the Dask scheduler at {scheduler}: {' '.join(str(err).split())}") from None
        with client:
            try:
                client.wait_for_workers(1, timeout=WORKERS_TIMEOUT)
            except TimeoutError:
                raise InputError(f"the Dask scheduler at {scheduler} has no workers "
                                 f"(start some with `dask worker {scheduler}`)") from None
            run_on(client, units, plan, done, progress)
        return
    with LocalCluster(n_workers=workers or default_workers(), threads_per_worker=1, processes=True,
                      dashboard_address=None, silence_logs=logging.ERROR) as local, Client(local) as client:
        run_on(client, units, plan, done, progress)


def run_on(client, units: list[Unit], plan: Plan, done: Done, progress: bool | None) -> None:
    """Submit one task per unit to `client`'s cluster and hand each outcome to `done` as it comes."""
    from distributed import as_completed

    lexicons: dict[str, object] = {}  # lexicon hash -> its future on the cluster
    window = max(4, TASKS_PER_THREAD * sum(client.nthreads().values()))
    waiting = iter(units)
    in_flight: dict[str, tuple[Unit, str]] = {}
    completed = as_completed()

    def submit_more(bar: tqdm) -> None:
        while len(in_flight) < window and (unit := next(waiting, None)) is not None:
            try:
                inputs, payload, lexicon = plan.prepare(unit)
            except Exception as err:  # a file gone or grown past the limit since it was planned
                done(unit, None, {"error": work.one_line(err)})
                bar.update(1)
                continue
            if lexicon[0] not in lexicons:
                lexicons[lexicon[0]] = client.scatter([lexicon], broadcast=True)[0]
            future = client.submit(work.run_unit, payload, lexicons[lexicon[0]], plan.settings,
                                   key=f"comparer-batch-{unit.kind}-{unit.key}-{inputs[:16]}")
            in_flight[future.key] = (unit, inputs)
            completed.add(future)

    with progress_bar(len(units), progress) as bar:
        submit_more(bar)
        for future in completed:
            unit, inputs = in_flight.pop(future.key)
            done(unit, inputs, _outcome(future))
            future.release()
            bar.update(1)
            submit_more(bar)


def _outcome(future) -> dict:
    """The task's own outcome, or why the cluster could not give one (a worker that died while
    running it, a scheduler that went away): one line, no traceback."""
    try:
        return future.result()
    except (Exception, asyncio.CancelledError) as err:
        return {"error": f"the task was lost on the cluster ({type(err).__name__}: {' '.join(str(err).split())})"}
