"""Align every treaty of the bundled corpus, every version, and print the wall time.

Target: under 2 s on a 2-core machine, with embeddings from a warm vector cache too (the
second run; the first encodes the clauses and stores their vectors).  Wall time depends on
what else runs on the machine, so the CPU time and the load average are printed beside it.
Run: python benchmarks/align_corpus.py [--semantic]
"""

from __future__ import annotations

import argparse
import os
import time

from comparer.align import semantic
from comparer.align.treaty import align_treaty
from comparer.corpus import Corpus
from comparer.mentions import LexiconMatcher


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--semantic", action="store_true", help="use the e5 embeddings (comparer[semantic])")
    args = parser.parse_args()
    started, cpu_started = time.perf_counter(), time.process_time()
    corpus = Corpus()
    matcher = LexiconMatcher(corpus.lexicon)
    loaded = time.perf_counter()
    rows = clauses = 0
    for treaty in corpus.treaties.values():
        begin = time.perf_counter()
        alignment = align_treaty(treaty, corpus.lexicon, semantic=args.semantic, matcher=matcher)
        count = sum(len(treaty.version(lang).primary.clauses()) for lang in alignment.langs)
        rows += len(alignment.groups)
        clauses += count
        print(f"{treaty.id:<16} {len(alignment.langs)} versions {count:>4} clauses {len(alignment.groups):>4} rows "
              f"{time.perf_counter() - begin:6.2f} s")
    total, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    print(f"corpus loaded in {loaded - started:.2f} s; {clauses} clauses into {rows} rows; "
          f"total {total:.2f} s, CPU {cpu:.2f} s ({'with' if args.semantic else 'without'} embeddings"
          f"{f', {semantic.STATS.encoded} texts encoded' if args.semantic else ''}; "
          f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


if __name__ == "__main__":
    main()
