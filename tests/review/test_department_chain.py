"""The chain a story passes is its department's: moving a story to a
department with another chain while it is in review (or signed off and not
yet public) starts that chain from its first stage, so a reporter cannot
submit under a department with a lighter chain and move the story after."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from review import steps
from review.models import Chain, Event, Review, Stage
from review.rules import publish_refusal
from tests.factories import make_department
from tests.safety.test_revisions import _form

pytestmark = pytest.mark.django_db


@pytest.fixture
def light():
    """A department whose chain is one stage, the desk editor's."""
    department = make_department(name="副刊")
    chain = Chain.objects.create(name="副刊一审", department=department)
    Stage.objects.create(chain=chain, position=1, name="签发", group=Group.objects.get(name="Desk editor"))
    return department


@pytest.fixture
def heavy():
    """A department with the paper's default chain (三审)."""
    return make_department(name="要闻")


def _move(client, user, article, department):
    article.refresh_from_db()
    client.force_login(user)
    data = _form(article, department=str(department.pk))
    if article.publish_at:
        local = timezone.localtime(article.publish_at)
        data.update({"publish_at_0": local.strftime("%Y-%m-%d"), "publish_at_1": local.strftime("%H:%M:%S")})
    response = client.post(reverse("admin:articles_article_change", args=[article.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    article.refresh_from_db()
    assert article.department == department


def _valid_passes(article):
    return list(Event.objects.filter(article=article, action=Event.Action.PASS, void=False))


def test_a_story_submitted_under_a_lighter_chain_and_moved_starts_the_department_s_chain(
    client, draft, reporter, desk, light, heavy
):
    Article.objects.filter(pk=draft.pk).update(department=light)
    steps.submit(draft, reporter)
    assert Review.objects.get(article=draft).chain.department == light
    _move(client, reporter, draft, heavy)
    review = Review.objects.get(article=draft)
    assert review.chain.department is None and review.stage.name == "初审", "the lighter chain stayed with the story"
    edited = Event.objects.filter(article=draft, action=Event.Action.EDITED).latest("at")
    assert edited.user == reporter and edited.stage == review.stage and review.chain.name in edited.reason
    # The desk editor's one pass no longer signs it off.
    steps.pass_stage(draft, desk)
    draft.refresh_from_db()
    assert draft.status == Article.Status.REVIEW and Review.objects.get(article=draft).stage.name == "复审"


def test_a_story_moved_after_a_pass_starts_the_new_chain_with_no_pass_standing(
    client, draft, reporter, desk, light, heavy
):
    Article.objects.filter(pk=draft.pk).update(department=heavy)
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    # Another department of the same chain: the pass stands.
    _move(client, reporter, draft, make_department(name="社会"))
    assert Review.objects.get(article=draft).stage.name == "复审" and len(_valid_passes(draft)) == 1
    _move(client, reporter, draft, light)
    review = Review.objects.get(article=draft)
    assert review.chain.department == light and review.stage.name == "签发"
    assert not _valid_passes(draft), "a pass of the old chain stood in the new one"


def test_a_signed_off_scheduled_story_moved_to_another_chain_waits_for_it(
    client, draft, reporter, desk, head, light, heavy
):
    Article.objects.filter(pk=draft.pk).update(department=light, publish_at=timezone.now() + timezone.timedelta(days=1))
    steps.submit(draft, reporter)
    steps.pass_stage(draft, desk)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and not draft.is_public
    _move(client, head, draft, heavy)
    assert draft.status == Article.Status.REVIEW and publish_refusal(draft), "it would go out at its time unsigned"
    assert Review.objects.get(article=draft).stage.name == "初审"
