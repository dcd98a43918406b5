"""comparer batch at scale: a synthetic collection of document pairs, serially and on a local Dask
cluster of 1 and 2 workers; documents per second, speed-up, peak memory per worker, and whether
every run's findings equal the serial run's.

The collection (a manifest of plain-text files, as a user's collection comes) is made of
treaty-sized document pairs:
- every pair of versions of every bundled treaty (ru-zh, la-ru, ru-id, ...);
- the Text+Berg German-French articles (../shared/bench/text+berg) cut into pairs of about 35
  sentences where the gold alignment allows a clean cut, in articles of about 8 links;
and copies of these under new ids, all but the first copy of each with one controlled mutation:
a number in one clause of one version, one that the other version has too, changed, so that a
number_mismatch (or, inside a date, a date_mismatch) on that clause is the finding expected. The
benchmark prints how many were found.

Wall times depend on what else runs on the machine: the load average is printed beside each
run, and the CPU seconds the workers spent.

Run: python benchmarks/batch_scale.py [--pairs 1000] [--workers 1,2] [--no-serial] [--semantic] [--keep DIR]
"""

from __future__ import annotations

import argparse
import ast
import csv
import json
import logging
import os
import re
import resource
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from comparer import lang as languages
from comparer import paths, plaintext
from comparer.batch import Settings, run_batch
from comparer.corpus import Corpus
from comparer.model import Clause, Transcription, Witness

TEXTBERG = paths.shared_dir() / "bench" / "text+berg"
PAIR_SENTENCES = 35  # German sentences per Text+Berg pair: a treaty's length
ARTICLE_LINKS = 8  # gold links per article
DIGITS = re.compile(r"\d+")
EXPECTED_TYPES = ("number_mismatch", "date_mismatch")


@dataclass
class Document:
    """One language version as the interchange format's lines, with where each clause line is."""

    lang: str
    lines: list[str]
    clause_lines: list[int]  # indices into `lines` of the clause lines, in order
    transcription: str  # what the manifest says the text is
    source: str


@dataclass
class Pair:
    name: str
    docs: tuple[Document, Document]


# ---------------------------------------------------------------- the base pairs


def treaty_pairs(corpus: Corpus) -> list[Pair]:
    """Every pair of versions of every bundled treaty, the authentic version first."""
    pairs = []
    for treaty in corpus.treaties.values():
        langs = sorted(treaty.versions, key=lambda code: code != treaty.pivot)
        docs = {lang: _document(treaty.version(lang).primary) for lang in langs}
        for i, first in enumerate(langs):
            for second in langs[i + 1:]:
                pairs.append(Pair(f"{treaty.id}:{first}-{second}", (docs[first], docs[second])))
    return pairs


def _document(witness: Witness) -> Document:
    lines = plaintext.render(witness).splitlines()
    language = languages.get(witness.lang)
    clause_lines = [i for i, line in enumerate(lines) if line and not line.startswith(plaintext.CLOSING_MARK)
                    and language.article_heading(line) is None]
    status = witness.bibl.transcription
    # The manifest records what the text is: a reconstruction stays one; anything else (the
    # project's translations) is given as supplied, never as collated.
    transcription = Transcription.reconstructed if status is Transcription.reconstructed else Transcription.unverified
    return Document(witness.lang, lines, clause_lines, transcription.value, f"bundled corpus, {witness.id}")


