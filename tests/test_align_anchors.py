"""Cross-script anchors: numbers in any numeral system, dates, sentence marks and paragraph
starts become shared keys of a Chinese unit and its translation."""
from __future__ import annotations

from comparer.align.anchors import CLOSES_QUOTATION, paragraph_keys, unit_keys
from comparer.align.beads import Bead
from comparer.align.keys import Key
from comparer.align.similarity import align_texts


def shared(zh: str, other: str, lang: str = "en") -> set:
    (zh_keys,), (other_keys,) = unit_keys("zh", [zh]), unit_keys(lang, [other])
    return zh_keys & other_keys


def test_numbers_meet_across_numeral_systems():
    assert Key("number", "21") in shared("我二十一岁时，正在云南插队。", "At twenty-one, I was in Yunnan.")
    assert Key("number", "1858") in shared("一千八百五十八年", "in the year 1858")
    assert Key("number", "14") in shared("我在山下十四队。", "I was on the fourteenth team.")


def test_dates_meet_across_scripts_and_calendars():
    assert any(k.kind == "date" for k in shared("（2012年11月15日）", "November 15, 2012"))
    # 咸豐八年四月十六日 is 28 May 1858 (Gregorian), 16 May in the Julian calendar.
    assert any(k.kind == "date" for k in shared("咸豐八年四月十六日", "16 мая 1858 года", "ru"))
    assert not any(k.kind == "date" for k in shared("（2012年11月15日）", "November 16, 2012"))


def test_sentence_marks_meet_whatever_their_width():
    keys = shared("“你去哪儿？”她问。", '"Where are you going?" she asked.')
    assert {Key("punct", "?"), Key("punct", '"'), Key("punct", "opens with a quotation")} <= keys
    assert Key("punct", "ends with ?") in shared("你去哪儿？", "Where are you going?")
    assert Key("punct", "ends with ?") not in shared("你去哪儿？", "She asked where I was going.")
    assert Key("punct", "opens with a quotation") in shared("「我走了。」", '"I am leaving."')


def test_a_quotation_closing_the_sentence_meets_across_scripts():
    assert CLOSES_QUOTATION in shared("她劝道：“你别和他吵。”", "'Don't quarrel with him!'")
    assert CLOSES_QUOTATION in shared("他说：「走吧！」", 'He said: "Let us go!"')
    assert CLOSES_QUOTATION not in shared("她劝道：“你别和他吵。”", "'Don't quarrel with him,' she said.")
    # A quoted word before the final stop closes no quotation.
    assert CLOSES_QUOTATION not in shared("只是‘爱’哥哥的。", "Only 'Couthin'.")


def test_marks_of_a_sentences_edges_count_only_at_a_beads_edges():
    # Inside a bead, a question mark or a closing quotation shows nothing of where it ends.
    zh = ["你去哪儿？", "天很冷。", "他说：“走吧。”"]
    en = ["Where are you going?", "It was cold.", "'Let us go,' he said.", "'Now.'"]
    scorer = align_texts(zh, en, src_lang="zh", tgt_lang="en", semantic=False).scorer
    assert Key("punct", "ends with ?") in scorer.evidence([0], [0])
    assert Key("punct", "ends with ?") not in scorer.evidence([0, 1], [0, 1])
    assert CLOSES_QUOTATION in scorer.evidence([2], [2, 3])
    assert CLOSES_QUOTATION not in scorer.evidence([1, 2], [1, 2])


def test_paragraph_starts_after_the_first_are_keys():
    assert paragraph_keys([True, False, True, False]) == [set(), set(), {Key("paragraph", "start")}, set()]


def test_anchors_align_chinese_with_english_where_lengths_mislead():
    # Lengths alone would pair the long Chinese sentence with the long English one; the
    # numbers and the question say otherwise.
    zh = ["他说：“这是一千八百五十八年的事吗？”", "第二天，他们走了三十里路。", "河水很深。",
          "我二十一岁那年去了云南。", "天很冷。"]
    en = ['"Did this happen in 1858?" he said.', "The next day they walked thirty li.",
          "The river was deep.", "In the year I was twenty-one I went to Yunnan.", "It was cold."]
    beads = align_texts(zh, en, src_lang="zh", tgt_lang="en", semantic=False).beads
    assert [(b.src, b.tgt) for b in beads] == [((k,), (k,)) for k in range(5)]


def test_names_meet_by_transcription_near_the_first_alignment():
    from comparer.align.anchors import name_keys

    zh = ["我二十一岁时，正在云南插队。", "陈清扬当时二十六岁，就在我插队的地方当医生。", "天很冷。"]
    en = ["At twenty-one, I was in Yunnan.", "That year Chen Qingyang was twenty-six and a doctor.",
          "It was cold."]
    beads = [Bead((k,), (k,)) for k in range(3)]
    zh_keys, en_keys = name_keys("zh", zh, "en", en, beads)
    assert zh_keys[1] == en_keys[1] == {Key("name", "chenqingyang")}
    assert zh_keys[0] == en_keys[0] == {Key("name", "yunan")}  # 云南, Yunnan (doubled letters fold)
    assert not zh_keys[2] and not en_keys[2]
    # Texts in one script share names as words: no name keys.
    assert name_keys("de", ["Herr Chen kam."], "fr", ["M. Chen vint."], [Bead((0,), (0,))]) == ([set()], [set()])
