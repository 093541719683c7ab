"""A tag on more stories than a request may edit is renamed or deleted by a
job (articles/tag_edit_queue.py), as the user who asked, judged when it runs."""

import pytest
from django.contrib.admin.models import CHANGE, DELETION, LogEntry
from django.contrib.auth.models import Permission, User
from django.test import Client
from django.urls import reverse
from django.utils import translation
from kombu.exceptions import OperationalError
from taggit.models import Tag

from articles import tag_edit_queue
from articles.models import TagEditJob
from articles.search.query import search_articles
from tests.factories import make_article

pytestmark = pytest.mark.django_db

LIMIT = 2


@pytest.fixture(autouse=True)
def small_limit(settings):
    settings.TAG_EDIT_INLINE_MAX = LIMIT


@pytest.fixture(autouse=True)
def english():
    # The pages, and the jobs' messages written in the language of the process that runs them.
    with translation.override("en"):
        yield


@pytest.fixture
def client():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def editor(client):
    user = User.objects.create_superuser("tagger", "tagger@example.com", "x")
    client.force_login(user)
    return user


def _tag_on(count, name="冬季供暖"):
    tag = Tag.objects.create(name=name)
    stories = [make_article(headline=f"今日要闻{n}", tags=[tag]) for n in range(count)]
    return tag, stories


def _rename_form(tag, name):
    from taggit.models import TaggedItem

    inline = TaggedItem._meta.get_field("tag").remote_field.get_accessor_name(model=False)
    return {"name": name, "slug": tag.slug, f"{inline}-TOTAL_FORMS": 0, f"{inline}-INITIAL_FORMS": 0}


def _messages(response):
    return [str(m) for m in response.context["messages"]] if response.context else []


def test_a_rename_on_more_stories_than_the_limit_is_done_by_a_job_after_the_request(
    client, editor, django_capture_on_commit_callbacks
):
    tag, stories = _tag_on(LIMIT + 1)
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    with django_capture_on_commit_callbacks() as sent:
        response = client.post(url, _rename_form(tag, "集中供热"), follow=True)
        # The request recorded the edit and changed nothing else.
        tag.refresh_from_db()
        assert tag.name == "冬季供暖"
        assert not LogEntry.objects.filter(object_id=str(tag.pk)).exists()
    assert any("a job does it" in m for m in _messages(response))
    assert not any("successfully" in m for m in _messages(response))
    job = TagEditJob.objects.get()
    assert (job.tag_name, job.new_name, job.stories) == ("冬季供暖", "集中供热", LIMIT + 1)

    with django_capture_on_commit_callbacks(execute=True):
        for callback in sent:
            callback()
    tag.refresh_from_db()
    job.refresh_from_db()
    assert tag.name == "集中供热"
    assert job.status == TagEditJob.Status.DONE and job.finished_at is not None
    assert all(list(story.tags.names()) == ["集中供热"] for story in stories)
    assert sorted(search_articles("集中供热").hits) == sorted(story.pk for story in stories)
    entry = LogEntry.objects.get(object_id=str(tag.pk))
    assert (entry.user, entry.action_flag) == (editor, CHANGE)


def test_a_tag_at_the_limit_is_renamed_in_the_request(client, editor, django_capture_on_commit_callbacks):
    tag, _ = _tag_on(LIMIT)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), _rename_form(tag, "集中供热"))
    tag.refresh_from_db()
    assert tag.name == "集中供热" and not TagEditJob.objects.exists()


@pytest.mark.parametrize("how", ["delete page", "delete selected"])
def test_a_deletion_on_more_stories_than_the_limit_is_done_by_a_job(
    client, editor, django_capture_on_commit_callbacks, how
):
    tag, stories = _tag_on(LIMIT + 1)
    small, _ = _tag_on(1, name="小标签")
    with django_capture_on_commit_callbacks() as sent:
        if how == "delete page":
            response = client.post(reverse("admin:taggit_tag_delete", args=[tag.pk]), {"post": "yes"}, follow=True)
        else:
            data = {"action": "delete_selected", "_selected_action": [tag.pk, small.pk], "post": "yes"}
            response = client.post(reverse("admin:taggit_tag_changelist"), data, follow=True)
        assert Tag.objects.filter(pk=tag.pk).exists()
        assert not LogEntry.objects.filter(action_flag=DELETION).exists()
    assert any("a job does it" in m for m in _messages(response))
    # Selected together, the tags are deleted together: each by its job.
    expected = {tag.pk} if how == "delete page" else {tag.pk, small.pk}
    assert set(TagEditJob.objects.values_list("tag_id", flat=True)) == expected

    with django_capture_on_commit_callbacks(execute=True):
        for callback in sent:
            callback()
    assert not Tag.objects.filter(pk__in=expected).exists()
    assert all(not story.tags.exists() for story in stories)
    assert search_articles("冬季供暖").hits == []
    assert set(TagEditJob.objects.values_list("status", flat=True)) == {TagEditJob.Status.DONE}
    assert TagEditJob.objects.filter(tag_name="冬季供暖").get().tag is None  # the job's line outlives its tag
    assert LogEntry.objects.filter(action_flag=DELETION, user=editor).count() == len(expected)


