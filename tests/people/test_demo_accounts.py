"""The demo accounts `make run` creates: an editor and one reviewer per stage
of the default chain, enough to take a story through 三审 on a local site."""

from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command

from articles.models import Article
from people.management.commands.create_demo_editor import DEMO_PASSWORD, DEMO_REVIEWERS
from review import steps

pytestmark = pytest.mark.django_db


def _create_accounts(settings) -> str:
    settings.DEBUG = True
    out = StringIO()
    call_command("create_demo_editor", stdout=out)
    return out.getvalue()


def test_the_demo_editor_and_three_reviewers_take_a_story_to_publication(settings):
    output = _create_accounts(settings)
    users = get_user_model().objects
    editor = users.get(username="editor")
    story = Article.objects.create(headline="本地试用", body="<p>正文。</p>", created_by=editor, updated_by=editor)

    steps.submit(story, editor)
    for username in DEMO_REVIEWERS:
        assert users.get(username=username).check_password(DEMO_PASSWORD)
        assert f"username {username!r}" in output
        steps.pass_stage(story, users.get(username=username))

    story.refresh_from_db()
    assert story.status == Article.Status.PUBLISHED


def test_running_it_again_resets_the_accounts_without_duplicating_them(settings):
    _create_accounts(settings)
    reviewer = get_user_model().objects.get(username="fushen")
    reviewer.set_password("changed")
    reviewer.save()

    output = _create_accounts(settings)

    assert get_user_model().objects.filter(username__in=["editor", *DEMO_REVIEWERS]).count() == 4
    assert get_user_model().objects.get(username="fushen").check_password(DEMO_PASSWORD)
    assert "Reset demo editor" in output
