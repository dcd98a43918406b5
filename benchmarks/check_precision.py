"""Benchmark: how often the discrepancy checks are right, not only how much they find.

Two measurements, each against data written and judged by hand:

1. **Precision on the corpus.** Every treaty, every pair of its language versions, aligned
   without the semantic extra and checked (as benchmarks/check_corpus.py does). Every finding is
   looked up in tests/data/corpus_finding_labels.json, where a person judged it true or false
   with a one-line reason. Prints precision per finding type and severity, and for high+medium
   together (target >= 0.9). A finding that has no label makes the run FAIL (exit status 1, the
   findings listed): judge it and add its label (`--stubs FILE` writes them in the labels' format
   with the verdict left empty). Labels that no finding matches any more are listed too (a true
   one gone is a lost finding).
2. **Recall and false findings on short clause pairs.** tests/data/clause_pairs.json holds
   ru/zh, ru/id and zh/id pairs of one or two short articles written in the spellings and dating
   formulae of the period's editions. Half mean the same (any finding there is false), half
   differ in one controlled way and name the finding expected. Each pair is checked like
   `comparer check --text A --text B --no-semantic`. Prints recall (the expected finding came, of
   the right type, at the right article and clauses, about the right concept or value; target
   >= 0.95) and the false-finding rate on same-meaning pairs (target <= 5 %), then every miss
   and every false finding.

The key of a label (what survives new finding ids and corrected texts, and still tells one
finding from another): treaty, the pair of versions checked (sorted, "ru-zh"), finding type,
article ("" for the whole treaty), subject, and the clause ids the finding names per version.
The subject is the lexicon entry the finding is about (its concept); a finding without one is
told apart by the words it found (its evidence, sorted, joined with " | "), except the
clause-level types whose evidence is whole clauses (unaligned_clause, length_outlier,
structure_mismatch), whose subject is empty.

    python benchmarks/check_precision.py [--corpus DIR] [--labels FILE] [--pairs FILE] [--stubs FILE]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import combinations
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run from a checkout, like the other benchmarks

from comparer import plaintext  # noqa: E402
from comparer.align.treaty import align_treaty  # noqa: E402
from comparer.check import check_treaty  # noqa: E402
from comparer.corpus import Corpus  # noqa: E402
from comparer.mentions import LexiconMatcher  # noqa: E402
from comparer.model import Finding, Lexicon  # noqa: E402

LABELS = ROOT / "tests" / "data" / "corpus_finding_labels.json"
PAIRS = ROOT / "tests" / "data" / "clause_pairs.json"
EXIT_UNLABELLED = 3  # not 1, which is also what a crash gives
TARGET_PRECISION = 0.9  # high and medium findings on the corpus
TARGET_RECALL = 0.95  # expected findings on the differing pairs
TARGET_FALSE_RATE = 0.05  # same-meaning pairs with any finding
# Types whose evidence is the text of whole clauses: that text is not what tells two findings apart.
CLAUSE_LEVEL = {"unaligned_clause", "length_outlier", "structure_mismatch"}
SEVERITIES = ("high", "medium", "low")
VERDICTS = ("true", "false")
KEY_FIELDS = ("treaty", "pair", "type", "article", "subject", "segments")


# ---------------------------------------------------------------- labels of corpus findings


def subject(finding: Finding) -> str:
    if finding.concept:
        return finding.concept
    if finding.type in CLAUSE_LEVEL:
        return ""
    return " | ".join(sorted({w for words in finding.evidence.values() for w in words}))


def label_key(treaty_id: str, langs: list[str], finding: Finding) -> tuple:
    segments = tuple((lang, tuple(sorted(ids))) for lang, ids in sorted(finding.segments.items()) if ids)
    return (treaty_id, "-".join(sorted(langs)), finding.type, finding.article or "", subject(finding), segments)


def key_of_label(label: dict) -> tuple:
    segments = tuple((lang, tuple(sorted(ids))) for lang, ids in sorted(label["segments"].items()) if ids)
    return (label["treaty"], label["pair"], label["type"], label["article"], label["subject"], segments)


def stub(key: tuple, finding: Finding) -> dict:
    """A label for `finding` with the verdict still to be given, and the message to judge it by."""
    treaty, pair, type_, article, subj, segments = key
    return {"treaty": treaty, "pair": pair, "type": type_, "article": article, "subject": subj,
            "segments": {lang: list(ids) for lang, ids in segments}, "verdict": None, "reason": "",
            "severity": finding.severity, "message": finding.message}


def dump_labels(about: list[str], labels: list[dict]) -> str:
    """The labels file's text: one label per line, so that a change of verdict is a one-line diff."""
    lines = [json.dumps(label, ensure_ascii=False) for label in labels]
    return ('{\n "about": ' + json.dumps(about, ensure_ascii=False, indent=1).replace("\n", "\n ")
            + ',\n "labels": [\n  ' + ",\n  ".join(lines) + "\n ]\n}\n")


