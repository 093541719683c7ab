import pytest
from django.contrib.auth.models import Group, User


def make_user(group, username):
    user = User.objects.create_user(username, password="correct horse battery", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def editor(db):
    return make_user("Editor", "editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
