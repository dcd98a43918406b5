"""Batch comparison of whole collections, on one machine or a Dask cluster.

    from comparer.batch import Settings, run_batch
    report = run_batch(["texts/", "more/manifest.csv"], "results/", workers=2)
    report.computed, report.unchanged, report.failures

Every treaty of the sources (comparer.batch.sources) is one task: aligned, checked (and every
secondary source's claims judged) by the library's own calls in a worker (comparer.batch.work),
its result written to the results folder as soon as it comes back (comparer.batch.results).
A treaty whose inputs, options and code have not changed since its stored result is skipped
(comparer.batch.keys). The findings table and the summary page are then rebuilt from the stored
results of every unit of the sources (comparer.batch.tables, comparer.batch.summary).

The work runs on Dask distributed (comparer.batch.cluster): a local cluster of worker processes
sized to the machine, or the scheduler of an existing cluster, or, for reference and for the
benchmark, serially in this process.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from comparer import limits, tei
from comparer.batch import cluster, keys, work
from comparer.batch.plan import Plan
from comparer.batch.results import Failure, ResultsFolder
from comparer.batch.sources import CLAIMS, Unit, collect
from comparer.batch.summary import Summary
from comparer.batch.tables import CLAIM_COLUMNS, FINDING_COLUMNS, claim_rows, csv_bytes, finding_rows, parquet_bytes
from comparer.check.messages import Messages

__all__ = ["BatchReport", "Settings", "run_batch"]


@dataclass(frozen=True)
class Settings:
    """The options that change a result (and so are part of its key)."""

    langs: tuple[str, ...] = ()  # the versions to compare where a treaty has them; () for all
    ui_lang: str = "en"  # the language of the findings' messages
    semantic: bool | None = None  # sentence embeddings; None: when comparer[semantic] is installed

    def for_workers(self) -> dict:
        semantic = work.semantic_installed() if self.semantic is None else self.semantic
        return {"langs": list(self.langs), "ui_lang": self.ui_lang, "semantic": semantic,
                "max_input": limits.max_input_bytes()}


@dataclass
class BatchReport:
    out: Path
    units: int = 0
    computed: int = 0
    unchanged: int = 0
    findings: int = 0
    claims: int = 0
    other_code: int = 0  # results computed by workers that run other comparer code than this process
    failures: list[Failure] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)


def run_batch(sources: list[str], out: str | os.PathLike, *, workers: int | None = None,
              scheduler: str | None = None, client=None, serial: bool = False, force: bool = False,
              settings: Settings = Settings(), progress: bool | None = None) -> BatchReport:
    """Compare every treaty of `sources` into the folder `out`.

    Where it runs: `serial` in this process; else on `client` (a distributed.Client), else on the
    scheduler at `scheduler` (tcp://HOST:PORT), else on a local cluster of `workers` processes
    (default: one per core). `force` recomputes every unit. `progress`: a bar on stderr
    (default: when stderr is a terminal).
    """
    Messages(settings.ui_lang)  # an unknown interface language fails before any work
    units = collect(list(sources))
    results = ResultsFolder(out)
    report = BatchReport(out=results.folder, units=len(units))
    plan = Plan(settings.for_workers(), keys.code_fingerprint())
    todo: list[Unit] = []
    for unit in units:
        try:
            key = plan.key(unit)
        except Exception as err:  # a unit whose files cannot be read fails alone, in one line
            report.failures.append(_failure(unit, work.one_line(err)))
            continue
        if not force and results.stored_key(unit) == key:
            plan.current[unit.key, unit.kind] = key
            report.unchanged += 1
        else:
            todo.append(unit)

    def done(unit: Unit, inputs: str | None, outcome: dict) -> None:
        if "error" in outcome:
            report.failures.append(_failure(unit, outcome["error"]))
            results.discard_stale(unit, inputs and keys.result_key(inputs, plan.code))
            return
        # Stored under the code that computed it: a worker running other code than this process
        # gives a result the next run computes again, never one mistaken for this code's.
        key = keys.result_key(inputs, outcome["code"])
        results.write(unit, key, outcome)
        plan.current[unit.key, unit.kind] = key
        report.computed += 1
        report.other_code += outcome["code"] != plan.code

    if todo and serial:
        cluster.run_serially(todo, plan, done, progress)
    elif todo and client is not None:
        cluster.run_on(client, todo, plan, done, progress)
    elif todo:
        cluster.run_on_cluster(todo, plan, done, progress, workers=workers, scheduler=scheduler)
    _rebuild(results, units, plan, report)
    return report


def _failure(unit: Unit, error: str) -> Failure:
    return Failure(unit=unit.key, kind=unit.kind, origin=unit.origin, error=" ".join(error.split()))


def _rebuild(results: ResultsFolder, units: list[Unit], plan: Plan, report: BatchReport) -> None:
    """The findings and claims tables and the summary, from the stored results of the run's units."""
    summary = Summary()
    findings: list[dict] = []
    claims: list[dict] = []
    for unit in units:
        key = None if unit.problem else plan.current.get((unit.key, unit.kind))  # a second X is not X
        record = results.read(unit) if key else None
        if record is None or record.get("input") != key:
            continue
        link = results.path(unit).relative_to(results.folder).as_posix()
        if unit.kind == CLAIMS:
            claims += claim_rows(record)
            summary.add_claims(record, link)
        else:
            findings += finding_rows(record)
            summary.add_treaty(record, link)
    report.findings, report.claims = len(findings), len(claims)
    outputs = {"findings.parquet": parquet_bytes(FINDING_COLUMNS, findings),
               "findings.csv": csv_bytes(FINDING_COLUMNS, findings)}
    if any(unit.kind == CLAIMS for unit in units):
        outputs |= {"claims.parquet": parquet_bytes(CLAIM_COLUMNS, claims), "claims.csv": csv_bytes(CLAIM_COLUMNS, claims)}
    counts = {"computed": report.computed, "unchanged": report.unchanged, "failed": len(report.failures)}
    outputs["summary.html"] = summary.page(report.failures, counts)
    for name, data in outputs.items():
        tei.write_atomic(results.folder / name, data)
        report.files.append(results.folder / name)
    report.files.append(results.write_failures(report.failures))
