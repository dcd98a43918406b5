"""comparer.review and `comparer review`: reviews and alignment corrections stored in the treaty's TEI file.

Every test works on a copy of the corpus (the corpus_copy fixture); texts/ is never written.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from lxml import etree

from comparer import paths, review, tei
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.corpus import Corpus
from comparer.errors import CorpusError, InputError
from comparer.model import Alignment, Finding, Treaty
from comparer.validate import CORPUS_SCHEMA, schema_errors, validate_file

NS = {"t": tei.TEI_NS}
TREATY = "aigun-1858"


@pytest.fixture()
def path(corpus_copy: Path) -> Path:
    return corpus_copy / f"{TREATY}.xml"


@pytest.fixture(scope="module")
def lexicon():
    return Corpus().lexicon


def rows(treaty: Treaty, lexicon) -> Alignment:
    return align_treaty(treaty, lexicon, semantic=False)


def findings(treaty: Treaty, lexicon) -> list[Finding]:
    return check_treaty(treaty, lexicon, alignment=rows(treaty, lexicon)).findings


def checker(lexicon):
    return review.Checker(lexicon)


def a1(alignment: Alignment) -> int:
    """The index of article 1's first row: merges and moves below stay inside that article."""
    return next(i for i, g in enumerate(alignment.groups) if g.article == "a1")


def clause_sets(alignment: Alignment) -> list[frozenset[str]]:
    return [frozenset(c for ids in g.segments.values() for c in ids) for g in alignment.groups]


def valid(path: Path, tei_all=None) -> None:
    tree = tei.parse_file(path)
    assert schema_errors(tree, paths.schema(CORPUS_SCHEMA)) == []
    if tei_all is not None:
        assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]


def append_to_clause(path: Path, clause_id: str, text: str) -> None:
    """An editor's change to a clause's text, made in the file as a text editor would."""
    tree = tei.parse_file(path)
    seg = tree.getroot().find(f".//t:seg[@{{{tei.XML_NS}}}id='{clause_id}']", NS)
    if len(seg):
        seg[-1].tail = (seg[-1].tail or "") + text
    else:
        seg.text = (seg.text or "") + text
    path.write_bytes(etree.tostring(tree, xml_declaration=True, encoding="UTF-8"))


def text_part(data: bytes) -> bytes:
    """The <text> element as written: a change must leave the treaty's texts byte for byte as they were."""
    start = data.index(b"\n  <text>")
    return data[start:data.index(b"</text>\n", data.rindex(b"</group>")) + 8]


# ---------------------------------------------------------------- reviews


def test_a_review_is_an_annotation_that_check_reads(path, lexicon, tei_all):
    before = path.read_bytes()
    treaty = review.read(path).treaty
    finding = findings(treaty, lexicon)[0]
    written = review.review_finding(path, finding, "dismissed", "Not a difference:\n the  same river.",
                                    editor="alice", langs=list(treaty.versions), checker=checker(lexicon))
    root = tei.parse_file(path).getroot()
    (annotation,) = root.iterfind("t:standOff/t:listAnnotation/t:annotation", NS)
    assert annotation.get("ana") == f"#{finding.id}" and annotation.get("n") == "dismissed"
    assert annotation.get("resp") == "#alice"
    clauses = [c for lang in treaty.versions for c in finding.segments.get(lang, [])]
    assert annotation.get("target").split() == [f"#{c}" for c in clauses]
    assert annotation.findtext("t:note", namespaces=NS) == "Not a difference: the same river."
    change = annotation.find("t:revisionDesc/t:change", NS)
    assert change.get("who") == "#alice" and change.get("when").endswith("Z")
    assert change.findtext("t:idno[@type='fingerprint']", namespaces=NS) == review.fingerprint(treaty, clauses)
    assert change.findtext("t:idno[@type='versions']", namespaces=NS) == " ".join(treaty.versions)
    assert root.find("t:teiHeader/t:fileDesc/t:titleStmt/t:respStmt[@{%s}id='alice']" % tei.XML_NS, NS) is not None
    assert text_part(path.read_bytes()) == text_part(before)
    valid(path, tei_all)
    assert validate_file(path) == []

    reloaded = tei.load_treaty(path)
    assert {f.id: f.review for f in findings(reloaded, lexicon)}[finding.id] == "dismissed"
    assert written.etag == review.etag_of(path.read_bytes())
    assert written.by_id()[annotation.get(f"{{{tei.XML_NS}}}id")].comment == "Not a difference: the same river."
    assert change.findtext("t:idno[@type='parts']", namespaces=NS).split() == [p.id for p in finding.parts]


