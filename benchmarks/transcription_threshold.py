"""Benchmark: how well comparer.lang.transcription tells one name in two scripts from two names.

Scores every pair of tests/data/transcription_pairs.tsv (a Chinese name against its Palladius,
Wade–Giles, pinyin and period spellings; Russian names against their Latin spellings; and hard
negatives: names that share syllables or stems) and prints, for each threshold, precision over
all pairs and recall over the pairs a reading or transliteration should find. Pairs of kind
`lexicon` (Manchu and Mongol names, conventional forms) are scored apart: transcription is not
meant to find them, the lexicon is. The threshold in use is transcription.THRESHOLD.

    python benchmarks/transcription_threshold.py [--show]
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, like the other benchmarks

from comparer.lang.transcription import THRESHOLD, score  # noqa: E402

PAIRS = ROOT / "tests" / "data" / "transcription_pairs.tsv"
THRESHOLDS = [70.0 + 2.5 * i for i in range(13)]


def load(path: Path = PAIRS) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        rows = [line for line in handle if line.strip() and not line.startswith("#")]
    fields = ["form_a", "lang_a", "form_b", "lang_b", "label", "kind", "note"]
    return [dict(zip(fields, row)) for row in csv.reader(rows, delimiter="\t")]


def scored(pairs: list[dict]) -> list[tuple[dict, float]]:
    return [(p, score(p["form_a"], p["lang_a"], p["form_b"], p["lang_b"])) for p in pairs]


def measure(results: list[tuple[dict, float]], threshold: float) -> dict[str, float]:
    """Precision over every pair taken for one name; recall over transcriptions and
    transliterations, and apart over the lexicon's pairs."""
    taken = [(p, s) for p, s in results if s >= threshold]
    true = [p for p, _ in taken if p["label"] == "same"]
    findable = [p for p, _ in results if p["kind"] in ("transcription", "transliteration")]
    lexicon = [p for p, _ in results if p["kind"] == "lexicon"]
    found = {id(p) for p in true}
    return {
        "precision": len(true) / len(taken) if taken else 1.0,
        "recall": sum(id(p) in found for p in findable) / len(findable),
        "lexicon_recall": sum(id(p) in found for p in lexicon) / len(lexicon) if lexicon else 0.0,
        "false": len(taken) - len(true),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", action="store_true", help="list the pairs misjudged at the threshold in use")
    args = parser.parse_args()
    pairs = load()
    results = scored(pairs)
    kinds = {k: sum(p["kind"] == k for p in pairs) for k in ("transcription", "transliteration", "lexicon", "negative")}
    print(f"{len(pairs)} pairs: " + ", ".join(f"{n} {k}" for k, n in kinds.items()))
    print(f"{'threshold':>10}{'precision':>11}{'recall':>8}{'false':>7}{'lexicon recall':>16}")
    for threshold in THRESHOLDS:
        m = measure(results, threshold)
        mark = "  <- in use" if threshold == THRESHOLD else ""
        print(f"{threshold:>10.1f}{m['precision']:>11.3f}{m['recall']:>8.3f}{m['false']:>7}{m['lexicon_recall']:>16.3f}{mark}")
    if args.show:
        for p, s in results:
            wrong = (s >= THRESHOLD) != (p["label"] == "same")
            if wrong and p["kind"] != "lexicon":
                print(f"  {s:5.1f} {p['label']:<9} {p['form_a']} / {p['form_b']}  ({p['note']})")


if __name__ == "__main__":
    main()
