"""Audit: "unseen-person" (articles.permissions) is a person with no byline or
mention on a story that *ever* left draft or review. A story taken down
(unpublished, back to draft) has been seen: its people stay the editors'."""

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from people.models import Person
from tests.factories import make_article, make_byline, make_person, make_user

pytestmark = pytest.mark.django_db


def _rename(client, person, name):
    data = {"name": name, "slug": person.slug, "description": ""}
    for prefix in ("aliases", "bylines", "mentions"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"})
    for n, byline in enumerate(person.bylines.all()):
        data[f"bylines-{n}-id"] = str(byline.pk)
        data[f"bylines-{n}-person"] = str(person.pk)
        data["bylines-TOTAL_FORMS"] = data["bylines-INITIAL_FORMS"] = str(n + 1)
    return client.post(reverse("admin:people_person_change", args=[person.pk]), data)


@pytest.mark.parametrize("role", ["Reporter", "Archivist"])
def test_audit_a_person_of_a_story_taken_down_is_not_unseen(client, role):
    editor = make_user("Editor", "editor")
    story = make_article(headline="已见报稿件")
    person = make_byline(article=story, person=make_person(name="王记者")).person
    workflow.unpublish(Article.objects.filter(pk=story.pk), editor)
    story.refresh_from_db()
    assert story.status == Article.Status.DRAFT and story.publish_at is not None  # readers saw it

    client.force_login(make_user(role, "someone"))
    response = client.get(reverse("admin:people_person_change", args=[person.pk]))
    assert response.status_code == 200
    changeable = response.context_data["has_change_permission"]
    _rename(client, person, "改过的名字")
    renamed = Person.objects.get(pk=person.pk).name != "王记者"
    assert not (changeable or renamed), f"a {role} may rename a person readers have seen (renamed: {renamed})"