def test_a_later_decision_counts_and_the_earlier_stays_in_the_history(path, lexicon):
    treaty = review.read(path).treaty
    finding = findings(treaty, lexicon)[0]
    langs = list(treaty.versions)
    review.review_finding(path, finding, "confirmed", "real", editor="alice", langs=langs, checker=checker(lexicon))
    written = review.review_finding(path, finding, "open", "reopened: needs the 1891 edition", editor="bob",
                                    langs=langs, checker=checker(lexicon))
    first, second = written.reviews
    assert (first.status, first.current, second.status, second.current) == ("confirmed", False, "open", True)
    assert second.langs == langs
    assert [c.id for c in written.history()] == [second.id, first.id]
    assert {f.id: f.review for f in findings(tei.load_treaty(path), lexicon)}[finding.id] == "open"


def test_find_finding_looks_through_smaller_choices_of_versions(path, lexicon):
    treaty = review.read(path).treaty
    pair = ["ru", "zh"]
    only_in_pair = next(f for f in check_treaty(treaty, lexicon, langs=pair, alignment=align_treaty(
        treaty, lexicon, langs=pair, semantic=False)).findings if f.id not in {g.id for g in findings(treaty, lexicon)})
    found, langs = review.find_finding(treaty, checker(lexicon), only_in_pair.id)
    assert found == only_in_pair and langs == pair
    with pytest.raises(InputError, match="no finding"):
        review.find_finding(treaty, checker(lexicon), only_in_pair.id, ["ru", "zh", "id"])


@pytest.mark.parametrize("kwargs, problem", [
    ({"status": "maybe"}, "status"),
    ({"editor": "<b>x</b>"}, "editor name"),
    ({"editor": "checker"}, "editor name"),
    ({"editor": "x" * 41}, "editor name"),
    ({"comment": "x" * (review.MAX_COMMENT + 1)}, "longer than"),
    ({"comment": "bell\x07"}, "control characters"),
    ({"editor": "gregorian"}, "already an identifier"),  # the xml:id of the Gregorian calendar
])
def test_bad_reviews_are_refused_and_nothing_is_written(path, lexicon, kwargs, problem):
    before = path.read_bytes()
    treaty = review.read(path).treaty
    args = {"status": "confirmed", "comment": "", "editor": "alice"} | kwargs
    with pytest.raises(InputError, match=problem):
        review.review_finding(path, findings(treaty, lexicon)[0], args["status"], args["comment"],
                              editor=args["editor"], langs=list(treaty.versions), checker=checker(lexicon))
    assert path.read_bytes() == before


def test_a_stale_if_match_is_a_conflict_and_changes_nothing(path, lexicon):
    snapshot = review.read(path)
    finding = findings(snapshot.treaty, lexicon)[0]
    langs = list(snapshot.treaty.versions)
    first = review.review_finding(path, finding, "confirmed", editor="alice", langs=langs, checker=checker(lexicon),
                                  if_match=snapshot.etag)
    with pytest.raises(review.Conflict) as conflict:
        review.review_finding(path, finding, "dismissed", editor="bob", langs=langs, checker=checker(lexicon),
                              if_match=snapshot.etag)
    assert conflict.value.etag == first.etag == review.etag_of(path.read_bytes())
    assert [r.status for r in review.read(path).reviews] == ["confirmed"]
    assert review.review_finding(path, finding, "dismissed", editor="bob", langs=langs, checker=checker(lexicon),
                                 if_match=[snapshot.etag, first.etag]).reviews[-1].status == "dismissed"


