"""Issue 12: no output presents a reconstructed text as the edition's text, and no output loses a gap.

One walk over every face of the tool (show as text, txt and JSON; list; align; check; every export
format; the API; the reader's pages) on the bundled corpus: each must say what the text is (its
transcription status beside its legal status) and mark what was not transcribed ([…], a JSON
field, <gap/>) and what is uncertain. The clauses are found in the corpus, not named here: one
with a gap inside its text, one of which nothing is transcribed.
"""

from __future__ import annotations

import csv
import io
import json
import re
import unicodedata

import pytest
from lxml import etree, html

from comparer import lang as languages
from comparer import plaintext, tei
from comparer.corpus import Corpus
from comparer.exchange.collate import Collation, collate
from comparer.exchange.tmx import read_tmx
from comparer.model import Clause, Transcription
from comparer.status import editorial_paragraphs, status_line

RECONSTRUCTED = "reconstructed from memory, not collated with the edition"
TEI = {"t": tei.TEI_NS}


def _has_inner_gap(clause: Clause) -> bool:
    return bool(clause.text.strip()) and any(m.kind == "gap" for m in clause.marks) and \
        any(m.kind == "unclear" for m in clause.marks)


def _only_gap(clause: Clause) -> bool:
    return not clause.text.strip() and any(m.kind == "gap" for m in clause.marks)


@pytest.fixture(scope="module")
def sample() -> dict:
    """A reconstructed version with a clause that has a gap inside its text and an uncertain reading,
    and another with a clause of which nothing is transcribed."""
    corpus = Corpus()
    found = {}
    for treaty in corpus.treaties.values():
        for lang, version in treaty.versions.items():
            if version.primary.bibl.transcription is not Transcription.reconstructed:
                continue
            for clause in version.primary.clauses():
                if "inner" not in found and _has_inner_gap(clause):
                    found["inner"] = (treaty.id, lang, clause)
                if "empty" not in found and _only_gap(clause):
                    found["empty"] = (treaty.id, lang, clause)
    assert set(found) == {"inner", "empty"}, "the corpus has reconstructed clauses with gaps"
    return found


def _other_lang(treaty_id: str, lang: str) -> str:
    return next(other for other in Corpus().treaty(treaty_id).versions if other != lang)


def _assert_status_everywhere(text: str) -> None:
    """Every 'authentic text' / 'official text' an output prints comes with the transcription status."""
    for match in re.finditer(r"(authentic|official) text", text):
        following = text[match.end():match.end() + 80]
        assert re.match(r"\s*[·,]\s*(reconstructed|supplied|collated)", following), following


# ---------------------------------------------------------------- the command line


def test_show_text_txt_and_json_keep_the_status_and_the_marks(run_cli, sample):
    treaty_id, lang, clause = sample["inner"]
    shown = plaintext.shown_text(clause)
    assert "[…]" in shown and "[?" in shown
    text = run_cli("show", treaty_id, "--lang", lang)
    assert text.exit_code == 0
    assert RECONSTRUCTED in text.stdout and shown in text.stdout
    _assert_status_everywhere(text.stdout)

    txt_run = run_cli("show", treaty_id, "--lang", lang, "--format", "txt")
    txt = txt_run.stdout
    assert RECONSTRUCTED in txt_run.stderr, "said on stderr: the file itself stays the interchange format"
    line = plaintext.clause_line(clause)
    assert line in txt.splitlines() and "[…]" in line

    data = json.loads(run_cli("show", treaty_id, "--lang", lang, "--json").stdout)["versions"][lang]
    assert data["text_status"]["transcription"] == "reconstructed" and data["text_status"]["label"].endswith(RECONSTRUCTED)
    payload = next(c for part in [data["preamble"], *(a["clauses"] for a in data["articles"]), data["closing"]]
                   for c in part if c["id"] == clause.id)
    assert payload["gaps"] and payload["unclear"] and payload["shown"] == shown

    empty_treaty, empty_lang, empty = sample["empty"]
    text = run_cli("show", empty_treaty, "--lang", empty_lang).stdout
    assert f"[{empty.id}] [not transcribed]" in text
    data = json.loads(run_cli("show", empty_treaty, "--lang", empty_lang, "--json").stdout)["versions"][empty_lang]
    payload = next(c for a in [data["preamble"], *(a["clauses"] for a in data["articles"]), data["closing"]]
                   for c in a if c["id"] == empty.id)
    assert payload["transcribed"] is False and payload["shown"] == "[not transcribed]"


