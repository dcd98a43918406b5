"""Time and memory of the aligner on long texts (no sentence embeddings).

Builds German–French pairs of about 1,000, 5,000 and 10,000 sentences a side by
concatenating the Text+Berg documents over and over (their gold ladders, shifted, give
the accuracy too) and aligns each pair in a fresh process, so that the peak resident
memory reported is that of one alignment.

    python benchmarks/align_scale.py [--sizes 1000 5000 10000]
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comparer.align.beads import Bead  # noqa: E402
from comparer.align.ladder import read_ladder, read_units  # noqa: E402
from comparer.align.scoring import score_alignment  # noqa: E402
from comparer.align.similarity import align_texts  # noqa: E402


def bench_dir() -> Path:
    return Path(os.environ.get("COMPARER_SHARED", REPO.parent / "shared")) / "bench" / "text+berg"


def build_pair(data: Path, size: int) -> tuple[list[str], list[str], list[Bead]]:
    """Whole documents, cycling through the seven, until the source has ``size`` sentences."""
    names = sorted(p.name for p in (data / "gold").iterdir())
    src: list[str] = []
    tgt: list[str] = []
    gold: list[Bead] = []
    k = 0
    while len(src) < size:
        name = names[k % len(names)]
        src_off, tgt_off = len(src), len(tgt)
        src += read_units(data / "de" / name)
        tgt += read_units(data / "fr" / name)
        gold += [Bead(tuple(i + src_off for i in b.src), tuple(j + tgt_off for j in b.tgt))
                 for b in read_ladder(data / "gold" / name)]
        k += 1
    return src, tgt, gold


def measure(data: Path, size: int) -> tuple[int, int, float, float, float]:
    """Run in a child process: sentence counts, seconds, peak RSS in MB, strict F1."""
    src, tgt, gold = build_pair(data, size)
    started = time.perf_counter()
    beads = align_texts(src, tgt, semantic=False).beads
    seconds = time.perf_counter() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB
    return len(src), len(tgt), seconds, peak_mb, score_alignment(gold, beads).strict.f1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 5000, 10000])
    args = parser.parse_args()
    data = bench_dir()
    if not (data / "gold").is_dir():
        sys.exit(f"Text+Berg gold set not found in {data}; set COMPARER_SHARED to the folder "
                 "that holds bench/text+berg.")
    print(f"{'source':>7} {'target':>7} {'time s':>7} {'peak RSS MB':>12} {'strict F1':>10}")
    context = multiprocessing.get_context("spawn")
    for size in args.sizes:
        with context.Pool(1) as pool:
            n_src, n_tgt, seconds, peak_mb, f1 = pool.apply(measure, (data, size))
        print(f"{n_src:7d} {n_tgt:7d} {seconds:7.1f} {peak_mb:12.0f} {f1:10.3f}", flush=True)


if __name__ == "__main__":
    main()