# ---------------------------------------------------------------- alignment edits


def test_merge_makes_one_fixed_row(path, lexicon, tei_all):
    before = rows(review.read(path).treaty, lexicon)
    k = a1(before)
    upper, lower = before.groups[k], before.groups[k + 1]
    written = review.edit_alignment(path, review.Edit("merge", rows=(upper.id, lower.id)), editor="alice",
                                    checker=checker(lexicon))
    (correction,) = written.corrections
    merged = clause_sets(before)[k] | clause_sets(before)[k + 1]
    assert correction.action == "merge" and set(correction.clauses) == merged and correction.editor == "alice"
    after = rows(tei.load_treaty(path), lexicon)
    fixed = [g for g in after.groups if g.fixed]
    assert [frozenset(c for ids in g.segments.values() for c in ids) for g in fixed] == [merged]
    assert [e.kind for e in fixed[0].evidence] == ["manual"]
    link = tei.parse_file(path).getroot().find("t:standOff/t:linkGrp[@type='alignment']/t:link", NS)
    assert link.get("type") == "correction" and link.get("resp") == "#alice" and link.get("cert") is None
    record = tei.parse_file(path).getroot().find("t:teiHeader/t:revisionDesc/t:change", NS)
    assert record.get("target") == f"#{correction.id}" and record.text.strip() == "merge"
    assert tei.load_treaty(path).alignment[0].when == record.get("when"), "tei.py reads the time back"
    valid(path, tei_all)


def test_split_and_move_undo_a_merge(path, lexicon):
    before = rows(review.read(path).treaty, lexicon)
    k = a1(before)
    first, second = before.groups[k], before.groups[k + 1]
    review.edit_alignment(path, review.Edit("merge", rows=(first.id, second.id)), editor="alice",
                          checker=checker(lexicon))
    at = second.segments[before.pivot][0]
    written = review.edit_alignment(path, review.Edit("split", rows=(first.id,), clause=at), editor="alice",
                                    checker=checker(lexicon))
    current = [frozenset(c.clauses) for c in written.corrections if c.current]
    assert current == clause_sets(before)[k:k + 2], "a 2-2-2 row splits back into its 1-1-1 rows"
    assert {c.id: c.current for c in written.corrections} == {"correction-1": False, "correction-2": True,
                                                               "correction-3": True}

    moved = second.segments["zh"][0]
    written = review.edit_alignment(path, review.Edit("move", clause=moved, to="up"), editor="bob",
                                    checker=checker(lexicon))
    after = clause_sets(rows(written.treaty, lexicon))
    assert clause_sets(before)[k] | {moved} in after
    assert clause_sets(before)[k + 1] - {moved} in after, "what remains of a corrected row stays fixed"


def test_no_counterpart_pins_the_clause_alone(path, lexicon, tei_all):
    treaty = review.read(path).treaty
    clause = "aigun-1858.zh.a1.c2"
    written = review.edit_alignment(path, review.Edit("no-counterpart", clause=clause), editor="alice",
                                    checker=checker(lexicon))
    (correction,) = written.corrections
    assert correction.targets == [clause, treaty.version("ru").primary.id, treaty.version("id").primary.id]
    alone = next(g for g in rows(written.treaty, lexicon).groups if clause in g.segments.get("zh", []))
    assert alone.segments == {"zh": [clause]} and alone.fixed
    valid(path, tei_all)