def test_a_clause_with_an_inner_gap_round_trips_exactly_through_txt(run_cli, sample):
    treaty_id, lang, clause = sample["inner"]
    version = Corpus().treaty(treaty_id).version(lang)
    txt = run_cli("show", treaty_id, "--lang", lang, "--format", "txt").stdout
    divisions = plaintext.parse(txt, lang, version.primary.id)
    read = {c.id: c for d in divisions for c in d.clauses}
    assert read[clause.id].text == clause.text and read[clause.id].marks == clause.marks
    assert all(read[c.id].marks == c.marks and read[c.id].text == c.text for c in version.primary.clauses())
    # and back into TEI: the same seg
    again = version.primary.model_copy(update={"divisions": divisions})
    tree = tei.treaty_to_tree(Corpus().treaty(treaty_id).model_copy(
        update={"versions": {lang: version.model_copy(update={"witnesses": [again]})}}))
    back = tei.treaty_from_tree(tree).clause_index()[clause.id]
    assert (back.text, back.marks) == (clause.text, clause.marks)


def test_list_says_what_each_text_is(run_cli):
    text = run_cli("list").stdout
    assert RECONSTRUCTED in text and "the project's own translation from" in text
    _assert_status_everywhere(text)
    for treaty in json.loads(run_cli("list", "--json").stdout):
        for version in treaty["versions"]:
            assert version["transcription"] in {t.value for t in Transcription}
            assert all(w["transcription"] and w["label"] for w in version["witnesses"])


def test_align_shows_the_status_and_the_marks(run_cli, sample):
    treaty_id, lang, clause = sample["inner"]
    langs = f"{lang},{_other_lang(treaty_id, lang)}"
    text = run_cli("align", treaty_id, "--langs", langs, "--no-semantic", "--width", "400").stdout
    assert f"{lang}: " in text and RECONSTRUCTED in text
    assert plaintext.shown_text(clause) in text
    data = json.loads(run_cli("align", treaty_id, "--langs", langs, "--no-semantic", "--json").stdout)
    assert data["texts"][lang]["transcription"] == "reconstructed"
    assert data["clauses"][clause.id]["gaps"] and data["clauses"][clause.id]["unclear"]


def test_check_reports_say_what_was_checked_and_quote_gaps(run_cli, tmp_path, sample):
    treaty_id, lang, _ = sample["inner"]
    langs = f"{lang},{_other_lang(treaty_id, lang)}"
    text = run_cli("check", treaty_id, "--langs", langs, "--no-semantic").stdout
    assert text.startswith(f"{lang}: ") and RECONSTRUCTED in text.split("\n")[0] + text.split("\n")[1]
    report = json.loads(run_cli("check", treaty_id, "--langs", langs, "--no-semantic", "--json").stdout)
    assert report["texts"][lang]["transcription"] == "reconstructed"
    listed = run_cli("review", treaty_id, "--list", "--langs", langs).stdout  # the same messages, with reviews
    assert listed.startswith(f"{lang}: ") and RECONSTRUCTED in listed.split("\n")[0] + listed.split("\n")[1]
    # A user's texts in the interchange format: the unmatched clause is quoted with its gap and doubt.
    (tmp_path / "ru.txt").write_text("Статья 1\nДоговор [?заключен] навеки между двумя государствами [...].\n"
                                     "Купцы могут торговать на реке Амур и на реке [...] Уссури без пошлин.\n")
    (tmp_path / "zh.txt").write_text("第一條\n兩國永遠和好。\n")
    report = json.loads(run_cli("check", "--text", f"ru={tmp_path / 'ru.txt'}", "--text", f"zh={tmp_path / 'zh.txt'}",
                                "--no-semantic", "--json").stdout)
    assert report["texts"]["ru"]["transcription"] == "unverified"
    unaligned = [f for f in report["findings"] if f["type"] == "unaligned_clause"]
    assert unaligned and all("[…]" in f["message"] for f in unaligned)
    assert all("[…]" in item for f in unaligned for item in f["evidence"]["ru"])


