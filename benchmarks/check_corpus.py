"""Benchmark: the discrepancy checks over the whole bundled corpus.

Every treaty, every pair of its language versions, aligned without the semantic extra and then
checked. Prints the time (target: under 2 s for the lot, alignment included) and the findings
by type and severity; `--list` prints every finding of the types named (one line each, the same
finding seen in several pairs once).

    python benchmarks/check_corpus.py [--corpus DIR] [--list date_mismatch,date_inconsistency]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run from a checkout, like the other benchmarks

from comparer.align.treaty import align_treaty  # noqa: E402
from comparer.check import check_treaty  # noqa: E402
from comparer.corpus import Corpus  # noqa: E402
from comparer.mentions import LexiconMatcher  # noqa: E402

TARGET_SECONDS = 2.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: the bundled texts)")
    parser.add_argument("--list", default="", help="finding types to list, comma-separated")
    args = parser.parse_args()
    listed_types = set(filter(None, args.list.split(",")))
    listed: dict[tuple, str] = {}
    corpus = Corpus(args.corpus)
    treaties, lexicon = corpus.treaties, corpus.lexicon  # loading is not what is measured
    matcher = LexiconMatcher(lexicon)
    by_type: Counter = Counter()
    by_severity: Counter = Counter()
    pairs = 0
    align_time = check_time = 0.0
    cpu_started = time.process_time()
    for treaty in treaties.values():
        for langs in combinations(treaty.versions, 2):
            started = time.perf_counter()
            alignment = align_treaty(treaty, lexicon, langs=list(langs), semantic=False, matcher=matcher)
            aligned = time.perf_counter()
            report = check_treaty(treaty, lexicon, langs=list(langs), alignment=alignment)
            check_time += time.perf_counter() - aligned
            align_time += aligned - started
            pairs += 1
            by_type.update(f.type for f in report.findings)
            by_severity.update(f.severity for f in report.findings)
            for f in report.findings:
                if f.type in listed_types:
                    where = (treaty.id, f.type, tuple(sorted(c for ids in f.segments.values() for c in ids)))
                    listed.setdefault(where, f"{treaty.id} {f.article or '-'} {f.type} {f.severity}: {f.message}")
    total = align_time + check_time
    cpu = time.process_time() - cpu_started
    print(f"{len(treaties)} treaties, {pairs} language pairs: {total:.2f} s "
          f"(align {align_time:.2f} s, check {check_time:.2f} s; target < {TARGET_SECONDS:.0f} s)"
          + ("" if total < TARGET_SECONDS else "  OVER TARGET"))
    # on a shared machine the wall time follows the load; the CPU time is this run's own
    print(f"CPU {cpu:.2f} s; load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"{sum(by_type.values())} findings: " + ", ".join(f"{n} {s}" for s, n in sorted(by_severity.items())))
    for finding_type, n in by_type.most_common():
        print(f"  {finding_type:<20}{n:>5}")
    for line in listed.values():
        print(line)


if __name__ == "__main__":
    main()
