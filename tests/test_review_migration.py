"""Reviews stored by the first review format (a finding id per view) are carried over to finding parts.

The fixture tests/fixtures/reviews-v1/aigun-1858.xml was written by that format's code (its README
says how): five reviews in three choices of versions, and a merge made after the first of them,
which that format had already lost the Sungari confirmation to (issue 13).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html

from comparer import review, tei
from comparer.corpus import Corpus
from comparer.model import Finding

try:
    from comparer.web import create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import create_app

FIXTURE = Path(__file__).parent / "fixtures" / "reviews-v1" / "aigun-1858.xml"
TREATY = "aigun-1858"
ALL, RU_ZH = ["ru", "zh", "id"], ["ru", "zh"]
# review-5 confirmed that the Indonesian signatures id.end.c4-c7 have no counterpart in the Chinese
# closing (zh-id). The aligner has since left all the signatures (c2-c7) out of the date's row, so the
# checks report the whole block as one finding: another finding, which the review is not carried to.
SINCE_CHANGED = "review-5"
NS = {"t": tei.TEI_NS}


@pytest.fixture(scope="module")
def lexicon():
    return Corpus().lexicon


@pytest.fixture()
def path(corpus_copy: Path) -> Path:
    target = corpus_copy / f"{TREATY}.xml"
    shutil.copyfile(FIXTURE, target)
    return target


def holding(findings: list[Finding], decision: review.Review) -> Finding:
    return next(f for f in findings if {p.id for p in f.parts} & set(decision.parts))


def test_every_stored_review_keeps_its_status(path, lexicon):
    checker = review.Checker(lexicon)
    snapshot = review.read(path, checker)
    reviews = snapshot.by_id()
    assert sorted(reviews) == [f"review-{n}" for n in range(1, 6)]
    assert [r.id for r in reviews.values() if not (r.upgraded and r.parts)] == [SINCE_CHANGED], \
        "every one found again whose finding the checks still make"
    assert [r.id for r in snapshot.reviews if not r.current] == ["review-3"], "review-4 reopened what it dismissed"
    three = checker.report(snapshot.treaty, ALL).findings

    sungari = holding(three, reviews["review-1"])
    assert (sungari.concept, sungari.article, sungari.review) == ("place.sungari", "a1", "confirmed"), \
        "confirmed before the merge, found again in the rows as they were then"
    preamble = holding(three, reviews["review-2"])
    assert {"-".join(p.langs): p.review for p in preamble.parts}["ru-zh"] == "dismissed", "made between ru and zh"
    aigun = holding(three, reviews["review-4"])
    assert aigun.review == "open" and {p.reviewed_in for p in aigun.parts} == {"review-4"}
    since_changed = reviews[SINCE_CHANGED]
    assert (since_changed.status, since_changed.finding, since_changed.parts) == ("confirmed", "F-20107703", []), \
        "kept under its old id, not attached to the finding that now holds its clauses"
    # shown as resolved: the finding it named is no longer made
    assert [r.id for r in review.with_states(snapshot, checker) if r.resolved] == [SINCE_CHANGED]


def test_the_upgrade_is_written_back_with_the_next_change(path, lexicon, tei_all):
    checker = review.Checker(lexicon)
    before = path.read_bytes()
    upgraded = review.read(path, checker)
    assert path.read_bytes() == before, "reading writes nothing"
    written = review.edit_alignment(path, review.Edit("no-counterpart", clause="aigun-1858.zh.a3.c1"), editor="alice",
                                    checker=checker)
    root = tei.parse_file(path).getroot()
    for decision in (r for r in upgraded.reviews if r.parts):
        annotation = root.find(f".//t:annotation[@{{{tei.XML_NS}}}id='{decision.id}']", NS)
        assert annotation.findtext("t:revisionDesc/t:change/t:idno[@type='parts']", namespaces=NS).split() == \
            decision.parts
        assert annotation.findtext("t:revisionDesc/t:change/t:idno[@type='versions']", namespaces=NS), "kept"
    assert tei_all.validate(tei.parse_file(path)), [e.message for e in tei_all.error_log][:3]
    again = review.read(path)  # no checker: nothing left to carry over
    assert [(r.id, r.parts, r.upgraded) for r in again.reviews] == [(r.id, r.parts, False) for r in upgraded.reviews]
    assert [r.current for r in written.reviews] == [r.current for r in upgraded.reviews]
    stored = tei.load_treaty(path)  # what `comparer check` and the exports read
    statuses = {f.concept: f.review for f in review.Checker(lexicon).report(stored, ALL).findings if f.article == "a1"}
    assert statuses["place.sungari"] == "confirmed"


def test_before_the_upgrade_check_still_reads_an_old_review_in_its_own_view(path, lexicon):
    stored = tei.load_treaty(path)
    assert [a.parts for a in stored.annotations] == [[]] * 5
    pair = review.Checker(lexicon).report(stored, RU_ZH).findings  # comparer.check, aligned without embeddings
    preamble = next(f for f in pair if f.article == "pre" and f.concept == "concept.defence-against-foreigners")
    assert preamble.review == "dismissed" and preamble.parts[0].reviewed_in == "review-2"


def test_the_reader_and_the_history_show_the_carried_over_reviews(path):
    client = create_app(str(path.parent), testing=True).test_client()
    page = html.fromstring(client.get(f"/treaties/{TREATY}").get_data(as_text=True))
    sungari = next(li for li in page.xpath("//li[contains(@class,'finding')]") if "松花江" in li.text_content())
    assert sungari.get("data-review") == "confirmed" and "Sungari named in zh only" in sungari.text_content()
    history = html.fromstring(client.get(f"/treaties/{TREATY}/history").get_data(as_text=True))
    assert len(history.xpath("//tr[starts-with(@id,'review-')]//span[@class='upgraded']")) == 4
    assert len(history.xpath("//span[@class='resolved']")) == 1  # review-5 (SINCE_CHANGED)
