"""Uploaded files are checked as the import command checks them; a bad one is named, the rest go on."""

from imports.uploads import MAX_ZIP_MEMBERS, BadFile, GoodFile, read_uploads
from tests.desk.conftest import zip_of

# Short, but a page: the importer refuses text with no line of running text.
PAGE = "冲在“疫”线的政协人\n\n洪常中\n\n冬日的朔州，凉风打脸，寒气袭人；暂停的朔城，聚力凝心。\n".encode()


def test_good_files_pass_and_bad_ones_are_named_with_their_reason():
    results = read_uploads(
        [
            ("a.txt", PAGE),
            ("empty.txt", b"  \n"),
            ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00"),
            ("gbk.txt", "冬日的朔州，凉风打脸，寒气袭人；暂停的朔城，聚力凝心。".encode("gb18030")),
            ("cut.txt", PAGE[:-2]),
        ]
    )
    assert [type(r) for r in results] == [GoodFile, BadFile, BadFile, GoodFile, BadFile]
    assert results[0].encoding == "utf-8" and results[3].encoding == "gb18030"
    assert [(r.name, r.code, r.params) for r in results if isinstance(r, BadFile)] == [
        ("empty.txt", "empty", {}),
        ("photo.txt", "binary", {}),
        ("cut.txt", "cut-off", {"line": 5}),
    ]


def test_a_page_saved_as_utf16_without_a_byte_order_mark_is_a_page_in_a_zip_too():
    text = PAGE.decode()
    results = read_uploads(
        [("le.txt", text.encode("utf-16-le")), ("edition.zip", zip_of({"2.txt": text.encode("utf-16-be")}))]
    )
    assert [(type(r), r.encoding) for r in results] == [(GoodFile, "utf-16-le"), (GoodFile, "utf-16-be")]
    assert {r.text for r in results} == {text}


def test_the_same_size_limit_as_the_command():
    from articles.importer.page_files import MAX_PAGE_BYTES

    data = "字".encode() * (MAX_PAGE_BYTES // 3 + 1)
    [result] = read_uploads([("big.txt", data)])
    assert isinstance(result, BadFile) and result.code == "too-large"
    assert result.params == {"size": len(data), "limit": MAX_PAGE_BYTES}


def test_a_zip_of_an_edition_is_unpacked_in_name_order_and_its_bad_members_named():
    data = zip_of(
        {
            "2022-11-21/02.txt": PAGE,
            "2022-11-21/01.txt": PAGE,
            "2022-11-21/scan.pdf": b"%PDF-1.4",
            "__MACOSX/._01.txt": b"junk",
            "2022-11-21/03.txt": b"",
        }
    )
    results = read_uploads([("edition.zip", data)])
    assert [r.name for r in results] == [
        "edition.zip/2022-11-21/01.txt",
        "edition.zip/2022-11-21/02.txt",
        "edition.zip/2022-11-21/03.txt",
        "edition.zip/2022-11-21/scan.pdf",
    ]
    assert [type(r) for r in results] == [GoodFile, GoodFile, BadFile, BadFile]
    assert (results[2].code, results[3].code) == ("empty", "not-a-text-file")


def test_a_broken_or_oversized_zip_is_refused_whole():
    [broken] = read_uploads([("edition.zip", b"PK\x03\x04 not really")])
    assert isinstance(broken, BadFile) and broken.code == "not-a-zip"
    many = zip_of({f"{n:03}.txt": PAGE for n in range(MAX_ZIP_MEMBERS + 1)})
    [refused] = read_uploads([("many.zip", many)])
    assert isinstance(refused, BadFile) and refused.code == "zip-too-many-files"
    assert refused.params == {"count": MAX_ZIP_MEMBERS + 1, "limit": MAX_ZIP_MEMBERS}