# ---------------------------------------------------------------- exports


@pytest.fixture(scope="module")
def exports(sample) -> dict:
    from click.testing import CliRunner

    from comparer.cli import cli

    treaty_id, lang, _ = sample["inner"]
    langs = f"{lang},{_other_lang(treaty_id, lang)}"
    empty_treaty, empty_lang, _ = sample["empty"]
    empty_langs = f"{empty_lang},{_other_lang(empty_treaty, empty_lang)}"
    out = {}
    for fmt, table in (("tei", None), ("tmx", None), ("csv", "findings"), ("csv", "alignment"), ("json", None),
                       ("html", None)):
        args = ["export", treaty_id, "--format", fmt, "--langs", langs, "--no-semantic"] + (["--table", table] if table else [])
        result = CliRunner().invoke(cli, args, catch_exceptions=False)
        assert result.exit_code == 0, result.stderr
        out[(fmt, table)] = result.stdout_bytes
    result = CliRunner().invoke(cli, ["export", empty_treaty, "--format", "html", "--langs", empty_langs,
                                      "--no-semantic"], catch_exceptions=False)
    out["html-empty"] = result.stdout_bytes
    return out


def test_tei_export_states_the_status_as_tei_intends(exports, sample, tei_all):
    treaty_id, lang, clause = sample["inner"]
    tree = etree.fromstring(exports[("tei", None)])
    assert tei_all.validate(etree.ElementTree(tree)), tei_all.error_log
    bibl = tree.find(f".//t:sourceDesc//t:bibl[@{{{tei.XML_NS}}}id='{treaty_id}.{lang}.bibl']", TEI)
    assert bibl.get("status") == "reconstructed"
    assert "not the edition's text" in "".join(tree.find(".//t:availability", TEI).itertext())
    editorial = "".join(tree.find(".//t:encodingDesc/t:editorialDecl", TEI).itertext())
    assert f"{treaty_id}.{lang}: " in editorial and RECONSTRUCTED in editorial
    seg = tree.find(f".//t:seg[@{{{tei.XML_NS}}}id='{clause.id}']", TEI)
    assert seg.find("t:gap", TEI) is not None and seg.find("t:unclear", TEI) is not None


def test_tmx_csv_json_and_html_keep_status_and_marks(exports, sample):
    treaty_id, lang, clause = sample["inner"]
    shown = plaintext.shown_text(clause)
    tree = etree.fromstring(exports[("tmx", None)])
    tuv = next(t for t in tree.iter("tuv") if clause.id in (t.findtext("prop[@type='x-clauses']") or "").split())
    assert tuv.findtext("prop[@type='x-transcription']") == "reconstructed"
    assert tuv.find("seg/ph[@type='x-gap']") is not None and tuv.find("seg/hi[@type='x-unclear']") is not None
    unit = next(u for u in read_tmx(exports[("tmx", None)]).units if u.tuid == tuv.getparent().get("tuid"))
    assert "[…]" in unit.segs[lang]  # a tool that reads the seg's text keeps the placeholder

    findings = list(csv.DictReader(io.StringIO(exports[("csv", "findings")].decode("utf-8"))))
    assert all(RECONSTRUCTED in row["texts"] or "translation" in row["texts"] for row in findings if row["texts"])
    rows = list(csv.DictReader(io.StringIO(exports[("csv", "alignment")].decode("utf-8"))))
    row = next(r for r in rows if clause.id in r[f"clauses_{lang}"].split())
    assert shown in row[f"text_{lang}"] and row[f"status_{lang}"].endswith(RECONSTRUCTED)

    data = json.loads(exports[("json", None)])
    assert data["texts"][lang]["transcription"] == "reconstructed" and "not the edition's text" in data["caveat"]
    group = next(g for g in data["alignment"] if clause.id in g["clauses"][lang])
    assert shown in group["text"][lang] and group["untranscribed"][lang] and group["uncertain"][lang]

    page = exports[("html", None)].decode("utf-8")
    _assert_status_everywhere(re.sub(r"<[^>]+>", "", page))
    document = html.fromstring(page)
    assert document.xpath("//span[contains(@class,'not-collated')]")
    assert document.xpath(f"//p[span[@class='cid']='{clause.id}']/span[@class='gap']")
    assert not document.xpath("//*[normalize-space(text())='?']"), "no bare '?' for a doubtful clause"
    citation = Corpus().treaty(treaty_id).version(lang).primary.bibl.citation
    assert citation in " ".join(document.xpath("//thead//span[@class='legend']/text()")), "the whole edition note"
    empty = html.fromstring(exports["html-empty"].decode("utf-8"))
    empty_id = sample["empty"][2].id
    assert empty.xpath(f"//p[span[@class='cid']='{empty_id}']/span[@class='gap']/text()") == ["[not transcribed]"]


