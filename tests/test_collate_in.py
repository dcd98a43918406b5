"""Issue 12: a scholar collates a version with their own copy of the edition (`comparer collate-in`, and
the reader with --edit). Every test works on a copy of the corpus; texts/ is never written.

The scholar's transcription is our text as `show --format txt` writes it, with one clause reworded,
a sentence added and one removed (what a collation with the printed page finds).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from lxml import html

from comparer import plaintext, review, status, tei
from comparer.exchange.collate_in import propose
from comparer.exchange.collate_store import collate_in
from comparer.model import Transcription

try:
    from comparer.web import auth, create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app

TREATY, LANG = "aigun-1858", "ru"
EDITION = "Сборник договоров России с другими государствами. 1856–1917. М., 1952, с. 29–30"
ADDED = "Сие постановление вступает в силу немедленно."
NS = {"t": tei.TEI_NS}


def _clean(line: str) -> str:
    """A line as a scholar types it from the page: no editor's notes, no doubt left."""
    line = re.sub(r"\[note:(\\.|[^\]])*\]", "", line)
    return re.sub(r"\[\?((?:\\.|[^|\]])*?)(?: \|[^\]]*)?\]", r"\1", line)


@pytest.fixture()
def scholar(corpus_copy: Path, run_cli) -> dict:
    """The scholar's file, and which of our clauses it changes, extends and leaves out."""
    treaty = tei.load_treaty(corpus_copy / f"{TREATY}.xml")
    primary = treaty.version(LANG).primary
    txt = run_cli("--corpus", str(corpus_copy), "show", TREATY, "--lang", LANG, "--format", "txt").stdout
    lines = [_clean(line) for line in txt.splitlines()]
    articles = [d for d in primary.divisions if d.kind == "article"]
    changed = articles[0].clauses[0]
    removed = articles[-1].clauses[1]
    extended = articles[1]
    out = []
    for line, clause in zip(lines, _line_clauses(txt, primary)):
        if clause is not None and clause.id == removed.id:
            continue
        if clause is not None and clause.id == changed.id:
            words = line.split(" ")
            line = " ".join(words[:3] + ["впредь"] + words[3:])  # a word our text lacks
        out.append(line)
        if clause is not None and clause.id == extended.clauses[-1].id:
            out.append(ADDED)
    path = corpus_copy.parent / "scholar-ru.txt"
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return {"path": path, "changed": changed.id, "removed": removed.id, "extended": extended,
            "count": len(primary.clauses())}


def _line_clauses(txt: str, witness) -> list:
    """Which clause each line of `render` holds (None for headings and blank lines)."""
    clauses = iter(witness.clauses())
    out = []
    for line in txt.splitlines():
        is_clause = line and not line.startswith(plaintext.CLOSING_MARK) and \
            witness_heading(witness, line) is None
        out.append(next(clauses) if is_clause else None)
    return out


def witness_heading(witness, line: str):
    return next((d for d in witness.divisions if d.head == line), None)


def _args(corpus: Path, scholar: dict, *extra: str) -> list[str]:
    return ["--corpus", str(corpus), "collate-in", TREATY, str(scholar["path"]), "--lang", LANG,
            "--edition", EDITION, "--editor", "anna", *extra]


def test_the_differences_are_shown_and_nothing_is_stored_without_acceptance(corpus_copy, scholar, run_cli):
    before = (corpus_copy / f"{TREATY}.xml").read_bytes()
    result = run_cli(*_args(corpus_copy, scholar))
    assert result.exit_code == 0, result.stderr
    assert f"{scholar['changed']}  changed (substantive)" in result.stdout
    assert "addition: + впредь" in result.stdout
    added_id = f"{TREATY}.{LANG}.{scholar['extended'].key}.c{len(scholar['extended'].clauses) + 1}"
    assert f"{added_id}  added: {ADDED}" in result.stdout
    assert f"{scholar['removed']}  removed: " in result.stdout
    assert "nothing stored" in result.stderr
    assert (corpus_copy / f"{TREATY}.xml").read_bytes() == before
    data = json.loads(run_cli(*_args(corpus_copy, scholar, "--json")).stdout)
    kinds = {c["clause"]: c["kind"] for c in data["changes"]}
    assert kinds[scholar["changed"]] == "changed" and kinds[added_id] == "added" and kinds[scholar["removed"]] == "removed"


