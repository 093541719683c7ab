import pytest
from django.contrib.auth.models import Group

from articles.models import Article
from tests.factories import make_user


def make_reviewer(username, *groups):
    """An editor who is also in the given review groups (Desk editor, Department head, Editor-in-chief)."""
    user = make_user("Editor", username)
    user.groups.add(*Group.objects.filter(name__in=groups))
    return user


@pytest.fixture
def reporter(db):
    return make_user("Reporter", "reporter")


@pytest.fixture
def desk(db):
    return make_reviewer("desk", "Desk editor")


@pytest.fixture
def head(db):
    return make_reviewer("head", "Department head")


@pytest.fixture
def chief(db):
    return make_reviewer("chief", "Editor-in-chief")


@pytest.fixture
def allrounder(db):
    return make_reviewer("allrounder", "Desk editor", "Department head", "Editor-in-chief")


@pytest.fixture
def draft(reporter):
    return Article.objects.create(
        headline="市区新增核酸采样点",
        body="<p>本报讯 市区新增十个核酸采样点。</p>",
        created_by=reporter,
        updated_by=reporter,
    )
