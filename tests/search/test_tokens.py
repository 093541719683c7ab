"""tokens.py is pure: text in, tokens out, tested on strings."""

from articles.search import tokens as tk


def test_normalize_folds_full_width_forms_and_lowercases_latin():
    assert tk.normalize("ＣＯＶＩＤ－１９疫苗２０２２年") == "covid-19疫苗2022年"


def test_tokenize_yields_short_words_inside_long_ones():
    tokens = tk.tokenize("做完核酸检测的居民请注意")
    assert "核酸" in tokens and "检测" in tokens and "居民" in tokens


def test_tokenize_drops_punctuation_and_spaces():
    tokens = tk.tokenize("“请大家戴好口罩，保持两米间距！”……")
    assert tokens and all(t.strip("，。！“”… ") == t and t for t in tokens)
    assert "口罩" in tokens


def test_tokenize_handles_latin_and_full_width_digits_like_a_query_does():
    assert {"covid", "19"} <= set(tk.tokenize("新冠ＣＯＶＩＤ－１９疫苗"))


def test_name_tokens_keep_the_whole_name_first():
    assert tk.name_tokens("韩永红")[0] == "韩永红"
    assert tk.name_tokens("张国强")[0] == "张国强"
    assert tk.name_tokens("  ") == []


def test_empty_and_punctuation_only_queries_have_no_terms():
    for query in ("", "   ", "，。！？……", "!!!---///", "《》“”"):
        assert not tk.parse_query(query)


def test_two_character_query_is_one_term():
    parsed = tk.parse_query("核酸")
    assert [t.text for t in parsed.terms] == ["核酸"]
    assert ("核酸",) in parsed.terms[0].alternatives


def test_words_separated_by_spaces_or_punctuation_are_separate_terms():
    parsed = tk.parse_query("核酸  民警，朔城区 核酸")
    assert [t.text for t in parsed.terms] == ["核酸", "民警", "朔城区"]
    assert not parsed.truncated


def test_a_name_is_tried_whole_and_in_parts():
    term = tk.parse_query("韩永红").terms[0]
    assert ("韩永红",) in term.alternatives
    assert len(term.alternatives) >= 2


def test_a_huge_query_is_cut_and_says_so():
    parsed = tk.parse_query("核酸检测" * 2500)
    assert parsed.truncated
    assert len(parsed.text) <= tk.MAX_QUERY_CHARS
    many = tk.parse_query(" ".join(f"词{i}" for i in range(50)))
    assert many.truncated and len(many.terms) == tk.MAX_QUERY_WORDS


def test_query_is_folded_like_the_index():
    parsed = tk.parse_query("ＣＯＶＩＤ")
    assert parsed.terms[0].text == "covid"


def test_find_spans_ignores_case_and_prefers_longer_tokens():
    assert tk.find_spans("核酸检测 and Covid", ["核酸", "核酸检测", "covid"]) == [(0, 4), (9, 14)]
    assert tk.find_spans("anything", []) == []


def test_highlight_tokens_are_longest_first():
    tokens = tk.parse_query("核酸检测 民警").highlight_tokens
    assert tokens.index("核酸检测") < tokens.index("核酸")


def test_a_persons_given_name_is_indexed_before_their_full_name():
    # 韩永红 is found by jieba's HMM (no dictionary word), 丁云鹏 is in its dictionary tagged as a name.
    tokens = tk.tokenize("民警韩永红与丁云鹏在街头执勤")
    assert tokens == ["民警", "永红", "韩永红", "与", "云鹏", "丁云鹏", "在", "街头", "执勤"]


def test_given_names_are_not_taken_from_dictionary_words_that_are_not_names():
    assert tk.tokenize("张家口的高质量发展") == ["张家", "家口", "张家口", "的", "高质", "质量", "高质量", "发展"]


def test_a_given_name_search_mode_already_gives_is_not_repeated():
    assert tk.tokenize("张国强").count("国强") == 1