# ---------------------------------------------------------------- API and reader


def test_api_payloads_carry_the_status_and_the_marks(client, sample):
    treaty_id, lang, clause = sample["inner"]
    summary = next(t for t in client.get("/api/treaties").get_json() if t["id"] == treaty_id)
    assert next(v for v in summary["versions"] if v["lang"] == lang)["transcription"] == "reconstructed"
    texts = client.get(f"/api/treaties/{treaty_id}?langs={lang}").get_json()["versions"][lang]
    assert texts["text_status"]["transcription"] == "reconstructed"
    langs = f"{lang},{_other_lang(treaty_id, lang)}"
    alignment = client.get(f"/api/treaties/{treaty_id}/align?langs={langs}").get_json()
    assert alignment["texts"][lang]["transcription"] == "reconstructed" and alignment["clauses"][clause.id]["gaps"]
    report = client.get(f"/api/treaties/{treaty_id}/check?langs={langs}").get_json()
    assert report["texts"][lang]["transcription"] == "reconstructed"


def test_reader_pages_say_what_each_text_is(client, sample):
    treaty_id, lang, _ = sample["inner"]
    index = client.get("/").get_data(as_text=True)
    assert RECONSTRUCTED in index
    page = client.get(f"/treaties/{treaty_id}").get_data(as_text=True)
    document = html.fromstring(page)
    heads = [" ".join(h.text_content().split()) for h in document.xpath("//th[contains(@class,'col-head')]")]
    assert heads and all("·" in h for h in heads) and any(RECONSTRUCTED in h for h in heads)
    facts = " ".join(document.xpath("//ul[@class='text-statuses']")[0].text_content().split())
    assert RECONSTRUCTED in facts  # in the treaty's header, not inside the collapsed editions box
    assert not document.xpath("//ul[@class='text-statuses']/ancestor::details")
    assert document.xpath("//p[@class='caveat']")
    footer = " ".join(document.xpath("//footer")[0].text_content().split())
    assert "reconstruction from memory" in footer and "from the printed editions named" not in footer
    _assert_status_everywhere(" ".join(document.text_content().split()))
    indonesian = client.get(f"/treaties/{treaty_id}?ui=id").get_data(as_text=True)
    assert "direkonstruksi dari ingatan" in indonesian


# ---------------------------------------------------------------- search


def _gap_inside_words(corpus: Corpus) -> tuple[Clause, str, str, int]:
    """A reconstructed clause with a gap between two transcribed words, and the words on either side
    written together: a query the language's own matching finds in the clause's plain text."""
    for treaty in corpus.treaties.values():
        for lang, version in treaty.versions.items():
            for witness in version.witnesses:
                for clause in witness.clauses():
                    for mark in clause.marks:
                        at, text = mark.start, clause.text
                        if mark.kind != "gap" or not 0 < at < len(text) or not (text[at - 1].isalnum()
                                                                                and text[at].isalnum()):
                            continue
                        before = re.search(r"\w{1,2}$" if _wide(text[at - 1]) else r"\w+$", text[:at]).group()
                        after = re.match(r"\w{1,2}" if _wide(text[at]) else r"\w+", text[at:]).group()
                        finder = languages.get(lang).compile_forms({"q": [before + after]})
                        if any(m.start < at < m.end for m in finder.find(text)):
                            return clause, lang, before + after, at
    pytest.fail("the corpus has a gap between two transcribed words")


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in ("W", "F")


