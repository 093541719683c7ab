from pathlib import Path

from proofread import Context, proofread
from proofread.evaluation import load, parse_line, score
from proofread.rules import DEFAULT_ON, RULES
from proofread.run import errors_per_10k
from proofread.wordlist import Entry, WordList

DATA = Path(__file__).parent / "data"


def test_findings_come_in_text_order_with_python_slice_offsets():
    text = "他说,我们我们再接再励"
    found = proofread(text, Context())
    assert [f.start for f in found] == sorted(f.start for f in found)
    assert {text[f.start : f.end] for f in found} == {",", "我们", "再接再励"}


def test_errors_per_10k_counts_errors_not_advice():
    words = WordList([Entry("小姐", "caution")])
    text = "这位小姐说,好" + "好" * 92 + "。"
    found = proofread(text, Context(wordlist=words))
    assert {f.rule for f in found} == {"caution-word", "halfwidth-punctuation"}
    assert errors_per_10k(text, found) == 100.0


def test_every_rule_has_a_name_a_label_and_is_listed_once():
    assert len({r.name for r in RULES}) == len(RULES)
    assert DEFAULT_ON <= {r.name for r in RULES}


def test_the_sentence_file_format():
    sentence = parse_line(4, "[year=2022][names=王汉平]11月20日（⟦星期一|weekday-mismatch⟧）⟦好|ok⟧")
    assert sentence.text == "11月20日（星期一）好" and sentence.held_out
    assert sentence.expected == [(7, 10, "weekday-mismatch")] and sentence.context.year == 2022


def test_the_test_set_is_large_enough_and_every_default_check_is_precise_on_its_held_out_part():
    sentences = load(DATA / "clean.txt") + load(DATA / "planted.txt")
    assert len(sentences) >= 300
    held_out = [s for s in sentences if s.held_out]
    for name, result in score(held_out, DEFAULT_ON).items():
        assert result.precision is None or result.precision >= 0.95, (name, result.false_examples)
