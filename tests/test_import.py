"""comparer import: plain-text and TEI imports, and every refusal leaving the corpus folder as it was."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from comparer import paths, tei
from comparer.corpus import Corpus

RU = """Договор о границе (текст для проверки импорта).

Статья 1
Граница идет по реке.
Земли к северу остаются за одной стороной; земли к югу за другой.

Статья 2
Купцы обеих сторон торгуют свободно.
[closing]
Подписано в городе.
"""
ZH = """界約（測試用文本）。

第一條
以河為界。
河北之地歸一方，河南之地歸另一方。

第二條
兩國商人任便貿易。
[closing]
在城簽字。
"""
RU_ONE_LINE = """Статья 1
Граница идет по реке. Земли к северу остаются за одной стороной; земли к югу за другой. Так решено.
"""


def tree_listing(root: Path) -> list[str]:
    """Every file and folder under root, hidden ones included (an atomic write's temporary file)."""
    return sorted(str(p.relative_to(root)) for p in root.rglob("*"))


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "ru.txt").write_text(RU, encoding="utf-8")
    (folder / "zh.txt").write_text(ZH, encoding="utf-8")
    return folder


@pytest.fixture()
def empty_corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    return folder


def import_args(inputs: Path, *extra: str) -> list[str]:
    return ["import", "--id", "kyakhta-1727", "--title", "Treaty of Kyakhta (test text)",
            "--text", f"ru={inputs / 'ru.txt'}", "--text", f"zh={inputs / 'zh.txt'}", *extra]


def test_a_plain_text_import_goes_through_list_show_and_export(run_cli, inputs, empty_corpus, tei_all):
    result = run_cli("--corpus", str(empty_corpus), *import_args(inputs, "--pivot", "ru"))
    assert result.exit_code == 0, result.stderr
    assert tree_listing(empty_corpus) == ["kyakhta-1727.xml"]
    listed = json.loads(run_cli("--corpus", str(empty_corpus), "list", "--json").stdout)
    assert [(t["id"], t["pivot"], [v["lang"] for v in t["versions"]]) for t in listed] == [
        ("kyakhta-1727", "ru", ["ru", "zh"])]
    shown = json.loads(run_cli("--corpus", str(empty_corpus), "show", "kyakhta-1727", "--json").stdout)
    ru = shown["versions"]["ru"]
    assert [c["id"] for c in ru["articles"][0]["clauses"]] == ["kyakhta-1727.ru.a1.c1", "kyakhta-1727.ru.a1.c2"]
    assert ru["closing"][0]["text"] == "Подписано в городе."
    assert shown["versions"]["zh"]["articles"][1]["clauses"][0]["text"] == "兩國商人任便貿易。"
    exported = run_cli("--corpus", str(empty_corpus), "export", "kyakhta-1727", "--no-semantic")
    assert exported.exit_code == 0, exported.stderr
    tree = tei.parse_bytes(exported.stdout_bytes)
    assert tei_all.validate(tree), [e.message for e in tei_all.error_log][:3]
    assert run_cli("--corpus", str(empty_corpus), "validate", "--no-tei-all").exit_code == 0


def test_into_names_the_folder_without_a_corpus_option(run_cli, inputs, empty_corpus):
    result = run_cli(*import_args(inputs, "--into", str(empty_corpus)))
    assert result.exit_code == 0, result.stderr
    assert Corpus(empty_corpus).treaty("kyakhta-1727").titles == {"en": "Treaty of Kyakhta (test text)"}


def test_split_cuts_an_unsegmented_article_into_clauses(run_cli, tmp_path, empty_corpus):
    text = tmp_path / "ru.txt"
    text.write_text(RU_ONE_LINE, encoding="utf-8")
    run_cli("--corpus", str(empty_corpus), "import", "--id", "one-line", "--text", f"ru={text}")
    run_cli("--corpus", str(empty_corpus), "import", "--id", "split", "--text", f"ru={text}", "--split")
    corpus = Corpus(empty_corpus)
    whole = corpus.treaty("one-line").version("ru").primary.clauses()
    split = corpus.treaty("split").version("ru").primary.clauses()
    assert [c.text for c in whole] == [RU_ONE_LINE.splitlines()[1]]
    assert [c.text for c in split] == ["Граница идет по реке.", "Земли к северу остаются за одной стороной;",
                                       "земли к югу за другой.", "Так решено."]
    assert [c.id for c in split] == [f"split.ru.a1.c{n}" for n in range(1, 5)]


def test_a_tei_file_is_imported_as_it_is(run_cli, empty_corpus):
    source = paths.bundled("texts") / "aigun-1858.xml"
    result = run_cli("--corpus", str(empty_corpus), "import", str(source))
    assert result.exit_code == 0, result.stderr
    assert (empty_corpus / "aigun-1858.xml").read_bytes() == source.read_bytes()


# ---------------------------------------------------------------- refusals

