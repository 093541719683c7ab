from proofread.repeats import repeated_characters


def rules(text):
    return [(text[f.start : f.end], f.rule) for f in repeated_characters(text)]


def test_doubled_function_characters_and_words():
    assert rules("这是我们的的工作") == [("的", "repeated-character")]
    assert rules("完成了了任务") == [("了", "repeated-character")]
    assert rules("我们我们一定能赢") == [("我们", "repeated-word")]


def test_words_where_the_doubling_is_right():
    for text in (
        "的的确确",
        "他的目的的确达到了",
        "为了了解情况",
        "不能不了了之",
        "是是非非",
        "问题是是否可行",
        "派出所所长",
        "现在在家",
        "参与与否",
        "一把把钥匙",
        "研究研究",
        "天天向上",
    ):
        assert rules(text) == [], text
