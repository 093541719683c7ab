from proofread.people import names_spelled_two_ways, title_differs
from proofread.run import Context


def test_a_name_spelled_two_ways_is_flagged_where_the_other_spelling_stands():
    text = "王汉平一直坚守在一线。记者问王汉萍有什么打算。"
    found = names_spelled_two_ways(text, Context(names=("王汉平",)))
    assert [text[f.start : f.end] for f in found] == ["王汉萍"]


def test_other_people_of_the_same_surname_are_not_flagged():
    assert names_spelled_two_ways("李明和李敏是同事，李家的老人也来了。", Context(names=("李明",))) == []
    assert names_spelled_two_ways("王汉萍说", Context(names=("王汉平",))) == []  # only one spelling in the story


def test_a_title_differing_from_the_recorded_one_is_flagged_a_shortened_one_is_not():
    text = "县长刘强出席了会议，副局长张文也在场。"
    context = Context(
        titles=(("刘强", "县长"), ("张文", "副局长")), recorded={"刘强": "市公安局副局长", "张文": "市公安局副局长"}
    )
    found = title_differs(text, context)
    assert [text[f.start : f.end] for f in found] == ["县长"] and "市公安局副局长" in found[0].message
