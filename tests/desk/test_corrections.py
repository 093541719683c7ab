"""Corrections replayed on the parser's output (pure, on the seed page)."""

import re

import pytest
from django.utils import translation

from articles.importer.parse import parse_page
from imports.corrections import WORDINGS, CorrectionError, apply, apply_one, item_start, ref
from imports.layout import layout
from imports.parsed import page_from_json, page_to_json
from tests.desk.conftest import SEED_TEXT


@pytest.fixture(scope="module")
def seed():
    return page_to_json(parse_page(SEED_TEXT))


def _block(item, n):
    return ref(SEED_TEXT, item["blocks"][n]["spans"][0]["start"])


def _at(item):
    return ref(SEED_TEXT, item_start(item))


def test_no_corrections_round_trip_the_parse_exactly(seed):
    parsed = parse_page(SEED_TEXT)
    again = page_from_json(apply(seed, [], SEED_TEXT)[0], SEED_TEXT)
    assert again.items == parsed.items


def test_move_a_paragraph_to_another_story_and_to_a_story_of_its_own(seed):
    first, second = seed["items"][0], seed["items"][1]
    moved_text = first["blocks"][-1]["text"]
    op = {"op": "move", "block": _block(first, -1), "to": _at(second)}
    page, skipped = apply(seed, [op], SEED_TEXT)
    assert not skipped
    assert moved_text not in [b["text"] for b in page["items"][0]["blocks"]]
    assert moved_text in [b["text"] for b in page["items"][1]["blocks"]]
    # Paragraphs keep source order in their new story.
    starts = [b["spans"][0]["start"] for b in page["items"][1]["blocks"]]
    assert starts == sorted(starts)

    own, _ = apply(seed, [{"op": "move", "block": _block(first, -1), "to": None}], SEED_TEXT)
    assert len(own["items"]) == len(seed["items"]) + 1
    assert [b["text"] for b in own["items"][1]["blocks"]] == [moved_text]


def test_merge_two_stories_keeps_every_line(seed):
    a, b = seed["items"][8], seed["items"][9]
    page, skipped = apply(seed, [{"op": "merge", "into": _at(a), "from": _at(b)}], SEED_TEXT)
    assert not skipped and len(page["items"]) == len(seed["items"]) - 1
    merged = next(i for i in page["items"] if i["headline"] == a["headline"])
    texts = [blk["text"] for blk in merged["blocks"]]
    assert b["headline"] in texts  # the other headline kept as a subhead
    assert all(blk["text"] in texts for blk in b["blocks"])
    assert {x["name"] for x in merged["bylines"]} == {x["name"] for x in a["bylines"] + b["bylines"]}


def test_split_at_a_paragraph(seed):
    story = seed["items"][0]
    page, _ = apply(seed, [{"op": "split", "block": _block(story, 3)}], SEED_TEXT)
    assert len(page["items"][0]["blocks"]) == 3
    assert page["items"][1]["blocks"] == story["blocks"][3:]
    assert page["items"][1]["headline"] == ""


def test_change_a_lines_role(seed):
    story = seed["items"][0]
    subhead = next(b for b in story["blocks"] if b["type"] == "h")
    line = ref(SEED_TEXT, subhead["spans"][0]["start"])
    page, _ = apply(seed, [{"op": "role", "line": line, "role": "subtitle"}], SEED_TEXT)
    changed = page["items"][0]
    assert subhead["text"].strip() in changed["subtitle"]
    assert subhead not in changed["blocks"]
    gone, _ = apply(seed, [{"op": "role", "line": line, "role": "furniture"}], SEED_TEXT)
    assert subhead["text"] not in [b["text"] for b in gone["items"][0]["blocks"]]
    assert gone["furniture"] == [subhead["spans"][0]]
    view = layout(gone, SEED_TEXT)
    assert any(
        s.role == "furniture" and s.text == SEED_TEXT[subhead["spans"][0]["start"] : subhead["spans"][0]["end"]]
        for s in view.segments
    )


def test_fix_a_byline(seed):
    story = seed["items"][2]
    page, _ = apply(
        seed, [{"op": "byline", "item": _at(story), "index": 1, "name": "王晓莉", "role": "correspondent"}], SEED_TEXT
    )
    assert page["items"][2]["bylines"][1] == {"name": "王晓莉", "role": "correspondent"}


def test_corrections_follow_their_text_when_the_page_changed(seed):
    story = seed["items"][0]
    op = {"op": "split", "block": _block(story, 3)}
    shifted = "【版头】\n" + SEED_TEXT
    page, skipped = apply(page_to_json(parse_page(shifted)), [op], shifted)
    assert not skipped and len(page["items"][0]["blocks"]) == 3
    # Text that is gone: the operation is skipped and said so, the rest applies.
    gone = {"op": "split", "block": {"at": 5, "text": "这段文字不在版面上"}}
    page, skipped = apply(seed, [gone, op], SEED_TEXT)
    assert len(skipped) == 1 and len(page["items"][0]["blocks"]) == 3
    [(operation, why)] = skipped
    assert operation == gone and (why.code, str(why)) == ("paragraph-gone", "the paragraph is no longer on the page")


def test_bad_operations_are_refused(seed):
    document = apply(seed, [], SEED_TEXT)[0]
    with pytest.raises(CorrectionError):
        apply_one(document, {"op": "role", "line": ref(SEED_TEXT, 2), "role": "banner"}, SEED_TEXT)
    with pytest.raises(CorrectionError):
        apply_one(document, {"op": "explode"}, SEED_TEXT)


def test_a_stored_operation_that_cannot_be_read_is_skipped_with_why(seed):
    [(_, why)] = apply(seed, [{"op": "split", "block": 5}], SEED_TEXT)[1]
    assert why.code == "malformed"
    assert str(why) == "the stored correction cannot be read (AttributeError: 'int' object has no attribute 'get')"


@pytest.mark.parametrize("code", sorted(WORDINGS))
def test_every_reason_a_correction_is_refused_reads_in_chinese(code):
    error = CorrectionError(code, offset=5, role="banner", kind="explode", name="block", error="KeyError: 'block'")
    with translation.override("zh-hans"):
        chinese = error.worded(translation.gettext)
    assert chinese != str(error) and re.search(r"[\u4e00-\u9fff]", chinese)


def test_layout_colours_every_part_and_flags_low_confidence(seed):
    document = apply(seed, [], SEED_TEXT)[0]
    document["items"][1]["confidence"] = 0.4
    document["items"][1]["warnings"] = [{"code": "weak-join", "message": "接续处语义不连贯"}]
    view = layout(document, SEED_TEXT)
    assert "".join(s.text for s in view.segments) == SEED_TEXT
    roles = {s.role for s in view.segments}
    assert {"headline", "byline", "body", "subhead", "caption", "subtitle"} <= roles
    assert view.stories[1].flagged and view.stories[1].warnings == ["接续处语义不连贯"]
    assert not view.stories[0].flagged
