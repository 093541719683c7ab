"""Matching a re-imported page's stories to the saved ones, and the three-way merge: pure functions."""

from articles.importer.rematch import Saved, Text, lead, match, merge, merge_sets, similarity

STORIES = [
    Text("冲在“疫”线的政协人", lead("冬日的朔州，凉风打脸，寒气袭人。暂停的朔城，聚力抗疫。")),
    Text("我当“大白”的经历", lead("11月20日一大早，我刚起床，就从社区微信群里看到了招募志愿者的消息。")),
    Text("怀仁：“线上线下”筑心“防”", lead("心理调适共疫情下的身心安顿，聆听家族故事探寻成长资源。")),
    Text("市商务局干部下沉社区助力疫情防控", lead("疫情就是命令，防控就是责任。针对严峻的疫情防控形势。")),
]


def saved(texts, positions=None):
    positions = positions or range(1, len(texts) + 1)
    return [Saved(k, (text,), position) for k, (text, position) in enumerate(zip(texts, positions))]


def test_one_misread_character_in_ten_still_matches_and_other_stories_do_not():
    assert similarity("市商务局干部下沉社区助力疫情防控", "市商务局千部下沉社区助力疫情防控") > 0.8
    assert similarity("冲在“疫”线的政协人", "冲 在 疫 线 的 政 协 人") == 1.0
    assert similarity(STORIES[0].headline, STORIES[3].headline) < 0.2


def test_stories_are_matched_by_their_text_not_their_position():
    # The second story taken out of the page: each later one keeps its own row.
    page = [STORIES[0], STORIES[2], STORIES[3]]
    assert match(page, saved(STORIES)) == {0: 0, 1: 2, 2: 3}


def test_reordered_and_new_stories():
    page = [STORIES[3], Text("新闻一则", lead("今天天气晴朗，市民出行顺利。")), STORIES[0]]
    assert match(page, saved(STORIES)) == {0: 3, 2: 0}


def test_the_position_breaks_a_tie_between_identical_stories():
    twin = Text("图片新闻", "")
    assert match([twin, twin], saved([twin, twin], positions=[2, 1])) == {0: 1, 1: 0}


def test_a_saved_story_matches_by_any_of_its_texts():
    edited = Saved("x", (Text("全新的标题", "完全改写的开头"), STORIES[1]), 5)
    assert match([STORIES[1]], [edited]) == {0: "x"}


def test_merge_overwrites_only_what_the_last_import_wrote():
    written = {"headline": "旧标题", "body": "<p>旧</p>", "kicker": ""}
    current = {"headline": "编辑改的标题", "body": "<p>旧</p>", "kicker": ""}
    parsed = {"headline": "新标题", "body": "<p>新</p>", "kicker": ""}
    result = merge(written, current, parsed)
    assert result.write == {"body": "<p>新</p>"}
    assert result.kept == {"headline": "新标题"}


def test_merge_without_a_record_keeps_every_difference():
    result = merge(None, {"headline": "甲", "body": "乙"}, {"headline": "甲", "body": "丙"})
    assert result.write == {} and result.kept == {"body": "丙"}


def test_merge_sets_keeps_what_editors_added_and_removed():
    written = [("reporter", 1, ""), ("reporter", 2, "")]
    current = [("reporter", 1, ""), ("editor", 9, "")]  # 2 removed by an editor, 9 added
    parsed = [("reporter", 1, ""), ("reporter", 2, ""), ("reporter", 3, "")]
    add, remove, left_out = merge_sets(written, current, parsed)
    assert add == [("reporter", 3, "")] and remove == [] and left_out == [("reporter", 2, "")]
    add, remove, _ = merge_sets(written, [("reporter", 1, ""), ("reporter", 2, "")], [("reporter", 1, "")])
    assert add == [] and remove == [("reporter", 2, "")]
    assert merge_sets(None, [("editor", 9, "")], [("reporter", 1, "")])[:2] == ([("reporter", 1, "")], [])


def test_a_deletion_record_takes_only_a_story_that_reads_as_it_did():
    photo = Text(
        "为保障职工生命安全",
        lead("为保障职工生命安全,阻断疫情传播途径,连日来,中煤平朔集团有限公司安太堡露天矿生产一队"),
    )
    misread = Text(
        "为保障职工生命安全",
        lead("为保障职工生命安全,阻断疫情传播途径,连日来,中煤平朔集团有限公司安太堡露天矿生产一队"),
    )
    other = Text("为保障职工生命安全", lead("为保障职工生命安全,平鲁区井下矿机电队连日来组织人员对井口候车室进行消毒"))
    tombstone = [Saved("gone", (photo,), 1, tombstone=True)]
    assert match([misread], tombstone) == {0: "gone"}
    assert match([other], tombstone) == {}
    # Only a headline to go by: not enough to call a story the deleted one.
    assert match([Text("为保障职工生命安全", "")], tombstone) == {}
    # A live story keeps the lower bar.
    assert match([other], [Saved("live", (photo,), 1)]) == {0: "live"}