def _word_after_a_gap(corpus: Corpus) -> tuple[str, str, Clause, int, str]:
    """A reconstructed primary clause with a gap that a transcribed word follows closely, and that word."""
    for treaty in corpus.treaties.values():
        for lang, version in treaty.versions.items():
            if version.primary.bibl.transcription is not Transcription.reconstructed:
                continue
            for clause in version.primary.clauses():
                for at in (m.start for m in clause.marks if m.kind == "gap"):
                    found = re.search(r"\w", clause.text[at:at + 10])
                    if found and not any(m.kind == "gap" and at < m.start <= at + found.end() for m in clause.marks):
                        word = re.match(r"\w{1,2}" if _wide(found.group()) else r"\w+", clause.text[at + found.start():])
                        return treaty.id, lang, clause, at, word.group()
    pytest.fail("the corpus has a reconstructed clause with a word after a gap")


def test_search_hits_say_what_their_text_is_and_keep_the_marks(client):
    treaty_id, lang, clause, at, word = _word_after_a_gap(Corpus())
    body = client.get(f"/api/search?q={word}&treaty={treaty_id}&langs={lang}&limit=1000").get_json()
    assert body["hits"] and "not the edition's text" in body["caveat"]
    for hit in body["hits"]:
        assert hit["transcription"] in {t.value for t in Transcription} and hit["status"]
        assert body["texts"][hit["witness"]]["transcription"] == hit["transcription"]
    hit = min((h for h in body["hits"] if h["clause"] == clause.id and h["start"] >= at), key=lambda h: h["start"])
    assert hit["transcription"] == "reconstructed" and body["texts"][hit["witness"]]["label"].endswith(RECONSTRUCTED)
    assert "[…]" in hit["shown"]["left"] and {"at": at} in hit["gaps"], "the untranscribed passage before the word"

    for ui, words in (("en", RECONSTRUCTED), ("id", "direkonstruksi dari ingatan")):
        page = client.get(f"/search?q={word}&treaty={treaty_id}&langs={lang}&ui={ui}").get_data(as_text=True)
        document = html.fromstring(page)
        rows = document.xpath("//table[@class='kwic']/tbody/tr")
        assert rows and all(words in " ".join(r.xpath("string(.//span[@class='hit-status'])").split()) for r in rows)
        assert document.xpath("//p[@class='caveat']")
        assert any(r.xpath("td[@class='left']//span[@class='gap']") for r in rows)
    _assert_status_everywhere(" ".join(html.fromstring(
        client.get(f"/search?q={word}").get_data(as_text=True)).text_content().split()))


def test_a_search_never_matches_across_an_untranscribed_passage(corpus):
    from comparer.search import search

    clause, lang, query, at = _gap_inside_words(corpus)
    hits = [h for h in search(corpus, query, langs=[lang], limit=1000) if h.clause == clause.id]
    assert not any(h.start < at < h.end for h in hits), "words on both sides of a gap are no passage of the text"


# ---------------------------------------------------------------- collation of the editions of a version


@pytest.fixture(scope="module")
def collated_version() -> tuple[str, str, Collation]:
    """A reconstructed version with other editions, one of whose differences touches an uncertain reading."""
    corpus = Corpus()
    for treaty in corpus.treaties.values():
        for lang, version in treaty.versions.items():
            if version.primary.bibl.transcription is not Transcription.reconstructed or len(version.witnesses) < 2:
                continue
            collation = collate(treaty, lang)
            if any(d.uncertain for row in collation.clauses for r in row.readings for d in r.substantive):
                return treaty.id, lang, collation
    pytest.fail("the corpus has editions that differ where one reads uncertainly")


