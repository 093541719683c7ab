import datetime as dt

from imports.header import read_header


def test_a_running_head_gives_publication_date_page_and_department():
    text = "朔州日报　2022年11月21日　星期一　第3版　抗疫一线\n\n冲在“疫”线的政协人\n正文……"
    header = read_header(text, publications=["朔州日报"], departments=["抗疫一线", "要闻"])
    assert header.publication == "朔州日报"
    assert header.date == dt.date(2022, 11, 21)
    assert header.page == 3
    assert header.department == "抗疫一线"


def test_chinese_page_numbers_and_no_header():
    assert read_header("2022年11月21日 第十二版\n标题").page == 12
    assert not read_header("冲在“疫”线的政协人\n\n洪常中\n\n冬日的朔州，凉风打脸。")


def test_an_impossible_date_is_not_a_date():
    assert read_header("2022年13月40日 第2版").date is None
