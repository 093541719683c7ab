"""Audit: `extract_people` reads what the importer reads (a BOM, GB18030) or says clearly why not."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

LINE = '{"text": "朔城分局巡逻民警张国强在街头执勤。"}\n'


def _run(path):
    out = io.StringIO()
    call_command("extract_people", str(path), "--no-db", stdout=out)
    return out.getvalue()


def test_audit_a_file_saved_with_a_bom_is_read(tmp_path):
    path = tmp_path / "bom.jsonl"
    path.write_bytes(b"\xef\xbb\xbf" + LINE.encode())
    assert json.loads(_run(path))["persons"][0][2] == "张国强"


def test_audit_a_gbk_file_is_a_clear_error_not_a_traceback(tmp_path):
    path = tmp_path / "gbk.jsonl"
    path.write_bytes(LINE.encode("gbk"))
    try:
        _run(path)
    except CommandError as error:
        assert "gbk.jsonl" in str(error)
    except UnicodeDecodeError:
        pytest.fail("a UnicodeDecodeError traceback, not a CommandError naming the file")
