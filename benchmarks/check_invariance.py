"""Benchmark: do the checks say the same of a treaty whose versions are spelled as other editions spell them?

Each respelling changes how one version is written, never what it says, as a printed edition of
another period does:

* ``zh-simplified``: the Chinese version in Simplified characters (a modern reprint), character
  by character through OpenCC;
* ``zh-hk``: the Chinese version with the variant characters of Hong Kong prints (台 for 臺, 着,
  爲 for 為), character by character through OpenCC;
* ``zh-unpunctuated``: the Chinese version without punctuation, as Qing editions print it (the
  clause divisions of the corpus stay). Punctuation is evidence for the aligner, so a row may
  change without it: today the Aigun closing pairs the Chinese date with two Indonesian clauses
  instead of one, which moves its two true findings (3 new, 2 lost, the same differences);
* ``ru-pre-1918``: the Russian version in the spelling before the reform of 1918 (a hard sign
  after a word-final consonant, і before a vowel or й), as the period's editions print it;
* ``la-u-i``: the Latin version with u and i for consonantal v and j ("eius", "uero"), as
  editions that follow classical spelling print it;
* ``id-1947``: the Indonesian version in the Republican (Soewandi) spelling of 1947-1972, in
  which Indonesian books of that time are printed: dj, j, tj, nj, sj, ch for j, y, c, ny, sy, kh;
* ``id-1901``: the same in the Van Ophuijsen spelling before 1947, with oe for u too.

For every treaty of the corpus, every pair of versions that includes the respelled one is aligned
and checked before and after, and the findings are compared by what they say (type, article,
clauses, concept), not by their ids or quoted words. A finding that appears only after the
respelling is a false one the spelling caused; one that disappears, a lost one. Both should be 0.

    python benchmarks/check_invariance.py [--corpus DIR]
"""
from __future__ import annotations

import argparse
import re
import sys
import time
from collections import Counter
from itertools import combinations
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from comparer.align.treaty import align_treaty  # noqa: E402
from comparer.check import check_treaty  # noqa: E402
from comparer.corpus import Corpus  # noqa: E402
from comparer.mentions import LexiconMatcher  # noqa: E402
from comparer.model import Clause, Finding, Treaty  # noqa: E402

# a word of two letters or more ending in a consonant (a map's letters А, Б, В stay as they are)
_CONSONANT_END = re.compile(r"(?<=\w[бвгджзклмнпрстфхцчшщ])\b", re.IGNORECASE)
_I_BEFORE_VOWEL = re.compile(r"и(?=[аеёиоуыэюяй])")


def _pre_1918(text: str) -> str:
    """Modern Russian spelling written as before 1918 (the letters that need no dictionary)."""
    return _I_BEFORE_VOWEL.sub("і", _CONSONANT_END.sub("ъ", text))


def _characters(config: str) -> Callable[[str], str]:
    """Chinese text converted by OpenCC, character by character (so that offsets stay)."""
    from opencc import OpenCC

    converter = OpenCC(config)

    def convert(text: str) -> str:
        return "".join(c if len(c := converter.convert(ch)) == 1 else ch for ch in text)

    return convert


_CHINESE_PUNCTUATION = re.compile(r"[，。、；：「」『』（）！？]")


def _unpunctuated(text: str) -> str:
    return _CHINESE_PUNCTUATION.sub("", text)


def _u_and_i(text: str) -> str:
    return text.translate(str.maketrans("vjVJ", "uiUI"))


_SOEWANDI = [("kh", "ch"), ("ny", "nj"), ("sy", "sj"), ("j", "dj"), ("y", "j"), ("c", "tj")]


def _soewandi(text: str) -> str:
    """Modern Indonesian spelling written as between 1947 and 1972 (capitals kept)."""
    def respell(match: re.Match) -> str:
        word = match.group()
        out, i = [], 0
        while i < len(word):
            for new, old in _SOEWANDI:
                if word[i:i + len(new)].lower() == new:
                    out.append(old.capitalize() if word[i].isupper() else old)
                    i += len(new)
                    break
            else:
                out.append(word[i])
                i += 1
        return "".join(out)

    return re.sub(r"\w+", respell, text)


def _van_ophuijsen(text: str) -> str:
    return re.sub(r"u", "oe", re.sub(r"U", "Oe", _soewandi(text)))