@pytest.mark.parametrize("edit, problem", [
    (lambda g: review.Edit("merge", rows=(g[0].id, g[2].id)), "neighbouring"),
    (lambda g: review.Edit("merge", rows=(g[0].id, g[0].segments["zh"][0])), "same row"),
    (lambda g: review.Edit("merge", rows=(g[0].id,)), "two rows"),
    (lambda g: review.Edit("split", rows=(g[0].id,), clause=g[0].segments["ru"][0]), "first clause"),
    (lambda g: review.Edit("split", rows=(g[0].id,), clause=g[1].segments["ru"][0]), "is not in row"),
    (lambda g: review.Edit("move", clause=g[0].segments["ru"][0], to="up"), "no row above"),
    (lambda g: review.Edit("move", clause=g[0].segments["ru"][0], to="sideways"), "up or down"),
    (lambda g: review.Edit("no-counterpart", clause="aigun-1858.ru.a9.c9"), "no row"),
    (lambda g: review.Edit("no-counterpart"), "needs a clause"),
    (lambda g: review.Edit("rotate", clause=g[0].segments["ru"][0]), "action must be"),
])
def test_impossible_edits_are_refused_and_nothing_is_written(path, lexicon, edit, problem):
    before = path.read_bytes()
    groups = rows(review.read(path).treaty, lexicon).groups
    with pytest.raises(InputError, match=problem):
        review.edit_alignment(path, edit(groups), editor="alice", checker=checker(lexicon))
    assert path.read_bytes() == before


def test_an_edit_the_aligner_cannot_keep_is_refused(path, lexicon):
    before = path.read_bytes()

    class Crossing(review.Checker):
        def alignment(self, treaty: Treaty, langs: list[str]) -> Alignment:
            if treaty.alignment:  # the edited treaty: the aligner finds its corrections impossible
                raise ValueError("fixed beads cross; alignment is monotone")
            return super().alignment(treaty, langs)

    groups = rows(review.read(path).treaty, lexicon).groups
    with pytest.raises(InputError, match="cannot keep"):
        review.edit_alignment(path, review.Edit("merge", rows=(groups[0].id, groups[1].id)), editor="alice",
                              checker=Crossing(lexicon))
    assert path.read_bytes() == before


# ---------------------------------------------------------------- stale decisions


def test_a_changed_clause_makes_its_decisions_stale_but_keeps_them(path, lexicon):
    treaty = review.read(path).treaty
    finding = next(f for f in findings(treaty, lexicon) if "aigun-1858.ru.a1.c1" not in f.segments.get("ru", []))
    review.review_finding(path, finding, "dismissed", "fine", editor="alice", langs=list(treaty.versions),
                          checker=checker(lexicon))
    review.edit_alignment(path, review.Edit("no-counterpart", clause="aigun-1858.zh.a1.c2"), editor="alice",
                          checker=checker(lexicon))
    review.edit_alignment(path, review.Edit("no-counterpart", clause="aigun-1858.zh.a3.c1"), editor="alice",
                          checker=checker(lexicon))
    assert not any(d.stale for d in review.read(path).history())

    append_to_clause(path, "aigun-1858.zh.a1.c2", "（校）")
    append_to_clause(path, next(iter(finding.segments.values()))[0], " [corrected]")

    snapshot = review.read(path)
    stale = {d.id: d.stale for d in snapshot.history()}
    assert stale == {"review-1": True, "correction-1": True, "correction-2": False}
    assert len(snapshot.history()) == 3, "never dropped"
    assert snapshot.by_id()["review-1"].status == "dismissed" and snapshot.by_id()["review-1"].current
    assert [a.status for a in snapshot.treaty.annotations] == ["dismissed"], "still what comparer.check reads"
    assert any(g.fixed and g.segments == {"zh": ["aigun-1858.zh.a1.c2"]} for g in rows(snapshot.treaty, lexicon).groups)


def test_fingerprint_follows_the_text_not_the_pointers(corpus):
    treaty = corpus.treaty(TREATY)
    clause = "aigun-1858.zh.a1.c2"
    assert review.fingerprint(treaty, [clause]) == review.fingerprint(treaty, [clause, "aigun-1858.ru"])
    assert review.fingerprint(treaty, ["aigun-1858.ru"]) != review.fingerprint(treaty, ["aigun-1858.zh"])
    assert review.fingerprint(treaty, [clause]) != review.fingerprint(treaty, ["aigun-1858.zh.a1.c3"])
    assert review.fingerprint(treaty, ["aigun-1858.zh.a9.c1"]) != review.fingerprint(treaty, [])


# ---------------------------------------------------------------- writing safely


