"""Reading page files: every kind of bad input gets a clear error naming the file."""

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from articles.importer.page_files import (
    MAX_LINE_CHARS,
    MAX_PAGE_BYTES,
    MAX_PAGE_LINES,
    PageFileError,
    check_page_text,
    decode_page,
    expand_paths,
    read_page_file,
)

PAGE = "冲在“疫”线的政协人\n\n洪常中\n\n冬日的朔州,凉风打脸,寒气袭人。\n"


def test_utf8_is_read_as_is():
    assert decode_page(PAGE.encode("utf-8"), "p.txt") == (PAGE, "utf-8")


def test_a_utf8_bom_is_dropped():
    assert decode_page(b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "p.txt")[0] == PAGE


def test_gb18030_is_tried_when_utf8_fails():
    assert decode_page(PAGE.encode("gb18030"), "p.txt") == (PAGE, "gb18030")


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-be", "utf-32"])
def test_utf16_and_utf32_are_read_when_a_byte_order_mark_names_them(encoding):
    # Windows programs save "Unicode" text as UTF-16 with a byte-order mark.
    data = PAGE.encode(encoding) if encoding != "utf-16-be" else b"\xfe\xff" + PAGE.encode(encoding)
    assert decode_page(data, "p.txt") == (PAGE, encoding[:6])


def test_a_byte_order_mark_the_text_then_breaks_is_named():
    with pytest.raises(PageFileError, match=r"p\.txt: the file begins as UTF-16 text but is not \(byte 6\)"):
        decode_page(b"\xff\xfe" + "冬日".encode("utf-16-le") + b"\x00\xd8", "p.txt")


def test_a_file_of_a_byte_order_mark_and_blanks_is_empty():
    with pytest.raises(PageFileError, match=r"p\.txt: the file is empty"):
        decode_page(b"\xef\xbb\xbf \r\n", "p.txt")


def test_an_error_keeps_its_code_and_values_apart_for_translation():
    with pytest.raises(PageFileError) as refused:
        decode_page(b"\xff\xfe" + "冬日".encode("utf-16-le") + b"\x00\xd8", "p.txt")
    assert (refused.value.name, refused.value.code) == ("p.txt", "not-as-marked")
    assert refused.value.params == {"encoding": "UTF-16", "offset": 6}


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_an_empty_file_is_refused(data):
    with pytest.raises(PageFileError, match=r"p\.txt: the file is empty"):
        decode_page(data, "p.txt")


