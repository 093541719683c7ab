"""Readers' search finds a person by their given name in running text (永红 in 韩永红)."""

import json

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name, given", [("韩永红", "永红"), ("王小明", "小明")])
def test_a_given_name_finds_the_story_that_names_the_person_in_its_text(client, commit, name, given):
    with commit():
        make_article(headline="街头执勤", body=f"<p>朔城分局民警{name}在街头执勤。</p>")
    assert json.loads(client.get("/search.json", {"q": name}).content)["total"] == 1
    assert json.loads(client.get("/search.json", {"q": given}).content)["total"] == 1