def test_a_crash_before_the_rename_leaves_the_old_file(path, lexicon, monkeypatch):
    before = path.read_bytes()
    treaty = review.read(path).treaty
    finding = findings(treaty, lexicon)[0]

    def crash(src, dst):
        assert Path(src).read_bytes().count(b"<annotation") == 1, "the temporary file was written in full"
        raise OSError(5, "simulated crash before the rename")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="simulated crash"):
        review.review_finding(path, finding, "dismissed", editor="alice", langs=list(treaty.versions),
                              checker=checker(lexicon))
    monkeypatch.undo()
    assert path.read_bytes() == before
    assert tei.load_treaty(path).annotations == []
    assert [p.name for p in path.parent.iterdir() if p.name.endswith(".tmp")] == []
    review.review_finding(path, finding, "dismissed", editor="alice", langs=list(treaty.versions),
                          checker=checker(lexicon))  # the lock was released
    assert len(review.read(path).reviews) == 1


def test_writes_keep_the_file_mode_and_a_lock_file_beside_it(path, lexicon):
    os.chmod(path, 0o640)
    treaty = review.read(path).treaty
    review.review_finding(path, findings(treaty, lexicon)[0], "confirmed", editor="alice", langs=list(treaty.versions),
                          checker=checker(lexicon))
    assert path.stat().st_mode & 0o777 == 0o640
    assert review.lock_path(path).exists() and review.lock_path(path).parent == path.parent
    assert not review.lock_path(path).name.endswith(".xml"), "the corpus does not mistake it for a treaty"


def test_an_unreadable_file_is_a_corpus_error(tmp_path):
    with pytest.raises(CorpusError, match="cannot read"):
        review.read(tmp_path / "missing.xml")


def test_editing_needs_a_corpus_folder_named_explicitly(monkeypatch, tmp_path):
    monkeypatch.delenv(paths.CORPUS_ENV, raising=False)
    with pytest.raises(InputError, match="bundled corpus is not written to"):
        review.editable_folder(None)
    with pytest.raises(InputError, match="no such corpus folder"):
        review.editable_folder(tmp_path / "nowhere")
    assert review.editable_folder(tmp_path) == tmp_path


# ---------------------------------------------------------------- the command line


def test_cli_review_list_and_history(run_cli, corpus_copy, lexicon):
    # --no-semantic: the findings are computed here without embeddings, and the command would use
    # them where comparer[semantic] is installed (other rows, other findings)
    treaty = review.read(corpus_copy / f"{TREATY}.xml").treaty
    finding = findings(treaty, lexicon)[0]
    result = run_cli("--corpus", str(corpus_copy), "review", TREATY, finding.id, "--status", "dismissed",
                     "--comment", "same meaning", "--editor", "alice", "--no-semantic")
    assert result.exit_code == 0, result.output
    assert f"{finding.id} dismissed by alice" in result.stdout
    listing = json.loads(run_cli("--corpus", str(corpus_copy), "review", TREATY, "--list", "--json",
                                  "--no-semantic").stdout)
    assert listing["texts"]["zh"]["transcription"] == "reconstructed" and "not collated" in listing["texts"]["zh"]["label"]
    listed = listing["findings"]
    mine = next(row for row in listed if row["finding"] == finding.id)
    assert (mine["review"], mine["comment"], mine["editor"], mine["stale"]) == ("dismissed", "same meaning", "alice", False)
    only = json.loads(run_cli("--corpus", str(corpus_copy), "review", TREATY, "--list", "--status", "open",
                              "--json", "--no-semantic").stdout)["findings"]
    assert finding.id not in {row["finding"] for row in only} and len(only) == len(listed) - 1
    history = json.loads(run_cli("--corpus", str(corpus_copy), "review", TREATY, "--history", "--json",
                                  "--no-semantic").stdout)
    assert [h["finding"] for h in history["changes"]] == [finding.id]
    assert set(history["texts"]) == set(treaty.versions)


