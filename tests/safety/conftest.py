import pytest

from tests.factories import make_user


@pytest.fixture
def editor(db):
    return make_user("Editor", "editor")


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client