def test_collate_in_stores_the_checked_text_and_keeps_ours_as_a_witness(corpus_copy, scholar, run_cli):
    path = corpus_copy / f"{TREATY}.xml"
    # a review of a finding on the changed clause, and a correction of the row of the removed one
    finding = next(f for f in json.loads(run_cli("--corpus", str(corpus_copy), "check", TREATY, "--langs", "ru,zh",
                                                 "--no-semantic", "--json").stdout)["findings"]
                   if scholar["changed"] in f["segments"].get("ru", []))
    assert run_cli("--corpus", str(corpus_copy), "review", TREATY, finding["id"], "--langs", "ru,zh",
                   "--status", "confirmed", "--editor", "bob").exit_code == 0
    assert run_cli("--corpus", str(corpus_copy), "review", TREATY, "--no-counterpart", scholar["removed"],
                   "--editor", "bob").exit_code == 0

    result = run_cli(*_args(corpus_copy, scholar, "--accept"))
    assert result.exit_code == 0, result.stderr
    assert run_cli("--corpus", str(corpus_copy), "validate", str(path)).exit_code == 0

    treaty = tei.load_treaty(path)
    version = treaty.version(LANG)
    primary, old = version.primary, version.witness("memory")
    assert primary.bibl.transcription is Transcription.collated and primary.bibl.citation == EDITION
    assert primary.bibl.collated_by == "anna" and re.fullmatch(r"\d{4}-\d{2}-\d{2}", primary.bibl.collated_on)
    assert old is not None and old.bibl.transcription is Transcription.reconstructed
    ids = [c.id for c in primary.clauses()]
    assert scholar["changed"] in ids and scholar["removed"] not in ids and len(ids) == scholar["count"]
    assert "впредь" in treaty.clause_index()[scholar["changed"]].text
    added = next(c for c in primary.clauses() if c.text == ADDED)
    assert added.id == f"{TREATY}.{LANG}.{scholar['extended'].key}.c{len(scholar['extended'].clauses) + 1}"
    old_removed = old.id + scholar["removed"][len(primary.id):]
    old_clauses = {c.id: c for c in old.clauses()}
    assert old_clauses[old_removed].corresp is None, "a clause the edition lacks names no checked clause"
    assert old_clauses[old.id + scholar["changed"][len(primary.id):]].corresp == f"#{scholar['changed']}"
    # pointers at the clause the checked text no longer has name our old copy of it
    barsukov = version.witness("barsukov")
    assert any(c.corresp == f"#{old_removed}" for c in barsukov.clauses())
    assert treaty.version("id").primary.bibl.translated_from == old.id

    history = json.loads(run_cli("--corpus", str(corpus_copy), "review", TREATY, "--history", "--json").stdout)["changes"]
    assert len(history) == 2 and all(item["stale"] for item in history), "stale, never dropped"

    shown = run_cli("--corpus", str(corpus_copy), "show", TREATY, "--lang", LANG).stdout
    assert f"collated with the edition by anna on {primary.bibl.collated_on}" in shown and EDITION in shown
    memory = run_cli("--corpus", str(corpus_copy), "show", TREATY, "--lang", LANG, "--witness", "memory").stdout
    assert "reconstructed from memory" in memory
    tree = tei.parse_file(path)
    change = tree.find("t:teiHeader/t:revisionDesc/t:change[@status='collated']", NS)
    assert change.get("who") == "#anna" and change.get("target") == f"#{primary.id}"
    # the header's prose says what is true now: this text collated, by whom and when; ours not
    said = [" ".join("".join(p.itertext()).split())
            for p in tree.iterfind("t:teiHeader/t:encodingDesc/t:editorialDecl/t:p", NS)]
    assert said == status.editorial_paragraphs([w for v in treaty.versions.values() for w in v.witnesses])
    assert f"{primary.id} (collated with the edition by anna on {primary.bibl.collated_on})" in said[0]
    assert old.id in said[0].partition("Not collated")[2]


