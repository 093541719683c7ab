"""Audit: a published story's former address keeps leading to it.

Renaming a story keeps its old address as a permanent redirect (SlugHistory).
A later story with the old headline was given that address again: every link
already shared (and the 301 search engines learned) then opened another story.
"""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


def test_audit_a_new_story_does_not_take_a_renamed_storys_former_address(client):
    story = make_article(headline="供暖进展")
    former = story.get_absolute_url()
    story.headline = "全市供暖进展顺利"
    story.save()
    assert client.get(former).status_code == 301

    newcomer = make_article(headline="供暖进展")

    assert newcomer.get_absolute_url() != former
    response = client.get(former)
    assert response.status_code == 301 and response["Location"] == story.get_absolute_url()
