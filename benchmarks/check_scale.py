"""Time and peak memory of `comparer check --text ru=A --text zh=B` on long texts and long lines.

Builds Russian and Chinese texts in the plain-text interchange format from the articles of the
bundled treaties that both versions have (each article's clauses as `comparer show --format txt`
writes them, gaps and all), repeated (and numbered on) until the Russian side has 1,000,
10,000 and 100,000 clauses; then texts whose one article is a single line of 1 MB and of 10 MB
(the transcribed clauses joined), and texts whose one clause is as long as a clause may be
(comparer.limits.MAX_CLAUSE_CHARS characters). Each case runs the real command in a fresh process, without
sentence embeddings (CI has none), so the peak resident memory is that of one check. Wall time
depends on what else the machine runs; CPU time (user + system) much less. The targets (issue
15): time linear in the number of clauses, 10,000 clauses under 30 s, peak memory under 1 GB, a
10 MB line refused or handled in seconds.

    python benchmarks/check_scale.py [--cases 1k 10k 100k 1MB-line 10MB-line] [--timeout 900]
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comparer import lang as languages  # noqa: E402
from comparer import plaintext  # noqa: E402
from comparer.corpus import Corpus  # noqa: E402
from comparer.limits import MAX_CLAUSE_CHARS  # noqa: E402

LANGS = ("ru", "zh")
CASES = {"1k": ("clauses", 1_000), "10k": ("clauses", 10_000), "100k": ("clauses", 100_000),
         "longest": ("chars", MAX_CLAUSE_CHARS), "1MB-line": ("bytes", 1_000_000), "10MB-line": ("bytes", 10_000_000)}


def articles() -> list[dict[str, list]]:
    """Every article both versions of a bundled treaty have: {lang: its clauses}."""
    found = []
    for treaty in Corpus(REPO / "texts").treaties.values():
        if not all(lang in treaty.versions for lang in LANGS):
            continue
        by_number = [{d.n: d.clauses for d in treaty.version(lang).primary.articles} for lang in LANGS]
        found += [{lang: numbered[n] for lang, numbered in zip(LANGS, by_number)}
                  for n in by_number[0] if all(n in numbered for numbered in by_number)]
    return found


def many_clauses(count: int) -> dict[str, str]:
    """Texts whose first version has `count` clauses, article after article."""
    source = articles()
    lines: dict[str, list[str]] = {lang: [] for lang in LANGS}
    written, n = 0, 0
    while written < count:
        article = source[n % len(source)]
        n += 1
        for lang in LANGS:
            # Headings count up to the number of source articles and start again: the reader numbers
            # repeated headings in order (treaties have tens of articles, not thousands).
            lines[lang].append(languages.get(lang).default_heading((n - 1) % len(source) + 1))
            lines[lang] += [plaintext.clause_line(c) for c in article[lang]]
        written += len(article[LANGS[0]])
    return {lang: "\n".join(found) + "\n" for lang, found in lines.items()}


def one_line(size: int, unit: str) -> dict[str, str]:
    """Texts of one article, each a single line of about `size` bytes, or of at most `size` characters."""
    source = articles()
    texts = {}
    for lang in LANGS:
        parts, length, n, joiner = [], 0, 0, "" if lang == "zh" else " "
        measure = (lambda text: len(text.encode("utf-8"))) if unit == "bytes" else len
        while length < size:
            for text in (c.text for c in source[n % len(source)][lang] if c.text):
                grown = length + measure(text) + (measure(joiner) if parts else 0)
                if unit == "chars" and grown > size:
                    break
                parts.append(text)
                length = grown
            else:
                n += 1
                continue
            break
        texts[lang] = languages.get(lang).default_heading(1) + "\n" + joiner.join(parts) + "\n"
    return texts


def run(case: str, folder: Path, timeout: float) -> dict:
    kind, size = CASES[case]
    files = {}
    for lang, text in (many_clauses(size) if kind == "clauses" else one_line(size, kind)).items():
        files[lang] = folder / f"{case}-{lang}.txt"
        files[lang].write_text(text, encoding="utf-8")
    # 100,000 clauses are some 30 MB a side: over the default input limit, which is raised for them
    # (the long lines are measured against the limits as they are).
    limit = ["--max-input", "100M"] if kind == "clauses" else []
    command = [sys.executable, "-c", "from comparer.cli import main; main()", *limit, "check", "--json",
               "--no-semantic", "--text", f"ru={files['ru']}", "--text", f"zh={files['zh']}"]
    out = folder / f"{case}.json"
    started = time.perf_counter()
    with open(out, "wb") as stdout, open(folder / f"{case}.err", "wb") as stderr:
        child = subprocess.Popen(command, stdout=stdout, stderr=stderr, cwd=REPO)
        timer = threading.Timer(timeout, child.kill)
        timer.start()
        _, status, usage = os.wait4(child.pid, 0)  # the child's own peak memory, not the largest child's so far
        timer.cancel()
        child.returncode = code = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - started
    peak = usage.ru_maxrss / 1024  # Linux reports KiB
    cpu = usage.ru_utime + usage.ru_stime
    row = {"case": case, "bytes": sum(f.stat().st_size for f in files.values()), "seconds": seconds, "cpu": cpu,
           "peak_mb": peak, "exit": code}
    if code == 0:
        report = json.loads(out.read_text(encoding="utf-8"))
        row["findings"] = len(report["findings"])
    else:
        lines = (folder / f"{case}.err").read_text(encoding="utf-8", errors="replace").strip().splitlines()
        row["said"] = lines[-1] if lines else ("killed after the timeout" if code < 0 else "")
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", nargs="+", choices=list(CASES), default=list(CASES))
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds before a case is killed")
    args = parser.parse_args()
    print(f"{'case':<10} {'input':>8} {'wall s':>8} {'cpu s':>8} {'cpu s/1k':>8} {'peak MB':>8}  result")
    with tempfile.TemporaryDirectory(prefix="check-scale-") as tmp:
        for case in args.cases:
            row = run(case, Path(tmp), args.timeout)
            kind, size = CASES[case]
            per_k = f"{row['cpu'] / (size / 1000):8.2f}" if kind == "clauses" else f"{'':>8}"
            result = f"{row['findings']} findings" if row["exit"] == 0 else f"exit {row['exit']}: {row['said']}"
            print(f"{case:<10} {row['bytes'] / 1e6:6.1f}MB {row['seconds']:8.1f} {row['cpu']:8.1f} {per_k} "
                  f"{row['peak_mb']:8.0f}  {result}", flush=True)


if __name__ == "__main__":
    main()
