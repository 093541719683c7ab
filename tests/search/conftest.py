import pytest


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """``with commit(): ...`` runs the on-commit callbacks (the index updates)
    that the test's wrapping transaction would otherwise hold back."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def search_urls(settings):
    settings.ROOT_URLCONF = "tests.search.urls"
