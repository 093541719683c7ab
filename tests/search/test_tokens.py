"""tokens.py is pure: text in, tokens out, tested on strings."""

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from articles.search import tokens as tk

PAGE = Path(__file__).resolve().parents[2] / "fixtures" / "shuozhou-page-2022-11.txt"


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


def test_the_query_repeated_to_the_reader_is_as_typed_while_its_terms_are_folded():
    # 頫 folds to 𫖯, which many fonts lack: the page must repeat the reader's 頫.
    for typed, shown, folded in [
        ("臺灣", "臺灣", ["台湾"]),
        ("  臺灣 \u3000 頭髮  ", "臺灣 頭髮", ["台湾", "头发"]),
        ("頫", "頫", ["𫖯"]),
        ("ＣＯＶＩＤ－１９，臺灣", "ＣＯＶＩＤ－１９，臺灣", ["covid", "19", "台湾"]),
    ]:
        parsed = tk.parse_query(typed)
        assert (parsed.text, [t.text for t in parsed.terms]) == (shown, folded), typed


def test_a_cut_query_is_repeated_as_typed_up_to_where_it_was_cut():
    parsed = tk.parse_query("臺灣" * 80)
    assert parsed.truncated and parsed.text == "臺灣" * 50
    many = tk.parse_query(" ".join(f"詞{i}" for i in range(50)))
    assert many.text == " ".join(f"詞{i}" for i in range(tk.MAX_QUERY_WORDS))


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


def test_given_names_are_taken_only_from_names_the_person_extractor_reads():
    # The HMM joins a mine's name and a country's into words shaped surname + given name.
    assert "太堡" not in tk.tokenize("中煤平朔集团有限公司安太堡露天矿生产一队党支部")
    assert "拉维" not in tk.tokenize("马拉维总统抵达北京。")
    assert tk.tokenize("记者张文杰报道") == ["记者", "文杰", "张文杰", "报道"]


def test_a_persons_name_gives_its_given_name_whatever_the_text_around_it():
    assert "常中" not in tk.tokenize("洪常中")  # alone on a line: no cue
    assert tk.person_name_tokens("洪常中") == ["洪常中", "常中"]
    assert tk.person_name_tokens("张国强") == ["张国强", "国强"]
    assert tk.person_name_tokens("欧阳娜娜")[0] == "欧阳娜娜"


def test_given_names_are_not_taken_from_dictionary_words_that_are_not_names():
    assert tk.tokenize("张家口的高质量发展") == ["张家", "家口", "张家口", "的", "高质", "质量", "高质量", "发展"]


def test_a_given_name_search_mode_already_gives_is_not_repeated():
    assert tk.tokenize("张国强").count("国强") == 1


def test_traditional_characters_fold_to_simplified():
    assert tk.normalize("臺灣") == tk.normalize("台灣") == "台湾"
    assert tk.normalize("頭髮") == "头发"


def test_folding_reads_phrases_not_only_characters():
    # 乾 is 干 in 乾燥 (dry) but stays 乾 in 乾隆 (the emperor), whichever script.
    assert tk.normalize("頭髮乾燥") == "头发干燥"
    assert tk.normalize("乾隆年間") == "乾隆年间"
    assert tk.parse_query("乾隆").terms[0].text == "乾隆"
    tokens = tk.tokenize("乾隆皇帝喜歡頭髮乾燥的天氣")
    assert "乾隆" in tokens and "干燥" in tokens and "头发" in tokens
    assert not any("干隆" in token for token in tokens)


def test_traditional_and_simplified_text_give_the_same_tokens():
    assert tk.tokenize("臺灣民眾頭髮乾燥") == tk.tokenize("台湾民众头发干燥")
    assert tk.name_tokens("韓永紅") == tk.name_tokens("韩永红")


def test_a_query_in_either_script_has_the_same_terms():
    assert tk.parse_query("臺灣 頭髮").terms == tk.parse_query("台湾 头发").terms
    mixed = tk.parse_query("臺灣 头发，乾燥")
    assert [t.text for t in mixed.terms] == ["台湾", "头发", "干燥"]


def test_full_width_and_traditional_fold_together():
    assert tk.normalize("ＣＯＶＩＤ－１９疫苗在臺灣") == "covid-19疫苗在台湾"
    assert tk.parse_query("ＣＯＶＩＤ臺灣").terms[0].text == "covid台湾"


def test_simplified_text_is_tokenized_as_before(monkeypatch):
    # A real simplified page: folding to Simplified must change none of its tokens.
    page = PAGE.read_text(encoding="utf-8")
    folded = tk.tokenize(page)
    tk._paragraph_tokens.cache_clear()
    monkeypatch.setattr(tk, "_simplified", lambda text: text)
    try:
        assert tk.tokenize(page) == folded
        assert [tk.name_tokens(n) for n in ("韩永红", "张国强", "抗疫一线")] == [
            ["韩永红", "永红"],
            ["张国强", "国强"],
            ["抗疫一线", "抗疫", "一线"],
        ]
    finally:
        tk._paragraph_tokens.cache_clear()


def test_fold_with_offsets_points_at_the_storys_own_characters():
    text = "記者：臺灣ＣＯＶＩＤ頭髮乾燥㎡"
    folded, offsets = tk.fold_with_offsets(text)
    assert folded == tk.normalize(text) == "记者:台湾covid头发干燥m2"
    assert len(offsets) == len(folded)
    start, end = tk.find_spans(folded, ["台湾"])[0]
    assert text[offsets[start] : offsets[end - 1] + 1] == "臺灣"
    start, end = tk.find_spans(folded, ["头发干燥"])[0]
    assert text[offsets[start] : offsets[end - 1] + 1] == "頭髮乾燥"
    # Already folded for width and case: the fast path converts too.
    assert tk.fold_with_offsets("臺灣") == ("台湾", [0, 1])


@given(st.text(alphabet="臺灣頭髮乾燥隆後發干台湾头发ＡＢａｂAB㎡，。 ", max_size=30))
def test_fold_with_offsets_is_normalize_with_an_offset_per_character(text):
    folded, offsets = tk.fold_with_offsets(text)
    assert folded == tk.normalize(text)
    assert len(offsets) == len(folded)
    assert offsets == sorted(offsets) and all(0 <= i < len(text) for i in offsets)


class _Lengthening:
    """A converter that, on more than one character, answers a string of
    another length: what the fallback is there for."""

    def __init__(self, real):
        self.real = real

    def convert(self, text):
        converted = self.real.convert(text)
        return converted if len(text) == 1 else converted + "〇"


def test_a_piece_whose_conversion_changes_length_is_converted_character_by_character(monkeypatch):
    real = tk._converter()
    monkeypatch.setattr(tk, "_converter", lambda: _Lengthening(real))
    tk._simplified_char.cache_clear()
    try:
        assert tk.normalize("臺灣頭髮") == "台湾头发"
        text = "ＡＢ臺灣"
        folded, offsets = tk.fold_with_offsets(text)
        assert (folded, offsets) == ("ab台湾", [0, 1, 2, 3])
    finally:
        tk._simplified_char.cache_clear()


def test_text_opencc_cannot_read_is_still_folded():
    # A lone surrogate is not UTF-8, which OpenCC takes: character by character.
    assert tk.normalize("臺\ud800灣") == "台\ud800湾"
