import io
import json

import pytest
from django.core.management import CommandError, call_command

from review.models import WordListEntry

pytestmark = pytest.mark.django_db


def _run(tmp_path, lines):
    path = tmp_path / "in.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    out = io.StringIO()
    call_command("proofread", str(path), stdout=out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_one_line_of_findings_per_input_line_with_slice_offsets(tmp_path):
    WordListEntry.objects.create(word="老外", kind="banned", preferred="外国人")
    text = "这位老外说,好。"
    lines = [json.dumps({"text": text, "id": 1}, ensure_ascii=False), json.dumps({"text": "干净的句子。"})]
    out = _run(tmp_path, lines)
    assert len(out) == 2 and out[1] == {"findings": []}
    found = {(text[s:e], rule) for s, e, rule, _message in out[0]["findings"]}
    assert found == {("老外", "banned-word"), (",", "halfwidth-punctuation")}


def test_reads_stdin(monkeypatch):
    monkeypatch.setattr("sys.stdin", io.StringIO('{"text": "好的的"}\n'))
    out = io.StringIO()
    call_command("proofread", "-", stdout=out)
    assert json.loads(out.getvalue())["findings"][0][2] == "repeated-character"


BAD_LINES = [("not json", "line 2: not JSON"), ('{"txt": "x"}', 'line 2: needs a "text"')]


@pytest.mark.parametrize("line, message", BAD_LINES)
def test_a_bad_line_is_named_and_nothing_is_printed(tmp_path, line, message):
    path = tmp_path / "in.jsonl"
    path.write_text('{"text": "好"}\n' + line, encoding="utf-8")
    out = io.StringIO()
    with pytest.raises(CommandError, match=message):
        call_command("proofread", str(path), stdout=out)
    assert out.getvalue() == ""


def test_a_missing_file_is_a_clear_error(tmp_path):
    with pytest.raises(CommandError, match="No such file"):
        call_command("proofread", str(tmp_path / "missing.jsonl"))
