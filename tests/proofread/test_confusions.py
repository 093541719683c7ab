from proofread.confusions import CONFUSIONS, common_confusions


def test_misspelt_idioms_and_words_are_flagged_with_the_right_form():
    text = "他们再接再励，迫不急待，布署工作"
    found = common_confusions(text)
    assert [text[f.start : f.end] for f in found] == ["再接再励", "迫不急待", "布署"]
    assert "再接再厉" in found[0].message


def test_the_right_forms_are_left_alone():
    right = [r for r in CONFUSIONS.values() if r]
    assert common_confusions("，".join(right)) == []


def test_ambiguous_pairs_are_not_in_the_list():
    for word in ("反应", "反映", "截止", "截至", "其他", "其它", "既使"):
        assert word not in CONFUSIONS
