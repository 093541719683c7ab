"""`extract_people` reads UTF-8 as saved on Windows too (a BOM), and names the file and line it cannot read."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

LINE = '{"text": "朔城分局巡逻民警张国强在街头执勤。"}\n'


def _run(path):
    out = io.StringIO()
    call_command("extract_people", str(path), "--no-db", stdout=out)
    return out.getvalue()


def test_a_file_saved_with_a_bom_is_read(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + LINE.encode())
    assert json.loads(_run(path))["persons"][0][2] == "张国强"


def test_a_gbk_file_is_a_clear_error_not_a_traceback(tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(LINE.encode("gbk"))
    try:
        _run(path)
    except CommandError as error:
        assert "gbk.jsonl" in str(error)
    except UnicodeDecodeError:
        pytest.fail("a UnicodeDecodeError traceback, not a CommandError naming the file")


def test_a_line_that_is_not_utf8_is_named_with_its_number(tmp_path):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(LINE.encode() + LINE.encode("gbk"))
    with pytest.raises(CommandError, match=r"mixed.jsonl: line 2: not UTF-8 text \(byte 0x"):
        _run(path)


def test_standard_input_with_a_bom_is_read(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(b"\xef\xbb\xbf" + LINE.encode()), encoding="utf-8"))
    out = io.StringIO()
    call_command("extract_people", "-", "--no-db", stdout=out)
    assert json.loads(out.getvalue())["persons"][0][2] == "张国强"
