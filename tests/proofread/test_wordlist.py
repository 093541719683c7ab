from proofread.findings import BLOCKING
from proofread.wordlist import BANNED, CAUTION, Entry, WordList, banned_words, caution_words


def test_banned_words_block_and_say_the_preferred_form_and_note():
    words = WordList([Entry("老外", BANNED, "外国人", "不尊重"), Entry("小姐", CAUTION, "女士")])
    text = "这位老外和那位小姐"
    banned, caution = banned_words(text, words), caution_words(text, words)
    assert [(text[f.start : f.end], f.severity) for f in banned] == [("老外", BLOCKING)]
    assert "外国人" in banned[0].message and "不尊重" in banned[0].message
    assert [text[f.start : f.end] for f in caution] == ["小姐"]


def test_the_longest_entry_wins_where_entries_overlap():
    words = WordList([Entry("国家", BANNED), Entry("国家级", BANNED), Entry("家级", CAUTION)])
    assert [(s, e) for s, e, _ in words.matches("国家级产品")] == [(0, 3)]


def test_an_empty_list_finds_nothing():
    assert banned_words("任何文字", WordList()) == []