def textberg_pairs(folder: Path) -> list[Pair]:
    """The German-French articles cut into treaty-sized pairs where the gold links allow it."""
    pairs = []
    for gold in sorted((folder / "gold").iterdir()):
        de = (folder / "de" / gold.name).read_text(encoding="utf-8").splitlines()
        fr = (folder / "fr" / gold.name).read_text(encoding="utf-8").splitlines()
        beads = [tuple(ast.literal_eval(side) for side in line.split(":")) for line in
                 gold.read_text(encoding="utf-8").splitlines() if line.strip()]
        cuts = _clean_cuts(beads, len(de), len(fr))
        chunks = _spaced(cuts, PAIR_SENTENCES, lambda cut: cut[1][0])
        for number, ((de0, fr0), (de1, fr1)) in enumerate(zip(chunks, chunks[1:]), start=1):
            inside = [(i, cut) for i, cut in cuts if de0 <= cut[0] <= de1 and fr0 <= cut[1] <= fr1]
            articles = _spaced(inside, ARTICLE_LINKS, lambda cut: cut[0])
            source = f"Text+Berg (Bleualign test set) {gold.name}, sentences {de0 + 1}-{de1}"
            pairs.append(Pair(f"textberg-{gold.name}:{number}", (
                _sentences("de", de, [a[0] for a in articles], source),
                _sentences("fr", fr, [a[1] for a in articles], source))))
    return pairs


def _clean_cuts(beads: list[tuple[list, list]], de_count: int, fr_count: int) -> list[tuple[int, tuple[int, int]]]:
    """(bead index, (German line, French line)) where every earlier link lies before both lines
    and every later one after them: a cut that splits no link."""
    cuts = [(0, (0, 0))]
    for i in range(1, len(beads)):
        before, after = beads[:i], beads[i:]
        de_before = max((s for src, _ in before for s in src), default=-1)
        fr_before = max((t for _, tgt in before for t in tgt), default=-1)
        if de_before < min((s for src, _ in after for s in src), default=de_count) and \
                fr_before < min((t for _, tgt in after for t in tgt), default=fr_count):
            cuts.append((i, (de_before + 1, fr_before + 1)))
    cuts.append((len(beads), (de_count, fr_count)))
    return cuts


def _spaced(cuts: list, step: int, position) -> list[tuple[int, int]]:
    """The (German line, French line) of cuts at least `step` apart by `position` (a line or a
    link's index), always the first and the last."""
    chosen = [cuts[0]]
    for cut in cuts[1:-1]:
        if position(cut) - position(chosen[-1]) >= step:
            chosen.append(cut)
    if position(cuts[-1]) - position(chosen[-1]) < step // 2 and len(chosen) > 1:
        chosen.pop()  # a short tail joins the last piece
    chosen.append(cuts[-1])
    return [cut[1] for cut in chosen]


def _sentences(lang: str, sentences: list[str], bounds: list[int], source: str) -> Document:
    heading = languages.get(lang).default_heading
    lines, clause_lines = [], []
    for number, (start, end) in enumerate(zip(bounds, bounds[1:]), start=1):
        lines.append(heading(number))
        for sentence in sentences[start:end]:
            if sentence.strip():
                clause_lines.append(len(lines))
                lines.append(plaintext.clause_line(Clause(id="x", text=" ".join(sentence.split()))))
    return Document(lang, lines, clause_lines, Transcription.unverified.value, source)


# ---------------------------------------------------------------- the collection


@dataclass
class Mutation:
    pair: str  # the synthetic pair's id
    lang: str
    clause: int  # the mutated clause's position among the document's clauses
    old: str
    new: str


def build(folder: Path, count: int, bases: list[Pair]) -> tuple[Path, list[Mutation]]:
    """`count` document pairs as plain-text files and a manifest: copy k of base b is pair
    number k * len(bases) + b; copy 0 is the base as it is, the others carry one mutation."""
    folder.mkdir(parents=True)
    rows, mutations = [], []
    for n in range(count):
        base, copy = bases[n % len(bases)], n // len(bases)
        pair_id = f"pair-{n:04d}"
        docs = list(base.docs)
        if copy:
            side, mutation = _mutate(pair_id, docs, copy)
            if mutation:
                docs[side] = mutation[1]
                mutations.append(mutation[0])
        for doc in docs:
            name = f"{pair_id}.{doc.lang}.txt"
            (folder / name).write_text("\n".join(doc.lines) + "\n", encoding="utf-8")
            rows.append({"id": pair_id, "language": doc.lang, "file": name, "transcription": doc.transcription,
                         "source": doc.source, "title": base.name})
    manifest = folder / "manifest.csv"
    with manifest.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=["id", "language", "file", "transcription", "source", "title"])
        writer.writeheader()
        writer.writerows(rows)
    return manifest, mutations


