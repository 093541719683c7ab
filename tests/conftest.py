import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"


@pytest.fixture(autouse=True)
def cache_generation_of_this_test():
    """Each test starts from the cache generation its own database holds. A
    test that advanced it had its row rolled back, but the process kept the
    number: read back in the middle of a later test, it changed every key
    (and on SQLite the next row takes the same number again)."""
    from caching import generation

    generation.forget()
    yield
    generation.forget()
