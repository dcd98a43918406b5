"""Exports: TEI (a corpus file with alignment and findings), TMX, CSV, JSON, HTML, and the export command."""

from __future__ import annotations

import csv
import io
import json
import re
import typing

import pytest
from lxml import etree

from comparer import paths, tei
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty
from comparer.corpus import Corpus
from comparer.exchange import ExportError, group_text, join_texts
from comparer.exchange.html import export_html
from comparer.exchange.importer import import_tei
from comparer.exchange.tables import FINDING_COLUMNS, alignment_csv, findings_csv, tables_json
from comparer.exchange.tei_export import CHECKER, FINDING_TYPES, MACHINE_LINK, export_treaty, pointer_problems
from comparer.exchange.tmx import export_tmx, read_tmx, structure_problems
from comparer.model import AlignedGroup, Alignment, AlignmentLink, Annotation, CheckReport, Finding, FindingType, Treaty
from comparer.validate import CORPUS_SCHEMA, schema_errors

NS = {"t": tei.TEI_NS}
STAMP = re.compile(rb"\s*<date when=\"[^\"]+\">[^<]*</date>")  # the export time in publicationStmt


def positional_alignment(treaty: Treaty, langs: list[str], confidence: float = 0.9) -> Alignment:
    """The n-th clause of each division on one row: an alignment the test controls."""
    witnesses = {lang: treaty.version(lang).primary for lang in langs}
    keys = list(dict.fromkeys(d.key for w in witnesses.values() for d in w.divisions))
    groups = []
    for key in keys:
        divisions = {lang: w.division(key) for lang, w in witnesses.items()}
        for n in range(max(len(d.clauses) for d in divisions.values() if d)):
            segments = {lang: [d.clauses[n].id] for lang, d in divisions.items() if d and n < len(d.clauses)}
            groups.append(AlignedGroup(id=f"g{len(groups) + 1}", article=key, segments=segments, confidence=confidence))
    return Alignment(treaty=treaty.id, pivot=langs[0], langs=langs, groups=groups)


def sample_report(treaty: Treaty) -> CheckReport:
    return CheckReport(treaty=treaty.id, langs=["ru", "zh"], findings=[
        Finding(id="F-0000000a", type="missing_concept", severity="high", article="a1",
                segments={"ru": ["aigun-1858.ru.a1.c1"], "zh": ["aigun-1858.zh.a1.c1"]}, concept="place.sungari",
                values={"zh": "place.sungari", "ru": "absent"}, evidence={"zh": ["松花江", "松花江海口"]},
                message='zh names the Sungari, ru does not; "quoted" <b>text</b>, with a comma'),
        Finding(id="F-0000000b", type="structure_mismatch", severity="medium", segments={},
                values={"ru": "3", "zh": "3"}, message="A treaty-wide finding about the number of articles."),
    ])


@pytest.fixture(scope="module")
def aigun(corpus) -> Treaty:
    return corpus.treaty("aigun-1858")


@pytest.fixture(scope="module")
def reviewed(aigun) -> Treaty:
    """Aigun with a scholar's correction, a review of a finding and a review of a retired finding."""
    return aigun.model_copy(update={
        "alignment": [
            AlignmentLink(targets=["aigun-1858.ru.a2.c1", "aigun-1858.zh.a2.c1"], type="correction", when="2026-01-02"),
            AlignmentLink(targets=["aigun-1858.ru.pre.c1", "aigun-1858.zh.pre.c1"], type=MACHINE_LINK, cert=0.1,
                          resp="#aligner"),
        ],
        "annotations": [
            Annotation(id="review-1", targets=["aigun-1858.ru.a1.c1"], ana="#F-0000000a", status="confirmed",
                       resp="#anna", note="Checked against the 1952 edition."),
            Annotation(id="review-2", targets=["aigun-1858.ru.a3.c1"], ana="#F-ffffffff", status="dismissed",
                       resp="#anna"),
        ],
    })


def export_tree(treaty: Treaty, alignment=None, report=None, **kwargs) -> etree._ElementTree:
    return tei.parse_bytes(export_treaty(treaty, alignment, report, **kwargs))


# ---------------------------------------------------------------- TEI


