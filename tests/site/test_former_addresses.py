"""A published story's former address keeps leading to it.

Renaming a story keeps its old address as a permanent redirect (SlugHistory).
A later story with the old headline is never given that address again: every
link already shared (and the 301 search engines learned) would open another story.
"""

import pytest

from articles.models import Article
from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_a_new_story_does_not_take_a_renamed_storys_former_address(client):
    story = make_article(headline="供暖进展")
    former = story.get_absolute_url()
    story.headline = "全市供暖进展顺利"
    story.save()
    assert client.get(former).status_code == 301

    newcomer = make_article(headline="供暖进展")

    assert newcomer.get_absolute_url() != former
    response = client.get(former)
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()


def test_a_story_moved_aside_for_one_going_live_skips_former_addresses(client):
    renamed = make_article(headline="供暖进展")
    renamed.headline = "全市供暖进展顺利"
    renamed.save()  # gong-nuan-jin-zhan is now a former address
    draft = make_article(headline="供暖进展", status=Article.Status.DRAFT, publish_at=None)
    assert draft.slug == "gong-nuan-jin-zhan-2"
    live = make_article(headline="供暖进展")
    draft.refresh_from_db()
    assert live.slug == "gong-nuan-jin-zhan-2"
    assert draft.slug not in {"gong-nuan-jin-zhan", "gong-nuan-jin-zhan-2"}


def test_a_story_renamed_back_gets_its_own_former_address():
    story = make_article(headline="供暖进展")
    story.headline = "全市供暖进展顺利"
    story.save()
    story.headline = "供暖进展"
    story.save()
    assert story.slug == "gong-nuan-jin-zhan"


def test_a_draft_renamed_before_anyone_saw_it_leaves_its_address_free():
    draft = make_article(headline="供暖进展", status=Article.Status.DRAFT, publish_at=None)
    draft.headline = "全市供暖进展顺利"
    draft.save()
    assert make_article(headline="供暖进展").slug == "gong-nuan-jin-zhan"