def test_a_changed_file_or_the_bundled_corpus_is_not_written(corpus_copy, scholar, run_cli):
    path = corpus_copy / f"{TREATY}.xml"
    text = scholar["path"].read_text(encoding="utf-8")
    stale = review.etag_of(path.read_bytes())
    path.write_bytes(path.read_bytes().replace(b"</TEI>", b"<!-- edited -->\n</TEI>"))
    with pytest.raises(review.Conflict):
        collate_in(path, LANG, text, edition=EDITION, editor="anna", if_match=stale)
    refused = run_cli("collate-in", TREATY, str(scholar["path"]), "--lang", LANG, "--edition", EDITION, "--accept")
    assert refused.exit_code != 0 and "bundled corpus is not written" in refused.stderr
    translation = run_cli(*["--corpus", str(corpus_copy), "collate-in", TREATY, str(scholar["path"]), "--lang", "id",
                            "--edition", EDITION])
    assert translation.exit_code != 0 and "no edition to collate it with" in translation.stderr


def test_a_gap_filled_by_the_scholar_keeps_the_clause_id(corpus_copy):
    """A clause of ours of which nothing is transcribed corresponds to the scholar's clause in its place."""
    treaty = tei.load_treaty(corpus_copy / f"{TREATY}.xml")
    witness = treaty.version(LANG).primary
    target = witness.articles[1].clauses[0]
    _, gap = plaintext.read_marks("[…]")
    divisions = [d.model_copy(update={"clauses": [c.model_copy(update={"text": "", "marks": gap}) if c.id == target.id
                                                  else c for c in d.clauses]}) for d in witness.divisions]
    ours = treaty.model_copy(deep=True)
    ours.versions[LANG].witnesses[0] = witness.model_copy(update={"divisions": divisions})
    proposal = propose(ours, LANG, plaintext.render(witness), edition=EDITION, editor="anna")
    change = next(c for c in proposal.changes if c.clause == target.id)
    assert (change.kind, change.level, change.ours) == ("changed", "untranscribed", "[not transcribed]")
    assert proposal.count("added") == 0 and proposal.count("removed") == 0


# ---------------------------------------------------------------- the reader, with --edit

ALICE = "alice-token-0123456789"


def test_the_reader_collates_a_version_and_then_shows_it_collated(corpus_copy, scholar):
    app = create_app(str(corpus_copy), edit=True, editors=auth.Editors({"alice": ALICE}), testing=True)
    client = app.test_client()
    assert client.get(f"/treaties/{TREATY}/collate-in").status_code == 303  # log in first
    login = html.fromstring(client.get("/login").get_data(as_text=True))
    csrf = login.xpath("//form[contains(@class,'login-form')]//input[@name='csrf']/@value")[0]
    client.post("/login", data={"csrf": csrf, "token": ALICE, "next": f"/treaties/{TREATY}"})
    page = html.fromstring(client.get(f"/treaties/{TREATY}").get_data(as_text=True))
    assert page.xpath(f"//a[@href='/treaties/{TREATY}/collate-in']")

    form = html.fromstring(client.get(f"/treaties/{TREATY}/collate-in").get_data(as_text=True))
    csrf = form.xpath("//form[contains(@class,'collate-in-form')]//input[@name='csrf']/@value")[0]
    with scholar["path"].open("rb") as handle:
        shown = client.post(f"/treaties/{TREATY}/collate-in", content_type="multipart/form-data",
                            data={"csrf": csrf, "lang": LANG, "edition": EDITION,
                                  "file": (handle, "ru.txt", "text/plain")})
    assert shown.status_code == 200
    result = html.fromstring(shown.get_data(as_text=True))
    assert result.xpath(f"//tr[contains(@class,'change-changed')]/td[@class='cid'][.='{scholar['changed']}']")
    assert result.xpath(f"//tr[contains(@class,'change-removed')]/td[@class='cid'][.='{scholar['removed']}']")
    assert result.xpath(f"//tr[contains(@class,'change-added')]/td[.='{ADDED}']")
    accept = result.xpath("//section[contains(@class,'collate-in-result')]//form")[0]
    fields = {i.get("name"): i.get("value") for i in accept.xpath(".//input[@type='hidden']")}
    fields |= {"text": accept.xpath(".//textarea")[0].text, "accept": "1"}
    stored = client.post(f"/treaties/{TREATY}/collate-in", data=fields)
    assert stored.status_code == 303
    again = client.post(f"/treaties/{TREATY}/collate-in", data=fields)
    assert again.status_code == 409, "the page's ETag is of the file before the change"

    treaty_page = html.fromstring(client.get(stored.headers["Location"]).get_data(as_text=True))
    date = tei.load_treaty(corpus_copy / f"{TREATY}.xml").version(LANG).primary.bibl.collated_on
    year, _, day = date.split("-")

    def shows_collation(text: str, edition: str = "") -> bool:  # the date as the interface language writes it
        found = re.search(r"collated with the edition by alice on (\d{4}-\d\d-\d\d|\d{1,2} \w+ \d{4})"
                          + re.escape(edition), text)
        return bool(found) and year in found.group(1) and str(int(day)) in found.group(1)

    facts = " ".join(treaty_page.xpath("//ul[@class='text-statuses']")[0].text_content().split())
    assert shows_collation(facts, f": {EDITION}")
    heads = " ".join(" ".join(h.text_content().split()) for h in treaty_page.xpath("//th[contains(@class,'col-head')]"))
    assert shows_collation(heads)