@pytest.mark.parametrize("treaty_id", ["nerchinsk-1689", "aigun-1858", "tianjin-1858", "beijing-1860"])
def test_every_bundled_treaty_exports_valid_tei(corpus, tei_all, treaty_id):
    treaty = corpus.treaty(treaty_id)
    alignment = align_treaty(treaty, corpus.lexicon, semantic=False)
    report = check_treaty(treaty, corpus.lexicon, alignment=alignment)
    tree = export_tree(treaty, alignment, report, exported="2026-11-25T12:00:00Z")
    assert tei_all.validate(tree), [f"line {e.line}: {e.message}" for e in tei_all.error_log][:5]
    assert schema_errors(tree, paths.schema(CORPUS_SCHEMA)) == []
    assert pointer_problems(tree) == []
    annotations = tree.findall(".//t:listAnnotation/t:annotation", NS)
    assert {a.get(tei.XML_ID) for a in annotations} == {f.id for f in report.findings}
    links = tree.findall(".//t:linkGrp[@type='alignment']/t:link", NS)
    assert links and all(len(link.get("target").split()) >= 2 for link in links)


def test_the_export_has_every_version_and_witness(aigun):
    tree = export_tree(aigun, positional_alignment(aigun, ["ru", "zh", "id"]), sample_report(aigun))
    texts = [t.get(tei.XML_ID) for t in tree.iterfind("t:text/t:group/t:text", NS)]
    assert texts == [w.id for v in aigun.versions.values() for w in v.witnesses]


def test_machine_links_and_corrections_stay_apart(reviewed):
    alignment = positional_alignment(reviewed, ["ru", "zh"], confidence=0.8)
    tree = export_tree(reviewed, alignment, sample_report(reviewed))
    links = tree.findall(".//t:linkGrp/t:link", NS)
    corrections = [link for link in links if link.get("type") == "correction"]
    machine = [link for link in links if link.get("type") == MACHINE_LINK]
    assert [c.get("target") for c in corrections] == ["#aigun-1858.ru.a2.c1 #aigun-1858.zh.a2.c1"]
    assert corrections[0].get("resp") == "#editor" and corrections[0].get("when") is None
    assert len(machine) == sum(len(g.segments) >= 2 for g in alignment.groups)
    assert {m.get("resp") for m in machine} == {"#aligner"} and {m.get("cert") for m in machine} == {"0.8"}
    assert "#aigun-1858.ru.pre.c1 #aigun-1858.zh.pre.c1" in [m.get("target") for m in machine]
    assert not any(m.get("cert") == "0.1" for m in machine), "the stored machine link was replaced, not kept"
    resp_ids = {r.get(tei.XML_ID) for r in tree.iterfind(".//t:titleStmt/t:respStmt", NS)}
    assert {"aligner", "checker", "editor", "anna"} <= resp_ids


def test_without_an_alignment_the_stored_links_are_written_as_they_are(reviewed):
    links = export_tree(reviewed).findall(".//t:linkGrp/t:link", NS)
    assert [(link.get("type"), link.get("cert")) for link in links] == [("correction", None), (MACHINE_LINK, "0.1")]


def test_findings_are_annotations_classified_in_the_header(aigun):
    report = sample_report(aigun)
    tree = export_tree(aigun, positional_alignment(aigun, ["ru", "zh"]), report)
    categories = {c.get(tei.XML_ID) for c in tree.iterfind(".//t:classDecl/t:taxonomy/t:category", NS)}
    annotations = {a.get(tei.XML_ID): a for a in tree.iterfind(".//t:listAnnotation/t:annotation", NS)}
    first = annotations["F-0000000a"]
    assert first.get("type") is None and first.get("resp") == CHECKER
    assert first.get("ana").split() == ["#finding.missing_concept", "#severity.high"]
    assert {p[1:] for p in first.get("ana").split()} <= categories
    assert first.get("target").split() == ["#aigun-1858.ru.a1.c1", "#aigun-1858.zh.a1.c1"]
    assert first.findtext("t:note", namespaces=NS) == report.findings[0].message
    # a finding about no clause points at the versions it is about
    assert annotations["F-0000000b"].get("target").split() == ["#aigun-1858.ru", "#aigun-1858.zh"]


def test_every_finding_type_has_a_category():
    assert set(FINDING_TYPES) == set(typing.get_args(FindingType))