def _mutate(pair_id: str, docs: list[Document], copy: int):
    """Change one number, written in digits, in one clause: a number the other version also has
    (in any numeral system its language reads), so that the change is a disagreement to find.
    The second version's, else the first's; None when neither has one."""
    for side in (1, 0):
        doc, other = docs[side], docs[1 - side]
        reading = languages.get(other.lang)
        theirs = {n.value for i in other.clause_lines for n in reading.numbers(other.lines[i])}
        candidates = [(k, match) for k, i in enumerate(doc.clause_lines) for match in DIGITS.finditer(doc.lines[i])
                      if int(match.group()) in theirs and int(match.group()) > 1]
        if not candidates:
            continue
        clause, old = candidates[copy % len(candidates)]
        new = str(int(old.group()) + 1 + copy % 7)
        line = doc.lines[doc.clause_lines[clause]]
        lines = list(doc.lines)
        lines[doc.clause_lines[clause]] = line[:old.start()] + new + line[old.end():]
        changed = Document(doc.lang, lines, doc.clause_lines, doc.transcription, doc.source)
        return side, (Mutation(pair_id, doc.lang, clause, old.group(), new), changed)
    return None, None


# ---------------------------------------------------------------- the runs


@dataclass
class Run:
    label: str
    seconds: float
    documents: int
    worker_cpu: float
    peak_mb: list[float]
    load: tuple[float, float]
    findings: dict[str, dict]
    failures: int


def run(label: str, manifest: Path, out: Path, settings: Settings, client=None) -> Run:
    load_before = os.getloadavg()[0]
    cpu_before = _worker_cpu(client)
    started = time.perf_counter()
    report = run_batch([str(manifest)], out, client=client, serial=client is None, force=True,
                       settings=settings, progress=False)
    seconds = time.perf_counter() - started
    cpu = _worker_cpu(client) - cpu_before
    peaks = list(client.run(_peak_mb).values()) if client else [_peak_mb()]
    findings = {p.stem: json.loads(p.read_bytes())["findings"] for p in (out / "treaties").glob("*.json")}
    documents = 2 * (report.computed + len(report.failures))
    return Run(label, seconds, documents, cpu, peaks, (load_before, os.getloadavg()[0]), findings,
               len(report.failures))


def _worker_cpu(client) -> float:
    return sum(client.run(time.process_time).values()) if client else time.process_time()


def _peak_mb() -> float:
    """This process's peak resident memory since it started its program. Linux's ru_maxrss keeps
    the peak of the process it was forked from (a worker spawned by a large benchmark process
    would report that process's size): VmHWM is the program's own."""
    try:
        status = Path("/proc/self/status").read_text()
        return int(re.search(r"^VmHWM:\s+(\d+) kB", status, re.MULTILINE).group(1)) / 1024
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux, bytes on macOS


def found(mutations: list[Mutation], findings: dict[str, dict], clause_ids: dict[tuple[str, str], list[str]]) -> int:
    """Mutations seen as a number or date mismatch on the clause changed."""
    seen = 0
    for mutation in mutations:
        report = findings.get(mutation.pair)
        clause = clause_ids[mutation.pair, mutation.lang][mutation.clause]
        seen += report is not None and any(f["type"] in EXPECTED_TYPES and clause in f["segments"].get(mutation.lang, [])
                                           for f in report["findings"])
    return seen


