"""A decision stays made (issue 13): findings keep their identity across views and corrections.

The example throughout is the Sungari finding of Aigun art. 1: the Chinese territorial clause names
松花江 beside the Amur, the Russian and Indonesian do not. Every test works on a corpus copy.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import unquote

import pytest
from lxml import etree, html

from comparer import review, tei
from comparer.corpus import Corpus
from comparer.errors import InputError
from comparer.model import Finding, Treaty

try:
    from comparer.web import auth, create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app

TREATY = "aigun-1858"
ALL, RU_ZH, ZH_ID = ["ru", "zh", "id"], ["ru", "zh"], ["zh", "id"]
NS = {"t": tei.TEI_NS}
TOKEN = "alice-token-0123456789"
ROW_1, ROW_2 = "g.aigun-1858.ru.a1.c1", "g.aigun-1858.ru.a1.c2"  # the rows the issue merged


@pytest.fixture(scope="module")
def lexicon():
    return Corpus().lexicon


@pytest.fixture()
def path(corpus_copy: Path) -> Path:
    return corpus_copy / f"{TREATY}.xml"


def findings(treaty: Treaty, lexicon, langs: list[str]) -> list[Finding]:
    return review.Checker(lexicon).report(treaty, langs).findings


def sungari(found: list[Finding]) -> Finding:
    return next(f for f in found if f.type == "missing_concept" and f.concept == "place.sungari" and f.article == "a1")


def part_reviews(finding: Finding) -> dict[str, str]:
    return {"-".join(p.langs): p.review for p in finding.parts}


def now(path: Path, lexicon, langs: list[str] = ALL) -> Finding:
    return sungari(findings(review.read(path, review.Checker(lexicon)).treaty, lexicon, langs))


def decide(path: Path, lexicon, status: str, langs: list[str] = ALL, **kwargs) -> review.Snapshot:
    checker = review.Checker(lexicon)
    finding = sungari(findings(review.read(path, checker).treaty, lexicon, langs))
    return review.review_finding(path, finding, status, kwargs.pop("comment", ""), editor="alice", langs=langs,
                                 checker=checker, **kwargs)


def edit(path: Path, lexicon, edit_: review.Edit) -> review.Snapshot:
    return review.edit_alignment(path, edit_, editor="bob", checker=review.Checker(lexicon))


def append_to_clause(path: Path, clause_id: str, text: str) -> None:
    """An editor's change to a clause's text, made in the file as a text editor would."""
    tree = tei.parse_file(path)
    seg = tree.getroot().find(f".//t:seg[@{{{tei.XML_NS}}}id='{clause_id}']", NS)
    if len(seg):
        seg[-1].tail = (seg[-1].tail or "") + text
    else:
        seg.text = (seg.text or "") + text
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


# ---------------------------------------------------------------- identity


def test_a_pair_has_the_same_part_in_every_view_and_the_id_hashes_the_parts(corpus, lexicon):
    treaty = corpus.treaty(TREATY)
    three, pair, other = (sungari(findings(treaty, lexicon, langs)) for langs in (ALL, RU_ZH, ZH_ID))
    assert [p.langs for p in three.parts] == [RU_ZH, ZH_ID], "ru and id agree (both lack it): no ru-id part"
    assert {p.id for p in three.parts} == {pair.parts[0].id, other.parts[0].id}
    assert len({three.id, pair.id, other.id}) == 3, "a finding id names the finding as one view shows it"
    reordered = sungari(findings(treaty, lexicon, ["zh", "ru"]))
    assert reordered.id == pair.id, "the order of the columns changes nothing"


def test_dismissed_between_three_versions_is_dismissed_between_two(path, lexicon, run_cli):
    decide(path, lexicon, "dismissed", ALL, comment="the Sungari mouth is the Amur mouth")
    for langs in (RU_ZH, ZH_ID):
        assert now(path, lexicon, langs).review == "dismissed"
    listed = json.loads(run_cli("--corpus", str(path.parent), "review", TREATY, "--list", "--langs", "ru,zh",
                                "--status", "dismissed", "--json").stdout)["findings"]
    (row,) = [r for r in listed if r["finding"] == now(path, lexicon, RU_ZH).id]
    assert (row["article"], row["type"], row["severity"], row["editor"]) == ("a1", "missing_concept", "high", "alice")
    assert row["comment"] == "the Sungari mouth is the Amur mouth" and "松花江" in row["message"]


def test_a_review_between_two_versions_shows_for_its_pair_between_three(path, lexicon, run_cli):
    decide(path, lexicon, "confirmed", RU_ZH)
    three = now(path, lexicon, ALL)
    assert part_reviews(three) == {"ru-zh": "confirmed", "zh-id": "open"}
    assert three.review == "open", "the zh-id pair still waits for a decision"
    text = run_cli("--corpus", str(path.parent), "review", TREATY, "--list").stdout
    block = text[text.index(three.id):].splitlines()[:3]
    assert re.search(r"ru–zh\s+confirmed\s+alice", block[1]) and re.search(r"zh–id\s+open", block[2])
    page = html.fromstring(create_app(str(path.parent), testing=True).test_client().get(
        f"/treaties/{TREATY}?langs=ru,zh,id").get_data(as_text=True))
    item = page.get_element_by_id(f"finding-{three.id}")
    assert item.get("data-review") == "open"
    assert {(li.get("data-langs"), li.get("data-review")) for li in item.xpath(".//li[@class='part-decision']")} == {
        ("ru-zh", "confirmed"), ("zh-id", "open")}
    assert "alice" in item.xpath(".//li[@data-langs='ru-zh']")[0].text_content()


# ---------------------------------------------------------------- corrections keep reviews


def test_confirm_then_merge_keeps_the_confirmation(path, lexicon):
    before = now(path, lexicon)
    decide(path, lexicon, "confirmed")
    written = edit(path, lexicon, review.Edit("merge", rows=(ROW_1, ROW_2)))
    after = now(path, lexicon)
    assert after.id == before.id and after.review == "confirmed"
    (state,) = review.with_states(written, review.Checker(lexicon))
    assert (state.current, state.stale, state.resolved, state.found_as) == (True, False, False, after.id)


def test_confirm_then_split_keeps_the_confirmation(path, lexicon):
    edit(path, lexicon, review.Edit("merge", rows=(ROW_1, ROW_2)))
    merged = now(path, lexicon)
    decide(path, lexicon, "confirmed")
    edit(path, lexicon, review.Edit("split", rows=(ROW_1,), clause="aigun-1858.ru.a1.c2"))
    after = now(path, lexicon)
    assert after.id == merged.id and after.review == "confirmed"


def test_a_moved_clause_changes_the_row_not_the_finding(path, lexicon):
    """The finding's parts are located by the clause that names the Sungari, and the Russian absence by
    its article, so moving the next Chinese clause into the row changes neither."""
    decide(path, lexicon, "dismissed")
    before = now(path, lexicon)
    edit(path, lexicon, review.Edit("move", clause="aigun-1858.zh.a1.c2", to="up"))
    after = now(path, lexicon)
    assert "aigun-1858.zh.a1.c2" in after.segments["zh"], "the row holds the moved clause now"
    assert [p.id for p in after.parts] == [p.id for p in before.parts] and after.review == "dismissed"


def test_changed_text_makes_the_review_stale_and_a_resolved_disagreement_is_shown_as_such(path, lexicon, run_cli):
    decide(path, lexicon, "confirmed")
    append_to_clause(path, "aigun-1858.zh.a1.c1", "（校）")
    snapshot = review.read(path, review.Checker(lexicon))
    (stale,) = review.with_states(snapshot, review.Checker(lexicon))
    assert stale.stale and not stale.resolved and now(path, lexicon).review == "confirmed", "kept, marked stale"

    append_to_clause(path, "aigun-1858.ru.a1.c1", " и Сунгари")
    assert part_reviews(now(path, lexicon)) == {"ru-id": "open", "zh-id": "confirmed"}, \
        "the zh-id part still stands and keeps its review; ru-id is a new disagreement"
    append_to_clause(path, "aigun-1858.id.a1.c1", " dan Sungari")
    assert not any(f.concept == "place.sungari" for f in findings(tei.load_treaty(path), lexicon, ALL))
    (gone,) = review.with_states(review.read(path, review.Checker(lexicon)), review.Checker(lexicon))
    assert gone.resolved and gone.found_as is None and gone.current, "no longer found, never dropped"
    listed = run_cli("--corpus", str(path.parent), "review", TREATY, "--list").stdout
    assert f"{gone.finding}" in listed and "resolved by a correction" in listed
    history = run_cli("--corpus", str(path.parent), "review", TREATY, "--history").stdout
    assert "[resolved by a correction]" in history and "[stale]" in history
    page = html.fromstring(create_app(str(path.parent), testing=True).test_client().get(
        f"/treaties/{TREATY}").get_data(as_text=True))
    (shown,) = page.xpath("//section[@class='resolved-reviews']//li")
    assert gone.finding in shown.text_content() and shown.xpath(".//span[@class='stale']")
    exported = etree.fromstring(run_cli("--corpus", str(path.parent), "export", TREATY, "--format", "tei",
                                        "--no-semantic").stdout_bytes)
    stored = exported.find(f".//t:annotation[@{{{tei.XML_NS}}}id='{gone.id}']", NS)
    assert stored.get("rend") == "stale" and stored.get("ana") == f"#{gone.finding}"
    retired = exported.find(f".//t:annotation[@{{{tei.XML_NS}}}id='{gone.finding}']", NS)
    assert retired.get("resp") == "#checker" and "changed since the review" in retired.findtext("t:note", namespaces=NS)


# ---------------------------------------------------------------- corrections stay inside a division


def test_a_cross_division_merge_or_move_is_refused_unless_marked(path, lexicon):
    before = path.read_bytes()
    rows = review.Checker(lexicon).rows(review.read(path).treaty).groups
    last_preamble = [g for g in rows if g.article == "pre"][-1]
    with pytest.raises(InputError, match="join the preamble and article 1: a correction stays inside one division"):
        edit(path, lexicon, review.Edit("merge", rows=(last_preamble.id, ROW_1)))
    with pytest.raises(InputError, match="join the preamble and article 1"):
        edit(path, lexicon, review.Edit("move", clause="aigun-1858.zh.a1.c1", to="up"))
    with pytest.raises(InputError, match="join article 1 and article 2"):
        edit(path, lexicon, review.Edit("move", clause=rows[[g.article for g in rows].index("a2")].segments["zh"][0],
                                        to="up"))
    assert path.read_bytes() == before
    written = edit(path, lexicon, review.Edit("merge", rows=(last_preamble.id, ROW_1), cross_division=True))
    assert written.corrections[0].action == "merge"


def test_the_cli_refuses_a_cross_division_merge_in_one_line(run_cli, corpus_copy, lexicon):
    last_preamble = [g for g in review.Checker(lexicon).rows(Corpus(corpus_copy).treaty(TREATY)).groups
                     if g.article == "pre"][-1]
    base = ("--corpus", str(corpus_copy), "review", TREATY, "--merge", last_preamble.id, ROW_1)
    refused = run_cli(*base)
    assert refused.exit_code == 2 and refused.stderr.count("\n") == 1 and "cross-division" in refused.stderr
    assert run_cli(*base, "--cross-division").exit_code == 0


# ---------------------------------------------------------------- the faces agree


def test_check_prints_ids_and_history_says_when_there_is_none(run_cli, corpus_copy):
    checked = run_cli("--corpus", str(corpus_copy), "check", TREATY, "--no-semantic").stdout
    line = next(line for line in checked.splitlines() if "松花江" in line)
    assert re.match(r"F-[0-9a-f]{8}  art\. 1 ", line)
    assert run_cli("--corpus", str(corpus_copy), "review", TREATY, "--history").stdout.strip() == \
        f"{TREATY}: no reviews yet, and no corrections of the alignment"


def test_confirm_merge_list_keeps_the_sungari_confirmation_in_every_face(corpus_copy, run_cli, tei_all):
    """The issue's sequence: confirm from the command line (with the id `comparer check` prints), merge
    through the API, and find the confirmation in the CLI list, the API, the reader and the TEI export."""
    checked = run_cli("--corpus", str(corpus_copy), "check", TREATY, "--no-semantic").stdout
    finding_id = next(line for line in checked.splitlines() if "松花江" in line).split()[0]
    confirmed = run_cli("--corpus", str(corpus_copy), "review", TREATY, finding_id, "--status", "confirmed",
                        "--comment", "zh names the Sungari", "--editor", "alice")
    assert confirmed.exit_code == 0, confirmed.stderr
    app = create_app(str(corpus_copy), edit=True, editors=auth.Editors({"alice": TOKEN}), testing=True)
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    merged = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer,
                         json={"action": "merge", "rows": [ROW_1, ROW_2]})
    assert merged.status_code == 200, merged.get_json()

    listed = run_cli("--corpus", str(corpus_copy), "review", TREATY, "--list").stdout
    assert re.search(rf"^{finding_id}  art\. 1 +missing_concept +high +confirmed .*alice", listed, re.M)
    assert "more review(s)" not in listed
    checked = client.get(f"/api/treaties/{TREATY}/check").get_json()["findings"]
    assert next(f for f in checked if f["id"] == finding_id)["review"] == "confirmed"
    (state,) = client.get(f"/api/treaties/{TREATY}/reviews").get_json()["reviews"]
    assert (state["found_as"], state["resolved"], state["current"]) == (finding_id, False, True)
    page = html.fromstring(client.get(f"/treaties/{TREATY}").get_data(as_text=True))
    item = page.get_element_by_id(f"finding-{finding_id}")
    assert item.get("data-review") == "confirmed" and "zh names the Sungari" in item.text_content()
    assert page.xpath(f"//tr[@id='{ROW_1}']//a[@class='row-num']/text()") == ["1.1+1.2"]
    assert page.xpath("//tr[@id='g.aigun-1858.ru.a1.c3']//a[@class='row-num']/text()") == ["1.3"], "no renumbering"
    history = html.fromstring(client.get(f"/treaties/{TREATY}/history").get_data(as_text=True))
    assert history.xpath(f"//tr[@id='review-1']//a[contains(@href,'#finding-{finding_id}')]")
    assert not history.xpath("//tr[@id='review-1']//span[@class='resolved']")

    exported = run_cli("--corpus", str(corpus_copy), "export", TREATY, "--format", "tei", "--no-semantic")
    root = etree.fromstring(exported.stdout_bytes)
    (annotation,) = root.iterfind("t:standOff/t:listAnnotation/t:annotation[@n='confirmed']", NS)
    assert annotation.get("ana") == f"#{finding_id}" and annotation.get("rend") is None
    assert root.find(f".//t:annotation[@{{{tei.XML_NS}}}id='{finding_id}'][@resp='#checker']", NS) is not None
    assert tei_all.validate(etree.ElementTree(root)), [e.message for e in tei_all.error_log][:3]


def test_the_api_and_the_form_refuse_a_cross_division_merge(corpus_copy, lexicon):
    app = create_app(str(corpus_copy), edit=True, editors=auth.Editors({"alice": TOKEN}), testing=True)
    client = app.test_client()
    bearer = {"Authorization": f"Bearer {TOKEN}"}
    rows = client.get(f"/api/treaties/{TREATY}/alignment").get_json()["groups"]
    last_preamble = [g for g in rows if g["article"] == "pre"][-1]["id"]
    body = {"action": "merge", "rows": [last_preamble, ROW_1]}
    refused = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer, json=body)
    assert refused.status_code == 400 and "cross-division" in refused.get_json()["error"]
    for bad in ({"action": "split", "row": ROW_1, "at": "aigun-1858.ru.a1.c2"}, body | {"cross_division": "yes"}):
        assert client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer, json=bad).status_code == 400

    login = html.fromstring(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"csrf": login.xpath("//input[@name='csrf']/@value")[0], "token": TOKEN})
    page = html.fromstring(client.get(f"/treaties/{TREATY}").get_data(as_text=True))
    form = page.xpath(f"//tr[@id='{last_preamble}']//form[contains(@class,'row-form')]")[0]
    fields = {i.get("name"): i.get("value") for i in form.xpath(".//input[@type='hidden']")} | {"action": "merge"}
    assert form.xpath(".//input[@type='checkbox'][@name='cross_division']")
    answer = client.post(form.get("action"), data=fields)
    assert answer.status_code == 400 and "cross-division" in answer.get_data(as_text=True)
    assert client.post(form.get("action"), data=fields | {"cross_division": "on"}).status_code == 303
    split = client.post(f"/api/treaties/{TREATY}/alignment", headers=bearer,
                        json={"action": "split", "rows": [last_preamble], "clause": ROW_1.removeprefix("g.")})
    assert split.status_code == 200, "split names its row and clause as merge and move do"


def test_a_clause_permalink_turns_its_version_on(client):
    answer = client.get(f"/treaties/{TREATY}/clauses/aigun-1858.id.a1.c2?langs=ru,zh")
    assert answer.status_code == 303
    assert unquote(answer.headers["Location"]).endswith(f"/treaties/{TREATY}?langs=ru,zh,id#aigun-1858.id.a1.c2")
    edition = client.get(f"/treaties/{TREATY}/clauses/aigun-1858.ru.barsukov.a1.c1?langs=zh,id")
    assert unquote(edition.headers["Location"]).endswith("?langs=zh,id,ru&wit=ru:barsukov#aigun-1858.ru.barsukov.a1.c1")
    assert client.get(f"/treaties/{TREATY}/clauses/aigun-1858.id.a9.c9").status_code == 404
    page = html.fromstring(client.get(f"/treaties/{TREATY}?langs=ru,zh").get_data(as_text=True))
    assert [unquote(u) for u in page.xpath("//table[@data-clause-permalink]/@data-clause-permalink")] == [
        f"/treaties/{TREATY}/clauses/CLAUSE?langs=ru,zh"]


def test_the_api_takes_the_article_as_the_payloads_give_it(client):
    by_number = client.get(f"/api/treaties/{TREATY}?langs=ru&article=1").get_json()
    assert client.get(f"/api/treaties/{TREATY}?langs=ru&article=a1").get_json() == by_number
    preamble = client.get(f"/api/treaties/{TREATY}?langs=ru&article=pre").get_json()["versions"]["ru"]
    assert preamble["preamble"] and not preamble["articles"] and not preamble["closing"]
    assert client.get(f"/api/treaties/{TREATY}?langs=ru&article=a99").status_code == 400