def test_a_binary_file_is_refused():
    with pytest.raises(PageFileError, match="binary file"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.txt")


def test_a_file_cut_off_inside_a_character_names_the_line():
    data = PAGE.encode("utf-8") + "第二行核".encode()[:-1]
    with pytest.raises(PageFileError, match=r"p\.txt: line 6: the file ends in the middle of a character"):
        decode_page(data, "p.txt")


def test_text_in_neither_encoding_is_refused_with_its_line():
    data = PAGE.encode("utf-8") + b"\xff\xfe\xfd\xfc\xff\xfe\xfd\xfc more text\n"
    with pytest.raises(PageFileError, match=r"p\.txt: line 6: not UTF-8 text .* not GB18030 either"):
        decode_page(data, "p.txt")


def test_an_absurdly_large_file_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(MAX_PAGE_BYTES + 1)
    with pytest.raises(PageFileError, match=r"big\.txt: .* too large for one page"):
        read_page_file(big)


def test_a_missing_path_is_named():
    with pytest.raises(PageFileError, match="nowhere.txt: no such file or folder"):
        expand_paths([Path("nowhere.txt")])


def test_a_folder_gives_its_text_files_in_name_order(tmp_path):
    for name in ["p2.txt", "p1.txt", "notes.md"]:
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    assert [p.name for p in expand_paths([tmp_path])] == ["p1.txt", "p2.txt"]


def test_an_empty_folder_is_an_error(tmp_path):
    with pytest.raises(PageFileError, match="no page files found"):
        expand_paths([tmp_path])


# Text no printed page has is refused, naming the file and, for a line, its number.


def test_a_line_longer_than_any_paragraph_is_refused_with_its_number():
    text = PAGE + "很" * (MAX_LINE_CHARS + 1) + "。\n"
    with pytest.raises(PageFileError, match=r"p\.txt: line 6: 5,002 characters on one line"):
        decode_page(text.encode("utf-8"), "p.txt")


def test_a_line_of_two_hundred_thousand_characters_is_refused_at_once():
    data = ("据报道，" + "字" * 200_000).encode("utf-8")
    with pytest.raises(PageFileError, match=r"big\.txt: .*more than one page holds"):
        decode_page(data, "big.txt")


def test_headlines_and_nothing_else_are_not_a_page():
    text = "\n\n".join(f"第{n}条新闻的标题在这里" for n in range(15)) + "\n"
    with pytest.raises(PageFileError, match=r"heads\.txt: no line of running text"):
        decode_page(text.encode("utf-8"), "heads.txt")


def test_more_lines_than_a_page_holds_are_refused():
    text = PAGE + "短句。\n" * (MAX_PAGE_LINES + 1)
    with pytest.raises(PageFileError, match=r"p\.txt: 2,004 lines is more than one page holds"):
        decode_page(text.encode("gb18030"), "p.txt")


def test_the_checks_are_shared_by_text_that_comes_in_without_a_file():
    with pytest.raises(PageFileError, match=r"pasted: no line of running text"):
        check_page_text("标题\n\n另一个标题\n", "pasted")
    check_page_text(PAGE, "pasted")


def test_a_line_at_the_limit_is_still_a_page():
    text = PAGE + ("很长的段落，" * (MAX_LINE_CHARS // 6))[: MAX_LINE_CHARS - 1] + "。\n"
    assert decode_page(text.encode("utf-8"), "p.txt")[0] == text


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030"])
def test_vertical_tabs_and_form_feeds_end_lines_and_other_controls_are_dropped(encoding):
    # Word processors write \x0b for a manual line break, digitizers \x0c for a page break.
    # (Long enough that one stray control is under the binary-file threshold.)
    page = PAGE * 3
    dirty = page.replace("的政协人", "\x0c的政协人", 1).replace("凉风打脸", "凉风\x01打脸", 1) + "供暖\x0b进展\n"
    text, _ = decode_page(dirty.encode(encoding), "p.txt")
    assert text == page.replace("的政协人", "\n的政协人", 1) + "供暖\n进展\n"


def test_a_page_full_of_vertical_tabs_is_text_not_a_binary_file():
    text, _ = decode_page(PAGE.replace("\n", "\x0b").encode(), "p.txt")
    assert "\x0b" not in text


# -- UTF-16 without a byte-order mark -------------------------------------------

SEED_PAGE = (Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt").read_text("utf-8")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("page", [PAGE, SEED_PAGE], ids=["short", "seed"])
def test_utf16_without_a_byte_order_mark_is_read_in_either_byte_order(encoding, page):
    assert decode_page(page.encode(encoding), "p.txt") == (page, encoding)


# Page text at its most awkward for the byte order: 一 (U+4E00) puts its NUL
# on the other side of the pair from ASCII's, and may outnumber the line ends.
PAGE_CHARS = st.sampled_from(
    list("一一一一二〇冬日的朔州凉风打脸政协人，。、“”（）—…０１") + ["\n", " ", "7", "\u3000"]
)


@given(st.lists(PAGE_CHARS, max_size=300).map("".join), st.sampled_from(["utf-16-le", "utf-16-be"]))
@settings(max_examples=200, deadline=None)
def test_any_page_in_utf16_without_a_mark_reads_as_written(extra, encoding):
    page = PAGE + extra
    assert decode_page(page.encode(encoding), "p.txt") == (page, encoding)


def _png() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def _zip(method: int) -> bytes:
    # A zip of a page saved as UTF-16: stored, it is mostly that text.
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=method) as archive:
        archive.writestr("page-01.txt", (SEED_PAGE * 3).encode("utf-16-le"))
    return out.getvalue()


@pytest.mark.parametrize(
    "make",
    [_png, lambda: _zip(zipfile.ZIP_STORED), lambda: _zip(zipfile.ZIP_DEFLATED)],
    ids=["png", "stored-zip", "deflated-zip"],
)
def test_a_real_binary_is_still_refused_as_binary_in_either_length_parity(make):
    data = make()
    for sample in (data, data[:-1], data + b"\x00"):
        with pytest.raises(PageFileError) as refused:
            decode_page(sample, "p.txt")
        assert refused.value.code == "binary"