def test_cli_alignment_edits(run_cli, corpus_copy, lexicon):
    alignment = rows(review.read(corpus_copy / f"{TREATY}.xml").treaty, lexicon)
    upper, lower = alignment.groups[a1(alignment):a1(alignment) + 2]
    base = ("--corpus", str(corpus_copy), "review", TREATY, "--editor", "bob")
    assert run_cli(*base, "--merge", upper.id, lower.segments["zh"][0]).exit_code == 0
    split = run_cli(*base, "--split", upper.id, "--at", lower.segments["ru"][0])
    assert split.exit_code == 0 and split.stdout.count("split by bob") == 2
    moved = run_cli(*base, "--move", lower.segments["id"][0], "--to", "up")
    assert moved.exit_code == 0 and moved.stdout.count("move by bob") == 2, "the row above, and what remains"
    alone = run_cli(*base, "--no-counterpart", "aigun-1858.zh.a3.c1")
    assert alone.exit_code == 0 and "aigun-1858.zh.a3.c1" in alone.stdout
    actions = [c.action for c in review.read(corpus_copy / f"{TREATY}.xml").corrections if c.current]
    assert sorted(actions) == ["move", "move", "no-counterpart"]


@pytest.mark.parametrize("args, message", [
    (["review", TREATY], "give one of"),
    (["review", TREATY, "--list", "--merge", "a", "b"], "give one of"),
    (["review", TREATY, "F-00000000"], "--status"),
    (["review", TREATY, "F-00000000", "--status", "open"], "no finding"),
    (["review", TREATY, "--split", "x"], "--at"),
    (["review", TREATY, "--move", "x"], "--to"),
    (["review", "no-such-1900", "--list"], "unknown treaty"),
])
def test_cli_review_errors_are_one_line(run_cli, corpus_copy, args, message):
    result = run_cli("--corpus", str(corpus_copy), *args)
    assert result.exit_code == 2 and message in result.stderr and result.stderr.count("\n") == 1


def test_cli_review_never_writes_the_bundled_corpus(run_cli, monkeypatch):
    monkeypatch.delenv(paths.CORPUS_ENV, raising=False)
    before = (paths.bundled("texts") / f"{TREATY}.xml").read_bytes()
    result = run_cli("review", TREATY, "--no-counterpart", "aigun-1858.zh.a1.c2")
    assert result.exit_code == 2 and "bundled corpus is not written to" in result.stderr
    assert (paths.bundled("texts") / f"{TREATY}.xml").read_bytes() == before


def test_the_tei_export_carries_reviews_and_corrections(run_cli, corpus_copy, lexicon, tei_all):
    path = corpus_copy / f"{TREATY}.xml"
    treaty = review.read(path).treaty
    finding = findings(treaty, lexicon)[0]
    review.review_finding(path, finding, "dismissed", "a <b>bold</b> claim", editor="alice",
                          langs=list(treaty.versions), checker=checker(lexicon))
    review.edit_alignment(path, review.Edit("no-counterpart", clause="aigun-1858.zh.a1.c2"), editor="bob",
                          checker=checker(lexicon))
    result = run_cli("--corpus", str(corpus_copy), "export", TREATY, "--format", "tei", "--no-semantic")
    assert result.exit_code == 0, result.stderr
    root = etree.fromstring(result.stdout_bytes)
    (annotation,) = root.iterfind(f"t:standOff/t:listAnnotation/t:annotation[@ana='#{finding.id}']", NS)
    assert (annotation.get("n"), annotation.get("resp")) == ("dismissed", "#alice")
    assert annotation.findtext("t:note", namespaces=NS) == "a <b>bold</b> claim"
    link = root.find("t:standOff/t:linkGrp/t:link[@type='correction']", NS)
    assert link.get("resp") == "#bob" and link.get("target").startswith("#aigun-1858.zh.a1.c2 ")
    assert root.find(f".//t:respStmt[@{{{tei.XML_NS}}}id='alice']", NS) is not None
    tree = etree.ElementTree(root)
    assert schema_errors(tree, paths.schema(CORPUS_SCHEMA)) == []
    assert tei_all.validate(tree), [e.message for e in tei_all.error_log][:3]