def test_a_user_who_may_no_longer_edit_tags_when_the_job_runs_changes_nothing(
    client, django_capture_on_commit_callbacks
):
    user = User.objects.create_user("desk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_tag", "change_tag"]))
    client.force_login(user)
    tag, stories = _tag_on(LIMIT + 1)
    with django_capture_on_commit_callbacks() as sent:
        client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), _rename_form(tag, "集中供热"))
    assert TagEditJob.objects.count() == 1
    user.user_permissions.remove(Permission.objects.get(codename="change_tag"))
    with django_capture_on_commit_callbacks(execute=True):
        for callback in sent:
            callback()
    tag.refresh_from_db()
    job = TagEditJob.objects.get()
    assert tag.name == "冬季供暖" and all(list(s.tags.names()) == ["冬季供暖"] for s in stories)
    assert job.status == TagEditJob.Status.FAILED and "no longer" in job.message


def test_a_name_another_tag_took_meanwhile_fails_the_job_and_changes_nothing(
    client, editor, django_capture_on_commit_callbacks
):
    tag, _ = _tag_on(LIMIT + 1)
    with django_capture_on_commit_callbacks() as sent:
        client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), _rename_form(tag, "集中供热"))
    Tag.objects.create(name="集中供热", slug="other")
    with django_capture_on_commit_callbacks(execute=True):
        for callback in sent:
            callback()
    tag.refresh_from_db()
    job = TagEditJob.objects.get()
    assert tag.name == "冬季供暖"
    assert job.status == TagEditJob.Status.FAILED and "another tag" in job.message


def test_a_tag_with_an_edit_still_to_be_done_cannot_be_edited_again(client, editor, django_capture_on_commit_callbacks):
    tag, _ = _tag_on(LIMIT + 1)
    url = reverse("admin:taggit_tag_change", args=[tag.pk])
    with django_capture_on_commit_callbacks():
        client.post(url, _rename_form(tag, "集中供热"))
        response = client.post(url, _rename_form(tag, "供暖"))
    assert response.status_code == 200  # the form again, with the reason
    assert "being edited by a job" in response.content.decode()
    assert TagEditJob.objects.count() == 1


def test_the_tag_list_shows_each_job_and_why_one_failed(client, editor):
    tag, _ = _tag_on(1)
    TagEditJob.objects.create(
        tag=tag, tag_name=tag.name, action="rename", new_name="集中供热", stories=1, status="done"
    )
    TagEditJob.objects.create(
        tag=tag, tag_name=tag.name, action="delete", stories=1, status="failed", message="Not done: refused."
    )
    page = client.get(reverse("admin:taggit_tag_changelist")).content.decode()
    assert "冬季供暖 → 集中供热" in page and "Not done: refused." in page


def test_a_job_the_broker_could_not_take_waits_and_is_sent_again_from_the_tag_list(
    client, editor, settings, monkeypatch, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOBS = "celery"

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(tag_edit_queue.tag_edit, "apply_async", broker_down)
    tag, _ = _tag_on(LIMIT + 1)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("admin:taggit_tag_change", args=[tag.pk]), _rename_form(tag, "集中供热"))
    job = TagEditJob.objects.get()
    assert job.status == TagEditJob.Status.WAITING and "cannot be reached" in job.message
    assert "cannot be reached" in client.get(reverse("admin:taggit_tag_changelist")).content.decode()

    # The queue is back: the next look at the tag list sends it.
    settings.IMPORT_JOBS = "inline"
    with django_capture_on_commit_callbacks(execute=True):
        client.get(reverse("admin:taggit_tag_changelist"))
    tag.refresh_from_db()
    job.refresh_from_db()
    assert tag.name == "集中供热" and job.status == TagEditJob.Status.DONE


def test_a_job_already_done_is_not_done_twice(editor):
    tag, _ = _tag_on(1)
    job = TagEditJob.objects.create(
        tag=tag, tag_name=tag.name, action="rename", new_name="集中供热", stories=1, requested_by=editor, status="done"
    )
    tag_edit_queue.run(job.pk)
    tag.refresh_from_db()
    assert tag.name == "冬季供暖"
