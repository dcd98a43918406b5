"""Benchmark: how often `comparer claims` gives the verdict a careful reader of the corpus would.

tests/data/claims_labelled.json holds sentences about the corpus's treaties written for this by
the project (Indonesian, English, Russian, Chinese; true, false and unverifiable claims, negated,
modal and version-specific ones, and a few that claim nothing about a treaty), each with the
verdict the claims check should give on the bundled corpus. Every sentence is checked on its own
(one paragraph), as `comparer claims --text LANG=FILE` would check a one-line file. A sentence
with several claims is judged as a whole: contradicted if any claim is, else not verifiable if
any is, else variant if any is, else supported; "none" when no claim is found.

Printed for the development sentences, the held-out ones (kept out of development, a quarter of
the set chosen by a hash of the id) and all together:

- the confusion matrix of labels (rows) against verdicts (columns);
- verdict accuracy over the sentences that make a checkable claim (target >= 0.9), and over all;
- false "supported": sentences whose statement is false (or whose label is not supported) that
  were judged supported (target 0);
- extraction recall: checkable sentences that gave at least one claim (target >= 0.9), and the
  sentences labelled "none" that gave one anyway;
- with --misses, every sentence judged otherwise than its label.

    python benchmarks/claims_eval.py [--split dev|heldout|all] [--misses] [--corpus DIR] [--data FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, like the other benchmarks

from comparer.claims import Sentence, check_claims  # noqa: E402
from comparer.corpus import Corpus  # noqa: E402

DATA = ROOT / "tests" / "data" / "claims_labelled.json"
TARGET_ACCURACY = 0.9
TARGET_RECALL = 0.9
NONE = "none"
VERDICT_ORDER = ("contradicted", "not_verifiable", "variant", "supported")  # a sentence is as good as its worst claim
COLUMNS = ("supported", "contradicted", "variant", "not_verifiable", NONE)


def sentence_verdict(verdicts: list[str]) -> str:
    """The verdict of a sentence from those of its claims."""
    if not verdicts:
        return NONE
    return next(v for v in VERDICT_ORDER if v in verdicts)


def judge(corpus: Corpus, item: dict) -> tuple[str, list]:
    sentence = Sentence(id=f"{item['id']}.p1.s1", text=item["text"], paragraph=f"{item['id']}.p1")
    claims = check_claims([sentence], corpus, item["lang"])
    return sentence_verdict([c.verdict for c in claims]), claims


def report(name: str, rows: list[tuple[dict, str, list]], misses: bool) -> dict:
    checkable = [(item, got) for item, got, _ in rows if item["label"] != NONE]
    matrix = Counter((item["label"], got) for item, got, _ in rows)
    right = sum(item["label"] == got for item, got, _ in rows)
    right_checkable = sum(item["label"] == got for item, got in checkable)
    false_supported = [item for item, got, _ in rows if got == "supported" and item["true"] is False]
    unwarranted = [item for item, got, _ in rows if got == "supported" and item["label"] not in ("supported",)]
    extracted = sum(got != NONE for _, got in checkable)
    spurious = [item for item, got, _ in rows if item["label"] == NONE and got != NONE]
    figures = {
        "sentences": len(rows), "checkable": len(checkable),
        "accuracy": right_checkable / len(checkable) if checkable else 0.0,
        "accuracy_all": right / len(rows) if rows else 0.0,
        "false_supported": len(false_supported), "unwarranted_supported": len(unwarranted),
        "recall": extracted / len(checkable) if checkable else 0.0, "spurious": len(spurious),
    }
    print(f"\n== {name}: {len(rows)} sentences, {len(checkable)} with a checkable claim")
    width = max(len(c) for c in COLUMNS) + 1
    print(" " * width + "".join(c.rjust(width) for c in COLUMNS) + "   (rows: label, columns: verdict)")
    for label in COLUMNS:
        if any(item["label"] == label for item, _, _ in rows):
            print(label.ljust(width) + "".join(str(matrix[label, got]).rjust(width) for got in COLUMNS))
    print(f"verdict accuracy (checkable sentences): {right_checkable}/{len(checkable)} = {figures['accuracy']:.3f}"
          f"  (target >= {TARGET_ACCURACY})")
    print(f"verdict accuracy (all sentences):       {right}/{len(rows)} = {figures['accuracy_all']:.3f}")
    print(f"false 'supported' (false statements judged supported): {len(false_supported)}  (target 0)"
          + (f"  {', '.join(i['id'] for i in false_supported)}" if false_supported else ""))
    print(f"'supported' where the label is another verdict:        {len(unwarranted)}"
          + (f"  {', '.join(i['id'] for i in unwarranted)}" if unwarranted else ""))
    print(f"extraction recall (checkable sentence -> a claim): {extracted}/{len(checkable)} = {figures['recall']:.3f}"
          f"  (target >= {TARGET_RECALL})")
    print(f"claims found in sentences that make none:          {len(spurious)}/"
          f"{sum(item['label'] == NONE for item, _, _ in rows)}")
    if misses:
        for item, got, claims in rows:
            if item["label"] != got:
                found = "; ".join(f"{c.kind} {c.treaty} {c.verdict}" for c in claims) or "no claim"
                print(f"  {item['id']} [{item['lang']}] label {item['label']}, got {got} ({found}): {item['text']}")
                for c in claims:
                    print(f"      {c.explanation['en']}")
    return figures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default=None,
                        help="report one part only (default: development, held-out and all, each apart)")
    parser.add_argument("--misses", action="store_true", help="list every sentence judged otherwise than its label")
    parser.add_argument("--corpus", type=Path, default=None, help="corpus folder (default: the bundled one)")
    parser.add_argument("--data", type=Path, default=DATA, help="the labelled sentences")
    args = parser.parse_args(argv)
    items = json.loads(args.data.read_text(encoding="utf-8"))["sentences"]
    corpus = Corpus(args.corpus) if args.corpus else Corpus()
    rows = [(item, *judge(corpus, item)) for item in items]
    parts = {"dev": [r for r in rows if not r[0]["heldout"]], "heldout": [r for r in rows if r[0]["heldout"]],
             "all": rows}
    names = {"dev": "development sentences", "heldout": "held-out sentences", "all": "all sentences"}
    languages = Counter(item["lang"] for item in items)
    print(f"{len(items)} labelled sentences ({', '.join(f'{k} {v}' for k, v in sorted(languages.items()))}),"
          f" {len(parts['heldout'])} held out")
    for split in ([args.split] if args.split else ["dev", "heldout", "all"]):
        report(names[split], parts[split], args.misses)
    return 0


if __name__ == "__main__":
    sys.exit(main())
