"""Fuzzing the three doors hostile input comes through (issue 15): the TEI loader, the plain-text
reader and the review API. Hypothesis generates the input (a few hundred cases each, bounded for
CI; COMPARER_FUZZ_SCALE=N runs N times as many); every case must end in a result or a user error (ComparerError, a 4xx JSON answer), never in
another exception or a 5xx, and a refused write leaves the corpus folder as it was.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from comparer import paths, plaintext, tei
from comparer.claims.sentences import plain_sentences
from comparer.errors import ComparerError
from comparer.exchange import importer

try:
    from comparer.web import auth, create_app
except ModuleNotFoundError:  # a source checkout: web/ sits beside comparer/
    from web import auth, create_app

TREATY = "aigun-1858"
TOKEN = "fuzz-token-0123456789abcdef"
SCALE = int(os.environ.get("COMPARER_FUZZ_SCALE", "1"))  # more cases than CI runs: COMPARER_FUZZ_SCALE=20
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def listing(folder: Path) -> dict[str, bytes]:
    """The folder's files and their bytes; the lock files writers take (comparer.review) are no content."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and not (p.name.startswith(".") and p.name.endswith(".lock"))}


# ---------------------------------------------------------------- the TEI loader

SEED_TEXTS = {"ru": "Преамбула.\nСтатья 1\nГраница идет по [?реке] Амуру.\n\nСтатья 2\nКупцы [note: так] торгуют.\n",
              "zh": "第一條\n以黑龍江為界。\n第二條\n兩國商人任便貿易。\n[closing]\n[gap]\n"}
SEED = tei.treaty_to_bytes(plaintext.treaty_from_texts(
    "fuzz-1", {lang: text for lang, text in SEED_TEXTS.items()}, title="Fuzz"))
XML_PIECES = [b"<", b">", b"</", b"/>", b"&", b"&amp;", b"&#0;", b"&#x1;", b"&#xFFFE;", b"&e;", b"<!--", b"-->",
              b"<![CDATA[", b"]]>", b"<?pi x?>", b'<!DOCTYPE TEI [<!ENTITY e "v">]>', b'<!DOCTYPE TEI SYSTEM "x">',
              b'<!ENTITY e SYSTEM "file:///etc/passwd">', b'xml:id="x"', b'xmlns="urn:x"', b"\x00", b"\xff\xfe",
              b"\xef\xbb\xbf", b"\x01", b"\xc3", b'<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>',
              b'<seg type="clause" xml:id="fuzz-1.ru.a1.c9">', b"</seg>", b"<gap/>", b'<unclear cert="low">', b"<div>"]


@st.composite
def mutated_tei(draw) -> bytes:
    data = SEED
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, len(data)))
        cut = draw(st.integers(0, 40))
        piece = draw(st.one_of(st.sampled_from(XML_PIECES), st.binary(max_size=8)))
        data = data[:at] + piece + data[at + cut:]
    if draw(st.booleans()):
        data = data[:draw(st.integers(0, len(data)))]  # truncated
    encoding = draw(st.sampled_from([None, None, "utf-16", "utf-32", "utf-16-le"]))
    if encoding:
        text = data.decode("utf-8", "replace").replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"')
        data = text.encode(encoding)
    return data


@settings(FUZZ, max_examples=250 * SCALE)
@given(mutated_tei())
def test_the_tei_loader_reads_or_refuses(data):
    try:
        treaty = tei.treaty_from_tree(tei.parse_bytes(data, "fuzz.xml"), "fuzz.xml")
    except ComparerError as err:
        assert "\n" not in str(err)
        return
    tei.treaty_to_bytes(treaty)  # what was read can be written again


@settings(FUZZ, max_examples=60 * SCALE)
@given(mutated_tei())
def test_a_tei_import_writes_a_readable_file_or_nothing(tmp_path_factory, data):
    folder = tmp_path_factory.mktemp("corpus")
    source = tmp_path_factory.mktemp("in") / "fuzz.xml"
    source.write_bytes(data)
    try:
        written = importer.import_tei(folder, source)
    except ComparerError:
        assert listing(folder) == {}
        return
    assert tei.load_treaty(written).id == written.stem
    written.read_bytes().decode("utf-8")  # stored as UTF-8 whatever it came in


# ---------------------------------------------------------------- the plain-text reader

LINE_PIECES = ["Статья 1", "Статья 2", "1.", "第一條", "一、", "[closing]", "[gap]", "[…]", "[...]", "[?", "[note:",
               "]", "|", '"', "\\", '| cert="low"', '| reason="x" ', '| xml:id="a"', "слово", "Амур", "以河為界", " "]
TEXT_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs",))