def test_a_review_of_a_finding_no_longer_reported_still_resolves(reviewed, tei_all):
    tree = export_tree(reviewed, positional_alignment(reviewed, ["ru", "zh"]), sample_report(reviewed))
    retired = tree.find(".//t:annotation[@xml:id='F-ffffffff']", {**NS, "xml": tei.XML_NS})
    assert retired is not None and retired.get("rend") == "stale" and retired.get("resp") == CHECKER
    review = tree.find(".//t:annotation[@xml:id='review-2']", {**NS, "xml": tei.XML_NS})
    assert review.get("n") == "dismissed" and review.get("when") is None  # TEI has no @when on annotation
    assert pointer_problems(tree) == []
    assert tei_all.validate(tree), [e.message for e in tei_all.error_log][:3]


def test_export_import_export_gives_the_same_tei(reviewed, tmp_path):
    alignment = positional_alignment(reviewed, ["ru", "zh", "id"])
    report = sample_report(reviewed)
    first = export_treaty(reviewed, alignment, report, exported="2026-11-25T12:00:00Z")
    exported = tmp_path / "export.xml"
    exported.write_bytes(first)
    folder = tmp_path / "corpus"
    folder.mkdir()
    import_tei(folder, exported)
    loaded = Corpus(folder).treaty("aigun-1858")
    assert {link.type for link in loaded.alignment} == {"correction", MACHINE_LINK}
    assert [a.id for a in loaded.annotations if a.resp != CHECKER] == ["review-1", "review-2"]
    second = export_treaty(loaded, alignment, report, exported="2027-01-01T08:00:00Z")
    assert STAMP.sub(b"", second) == STAMP.sub(b"", first)
    assert second != first  # only the timestamp differs


def test_an_imported_export_keeps_the_machine_alignment_unfixed(reviewed, corpus, tmp_path):
    exported = tmp_path / "aigun-1858.xml"
    exported.write_bytes(export_treaty(reviewed, positional_alignment(reviewed, ["ru", "zh"]), sample_report(reviewed)))
    loaded = tei.load_treaty(exported)
    fixed = [g for g in align_treaty(loaded, corpus.lexicon, langs=["ru", "zh"], semantic=False).groups if g.fixed]
    assert [sorted(id for ids in g.segments.values() for id in ids) for g in fixed] == [
        ["aigun-1858.ru.a2.c1", "aigun-1858.zh.a2.c1"]]


def test_langs_restrict_the_export(aigun, tei_all):
    tree = export_tree(aigun, positional_alignment(aigun, ["ru", "zh"]), sample_report(aigun), langs=["ru", "zh"])
    assert {t.get(tei.XML_LANG) for t in tree.iterfind("t:text/t:group/t:text", NS)} == {"ru", "zh"}
    assert pointer_problems(tree) == [] and tei_all.validate(tree)


def test_pointer_problems_finds_what_relax_ng_cannot():
    tree = tei.parse_bytes(f"""<TEI xmlns="{tei.TEI_NS}"><text xml:id="t"><body><p><seg xml:id="a">x</seg></p></body></text>
      <standOff><linkGrp type="alignment"><link target="#a"/><link target="#a #missing"/></linkGrp></standOff></TEI>""".encode())
    problems = pointer_problems(tree)
    assert any("two targets" in p for p in problems)
    assert any("#missing" in p for p in problems)
    assert len(problems) == 2


def test_a_stored_link_with_one_target_cannot_be_exported(aigun):
    broken = aigun.model_copy(update={"alignment": [AlignmentLink(targets=["aigun-1858.ru.a1.c1"], type="correction")]})
    with pytest.raises(ExportError, match="two targets"):
        export_treaty(broken)


# ---------------------------------------------------------------- TMX


def test_tmx_has_one_unit_per_group_and_reads_back(aigun):
    alignment = positional_alignment(aigun, ["ru", "zh", "id"])
    data = export_tmx(aigun, alignment, created="20261125T120000Z")
    assert b"<!DOCTYPE" not in data
    memory = read_tmx(data)
    assert memory.header.items() >= {"creationtool": "Treaty Comparer", "segtype": "sentence", "srclang": "ru",
                                     "datatype": "plaintext", "adminlang": "en", "o-tmf": "Treaty Comparer TEI",
                                     "creationdate": "20261125T120000Z"}.items()
    clauses = aigun.clause_index()
    expected = [g for g in alignment.groups if len(g.segments) >= 2]
    assert [u.tuid for u in memory.units] == [g.id for g in expected]
    for unit, group in zip(memory.units, expected):
        # the seg's text: the clauses with a <ph>[…]</ph> for each untranscribed passage, uncertain readings in <hi>
        assert unit.segs == {lang: re.sub(r"\[\?(.*?)\]", r"\1", group_text(group, lang, clauses))
                             for lang in group.segments}
        assert unit.props["x-article"] == group.article


