"""Merging two records of one person moves their mentions as they were checked."""

import pytest
from django.urls import reverse

from people.models import Mention
from tests.factories import make_article, make_mention, make_person, make_user

pytestmark = pytest.mark.django_db


def test_merging_keeps_an_unconfirmed_mention_unconfirmed_and_unseen(client):
    mayor = make_person(name="张伟", description="市长")
    make_mention(make_article(headline="市长张伟调研"), mayor, title="市长", confirmed=True)
    duplicate = make_person(name="张伟")
    guessed_story = make_article(headline="男子张伟醉驾被查")  # live; the extractor's guess, never checked
    guess = make_mention(guessed_story, duplicate, confirmed=False, origin=Mention.Origin.IMPORTED)
    assert mayor.get_absolute_url() not in client.get(guessed_story.get_absolute_url()).content.decode()

    client.force_login(make_user("Editor", "editor"))
    url = reverse("admin:imports_person", args=[duplicate.pk])
    assert client.post(url, {"action": "merge", "into": mayor.slug}).status_code == 302
    client.logout()

    moved = Mention.objects.get(article=guessed_story)
    assert moved.pk == guess.pk and moved.person_id == mayor.pk
    assert not moved.confirmed
    assert mayor.get_absolute_url() not in client.get(guessed_story.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("kept_confirmed", "moved_confirmed"), [(False, False), (True, False), (False, True), (True, True)]
)
def test_a_mention_merged_onto_one_of_the_same_story_is_confirmed_only_if_either_was(
    client, kept_confirmed, moved_confirmed
):
    mayor, duplicate = make_person(name="张伟", description="市长"), make_person(name="张伟")
    story = make_article(headline="张伟调研公交")
    kept = make_mention(story, mayor, count=2, confirmed=kept_confirmed, origin=Mention.Origin.IMPORTED)
    make_mention(story, duplicate, count=1, confirmed=moved_confirmed, confidence=0.7)

    client.force_login(make_user("Editor", "editor"))
    client.post(reverse("admin:imports_person", args=[duplicate.pk]), {"action": "merge", "into": mayor.slug})

    merged = Mention.objects.get(article=story)
    assert merged.pk == kept.pk and merged.person_id == mayor.pk and merged.count == 3
    assert merged.confirmed == (kept_confirmed or moved_confirmed)
    assert merged.confidence == 0.7  # the surer of the two (one had none)


def test_a_merged_record_s_confirmed_mention_stays_confirmed(client):
    mayor, duplicate = make_person(name="张伟", description="市长"), make_person(name="张伟")
    story = make_article(headline="市长张伟调研")
    checked = make_mention(story, duplicate, confirmed=True)

    client.force_login(make_user("Editor", "editor"))
    client.post(reverse("admin:imports_person", args=[duplicate.pk]), {"action": "merge", "into": mayor.slug})

    checked.refresh_from_db()
    assert checked.person_id == mayor.pk and checked.confirmed