@st.composite
def plain_text(draw) -> bytes:
    lines = draw(st.lists(st.lists(st.one_of(st.sampled_from(LINE_PIECES), st.text(TEXT_CHARS, max_size=6)),
                                   max_size=6).map("".join), min_size=1, max_size=8))
    data = "\n".join(lines).encode("utf-8")
    if draw(st.integers(0, 9)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(min_size=1, max_size=3)) + data[at:]  # maybe not UTF-8
    return data


@settings(FUZZ, max_examples=150 * SCALE)
@given(plain_text(), st.sampled_from(["ru", "zh"]))
def test_a_plain_text_import_writes_a_readable_file_or_nothing(tmp_path_factory, data, lang):
    folder = tmp_path_factory.mktemp("corpus")
    source = tmp_path_factory.mktemp("in") / f"{lang}.txt"
    source.write_bytes(data)
    try:
        written = importer.import_texts(folder, "fuzz-1", {lang: source})
    except ComparerError as err:
        assert "\n" not in str(err)
        assert listing(folder) == {}
        return
    treaty = tei.load_treaty(written)
    assert treaty.version(lang).primary.clauses()


@settings(FUZZ, max_examples=100 * SCALE)
@given(plain_text(), st.sampled_from(["ru", "zh", "id", "en"]))
def test_a_plain_secondary_text_reads_or_refuses(data, lang):
    try:
        plain_sentences(data, lang, "fuzz.txt")
    except ComparerError as err:
        assert "\n" not in str(err)


# ---------------------------------------------------------------- the review API


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    folder = tmp_path_factory.mktemp("review") / "corpus"
    folder.mkdir()
    for name in (f"{TREATY}.xml", "lexicon.xml"):
        shutil.copy(paths.bundled("texts") / name, folder / name)
    app = create_app(str(folder), edit=True, editors=auth.Editors({"alice": TOKEN}), testing=True)
    client = app.test_client()
    findings = [f["id"] for f in client.get(f"/api/treaties/{TREATY}/check?langs=ru,zh").get_json()["findings"]]
    rows = [g["id"] for g in client.get(f"/api/treaties/{TREATY}/alignment").get_json()["groups"]]
    return folder, client, findings, rows


JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
                           max_leaves=12)
TEXTS = st.text(max_size=30) | st.sampled_from(["\ud800", "a\x00b", "\ufffe", "<script>", "x" * 2500, ""])


@st.composite
def review_request(draw, findings: list[str], rows: list[str]) -> tuple[str, bytes, str]:
    url = draw(st.sampled_from(["reviews", "alignment"]))
    if draw(st.integers(0, 3)) == 0:  # anything at all
        body = draw(st.one_of(st.binary(max_size=60), JSON_VALUES.map(json.dumps),
                              st.integers(1, 40000).map(lambda n: "[" * n)))
        body = body if isinstance(body, bytes) else body.encode("utf-8")
    else:  # the shape the API expects, with hostile values
        if url == "reviews":
            fields = {"finding": st.sampled_from(findings) | TEXTS | JSON_VALUES,
                      "status": st.sampled_from(["open", "confirmed", "dismissed"]) | TEXTS | JSON_VALUES,
                      "comment": TEXTS | JSON_VALUES, "langs": st.sampled_from(["ru,zh", ["ru", "zh"], "ru"]) | JSON_VALUES}
        else:
            fields = {"action": st.sampled_from(["merge", "split", "move", "no-counterpart"]) | TEXTS,
                      "rows": st.lists(st.sampled_from(rows) | TEXTS, max_size=3) | JSON_VALUES,
                      "row": st.sampled_from(rows) | TEXTS, "at": TEXTS, "clause": TEXTS, "to": TEXTS | JSON_VALUES}
        body = json.dumps(draw(st.fixed_dictionaries({}, optional=fields))).encode("utf-8")
    kind = draw(st.sampled_from(["application/json", "application/json", "text/plain", "application/x-www-form-urlencoded"]))
    return url, body, kind


@settings(FUZZ, max_examples=120 * SCALE)
@given(st.data())
def test_the_review_api_answers_json_and_writes_nothing_when_it_refuses(api, data):
    folder, client, findings, rows = api
    url, body, kind = data.draw(review_request(findings, rows))
    before = listing(folder)
    headers = {"Authorization": f"Bearer {TOKEN}"}
    if data.draw(st.booleans()):
        headers["If-Match"] = data.draw(st.sampled_from(['"stale"', "*", "W/\"x\"", "", "\x7f"]))
    response = client.post(f"/api/treaties/{TREATY}/{url}", data=body, content_type=kind, headers=headers)
    assert response.status_code < 500
    assert response.is_json, response.get_data(as_text=True)[:200]
    if response.status_code >= 400:
        assert response.get_json()["status"] == response.status_code
        assert listing(folder) == before
    else:
        tei.load_treaty(folder / f"{TREATY}.xml")  # a write leaves a file the corpus reads
