"""Readers' search finds a person by their given name (永红 in 韩永红), and only
a person the story names: one the person extractor reads in its text, its
bylines and the mentions readers are shown."""

import json

import pytest

from tests.factories import make_article, make_byline, make_mention, make_person

pytestmark = pytest.mark.django_db


def _total(client, q):
    return json.loads(client.get("/search.json", {"q": q}).content)["total"]


@pytest.mark.parametrize("name, given", [("韩永红", "永红"), ("王小明", "小明")])
def test_a_given_name_finds_the_story_that_names_the_person_in_its_text(client, commit, name, given):
    with commit():
        make_article(headline="街头执勤", body=f"<p>朔城分局民警{name}在街头执勤。</p>")
    assert _total(client, name) == 1
    assert _total(client, given) == 1


def test_a_place_shaped_like_a_name_gives_no_given_name(client, commit):
    # jieba's HMM reads 安太堡 (an open-pit mine) as one unknown word with a surname's first character.
    with commit():
        make_article(headline="露天矿复产", body="<p>中煤平朔集团有限公司安太堡露天矿生产一队党支部组织党员值守。</p>")
    assert _total(client, "安太堡") == 1
    assert _total(client, "太堡") == 0


def test_a_name_alone_on_a_line_is_found_by_its_given_name_only_as_a_person_readers_see(client, commit):
    """洪常中 alone on its line has no cue the extractor reads: its given name
    is indexed once it is a byline or a confirmed mention, not while the
    mention waits for an editor."""
    body = "<p>洪常中</p><p>冬日的朔州，凉风打脸，寒气袭人。</p>"
    with commit():
        waiting = make_article(headline="下沉社区一瞥", body=body)
        make_mention(article=waiting, person=make_person(name="洪常中"), confirmed=False)
    assert _total(client, "常中") == 0
    with commit():
        make_byline(article=make_article(headline="政协人在一线", body=body), person=make_person(name="洪常中"))
        make_mention(article=make_article(headline="社区防控纪实", body=body), person=make_person(name="洪常中"))
    assert _total(client, "常中") == 2