DOCTYPE_XXE = b"""<?xml version="1.0"?>
<!DOCTYPE TEI [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="xxe-1"><teiHeader/><text><group/></text>&secret;</TEI>"""
BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="laughs-1">&lol3;</TEI>"""


def _aigun_variant(old: str, new: str) -> bytes:
    text = (paths.bundled("texts") / "aigun-1858.xml").read_text(encoding="utf-8")
    assert old in text
    return text.replace(old, new).encode()


def _write(folder: Path, name: str, data: bytes) -> str:
    (folder / name).write_bytes(data)
    return str(folder / name)


REFUSALS = {
    "not UTF-8": (lambda d: ["--id", "t-1", "--text", "ru=" + _write(d, "cp.txt", RU.encode("cp1251"))], "not UTF-8"),
    "not text": (lambda d: ["--id", "t-1", "--text", "ru=" + _write(d, "bin.txt", b"\x00\x01" + RU.encode())], "NUL"),
    "no article headings": (lambda d: ["--id", "t-1", "--text", "ru=" + _write(d, "flat.txt", "Просто текст.\n".encode())],
                            "no article headings"),
    "malformed language code": (lambda d: ["--id", "t-1", "--text", f"RU={d / 'ru.txt'}"], "not a language code"),
    "language name for a code": (lambda d: ["--id", "t-1", "--text", f"russian={d / 'ru.txt'}"], "not a language code"),
    "the same language twice": (lambda d: ["--id", "t-1", "--text", f"ru={d / 'ru.txt'}", "--text", f"ru={d / 'zh.txt'}"],
                                "given twice"),
    "a missing file": (lambda d: ["--id", "t-1", "--text", f"ru={d / 'none.txt'}"], "cannot read"),
    "an id escaping the folder": (lambda d: ["--id", "../../x", "--text", f"ru={d / 'ru.txt'}"], "lowercase letters"),
    "an id with a slash": (lambda d: ["--id", "a/b", "--text", f"ru={d / 'ru.txt'}"], "lowercase letters"),
    "the lexicon's id": (lambda d: ["--id", "lexicon", "--text", f"ru={d / 'ru.txt'}"], "lexicon file"),
    "a source for no text": (lambda d: ["--id", "t-1", "--text", f"ru={d / 'ru.txt'}", "--source", "zh=Some book"],
                             "has no --text"),
    "XML with an external entity": (lambda d: [_write(d, "xxe.xml", DOCTYPE_XXE)], "DOCTYPE"),
    "XML with entity expansion": (lambda d: [_write(d, "laughs.xml", BILLION_LAUGHS)], "DOCTYPE"),
    "malformed XML": (lambda d: [_write(d, "bad.xml", b"<TEI><unclosed></TEI>")], "malformed XML"),
    "XML not in our structure": (lambda d: [_write(d, "schema.xml", _aigun_variant(
        'xml:id="aigun-1858.ru.a1.c1"', 'xml:id="aigun-1858.ru.a1.x1"'))], "not a corpus treaty file"),
    "XML pointing at a clause that is not there": (lambda d: [_write(d, "dangling.xml", _aigun_variant(
        'corresp="#aigun-1858.ru.a1.c1"', 'corresp="#aigun-1858.ru.a9.c9"'))], "#aigun-1858.ru.a9.c9"),
    "the lexicon as a treaty": (lambda d: [str(paths.bundled("texts") / "lexicon.xml")], "no language versions"),
    "a TEI file with --id": (lambda d: [str(paths.bundled("texts") / "aigun-1858.xml"), "--id", "other"], "not both"),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_bad_input_gets_one_message_and_writes_nothing(run_cli, tmp_path, inputs, empty_corpus, case):
    make_args, message = REFUSALS[case]
    args = make_args(inputs)
    before = tree_listing(tmp_path)
    result = run_cli("--corpus", str(empty_corpus), "import", *args)
    assert result.exit_code != 0
    assert result.stderr.count("\n") == 1 and result.stderr.startswith("comparer: error: "), result.stderr
    assert message in result.stderr
    assert tree_listing(tmp_path) == before


def test_a_file_over_the_size_limit_is_refused_unread(run_cli, inputs, empty_corpus, monkeypatch):
    monkeypatch.setenv("COMPARER_MAX_INPUT", "64")
    result = run_cli("--corpus", str(empty_corpus), *import_args(inputs))
    assert result.exit_code != 0 and "larger than" in result.stderr
    assert tree_listing(empty_corpus) == []


def test_an_id_already_in_the_corpus_is_refused(run_cli, corpus_copy, tmp_path):
    before = tree_listing(corpus_copy)
    original = (corpus_copy / "aigun-1858.xml").read_bytes()
    ru = tmp_path / "ru.txt"
    ru.write_text(RU, encoding="utf-8")
    for args in (["--id", "aigun-1858", "--text", f"ru={ru}"], [str(paths.bundled("texts") / "aigun-1858.xml")]):
        result = run_cli("--corpus", str(corpus_copy), "import", *args)
        assert result.exit_code != 0 and "already in the corpus" in result.stderr
    assert tree_listing(corpus_copy) == before
    assert (corpus_copy / "aigun-1858.xml").read_bytes() == original


def test_without_an_explicit_folder_nothing_is_written_to_the_bundled_corpus(run_cli, inputs, monkeypatch):
    monkeypatch.delenv(paths.CORPUS_ENV, raising=False)
    bundled = paths.bundled("texts")
    before = tree_listing(bundled)
    result = run_cli(*import_args(inputs))
    assert result.exit_code != 0
    assert "--corpus DIR" in result.stderr and "--into DIR" in result.stderr
    assert tree_listing(bundled) == before


def test_a_folder_that_is_not_there_is_refused(run_cli, inputs, tmp_path):
    result = run_cli(*import_args(inputs, "--into", str(tmp_path / "nowhere")))
    assert result.exit_code != 0 and "no such corpus folder" in result.stderr
    assert not (tmp_path / "nowhere").exists()


@pytest.mark.skipif(os.geteuid() == 0, reason="root may write into a read-only folder")
def test_a_read_only_folder_is_refused(run_cli, inputs, empty_corpus):
    empty_corpus.chmod(0o555)
    try:
        result = run_cli("--corpus", str(empty_corpus), *import_args(inputs))
    finally:
        empty_corpus.chmod(0o755)
    assert result.exit_code != 0 and "not writable" in result.stderr
