"""A translation dictionary learnt from the text pair itself, for the aligner's second pass.

After a first alignment, the confident 1-1 beads (a 1-1 bead between two other 1-1 beads)
are taken as sentence translations and IBM Model 1 (Brown et al. 1993) is trained on them
in both directions by expectation-maximisation: each target word is explained by one of
the source words of its sentence (or by none), in proportion to the current translation
probabilities.  Unlike raw co-occurrence counts, EM lets a word that is explained by
another word of the sentence ("the" by the article it translates) stop claiming the rest,
so a name, a number word or a content word ends up paired with its own translation, as in
Moore (2002) and hunalign.  Pairs probable in both directions become evidence keys.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from typing import Sequence

import numpy as np

from comparer.align.beads import Bead
from comparer.align.keys import Key

# EM rounds; the probabilities hardly move after five.
ITERATIONS = 5
# At most this many sentence pairs are trained on (evenly spread over the text): enough for
# the words that matter, and training time stays bounded on a long text.
MAX_PAIRS = 3000
_NULL = None


def confident_pairs(beads: Sequence[Bead]) -> list[tuple[int, int]]:
    """(source, target) units of the 1-1 beads whose neighbours are 1-1 beads too."""
    return [(beads[k].src[0], beads[k].tgt[0]) for k in range(1, len(beads) - 1)
            if all(len(b.src) == 1 == len(b.tgt) for b in beads[k - 1:k + 2])]


def train_ibm1(pairs: Sequence[tuple[Sequence[str], Sequence[str]]],
               iterations: int = ITERATIONS) -> dict[str, dict[str, float]]:
    """t[f][e]: the probability that source word f is translated as target word e (or
    that e is explained by no source word, f = None).

    Each EM round runs over the (sentence, f, e) triples at once, as arrays: every target
    word's share of its sentence's source words, summed per word pair."""
    sentences = [(list(dict.fromkeys(f_words)) + [_NULL], list(dict.fromkeys(e_words)))
                 for f_words, e_words in pairs if e_words]
    f_index: dict = {}
    e_index: dict = {}
    f_of, e_of, group_of = [], [], []  # per triple: source word, target word, (sentence, e) group
    groups = 0
    for f_words, e_words in sentences:
        fs = np.array([f_index.setdefault(f, len(f_index)) for f in f_words])
        es = np.array([e_index.setdefault(e, len(e_index)) for e in e_words])
        f_of.append(np.tile(fs, len(es)))
        e_of.append(np.repeat(es, len(fs)))
        group_of.append(np.repeat(np.arange(groups, groups + len(es)), len(fs)))
        groups += len(es)
    if not sentences:
        return {}
    f_of, e_of, group_of = np.concatenate(f_of), np.concatenate(e_of), np.concatenate(group_of)
    pair_codes, pair_of = np.unique(f_of * len(e_index) + e_of, return_inverse=True)
    pair_f, pair_e = pair_codes // len(e_index), pair_codes % len(e_index)
    # Uniform start over the words f was ever seen with.
    table = 1.0 / np.bincount(pair_f, minlength=len(f_index))[pair_f]
    for _ in range(iterations):
        shares = table[pair_of]
        shares = shares / np.bincount(group_of, shares, minlength=groups)[group_of]
        counts = np.bincount(pair_of, shares, minlength=len(pair_codes))
        table = counts / np.bincount(pair_f, counts, minlength=len(f_index))[pair_f]
    f_words = list(f_index)
    e_words = list(e_index)
    result: dict = defaultdict(dict)
    for f, e, probability in zip(pair_f.tolist(), pair_e.tolist(), table.tolist()):
        if f_words[f] is not _NULL:
            result[f_words[f]][e_words[e]] = probability
    return dict(result)


def learn_dictionary(src_tokens: Sequence[Sequence[str]], tgt_tokens: Sequence[Sequence[str]],
                     beads: Sequence[Bead], *, min_count: int = 2,
                     min_probability: float = 0.15) -> list[tuple[str, str]]:
    """Word pairs (source, target) that translate each other in the confident beads: each
    at least ``min_probability`` likely as the other's translation, in both directions,
    and seen together in at least ``min_count`` beads."""
    pairs = confident_pairs(beads)
    if len(pairs) > MAX_PAIRS:
        step = len(pairs) / MAX_PAIRS
        pairs = [pairs[int(k * step)] for k in range(MAX_PAIRS)]
    sentences = [(src_tokens[i], tgt_tokens[j]) for i, j in pairs]
    forward = train_ibm1(sentences)
    backward = train_ibm1([(e, f) for f, e in sentences])
    together: Counter = Counter()
    for f_words, e_words in sentences:
        together.update((f, e) for f in set(f_words) for e in set(e_words)
                        if forward.get(f, {}).get(e, 0.0) >= min_probability)
    return sorted((f, e) for (f, e), count in together.items()
                  if count >= min_count and backward.get(e, {}).get(f, 0.0) >= min_probability)


def dictionary_keys(tokens: Sequence[Sequence[str]], pairs: Sequence[tuple[str, str]],
                    source: bool) -> list[set[Key]]:
    """Per unit, one key for each dictionary pair whose word (on this side) it contains."""
    by_word = defaultdict(list)
    for s, t in pairs:
        by_word[s if source else t].append(Key("dict", (s, t)))
    return [{k for word in set(unit) for k in by_word.get(word, ())} for unit in tokens]
