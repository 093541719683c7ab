from proofread.punctuation import doubled_punctuation, halfwidth_punctuation, missing_full_stop, unbalanced_pairs


def spans(findings, text):
    return [text[f.start : f.end] for f in findings]


def test_halfwidth_marks_in_chinese_are_flagged_digits_and_latin_are_not():
    text = "冬日的朔州,凉风打脸;他问:“好吗?”社区(村)7:30许,1,000人,A,B;不息,24小时……,这是"
    found = halfwidth_punctuation(text)
    assert spans(found, text) == [",", ";", ":", "?", "(", ")", ",", ",", ","]
    assert all(f.rule == "halfwidth-punctuation" for f in found)
    assert "，" in found[0].message


def test_a_halfwidth_full_stop_only_ends_a_chinese_sentence():
    text = "三天三夜.\n增长3.5%。www.example.cn"
    assert spans(halfwidth_punctuation(text), text) == ["."]


def test_unbalanced_quotes_and_brackets():
    assert spans(unbalanced_pairs("他说“好。"), "他说“好。") == ["“"]
    assert spans(unbalanced_pairs("他说好”。"), "他说好”。") == ["”"]
    assert spans(unbalanced_pairs("见《通知。"), "见《通知。") == ["《"]
    assert unbalanced_pairs("他说：“见《通知》（草案）。”") == []


def test_a_quotation_over_several_paragraphs_opens_each_and_closes_in_the_last():
    assert unbalanced_pairs("他说：“第一段。\n“第二段。\n“第三段。”") == []


def test_a_closing_quote_typed_for_an_opening_one_is_reported_once():
    text = "老人说”谢谢你们！”"
    assert spans(unbalanced_pairs(text), text) == ["”"]


def test_an_apostrophe_before_a_year_is_not_a_quote():
    assert unbalanced_pairs("’９７台胞回乡旅游购物节") == []


def test_doubled_punctuation():
    text = "会议强调，，要坚持。。好，。行、、对；；嗯：，"
    assert spans(doubled_punctuation(text), text) == ["，，", "。。", "，。", "、、", "；；", "：，"]
    assert doubled_punctuation("真的吗？！太好了！！……，——") == []


def test_a_long_paragraph_without_its_full_stop():
    long = "连日来，市场监管部门加大对药店的检查力度，重点检查退热药品的进货和销售记录情况"
    assert [f.rule for f in missing_full_stop(long)] == ["missing-full-stop"]
    assert missing_full_stop(long + "。") == []
    assert missing_full_stop("尽心尽责，赤心一片担使命") == []  # a subhead
    assert missing_full_stop("他说：“我们一定能够战胜疫情，一定能够取得最后的胜利，请大家放心！”") == []