def load_labels(path: Path) -> dict[tuple, dict]:
    labels = json.loads(path.read_text(encoding="utf-8"))["labels"]
    by_key: dict[tuple, dict] = {}
    for label in labels:
        key = key_of_label(label)
        if key in by_key:
            raise ValueError(f"{path}: two labels with the key {key}")
        by_key[key] = label
    return by_key


def corpus_findings(corpus: Corpus, matcher: LexiconMatcher):
    """(key, finding) for every finding of every pair of versions of every treaty."""
    for treaty in corpus.treaties.values():
        for langs in combinations(treaty.versions, 2):
            langs = list(langs)
            alignment = align_treaty(treaty, corpus.lexicon, langs=langs, semantic=False, matcher=matcher)
            report = check_treaty(treaty, corpus.lexicon, langs=langs, alignment=alignment)
            for finding in report.findings:
                yield label_key(treaty.id, langs, finding), finding


@dataclass
class Precision:
    counts: Counter = field(default_factory=Counter)  # (type, severity, verdict) -> n
    unlabelled: list[tuple[tuple, Finding]] = field(default_factory=list)
    matched: set = field(default_factory=set)

    def add(self, key: tuple, finding: Finding, labels: dict[tuple, dict]) -> None:
        label = labels.get(key)
        if label is None:
            self.unlabelled.append((key, finding))
            return
        self.matched.add(key)
        self.counts[finding.type, finding.severity, label["verdict"]] += 1

    def share(self, keep) -> tuple[int, int]:
        true = sum(n for (t, s, v), n in self.counts.items() if keep(t, s) and v == "true")
        false = sum(n for (t, s, v), n in self.counts.items() if keep(t, s) and v == "false")
        return true, false


def _ratio(part: int, whole: int) -> str:
    return f"{part / whole:.2f}" if whole else "  — "


def print_precision(result: Precision, labels: dict[tuple, dict]) -> None:
    print("Precision on the corpus (all pairs of versions; labels: true / false)")
    types = sorted({t for t, _, _ in result.counts})
    print(f"  {'type':<20}" + "".join(f"{s:>16}" for s in SEVERITIES) + f"{'all':>16}")
    for type_ in types:
        cells = []
        for sev in (*SEVERITIES, None):
            true, false = result.share(lambda t, s, sev=sev: t == type_ and (sev is None or s == sev))
            cells.append(f"{true:>3}/{true + false:<3} {_ratio(true, true + false):>5}" if true + false else f"{'':>11}—")
        print(f"  {type_:<20}" + "".join(f"{c:>16}" for c in cells))
    for name, keep in (("high", lambda t, s: s == "high"), ("medium", lambda t, s: s == "medium"),
                       ("high+medium", lambda t, s: s != "low"), ("low", lambda t, s: s == "low"),
                       ("all", lambda t, s: True)):
        true, false = result.share(keep)
        target = f"   (target >= {TARGET_PRECISION})" if name == "high+medium" else ""
        print(f"  precision {name:<12} {_ratio(true, true + false)}  ({true} true of {true + false}){target}")
    gone = [label for key, label in labels.items() if key not in result.matched]
    if gone:
        lost = [g for g in gone if g["verdict"] == "true"]
        fixed = Counter(g["type"] for g in gone if g["verdict"] == "false")
        print(f"  {len(gone)} label(s) match no finding today: false findings gone "
              + (", ".join(f"{n} {t}" for t, n in fixed.most_common()) or "none")
              + f"; true findings lost {len(lost)}" + (":" if lost else ""))
        for g in lost:
            print(f"    LOST TRUE {_describe_label(g)}: {g['reason']}")