def test_bad_transcriptions_are_refused_in_one_line_and_hostile_text_is_escaped(corpus_copy, scholar, run_cli, tmp_path):
    no_headings = tmp_path / "flat.txt"
    no_headings.write_text("Текст без статей.\n", encoding="utf-8")
    refused = run_cli(*_args(corpus_copy, {"path": no_headings}))
    assert refused.exit_code != 0 and "no article headings" in refused.stderr and "Traceback" not in refused.stderr
    binary = tmp_path / "binary.txt"
    binary.write_bytes(b"\xff\xfe\x00\x01")
    refused = run_cli(*_args(corpus_copy, {"path": binary}))
    assert refused.exit_code != 0 and len(refused.stderr.strip().splitlines()) == 1

    app = create_app(str(corpus_copy), edit=True, editors=auth.Editors({"alice": ALICE}), testing=True)
    client = app.test_client()
    login = html.fromstring(client.get("/login").get_data(as_text=True))
    csrf = login.xpath("//form[contains(@class,'login-form')]//input[@name='csrf']/@value")[0]
    client.post("/login", data={"csrf": csrf, "token": ALICE, "next": "/"})
    csrf = html.fromstring(client.get(f"/treaties/{TREATY}/collate-in").get_data(as_text=True)).xpath(
        "//form[contains(@class,'collate-in-form')]//input[@name='csrf']/@value")[0]
    hostile = scholar["path"].read_text(encoding="utf-8").replace(ADDED, '<script>alert("x")</script>')
    shown = client.post(f"/treaties/{TREATY}/collate-in",
                        data={"csrf": csrf, "lang": LANG, "edition": "<b>1952</b>", "text": hostile})
    body = shown.get_data(as_text=True)
    assert shown.status_code == 200 and "<script>alert" not in body and "&lt;script&gt;" in body and "<b>1952" not in body
    empty = client.post(f"/treaties/{TREATY}/collate-in", data={"csrf": csrf, "lang": LANG, "edition": "x", "text": ""})
    assert empty.status_code == 400
    unknown = client.post(f"/treaties/{TREATY}/collate-in", data={"csrf": csrf, "lang": "fr", "edition": "x",
                                                                  "text": hostile})
    assert unknown.status_code == 404
    no_csrf = client.post(f"/treaties/{TREATY}/collate-in", data={"lang": LANG, "edition": "x", "text": hostile})
    assert no_csrf.status_code in (400, 403)


def test_a_collated_text_collated_again_keeps_who_checked_it_first(corpus_copy, scholar):
    path = corpus_copy / f"{TREATY}.xml"
    text = scholar["path"].read_text(encoding="utf-8")
    collate_in(path, LANG, text, edition="Edition A", editor="anna", date="2026-01-02")
    collate_in(path, LANG, text.replace("впредь", "отныне"), edition="Edition B", editor="bob", date="2026-02-03")
    version = tei.load_treaty(path).version(LANG)
    assert [(w.sigil, w.bibl.transcription.value, w.bibl.collated_by, w.bibl.collated_on) for w in version.witnesses
            if w.bibl.transcription is Transcription.collated] == [(None, "collated", "bob", "2026-02-03"),
                                                                   ("collated", "collated", "anna", "2026-01-02")]
    assert version.witness("collated").bibl.citation == "Edition A" and version.primary.bibl.citation == "Edition B"
