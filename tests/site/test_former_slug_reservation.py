"""Former addresses: reserved only where readers could have had the link, and
never handed to another story by any path that sets a slug."""

from datetime import timedelta

import pytest
from django.db import router
from django.urls import reverse
from django.utils import timezone

from articles import story_slugs
from articles.models import Article
from tests.articles.test_admin import _article_form
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db


def test_a_scheduled_story_renamed_before_it_went_live_leaves_no_suffix_for_readers(client):
    # Published status with a time tomorrow: an embargo. Nobody outside the
    # newsroom has ever had its address.
    scheduled = make_article(headline="供暖进展", publish_at=timezone.now() + timedelta(days=1))
    scheduled.headline = "全市供暖进展顺利"
    scheduled.save()

    live = make_article(headline="供暖进展")

    # A -2 on the only public story of this headline tells readers an unseen one exists.
    assert live.slug == "gong-nuan-jin-zhan"


def test_an_editor_cannot_type_another_storys_former_address_as_a_slug(client):
    story = make_article(headline="供暖进展")
    former = story.slug
    story.headline = "全市供暖进展顺利"
    story.save()
    client.force_login(make_user("Editor", "editor"))

    response = client.post(reverse("admin:articles_article_add"), _article_form(headline="另一篇稿件", slug=former))

    # Saved, the former address would open the new story for every link already shared.
    assert not Article.objects.filter(slug=former).exists()
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["slug"] == [
        f"网址 {former} 曾属于另一篇稿件，至今仍指向它：请另选一个。"
    ]


def test_a_story_may_take_back_its_own_former_address(client):
    story = make_article(headline="供暖进展")
    former = story.slug
    story.headline = "全市供暖进展顺利"
    story.save()
    client.force_login(make_user("Editor", "editor"))
    data = _article_form(headline=story.headline, slug=former, status="published", loaded_version=story.version)

    response = client.post(reverse("admin:articles_article_change", args=[story.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    story.refresh_from_db()
    assert story.slug == former


def test_a_former_address_readers_never_had_is_free_for_another_story(client):
    # Renamed while a draft: nobody outside the newsroom has had its address.
    draft = make_article(headline="供暖进展", status="draft")
    former = draft.slug
    draft.headline = "全市供暖进展顺利"
    draft.save()
    client.force_login(make_user("Editor", "editor"))

    response = client.post(reverse("admin:articles_article_add"), _article_form(headline="另一篇稿件", slug=former))

    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Article.objects.get(slug=former).headline == "另一篇稿件"


def test_a_slug_left_while_an_import_reads_former_addresses_once_stays_reserved():
    story = make_article(headline="供暖进展")
    former = story.slug

    with story_slugs.former_slugs_read_once(["供暖进展"], router.db_for_write(Article)):
        story.headline = "全市供暖进展顺利"
        story.save()
        other = make_article(headline="供暖进展")

    assert other.slug == f"{former}-2"


def test_a_story_already_at_anothers_former_address_can_still_be_edited(client):
    story = make_article(headline="供暖进展")
    former = story.slug
    story.headline = "全市供暖进展顺利"
    story.save()
    # Given the address before the form refused it: the address stays, and the story stays editable.
    holder = make_article(headline="另一篇稿件", slug=former)
    client.force_login(make_user("Editor", "editor"))
    data = _article_form(headline="另一篇稿件（更新）", slug=former, status="published", loaded_version=holder.version)

    response = client.post(reverse("admin:articles_article_change", args=[holder.pk]), data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    holder.refresh_from_db()
    assert holder.headline == "另一篇稿件（更新）"