def _describe_label(label: dict) -> str:
    ids = " ".join(i for ids in label["segments"].values() for i in ids)
    return (f"{label['treaty']} {label['pair']} {label['type']} {label['article'] or 'treaty'} "
            f"{label['subject'] or '-'} [{ids}]")


# ---------------------------------------------------------------- the clause-pair set


def pair_treaty(pair: dict):
    texts = {lang: "\n".join(pair["texts"][lang]) + "\n" for lang in pair["langs"]}
    return plaintext.treaty_from_texts(pair["id"], texts, pivot=pair["langs"][0])


def clause_id(pair: dict, lang: str, article: str, number: int) -> str:
    return f"{pair['id']}.{lang}.{article}.c{number}"


def matches(pair: dict, expected: dict, finding: Finding) -> bool:
    """Is `finding` the one `expected` describes: type, article, clauses, concept, values, words?"""
    types = expected["type"] if isinstance(expected["type"], list) else [expected["type"]]
    if finding.type not in types:
        return False
    article = expected.get("article", "any")
    if article != "any" and (finding.article or "") != article:
        return False
    for lang, numbers in expected.get("clauses", {}).items():
        named = set(finding.segments.get(lang, []))
        if any(clause_id(pair, lang, article, n) not in named for n in numbers):
            return False
    concept = expected.get("concept")
    if concept and concept != finding.concept and concept not in finding.values.values():
        return False
    for lang, value in expected.get("values", {}).items():
        if value not in [v.strip() for v in finding.values.get(lang, "").split(",")]:
            return False
    words = expected.get("evidence")
    if words and not any(w in item for w in words for items in finding.evidence.values() for item in items):
        return False
    return True


@dataclass
class PairResult:
    pair: dict
    findings: list[Finding]
    found: list[bool]  # per expected finding
    false: list[Finding]  # findings no expectation accounts for


def run_pair(pair: dict, lexicon: Lexicon, matcher: LexiconMatcher) -> PairResult:
    treaty = pair_treaty(pair)
    alignment = align_treaty(treaty, lexicon, langs=pair["langs"], semantic=False, matcher=matcher)
    findings = check_treaty(treaty, lexicon, langs=pair["langs"], alignment=alignment).findings
    found, used = [], set()
    for expected in pair["expect"]:
        hit = next((i for i, f in enumerate(findings) if i not in used and matches(pair, expected, f)), None)
        found.append(hit is not None)
        if hit is not None:
            used.add(hit)
    return PairResult(pair, findings, found, [f for i, f in enumerate(findings) if i not in used])


def load_pairs(path: Path) -> list[dict]:
    return json.loads(path.read_text(encoding="utf-8"))["pairs"]