def test_tmx_units_without_the_source_language_name_their_own(aigun):
    alignment = positional_alignment(aigun, ["ru", "zh", "id"])
    tree = etree.fromstring(export_tmx(aigun, alignment, langs=["zh", "id"]))
    units = tree.findall("body/tu")
    assert tree.find("header").get("srclang") == "zh"
    assert all(u.get("srclang") in (None, "id") for u in units)


@pytest.mark.parametrize("document, problem", [
    ('<tmx version="1.4"><body/><header creationtool="a" creationtoolversion="1" segtype="sentence" o-tmf="x" '
     'adminlang="en" srclang="ru" datatype="plaintext"/></tmx>', "<tmx> may not contain: body header"),
    ('<tmx version="1.4"><header creationtool="a" creationtoolversion="1" segtype="sentence" o-tmf="x" '
     'adminlang="en" datatype="plaintext"/><body/></tmx>', "<header> lacks @srclang"),
    ('<tmx version="1.4"><header creationtool="a" creationtoolversion="1" segtype="line" o-tmf="x" adminlang="en" '
     'srclang="ru" datatype="plaintext"/><body/></tmx>', "segtype='line'"),
    ('<tmx version="1.4"><header creationtool="a" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
     'srclang="ru" datatype="plaintext"/><body><tu><tuv><seg>x</seg></tuv></tu></body></tmx>', "<tuv> lacks @xml:lang"),
    ('<tmx version="1.4"><header creationtool="a" creationtoolversion="1" segtype="sentence" o-tmf="x" adminlang="en" '
     'srclang="ru" datatype="plaintext"/><body><tu><tuv xml:lang="ru"><seg>x</seg><prop type="a">b</prop></tuv></tu>'
     '</body></tmx>', "<tuv> may not contain: seg prop"),
])
def test_tmx_structure_rules_catch_what_the_dtd_would(document, problem):
    assert any(problem in p for p in structure_problems(etree.ElementTree(etree.fromstring(document))))


# ---------------------------------------------------------------- CSV and JSON


def test_findings_csv_has_one_row_per_finding(aigun):
    report = sample_report(aigun)
    rows = list(csv.DictReader(io.StringIO(findings_csv(report).decode("utf-8"))))
    assert list(rows[0]) == FINDING_COLUMNS
    assert [r["id"] for r in rows] == [f.id for f in report.findings]
    first = rows[0]
    assert first["langs"] == "ru zh"
    assert first["segments"].splitlines() == ["ru: aigun-1858.ru.a1.c1", "zh: aigun-1858.zh.a1.c1"]
    assert first["evidence"] == "zh: 松花江; 松花江海口"
    assert first["message"] == report.findings[0].message and first["review"] == "open"
    assert rows[1]["segments"] == "" and rows[1]["article"] == ""


def test_alignment_csv_has_one_row_per_group(aigun):
    alignment = positional_alignment(aigun, ["ru", "zh"])
    rows = list(csv.DictReader(io.StringIO(alignment_csv(aigun, alignment).decode("utf-8"))))
    assert list(rows[0]) == ["group", "article", "confidence", "fixed", "clauses_ru", "clauses_zh", "text_ru", "text_zh",
                             "status_ru", "status_zh"]
    assert rows[0]["status_ru"] == "authentic text · reconstructed from memory, not collated with the edition"
    assert len(rows) == len(alignment.groups)
    a1 = next(r for r in rows if r["clauses_ru"] == "aigun-1858.ru.a1.c1")
    assert a1["article"] == "a1" and a1["clauses_zh"] == "aigun-1858.zh.a1.c1" and "松花江" in a1["text_zh"]