def test_collate_says_what_each_text_compared_is(run_cli, collated_version):
    treaty_id, lang, collation = collated_version
    witnesses = Corpus().treaty(treaty_id).version(lang).witnesses
    text = run_cli("collate", treaty_id, "--lang", lang).stdout
    for witness in witnesses:
        assert f"{witness.id}: {status_line(witness.bibl)}" in text
    assert RECONSTRUCTED in text and "[uncertain reading]" in text and "not the edition's text" in text
    _assert_status_everywhere(text)
    data = json.loads(run_cli("collate", treaty_id, "--lang", lang, "--json").stdout)
    assert {w.id: w.bibl.transcription.value for w in witnesses} == \
        {wid: t["transcription"] for wid, t in data["texts"].items()}
    assert any(d["uncertain"] for row in data["clauses"] for r in row["readings"] for d in r["substantive"])


def test_the_collation_in_tei_says_what_each_witness_is(run_cli, collated_version, tei_all):
    treaty_id, lang, collation = collated_version
    data = run_cli("export", treaty_id, "--format", "tei-collation", "--lang", lang).stdout_bytes
    tree = etree.fromstring(data)
    assert tei_all.validate(etree.ElementTree(tree)), tei_all.error_log
    listed = {w.get(f"{{{tei.XML_NS}}}id"): "".join(w.itertext()) for w in tree.iterfind(".//t:listWit/t:witness", TEI)}
    assert listed and all(RECONSTRUCTED in words or "collated" in words for words in listed.values())
    editorial = "".join(tree.find(".//t:encodingDesc/t:editorialDecl", TEI).itertext())
    assert all(f"{wid}: " in editorial for wid in listed) and "not the edition's text" in \
        "".join(tree.find(".//t:availability", TEI).itertext())
    assert tree.findall(".//t:app[@cert='low']", TEI), "a difference at an uncertain reading says so"


def test_the_reader_names_the_editions_it_compares_with_their_status(client, collated_version):
    treaty_id, lang, collation = collated_version
    document = html.fromstring(client.get(f"/treaties/{treaty_id}?langs={lang}&collate={lang}").get_data(as_text=True))
    shown = " ".join(document.xpath("string(//span[@class='app-editions'])").split())
    assert shown and RECONSTRUCTED in shown
    assert document.xpath("//span[contains(@class,'app-uncertain')]")


# ---------------------------------------------------------------- the header's prose, and claims


def test_every_corpus_file_says_in_its_header_what_is_collated_as_its_statuses_do():
    """The editorialDecl of each corpus file is the one its texts' statuses give (comparer.status); no
    paragraph of the header claims that nothing is collated (collate-in keeps it true: test_collate_in)."""
    corpus = Corpus()
    for treaty_id in corpus.treaties:
        path = corpus.path_of(treaty_id)
        header = tei.parse_file(path).getroot().find("t:teiHeader", TEI)
        said = [" ".join("".join(p.itertext()).split())
                for p in header.iterfind("t:encodingDesc/t:editorialDecl/t:p", TEI)]
        treaty = corpus.treaty(treaty_id)
        assert said == editorial_paragraphs([w for v in treaty.versions.values() for w in v.witnesses]), path.name
        assert not UNCOLLATED_CLAIM.search(_prose(header)), path.name


UNCOLLATED_CLAIM = re.compile(r"\b(none|no text|these texts are not)\b[^.]*\b(collated|editions' texts)", re.I)


def _prose(header) -> str:
    return " ".join(" ".join("".join(p.itertext()).split()) for p in header.iter(f"{{{tei.TEI_NS}}}p"))


def test_claims_say_what_the_texts_they_quote_are(run_cli, client):
    source = Corpus().folder / "sources" / "seed.xml"
    text = run_cli("claims", str(source)).stdout
    tail = text[text.index("The texts quoted as evidence:"):]
    assert RECONSTRUCTED in tail and "not the edition's text" in tail
    _assert_status_everywhere(text)
    data = json.loads(run_cli("claims", str(source), "--json").stdout)
    quoted = {e["witness"] for c in data["claims"] for e in c["evidence"]}
    assert quoted and quoted <= set(data["texts"])
    assert set(client.get("/api/sources/seed/claims").get_json()["texts"]) == set(data["texts"])
    document = html.fromstring(client.get("/sources/seed").get_data(as_text=True))
    heads = document.xpath("//table[@class='comparison']/tbody/tr/th")
    assert heads and all(h.xpath("span[@class='claim-text-status']") for h in heads)