RESPELLINGS: dict[str, tuple[str, Callable[[str], str]]] = {
    "zh-simplified": ("zh", _characters("t2s")),
    "zh-hk": ("zh", _characters("t2hk")),
    "zh-unpunctuated": ("zh", _unpunctuated),
    "ru-pre-1918": ("ru", _pre_1918),
    "la-u-i": ("la", _u_and_i),
    "id-1947": ("id", _soewandi),
    "id-1901": ("id", _van_ophuijsen),
}


def respelled_clause(clause: Clause, respell: Callable[[str], str]) -> Clause:
    """The clause respelled piece by piece between its marks, so that every mark keeps its place."""
    cuts = sorted({0, len(clause.text), *(p for m in clause.marks for p in (m.start, m.end))})
    pieces = [respell(clause.text[a:b]) for a, b in zip(cuts, cuts[1:])]
    moved = {0: 0}
    at = 0
    for (a, b), piece in zip(zip(cuts, cuts[1:]), pieces):
        at += len(piece)
        moved[b] = at
    marks = [m.model_copy(update={"start": moved[m.start], "end": moved[m.end]}) for m in clause.marks]
    return clause.model_copy(update={"text": "".join(pieces), "marks": marks})


def respelled(treaty: Treaty, key: str, respell: Callable[[str], str]) -> Treaty:
    version = treaty.versions[key]
    primary = version.primary
    divisions = [d.model_copy(update={"clauses": [respelled_clause(c, respell) for c in d.clauses]})
                 for d in primary.divisions]
    witness = primary.model_copy(update={"divisions": divisions})
    versions = dict(treaty.versions) | {key: version.model_copy(update={"witnesses": [witness, *version.witnesses[1:]]})}
    return treaty.model_copy(update={"versions": versions})


def said(finding: Finding) -> tuple:
    segments = tuple((lang, tuple(sorted(ids))) for lang, ids in sorted(finding.segments.items()) if ids)
    return finding.type, finding.severity, finding.article or "", finding.concept or "", segments


def findings(treaty: Treaty, corpus: Corpus, matcher: LexiconMatcher, langs: list[str]) -> Counter:
    alignment = align_treaty(treaty, corpus.lexicon, langs=langs, semantic=False, matcher=matcher)
    report = check_treaty(treaty, corpus.lexicon, langs=langs, alignment=alignment)
    return Counter(said(f) for f in report.findings)


def compare(corpus: Corpus, name: str) -> tuple[int, Counter, Counter]:
    """(pairs checked, findings only after the respelling, findings only before), by treaty and pair."""
    lang, respell = RESPELLINGS[name]
    matcher = LexiconMatcher(corpus.lexicon)
    pairs, new, lost = 0, Counter(), Counter()
    for treaty in corpus.treaties.values():
        keys = [k for k, v in treaty.versions.items() if v.lang == lang]
        for key in keys:
            changed = respelled(treaty, key, respell)
            for langs in combinations(treaty.versions, 2):
                if key not in langs:
                    continue
                before = findings(treaty, corpus, matcher, list(langs))
                after = findings(changed, corpus, matcher, list(langs))
                pairs += 1
                for item, n in (after - before).items():
                    new[(treaty.id, "-".join(langs), *item)] += n
                for item, n in (before - after).items():
                    lost[(treaty.id, "-".join(langs), *item)] += n
    return pairs, new, lost


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", help="corpus folder (default: the bundled texts)")
    args = parser.parse_args(argv)
    corpus = Corpus(args.corpus)
    print(f"{'respelling':<16} {'pairs':>6} {'new findings':>13} {'lost findings':>14} {'seconds':>8}")
    failed = False
    details = []
    for name in RESPELLINGS:
        started = time.perf_counter()
        pairs, new, lost = compare(corpus, name)
        print(f"{name:<16} {pairs:>6} {sum(new.values()):>13} {sum(lost.values()):>14} "
              f"{time.perf_counter() - started:>8.1f}")
        details += [f"  {name}: NEW  {item}" for item in sorted(new)]
        details += [f"  {name}: LOST {item}" for item in sorted(lost)]
        failed |= bool(new or lost)
    if details:
        print("\n".join(["", *details]))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
