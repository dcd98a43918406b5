"""The dictionary the aligner learns from a text pair: IBM Model 1 over confident beads."""
from __future__ import annotations

from comparer.align.beads import Bead
from comparer.align.dictionary import confident_pairs, dictionary_keys, learn_dictionary, train_ibm1
from comparer.align.keys import Key
from comparer.align.similarity import Side


def test_dictionary_is_learnt_from_one_to_one_beads():
    src = Side.build(["anfang", "haus steht", "haus brennt", "baum steht", "baum brennt",
                      "haus fällt", "baum fällt", "ende"])
    tgt = Side.build(["début", "maison reste", "maison brûle", "arbre reste", "arbre brûle",
                      "maison tombe", "arbre tombe", "fin"])
    beads = [Bead((k,), (k,)) for k in range(8)]
    assert set(learn_dictionary(src.tokens, tgt.tokens, beads)) == {
        ("haus", "maison"), ("baum", "arbre"), ("steht", "reste"), ("brennt", "brûle"),
        ("fällt", "tombe")}  # not "anfang": first and last beads are not confident


def test_only_one_to_one_beads_between_one_to_one_beads_are_confident():
    beads = [Bead((0,), (0,)), Bead((1,), (1,)), Bead((2,), (2,)), Bead((3, 4), (3,)),
             Bead((5,), (4,)), Bead((6,), (5,)), Bead((7,), (6,))]
    assert confident_pairs(beads) == [(1, 1), (6, 5)]


def test_em_explains_away_a_word_that_is_everywhere():
    # "la" turns up with every word; co-occurrence alone would pair it with "der" as often as
    # "der" with "la".  Model 1 gives "la" to "die" and the rest to their own translations.
    pairs = [(["die", "katze"], ["la", "chatte"]), (["die", "maus"], ["la", "souris"]),
             (["die", "katze", "schläft"], ["la", "chatte", "dort"]), (["die", "maus", "schläft"], ["la", "souris", "dort"])]
    table = train_ibm1(pairs)
    assert max(table["katze"], key=table["katze"].get) == "chatte"
    assert max(table["die"], key=table["die"].get) == "la"
    assert max(table["schläft"], key=table["schläft"].get) == "dort"
    assert abs(sum(table["katze"].values()) - 1.0) < 1e-9


def test_dictionary_keys_mark_the_units_holding_a_pair_word():
    keys = dictionary_keys([["haus", "steht"], ["baum"]], [("haus", "maison")], source=True)
    assert keys == [{Key("dict", ("haus", "maison"))}, set()]
    assert dictionary_keys([["maison"], []], [("haus", "maison")], source=False)[0] == {Key("dict", ("haus", "maison"))}