def clause_ids(folder: Path, mutations: list[Mutation]) -> dict[tuple[str, str], list[str]]:
    """Each mutated document's clause ids as the import assigns them (comparer.plaintext): the
    n-th clause line of a file is its n-th clause."""
    ids = {}
    for m in mutations:
        text = (folder / f"{m.pair}.{m.lang}.txt").read_text(encoding="utf-8")
        ids[m.pair, m.lang] = [c.id for d in plaintext.parse(text, m.lang, f"{m.pair}.{m.lang}") for c in d.clauses]
    return ids


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1000, help="document pairs in the collection (default 1000)")
    parser.add_argument("--workers", default="1,2", help="local cluster sizes to run, comma-separated (default 1,2)")
    parser.add_argument("--no-serial", dest="serial", action="store_false", help="skip the serial reference run")
    parser.add_argument("--semantic", action="store_true", help="align with e5 embeddings (comparer[semantic])")
    parser.add_argument("--keep", type=Path, help="keep the collection and results in this folder")
    args = parser.parse_args()
    from distributed import Client, LocalCluster

    bases = treaty_pairs(Corpus())
    if TEXTBERG.is_dir():
        bases += textberg_pairs(TEXTBERG)
    else:
        print(f"Text+Berg not found at {TEXTBERG}: the collection is made of the bundled treaties only")
    work = Path(args.keep or tempfile.mkdtemp(prefix="batch-scale-"))
    try:
        manifest, mutations = build(work / "collection", args.pairs, bases)
        ids = clause_ids(work / "collection", mutations)
        print(f"{args.pairs} document pairs from {len(bases)} bases ({sum(b.name.startswith('textberg') for b in bases)} "
              f"Text+Berg), {len(mutations)} with a changed number; {os.cpu_count()} cores, "
              f"{'with' if args.semantic else 'without'} embeddings")
        settings = Settings(semantic=args.semantic)
        runs = []
        if args.serial:
            runs.append(run("serial", manifest, work / "out-serial", settings))
            _print(runs[-1])
        for workers in [int(n) for n in args.workers.split(",") if n.strip()]:
            started = time.perf_counter()
            with LocalCluster(n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=None,
                              silence_logs=logging.ERROR) as cluster, Client(cluster) as client:
                print(f"  (a local cluster of {workers} started in {time.perf_counter() - started:.1f} s)")
                runs.append(run(f"{workers} worker(s)", manifest, work / f"out-{workers}", settings, client))
            _print(runs[-1])
        _compare(runs, mutations, ids)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


def _print(r: Run) -> None:
    # How much of its cores the run got: on a shared machine the others' load, not the code, may
    # be what keeps two workers from going twice as fast.
    busy = r.worker_cpu / (r.seconds * len(r.peak_mb))
    print(f"{r.label:<12} {r.documents} documents in {r.seconds:7.1f} s = {r.documents / r.seconds:6.2f} docs/s; "
          f"worker CPU {r.worker_cpu:6.1f} s ({1000 * r.worker_cpu / r.documents:.0f} ms a document, "
          f"each worker busy {busy:.0%} of the time); peak memory per worker "
          f"{', '.join(f'{m:.0f}' for m in r.peak_mb)} MB; load average {r.load[0]:.1f} -> {r.load[1]:.1f}; "
          f"{r.failures} failed")


def _compare(runs: list[Run], mutations: list[Mutation], ids: dict[tuple[str, str], list[str]]) -> None:
    by_label = {r.label: r for r in runs}
    one, two = by_label.get("1 worker(s)"), by_label.get("2 worker(s)")
    if one and two:
        print(f"speed-up 1 -> 2 workers: {(two.documents / two.seconds) / (one.documents / one.seconds):.2f}x "
              f"(ideal 2.00x; the load average says how much else ran); CPU a document with 2 workers: "
              f"{(two.worker_cpu / two.documents) / (one.worker_cpu / one.documents):.2f}x that with 1")
    reference = by_label.get("serial") or runs[0]
    for r in runs:
        if r is not reference:
            same = r.findings == reference.findings
            print(f"findings of {r.label} equal the {reference.label} run's: {'yes' if same else 'NO'}"
                  f" ({sum(len(f['findings']) for f in r.findings.values())} findings in {len(r.findings)} pairs)")
    print(f"changed numbers found (a number or date mismatch on the clause changed): "
          f"{found(mutations, reference.findings, ids)} of {len(mutations)}")


if __name__ == "__main__":
    main()
