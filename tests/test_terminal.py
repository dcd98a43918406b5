"""The command line in a terminal (issue 14 item 8): tables as wide as the terminal (COLUMNS), cells
wrapped by display width with no line starting with closing CJK punctuation, show --article with the
preamble and the closing, serve --edit saying where the editor token is."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rich.cells import cell_len

from comparer.cli import terminal

CLOSING = "，。、；：！？」』）"


def table_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line[:1] in "┌│├└"]


def cells_of(line: str) -> list[str]:
    return [cell.strip() for cell in line.split("│")[1:-1]]


@pytest.mark.parametrize("columns", [80, 120])
def test_align_fills_the_terminal_and_wraps_chinese_properly(run_cli, columns):
    result = run_cli("align", "aigun-1858", "--langs", "ru,zh", "--pivot", "zh", "--no-semantic",
                     env={"COLUMNS": str(columns)})
    assert result.exit_code == 0, result.stderr
    lines = table_lines(result.stdout)
    assert len(lines) > 50
    assert {cell_len(line) for line in lines} == {columns}, "every line of the table as wide as the terminal"
    zh = [cells_of(line)[2] for line in lines if line.startswith("│")]
    assert sum(1 for cell in zh if cell) > 20
    assert not [cell for cell in zh if cell and cell[0] in CLOSING], "no line starts with closing punctuation"
    text = "".join(zh)
    assert "松花江左岸" in text and "作為大清國所屬之地" in text, "wrapped, not cut"


def test_a_cell_of_two_chinese_clauses_stays_inside_its_column(run_cli):
    result = run_cli("align", "tianjin-1858", "--langs", "zh,ru", "--pivot", "zh", "--no-semantic", env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.stderr
    assert {cell_len(line) for line in table_lines(result.stdout)} == {80}


def test_wrap_keeps_closing_punctuation_off_the_start_of_a_line():
    text = "黑龍江、松花江左岸，由額爾古訥河至松花江海口，作為俄羅斯國所屬之地；右岸順江流至烏蘇里河。"
    for width in range(6, 40):
        lines = terminal.wrap(text, width)
        assert "".join(lines) == text
        assert all(cell_len(line) <= width for line in lines), width
        assert not [line for line in lines if line[0] in CLOSING], width


def test_wrap_breaks_spaced_scripts_between_words_and_keeps_marks_with_their_words():
    text = "по рекам Амуру, Сунгари и Усури [?могут плавать] только суда «Дайцинского» государства."
    lines = terminal.wrap(text, 20)
    assert " ".join(lines) == text
    assert all(cell_len(line) <= 20 for line in lines)
    assert not any(line.endswith(("[?", "«")) or line.startswith(("»", ",", ".")) for line in lines)
    assert terminal.wrap("「兩國永遠和好」。", 6) == ["「兩國", "永遠和", "好」。"]


def test_show_takes_the_preamble_the_closing_and_a_number(run_cli):
    pre = run_cli("show", "aigun-1858", "--lang", "ru", "--article", "pre")
    end = run_cli("show", "aigun-1858", "--lang", "zh", "--article", "end")
    two = run_cli("show", "aigun-1858", "--lang", "ru", "--article", "2")
    assert "[aigun-1858.ru.pre.c1]" in pre.stdout and ".a1." not in pre.stdout
    assert "[aigun-1858.zh.end.c1]" in end.stdout and ".a3." not in end.stdout
    assert "[aigun-1858.ru.a2.c1]" in two.stdout and ".pre." not in two.stdout


def test_show_lists_the_valid_articles_in_its_error(run_cli):
    result = run_cli("show", "aigun-1858", "--lang", "ru", "--article", "9")
    assert result.exit_code != 0 and result.stdout == ""
    assert result.stderr.count("\n") == 1 and "give one of pre, 1, 2, 3, end" in result.stderr


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_edit_says_where_the_editor_token_is(tmp_path, corpus_copy):
    env = {k: v for k, v in os.environ.items() if k != "COMPARER_EDITOR_TOKEN"} | {"XDG_CONFIG_HOME": str(tmp_path / "config")}
    token_file = tmp_path / "config" / "treaty-comparer" / "editor-token"
    for start in ("first", "again"):
        server = subprocess.Popen([str(Path(sys.executable).parent / "comparer"), "serve", "--edit", "--corpus", str(corpus_copy),
                                   "--port", str(free_port())], stderr=subprocess.PIPE, text=True, env=env)
        try:
            said = ""
            deadline = time.monotonic() + 120
            while "editing is on" not in said and time.monotonic() < deadline and server.poll() is None:
                said += server.stderr.readline()
        finally:
            server.terminate()
            server.wait(timeout=30)
        assert f"the editor token is in {token_file}" in said, (start, said)
        assert token_file.read_text().strip() not in said, "the token itself is never printed"
        assert ("made now" in said) == (start == "first")
