"""Reading page files: every kind of bad input gets a clear error naming the file."""
from pathlib import Path

import pytest

from articles.importer.page_files import MAX_PAGE_BYTES, PageFileError, decode_page, expand_paths, read_page_file

PAGE = "冲在“疫”线的政协人\n\n洪常中\n\n冬日的朔州,凉风打脸,寒气袭人。\n"


def test_utf8_is_read_as_is():
    assert decode_page(PAGE.encode("utf-8"), "p.txt") == (PAGE, "utf-8")


def test_a_utf8_bom_is_dropped():
    assert decode_page(b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "p.txt")[0] == PAGE


def test_gb18030_is_tried_when_utf8_fails():
    assert decode_page(PAGE.encode("gb18030"), "p.txt") == (PAGE, "gb18030")


@pytest.mark.parametrize("data", [b"", b"   \n\n\t "])
def test_an_empty_file_is_refused(data):
    with pytest.raises(PageFileError, match=r"p\.txt: the file is empty"):
        decode_page(data, "p.txt")


def test_a_binary_file_is_refused():
    with pytest.raises(PageFileError, match="binary file"):
        decode_page(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "photo.txt")


def test_a_file_cut_off_inside_a_character_names_the_line():
    data = PAGE.encode("utf-8") + "第二行核".encode("utf-8")[:-1]
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
