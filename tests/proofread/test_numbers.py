from proofread.numbers import chinese_number, impossible_dates, mixed_digit_widths, weekday_mismatch
from proofread.run import Context


def test_full_width_digits_are_flagged_only_when_mixed_with_half_width():
    text = "采样点１２００个，检测30万人次"
    assert [text[f.start : f.end] for f in mixed_digit_widths(text)] == ["１２００"]
    assert mixed_digit_widths("采样点１２００个，检测３０万人次") == []


def test_chinese_numbers():
    assert [chinese_number(v) for v in ("十", "十二", "二十", "三十一", "２９", "十十")] == [10, 12, 20, 31, 29, None]


def test_impossible_dates():
    text = "2022年2月30日、4月31日、13月5日、二月三十日、2023年2月29日、1月32日"
    assert [f.rule for f in impossible_dates(text)] == ["impossible-date"] * 6
    assert impossible_dates("2024年2月29日、2月29日、12月31日、三月三十一日") == []


def test_a_weekday_that_does_not_fall_on_its_date():
    text = "2022年11月20日（星期一）"
    found = weekday_mismatch(text)
    assert [text[f.start : f.end] for f in found] == ["星期一"] and "星期日" in found[0].message
    assert weekday_mismatch("2022年11月20日（星期日）、2022年11月21日周一") == []


def test_without_a_year_the_story_year_decides_and_without_either_nothing_is_said():
    assert weekday_mismatch("11月20日星期一") == []
    assert len(weekday_mismatch("11月20日星期一", Context(year=2022))) == 1
    assert weekday_mismatch("11月20日星期日", Context(year=2022)) == []