def test_json_holds_both_tables_with_their_structure(aigun):
    alignment = positional_alignment(aigun, ["ru", "zh"])
    data = json.loads(tables_json(aigun, alignment, sample_report(aigun)))
    assert data["treaty"] == "aigun-1858" and data["langs"] == ["ru", "zh"]
    assert data["alignment"][0]["clauses"] == {"ru": ["aigun-1858.ru.pre.c1"], "zh": ["aigun-1858.zh.pre.c1"]}
    assert data["findings"][0]["evidence"] == {"zh": ["松花江", "松花江海口"]}
    assert set(data["findings"][0]) == set(FINDING_COLUMNS)
    only = json.loads(tables_json(aigun, None, sample_report(aigun)))
    assert "alignment" not in only and len(only["findings"]) == 2


# ---------------------------------------------------------------- HTML


def test_html_is_one_self_contained_page_with_everything_escaped(aigun):
    hostile = aigun.model_copy(deep=True)
    clause = hostile.versions["ru"].primary.divisions[1].clauses[0]
    clause.text = '<script>alert("x")</script> & <img src=http://example.org/x.png>'
    alignment = positional_alignment(hostile, ["ru", "zh"])
    page = export_html(hostile, alignment, sample_report(hostile), generated="2026-11-25").decode("utf-8")
    assert "&lt;script&gt;" in page and "&amp;" in page
    assert "&lt;b&gt;text&lt;/b&gt;" in page  # the finding message, escaped
    document = etree.fromstring(page.encode(), etree.HTMLParser())
    tags = {el.tag for el in document.iter() if isinstance(el.tag, str)}
    assert not tags & {"script", "img", "link", "iframe", "object", "embed"}, "no script, nothing fetched"
    assert not any(set(el.attrib) & {"src", "href", "srcset"} for el in document.iter() if isinstance(el.tag, str))
    style = document.findtext(".//style")
    assert "@media print" in style and "url(" not in style and "@import" not in style
    rows = document.findall(".//tr[@class='group']")
    assert len(rows) == len(alignment.groups)
    assert "A treaty-wide finding" in "".join(document.find(".//section").itertext())
    assert "松花江" in "".join(document.find(".//table").itertext())


# ---------------------------------------------------------------- the export command


def test_export_writes_the_file_atomically_or_to_stdout(run_cli, tmp_path):
    target = tmp_path / "aigun.tmx"
    result = run_cli("export", "aigun-1858", "--format", "tmx", "--no-semantic", "-o", str(target))
    assert result.exit_code == 0, result.stderr
    assert read_tmx(target.read_bytes()).units
    assert sorted(p.name for p in tmp_path.iterdir()) == ["aigun.tmx"]  # no temporary file left behind
    result = run_cli("export", "aigun-1858", "--format", "json", "--table", "findings", "--no-semantic")
    assert result.exit_code == 0 and "findings" in json.loads(result.stdout)


@pytest.mark.parametrize("fmt", ["tei", "csv", "html"])
def test_export_command_formats(run_cli, fmt):
    result = run_cli("export", "aigun-1858", "--format", fmt, "--langs", "ru,zh", "--no-semantic")
    assert result.exit_code == 0, result.stderr
    assert result.stdout.strip()


def test_export_tei_collation_needs_a_language(run_cli):
    result = run_cli("export", "aigun-1858", "--format", "tei-collation")
    assert result.exit_code != 0 and "--lang" in result.stderr
    result = run_cli("export", "aigun-1858", "--format", "tei-collation", "--lang", "id")
    assert result.exit_code != 0 and "no other printed edition" in result.stderr


def test_an_export_put_in_a_folder_is_a_corpus(run_cli, tmp_path):
    folder = tmp_path / "exported"
    folder.mkdir()
    result = run_cli("export", "aigun-1858", "--no-semantic", "-o", str(folder / "aigun-1858.xml"))
    assert result.exit_code == 0, result.stderr
    listed = run_cli("--corpus", str(folder), "list", "--json")
    assert [t["id"] for t in json.loads(listed.stdout)] == ["aigun-1858"]
    shown = run_cli("--corpus", str(folder), "show", "aigun-1858", "--lang", "ru", "--witness", "barsukov")
    assert shown.exit_code == 0 and "Уссури" in shown.stdout
    assert run_cli("--corpus", str(folder), "validate", "--no-tei-all").exit_code == 0
