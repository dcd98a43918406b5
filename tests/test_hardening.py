"""Hostile and huge input (issue 15): one regression test (or more) for each defect the security pass found.

1. DOCTYPE/entities decided by parsing, whatever the encoding; imported TEI stored as UTF-8.
2. One input limit for every file and body, read with a cap; a clause's length bounded; the
   algorithms made linear give the answers of the ones they replace.
3. An entity inside <bibl> (re-parsed with the default parser) refused, not a traceback.
4. One unreadable treaty file harms no other page or command; no absolute path over HTTP.
5. Characters XML cannot hold refused in every text a user supplies.
6. JSON errors of every kind are 400 JSON; every error under /api/ is JSON, gunicorn's own too.
7. Pages cached by their meaningful parameters, not by the URL.
8. One-line libxml2 messages (test_tei_safety), no error naming a file never written.
9. Article numbers of any size read and written (Статья 1000, 第一萬條), numbers of thousands of digits.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from comparer import lang as languages
from comparer import limits, paths, plaintext, tei
from comparer.align.treaty import align_treaty
from comparer.check import check_treaty, context, structure
from comparer.check.context import _coverage
from comparer.cli import corpus_cmds
from comparer.corpus import Corpus
from comparer.lang.zh import chinese_number, chinese_numeral
from comparer.model import Mark

try:
    from comparer.web import auth, create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app

TREATY = "aigun-1858"
TOKEN = "hardening-token-0123456789"
RU = "Статья 1\nГраница идет по реке.\n\nСтатья 2\nКупцы торгуют свободно.\n"
ZH = "第一條\n以河為界。\n\n第二條\n兩國商人任便貿易。\n"


def listing(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def one_line_error(result) -> None:
    assert result.exit_code != 0
    assert result.stderr.startswith("comparer: error: ") and result.stderr.count("\n") == 1, result.stderr
    assert "Traceback" not in result.stderr


def bundled(name: str) -> bytes:
    return (paths.bundled("texts") / name).read_bytes()


def small_corpus(folder: Path, *treaties: str) -> Path:
    """A corpus folder with a few bundled treaties and the lexicon (a server on it starts fast)."""
    folder.mkdir(parents=True)
    for name in (*treaties, "lexicon"):
        shutil.copy(paths.bundled("texts") / f"{name}.xml", folder / f"{name}.xml")
    return folder


def as_utf16(data: bytes) -> bytes:
    return data.replace(b'encoding="UTF-8"', b'encoding="UTF-16"').decode("utf-8").encode("utf-16")


def with_doctype(data: bytes, subset: str) -> bytes:
    head, rest = data.split(b"\n", 1)
    return head + f"\n<!DOCTYPE TEI [{subset}]>\n".encode() + rest


# ---------------------------------------------------------------- 1. DOCTYPE in any encoding


XXE_UTF16 = as_utf16(with_doctype(bundled(f"{TREATY}.xml"), '<!ENTITY xxe SYSTEM "file:///etc/passwd">'))


def test_a_utf16_file_with_a_doctype_fails_validate(run_cli, tmp_path):
    evil = tmp_path / "evil.xml"
    evil.write_bytes(XXE_UTF16)
    result = run_cli("validate", "--no-tei-all", str(evil))
    assert result.exit_code != 0 and "DOCTYPE" in result.stderr


def test_a_utf16_file_with_a_doctype_is_not_imported(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    evil = tmp_path / "evil.xml"
    evil.write_bytes(XXE_UTF16)
    result = run_cli("import", str(evil), "--into", str(corpus))
    one_line_error(result)
    assert "DOCTYPE" in result.stderr and listing(corpus) == {}


def test_a_utf16_treaty_is_imported_as_utf8_and_reads_as_the_original(run_cli, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    utf16 = tmp_path / "aigun16.xml"
    utf16.write_bytes(as_utf16(bundled(f"{TREATY}.xml")))
    result = run_cli("import", str(utf16), "--into", str(corpus))
    assert result.exit_code == 0, result.stderr
    stored = (corpus / f"{TREATY}.xml").read_bytes()
    assert stored.startswith(b"<?xml version='1.0' encoding='UTF-8'?>")
    stored.decode("utf-8")
    assert tei.load_treaty(corpus / f"{TREATY}.xml") == tei.load_treaty(paths.bundled("texts") / f"{TREATY}.xml")


# ---------------------------------------------------------------- 2. limits: size, clause length, linear algorithms


def test_dev_zero_is_refused_with_one_line_not_a_memory_error(run_cli):
    result = run_cli("--max-input", "1M", "check", "--text", "ru=/dev/zero", "--text", "zh=/dev/zero")
    one_line_error(result)
    assert "larger than the input limit of 1 MB" in result.stderr


@pytest.mark.parametrize("command", ["validate", "check", "claims", "import", "align-files"])
def test_every_command_that_reads_a_file_applies_the_input_limit(run_cli, tmp_path, monkeypatch, command):
    monkeypatch.setenv(limits.ENV, "100")
    big = tmp_path / "big.txt"
    big.write_text(RU * 10, encoding="utf-8")
    args = {"validate": ["validate", "--no-tei-all", str(big)],
            "check": ["check", "--text", f"ru={big}", "--text", f"zh={big}"],
            "claims": ["claims", "--text", f"ru={big}"],
            "import": ["import", "--id", "big-1", "--text", f"ru={big}", "--into", str(tmp_path)],
            "align-files": ["align-files", str(big), str(big)]}[command]
    result = run_cli(*args)
    assert result.exit_code != 0 and "larger than the input limit of 100 bytes" in result.stderr, result.stderr


def test_the_corpus_itself_is_read_with_the_limit(run_cli, monkeypatch):
    monkeypatch.setenv(limits.ENV, "10k")
    result = run_cli("show", TREATY)
    one_line_error(result)
    assert "larger than the input limit of 10 kB" in result.stderr


def test_the_input_limit_is_an_option_and_in_the_help(run_cli):
    assert "--max-input SIZE" in run_cli("--help").stdout
    result = run_cli("--max-input", "lots", "list")
    assert result.exit_code == 2 and "expected a size such as 20M" in result.stderr


def test_a_clause_longer_than_a_clause_may_be_is_refused(run_cli, tmp_path):
    long = tmp_path / "long.txt"
    long.write_text("Статья 1\n" + "слово " * (limits.MAX_CLAUSE_CHARS // 5) + "\n", encoding="utf-8")
    result = run_cli("check", "--text", f"ru={long}", "--text", f"zh={long}")
    one_line_error(result)
    assert "the ru text, line 2: a clause of" in result.stderr


def test_a_tei_clause_longer_than_a_clause_may_be_is_refused():
    data = bundled(f"{TREATY}.xml").decode("utf-8")
    start = data.index('xml:id="aigun-1858.ru.a1.c1"')
    end = data.index(">", start) + 1
    data = data[:end] + "слово " * (limits.MAX_CLAUSE_CHARS // 5) + data[end:]
    with pytest.raises(Exception, match="aigun-1858.ru.a1.c1 has .* characters; a clause holds at most"):
        tei.treaty_from_tree(tei.parse_bytes(data.encode()), "long.xml")


def _longest_ascending_quadratic(values: list[int]) -> set[int]:
    """The algorithm the Fenwick tree replaced (issue 15 defect 2), kept here as the reference."""
    best_len, previous = [1] * len(values), [-1] * len(values)
    for i in range(len(values)):
        for j in range(i):
            if values[j] <= values[i] and best_len[j] + 1 > best_len[i]:
                best_len[i], previous[i] = best_len[j] + 1, j
    if not values:
        return set()
    i = max(range(len(values)), key=lambda k: (best_len[k], -k))
    kept = set()
    while i != -1:
        kept.add(i)
        i = previous[i]
    return kept


@settings(max_examples=150, deadline=None)
@given(st.lists(st.integers(1, 12), max_size=40))
def test_the_n_log_n_longest_ascending_run_keeps_the_same_articles(values):
    assert structure._longest_ascending(values) == _longest_ascending_quadratic(values)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.floats(-3, 3, allow_nan=False).map(lambda x: round(x, 1)), min_size=2, max_size=30))
def test_leave_one_out_medians_equal_sorting_again(ratios):
    ordered = sorted(ratios)
    for i, ratio in enumerate(ratios):
        others = ratios[:i] + ratios[i + 1:]
        norm = statistics.median(others)
        assert structure._median_without(ordered, ratio) == norm
        deviations = sorted(abs(r - norm) for r in ordered)
        assert structure._median_without(deviations, abs(ratio - norm)) == statistics.median(
            abs(r - norm) for r in others)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(1, 6)), max_size=8), st.integers(0, 34), st.integers(0, 6))
def test_span_coverage_by_binary_search_equals_the_scan(spans, start, width):
    spans = [(s, s + w) for s, w in spans]
    assert _coverage(spans)(start, start + width) == any(s <= start and start + width <= e for s, e in spans)


# Memory of the check path (benchmarks/check_scale.py measures it): what is held less must say the same.


def test_may_name_keeping_one_side_finds_what_keeping_all_does(monkeypatch):
    corpus = Corpus(paths.bundled("texts"))
    treaty = corpus.treaty("nerchinsk-1689")
    alignment = align_treaty(treaty, corpus.lexicon, semantic=False)
    kept = check_treaty(treaty, corpus.lexicon, alignment=alignment)
    monkeypatch.setattr(context, "SIDE_WORDS_KEPT", 1)
    again = check_treaty(treaty, corpus.lexicon, alignment=alignment)
    assert again.model_dump() == kept.model_dump() and any(f.type == "missing_concept" for f in kept.findings)


def test_json_written_in_pieces_is_what_json_dumps_writes(run_cli, monkeypatch):
    monkeypatch.setattr(corpus_cmds, "JSON_CHUNK", 100)
    result = run_cli("check", "nerchinsk-1689", "--json")
    assert result.exit_code == 0, result.stderr
    assert len(result.stdout) > 100 * corpus_cmds.JSON_CHUNK
    assert result.stdout == json.dumps(json.loads(result.stdout), ensure_ascii=False, indent=2) + "\n"


def test_instances_share_their_field_set_and_keep_their_own_values():
    first = Mark(kind="gap", start=1, end=1)
    second = Mark(kind="note", start=2, end=2, body="a note")
    moved = first.model_copy(update={"start": 5, "end": 5})
    second.body = "changed"
    assert first.model_fields_set is second.model_fields_set == set(Mark.model_fields)
    assert (first.start, moved.start, second.body, first.body) == (1, 5, "changed", "")


# ---------------------------------------------------------------- 3. an entity inside <bibl>


def test_an_entity_in_a_bibl_is_refused_by_validate_import_and_list(run_cli, tmp_path):
    data = bundled(f"{TREATY}.xml").decode("utf-8")
    at = data.index("<bibl ")
    at = data.index(">", at) + 1
    evil = with_doctype((data[:at] + "&ed;" + data[at:]).encode(), '<!ENTITY ed "an edition">')
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / f"{TREATY}.xml").write_bytes(evil)
    (corpus / "tianjin-1858.xml").write_bytes(bundled("tianjin-1858.xml"))
    result = run_cli("validate", "--no-tei-all", str(corpus / f"{TREATY}.xml"))
    assert result.exit_code != 0 and "DOCTYPE" in result.stderr and "Traceback" not in result.stderr
    other = tmp_path / "other"
    other.mkdir()
    one_line_error(run_cli("import", str(corpus / f"{TREATY}.xml"), "--into", str(other)))
    assert listing(other) == {}
    listed = run_cli("--corpus", str(corpus), "list")
    assert listed.exit_code != 0 and "tianjin-1858" in listed.stdout
    assert f"{TREATY}.xml" in listed.stderr and "DOCTYPE" in listed.stderr


# ---------------------------------------------------------------- 4. one broken file harms nothing else


@pytest.fixture(scope="module")
def broken_corpus(tmp_path_factory) -> Path:
    folder = small_corpus(tmp_path_factory.mktemp("broken") / "corpus", TREATY)
    (folder / "tianjin-1858.xml").write_bytes(bundled("tianjin-1858.xml")[:5000])  # truncated
    (folder / "sources").mkdir()
    (folder / "sources" / "notes.xml").write_bytes(b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><oops")
    return folder


@pytest.fixture(scope="module")
def broken_client(broken_corpus):
    return create_app(str(broken_corpus), testing=True).test_client()


@pytest.mark.parametrize("url", ["/", f"/treaties/{TREATY}", f"/treaties/{TREATY}/history", "/lexicon",
                                 "/search?q=Amur", "/sources", "/api/treaties", f"/api/treaties/{TREATY}",
                                 f"/api/treaties/{TREATY}/check", "/api/sources", "/api/lexicon"])
def test_with_one_broken_file_every_other_page_answers_200(broken_client, broken_corpus, url):
    response = broken_client.get(url)
    assert response.status_code == 200, response.get_data(as_text=True)[:500]
    assert str(broken_corpus) not in response.get_data(as_text=True)


def test_the_broken_file_is_listed_with_its_error_by_name_only(broken_client, broken_corpus):
    listed = {t["id"]: t for t in broken_client.get("/api/treaties").get_json()}
    assert set(listed) == {TREATY, "tianjin-1858"}
    broken = listed["tianjin-1858"]
    assert broken["file"] == "tianjin-1858.xml" and broken["versions"] == []
    assert broken["error"].startswith("tianjin-1858.xml:") and "malformed XML" in broken["error"]
    page = broken_client.get("/").get_data(as_text=True)
    assert "tianjin-1858.xml" in page and "malformed XML" in page
    sources = broken_client.get("/sources").get_data(as_text=True)
    assert "sources/notes.xml" in sources and str(broken_corpus) not in sources


@pytest.mark.parametrize("url", ["/treaties/tianjin-1858", "/api/treaties/tianjin-1858", "/sources/notes",
                                 "/api/sources/notes/claims"])
def test_the_broken_files_own_pages_are_404_without_the_folder(broken_client, broken_corpus, url):
    response = broken_client.get(url)
    body = response.get_data(as_text=True)
    assert response.status_code == 404 and "cannot be read" in body
    assert str(broken_corpus) not in body and "Traceback" not in body


def test_a_file_that_breaks_while_serving_is_listed_broken_and_mends(tmp_path):
    corpus = small_corpus(tmp_path / "corpus", TREATY, "beijing-1860")
    client = create_app(str(corpus), testing=True).test_client()
    assert client.get("/api/treaties").status_code == 200
    path = corpus / "beijing-1860.xml"
    good = path.read_bytes()
    path.write_bytes(good[:3000])
    listed = {t["id"]: t for t in client.get("/api/treaties").get_json()}
    assert "error" in listed["beijing-1860"] and client.get("/").status_code == 200
    assert client.get("/api/treaties/beijing-1860").status_code == 404
    path.write_bytes(good)
    os.utime(path, ns=(time.time_ns(), time.time_ns() + 10**9))  # a new stamp even within one tick
    listed = {t["id"]: t for t in client.get("/api/treaties").get_json()}
    assert "error" not in listed["beijing-1860"] and listed["beijing-1860"]["versions"]


def test_list_shows_the_others_and_names_the_broken_file(run_cli, broken_corpus):
    result = run_cli("--corpus", str(broken_corpus), "list")
    assert result.exit_code != 0 and result.stdout.startswith(TREATY)
    assert "tianjin-1858.xml:" in result.stderr and "malformed XML" in result.stderr
    data = json.loads(run_cli("--corpus", str(broken_corpus), "list", "--json").stdout)
    assert [t["id"] for t in data] == [TREATY, "tianjin-1858"] and data[1]["error"]


# ---------------------------------------------------------------- 5. characters XML cannot hold


@pytest.mark.parametrize(("option", "value"), [("--title", "Treaty \x01"), ("--source", "ru=Edition \ufffe")])
def test_control_characters_in_a_title_or_source_are_refused(run_cli, tmp_path, option, value):
    (tmp_path / "ru.txt").write_text(RU, encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = run_cli("import", "--id", "t-1", "--text", f"ru={tmp_path / 'ru.txt'}", option, value,
                     "--into", str(corpus))
    one_line_error(result)
    assert "XML cannot hold" in result.stderr and listing(corpus) == {}


@pytest.mark.parametrize("char", ["\x01", "\x0c", "\ufffe", "\uffff"])
def test_control_characters_in_an_imported_text_are_refused_with_where(run_cli, tmp_path, char):
    (tmp_path / "ru.txt").write_text(RU.replace("реке", "ре" + char + "ке"), encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = run_cli("import", "--id", "t-1", "--text", f"ru={tmp_path / 'ru.txt'}", "--into", str(corpus))
    one_line_error(result)
    assert f"U+{ord(char):04X}" in result.stderr and "line 2" in result.stderr and listing(corpus) == {}


@pytest.fixture(scope="module")
def editing_corpus(tmp_path_factory) -> Path:
    """Every request to it here is refused, so one copy serves the module (each test checks it is unchanged)."""
    return small_corpus(tmp_path_factory.mktemp("editing") / "corpus", TREATY)


@pytest.fixture(scope="module")
def editing_client(editing_corpus):
    return create_app(str(editing_corpus), edit=True, editors=auth.Editors({"alice": TOKEN}), testing=True).test_client()


def _finding(client) -> str:
    return client.get(f"/api/treaties/{TREATY}/check").get_json()["findings"][0]["id"]


@pytest.mark.parametrize("comment", ["lone \ud800 surrogate", "bell \x07", "nonchar \uffff"])
def test_a_comment_xml_cannot_hold_is_400_json_and_writes_nothing(editing_client, editing_corpus, comment):
    before = listing(editing_corpus)
    body = json.dumps({"finding": _finding(editing_client), "status": "dismissed", "comment": comment})
    response = editing_client.post(f"/api/treaties/{TREATY}/reviews", data=body, content_type="application/json",
                                   headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and "XML cannot hold" in response.get_json()["error"]
    assert listing(editing_corpus) == before


def test_an_undecodable_byte_in_a_cli_comment_is_one_line(run_cli, tmp_path):
    corpus = small_corpus(tmp_path / "corpus", TREATY)
    finding = json.loads(run_cli("check", TREATY, "--langs", "ru,zh", "--json").stdout)["findings"][0]["id"]
    before = listing(corpus)
    comment = b"caf\xe9".decode("utf-8", "surrogateescape")  # what click makes of a Latin-1 argument
    result = run_cli("--corpus", str(corpus), "review", TREATY, finding, "--langs", "ru,zh", "--status", "dismissed",
                     "--comment", comment)
    one_line_error(result)
    assert "U+DCE9" in result.stderr and listing(corpus) == before


# ---------------------------------------------------------------- 6. JSON errors


@pytest.mark.parametrize("body", ["[" * 30000, "{" * 30000, '{"finding": ', "\xff\xfe", "[1, 2]", '"text"', "42",
                                  "null", '{"finding": ["x"], "status": 1}', '{"langs": {"ru": 1}}'])
def test_every_kind_of_bad_json_is_400_json(editing_client, editing_corpus, body):
    before = listing(editing_corpus)
    response = editing_client.post(f"/api/treaties/{TREATY}/reviews", data=body.encode("utf-8", "surrogatepass"),
                                   content_type="application/json", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 400 and response.is_json, response.get_data(as_text=True)[:300]
    assert response.get_json()["status"] == 400 and listing(editing_corpus) == before


@pytest.mark.parametrize(("method", "url", "status"), [
    ("get", "/api/no-such-thing", 404), ("delete", "/api/treaties", 405), ("put", "/api/lexicon", 405),
    ("post", f"/api/treaties/{TREATY}/reviews", 413),
])
def test_every_error_under_api_is_json(editing_client, method, url, status):
    kwargs = {"data": b"x" * (1024 * 1024), "content_type": "application/json"} if status == 413 else {}
    response = getattr(editing_client, method)(url, headers={"Authorization": f"Bearer {TOKEN}"}, **kwargs)
    assert response.status_code == status and response.is_json
    assert response.get_json() == {"error": response.get_json()["error"], "status": status}


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _raw(port: int, request: bytes) -> tuple[int, str, dict]:
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        sock.sendall(request)
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers.get("Content-Type", ""), json.loads(body)


def test_gunicorns_own_refusals_are_json(tmp_path):
    """A request line or headers over gunicorn's limits never reach the app: its worker answers them."""
    corpus = small_corpus(tmp_path / "corpus", TREATY)
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-c", "from comparer.cli import main; main()", "serve",
                               "--port", str(port), "--corpus", str(corpus)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, server.stderr.read().decode()[-2000:]
                time.sleep(0.5)
        status, kind, body = _raw(port, b"GET /api/treaties?q=" + b"a" * 5000 + b" HTTP/1.1\r\nHost: x\r\n\r\n")
        assert (status, kind, body["status"]) == (414, "application/json", 414) and body["error"]
        status, kind, body = _raw(port, b"GET /api/treaties HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 10000 + b"\r\n\r\n")
        assert (status, kind, body["status"]) == (431, "application/json", 431)
        status, kind, body = _raw(port, b"GET /api/nothing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        assert (status, kind, body["status"]) == (404, "application/json", 404)
    finally:
        server.terminate()
        server.wait(30)


# ---------------------------------------------------------------- 7. the page cache


@pytest.fixture(scope="module")
def reader_app(tmp_path_factory):
    return create_app(str(small_corpus(tmp_path_factory.mktemp("reader") / "corpus", TREATY)), testing=True)


def test_unknown_parameters_are_dropped_by_a_redirect_and_do_not_fill_the_cache(reader_app):
    client, services = reader_app.test_client(), reader_app.extensions["comparer"]
    assert client.get("/").status_code == 200
    cached = len(services.pages._items)
    for n in range(20):
        response = client.get(f"/?z={n}&ui=en")
        assert response.status_code == 303 and response.headers["Location"].endswith("/?ui=en")
        response = client.get(f"/treaties/{TREATY}?langs=ru,zh&seed=x{n}&cachebuster={n}")
        assert response.status_code == 303 and response.headers["Location"].endswith(f"/treaties/{TREATY}?langs=ru%2Czh")
    assert client.get("/?ui=en").status_code == 200
    assert len(services.pages._items) <= cached + 1


def test_parameters_in_another_order_are_one_page(reader_app):
    client, services = reader_app.test_client(), reader_app.extensions["comparer"]
    assert client.get(f"/treaties/{TREATY}?langs=ru,zh&severity=high").status_code == 200
    cached = len(services.pages._items)
    assert client.get(f"/treaties/{TREATY}?severity=high&langs=ru,zh").status_code == 200
    assert len(services.pages._items) == cached


# ---------------------------------------------------------------- 8. no error names a file never written


def test_an_import_refused_after_building_its_tei_names_no_file(run_cli, tmp_path):
    (tmp_path / "ru.txt").write_text('Статья 1\n[?слово | foo="bar"]\n', encoding="utf-8")
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    result = run_cli("import", "--id", "t-1", "--text", f"ru={tmp_path / 'ru.txt'}", "--into", str(corpus))
    one_line_error(result)
    assert "the TEI made for t-1" in result.stderr and "t-1.xml" not in result.stderr and listing(corpus) == {}


# ---------------------------------------------------------------- 9. article numbers and numbers of any size


@pytest.mark.parametrize("code", ["ru", "zh", "id", "la", "en", "mnc"])
@pytest.mark.parametrize("number", [999, 1000, 10_000, 12_345, 99_999_999, 100_000_000, 999_999_999])
def test_every_default_heading_reads_back_however_large(code, number):
    language = languages.get(code)
    assert language.article_heading(language.default_heading(number)) == number


def test_chinese_numerals_count_in_myriads_and_read_back():
    assert [chinese_numeral(n) for n in (10_000, 10_001, 10_015, 120_000, 12_345_678)] == [
        "一萬", "一萬零一", "一萬零一十五", "十二萬", "一千二百三十四萬五千六百七十八"]
    assert all(chinese_number(chinese_numeral(n)) == n for n in range(1, 10 ** 8, 997))


@pytest.mark.parametrize(("lang", "first", "second"), [
    ("ru", "Статья 1000", "Статья 1001-я"), ("en", "Article 1000", "Article 12345."), ("la", "Articulus 1000", "Art. 1001"),
    ("id", "Pasal 1000", "Pasal 12345"), ("zh", "第一千條", "第12345條"), ("zh", "第一萬條", "第一萬零一條"),
    ("mnc", "1000.", "12345.")])
def test_articles_numbered_past_a_thousand_are_read_from_plain_text(lang, first, second):
    divisions = plaintext.parse(f"{first}\nclause one\n{second}\nclause two\n", lang, "t.x")
    assert [(d.n, d.head) for d in divisions] == [(str(languages.get(lang).article_heading(first)), first),
                                                  (str(languages.get(lang).article_heading(second)), second)]
    assert int(divisions[0].n) >= 1000 and int(divisions[1].n) > int(divisions[0].n)


def test_check_reads_russian_articles_past_a_thousand(run_cli, tmp_path):
    ru, zh = tmp_path / "ru.txt", tmp_path / "zh.txt"
    ru.write_text(RU.replace("Статья 1", "Статья 1000").replace("Статья 2", "Статья 1001"), encoding="utf-8")
    zh.write_text(ZH.replace("第一條", "第一千條").replace("第二條", "第一千零一條"), encoding="utf-8")
    result = run_cli("check", "--json", "--text", f"ru={ru}", "--text", f"zh={zh}")
    assert result.exit_code == 0, result.stderr


def _without_heads(tmp_path: Path, lang: str, number: str) -> Path:
    """A corpus whose aigun-1858 `lang` version has no article headings and its third article numbered `number`."""
    corpus = small_corpus(tmp_path / "corpus", TREATY)
    data = (corpus / f"{TREATY}.xml").read_text(encoding="utf-8")
    start = data.index(f'<text xml:id="{TREATY}.{lang}"')
    end = data.index("</text>", start)
    version = re.sub(r"<head>[^<]*</head>", "", data[start:end])
    version = version.replace('type="article" n="3"', f'type="article" n="{number}"').replace(
        f"{TREATY}.{lang}.a3.", f"{TREATY}.{lang}.a{number}.")
    (corpus / f"{TREATY}.xml").write_text(data[:start] + version + data[end:], encoding="utf-8")
    return corpus


def test_show_txt_writes_a_heading_for_article_ten_thousand(run_cli, tmp_path):
    corpus = _without_heads(tmp_path, "zh", "10000")
    result = run_cli("--corpus", str(corpus), "show", TREATY, "--lang", "zh", "--format", "txt")
    assert result.exit_code == 0, result.stderr
    assert "\n第一萬條\n" in result.stdout
    assert [d.n for d in plaintext.parse(result.stdout, "zh", "t.zh") if d.kind == "article"][2] == "10000"


def test_show_txt_of_an_article_no_heading_can_number_is_one_line(run_cli, tmp_path):
    corpus = _without_heads(tmp_path, "zh", "0")
    result = run_cli("--corpus", str(corpus), "show", TREATY, "--lang", "zh", "--format", "txt")
    one_line_error(result)
    assert "article '0' has no heading" in result.stderr


@pytest.mark.parametrize(("lang", "line"), [
    ("ru", "Сумма " + "7" * 5000 + " рублей."), ("zh", "共" + "7" * 5000 + "人。"), ("zh", "共" + "一" * 5000 + "人。"),
    ("zh", "第" + "1" * 5000 + "條"), ("en", "Article " + "9" * 5000)])
def test_a_number_of_thousands_of_digits_is_no_traceback(run_cli, tmp_path, lang, line):
    """Python refuses to read an integer of over 4,300 digits: such a run is no number a treaty states."""
    texts = {"ru": RU, "zh": ZH, "en": "Article 1\nThe boundary follows the river.\n"}
    texts[lang] = texts[lang] + line + "\n"
    files = []
    for code in (lang, "ru" if lang != "ru" else "zh"):
        (tmp_path / f"{code}.txt").write_text(texts[code], encoding="utf-8")
        files += ["--text", f"{code}={tmp_path / f'{code}.txt'}"]
    result = run_cli("check", "--json", *files)
    assert result.exit_code == 0, result.stderr
    assert all(len(n.surface) <= 30 for n in languages.get(lang).numbers(line))