def print_pairs(results: list[PairResult]) -> tuple[float, float]:
    same = [r for r in results if not r.pair["expect"]]
    differ = [r for r in results if r.pair["expect"]]
    print(f"\nClause pairs: {len(results)} ({len(same)} mean the same, {len(differ)} differ in one way)")
    by_combo: dict[str, list[PairResult]] = defaultdict(list)
    for r in results:
        by_combo["-".join(r.pair["langs"])].append(r)
    print(f"  {'versions':<10}{'recall':>16}{'false-finding rate':>24}")
    for combo, rs in sorted(by_combo.items()):
        print(f"  {combo:<10}{_recall_cell(rs):>16}{_false_cell(rs):>24}")
    by_type: dict[str, list[bool]] = defaultdict(list)
    for r in differ:
        for expected, hit in zip(r.pair["expect"], r.found):
            name = expected["type"] if isinstance(expected["type"], str) else "/".join(expected["type"])
            by_type[name].append(hit)
    for name, hits in sorted(by_type.items()):
        print(f"  expected {name:<30} {sum(hits):>3}/{len(hits):<3} {_ratio(sum(hits), len(hits))}")
    expected = sum(len(r.found) for r in differ)
    hits = sum(sum(r.found) for r in differ)
    recall = hits / expected if expected else 0.0
    flagged = sum(bool(r.findings) for r in same)
    false_rate = flagged / len(same) if same else 0.0
    extra = sum(len(r.false) for r in differ)
    print(f"  recall {recall:.2f} ({hits} of {expected} expected findings; target >= {TARGET_RECALL})")
    print(f"  false-finding rate on same-meaning pairs {false_rate:.1%} ({flagged} of {len(same)} pairs; "
          f"{sum(len(r.findings) for r in same)} findings; target <= {TARGET_FALSE_RATE:.0%})")
    print(f"  findings beside the expected one on differing pairs: {extra}")
    misses = [r for r in differ if not all(r.found)]
    if misses:
        print(f"\n  Missed ({len(misses)}):")
        for r in misses:
            wanted = "; ".join(_describe_expected(e) for e, hit in zip(r.pair["expect"], r.found) if not hit)
            got = "; ".join(f"{f.type} {f.article or 'treaty'}" for f in r.findings) or "nothing"
            print(f"    {r.pair['id']}: {r.pair['tests']}\n      expected {wanted}; found {got}")
    wrong = [r for r in results if r.false]
    if wrong:
        print(f"\n  False findings ({sum(len(r.false) for r in wrong)} in {len(wrong)} pairs):")
        for r in wrong:
            kind = "same" if not r.pair["expect"] else "differ"
            for f in r.false:
                print(f"    {r.pair['id']} ({kind}): {f.type} {f.severity} {f.article or 'treaty'}: {f.message}")
    return recall, false_rate


def _recall_cell(results: list[PairResult]) -> str:
    hits = [h for r in results for h in r.found]
    return f"{sum(hits)}/{len(hits)} {_ratio(sum(hits), len(hits))}"


def _false_cell(results: list[PairResult]) -> str:
    same = [r for r in results if not r.pair["expect"]]
    flagged = sum(bool(r.findings) for r in same)
    return f"{flagged}/{len(same)} {_ratio(flagged, len(same))}"


def _describe_expected(expected: dict) -> str:
    parts = [str(expected["type"]), expected.get("article", "any")]
    parts += [f"{k}={expected[k]}" for k in ("concept", "values", "evidence") if k in expected]
    return " ".join(parts)


# ---------------------------------------------------------------- main


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: the bundled texts)")
    parser.add_argument("--labels", type=Path, default=LABELS, help="judged corpus findings (JSON)")
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="the clause-pair set (JSON)")
    parser.add_argument("--stubs", type=Path, help="write the unlabelled findings here as labels to judge")
    args = parser.parse_args(argv)
    corpus = Corpus(args.corpus)
    matcher = LexiconMatcher(corpus.lexicon)
    labels = load_labels(args.labels)
    precision = Precision()
    for key, finding in corpus_findings(corpus, matcher):
        precision.add(key, finding, labels)
    print_precision(precision, labels)
    print_pairs([run_pair(pair, corpus.lexicon, matcher) for pair in load_pairs(args.pairs)])
    if args.stubs:
        stubs = [stub(key, finding) for key, finding in precision.unlabelled]
        about = [f"{len(stubs)} unlabelled findings: set each verdict to \"true\" or \"false\", write the reason, "
                 f"drop severity and message, and move them into {LABELS.relative_to(ROOT)}."]
        args.stubs.write_text(dump_labels(about, stubs), encoding="utf-8")
    if precision.unlabelled:
        print(f"\nFAILED: {len(precision.unlabelled)} corpus finding(s) have no label in {args.labels}; "
              "judge them and add their labels (--stubs FILE writes them):")
        for key, finding in precision.unlabelled:
            print(f"  UNLABELLED {finding.severity:<6} {_describe_label(stub(key, finding))}: {finding.message}")
        return EXIT_UNLABELLED
    return 0


if __name__ == "__main__":
    sys.exit(main())
