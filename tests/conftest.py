import pytest
from django.db import connection


def pytest_report_header(config):
    from django.conf import settings

    engine = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    return f"database: {engine}"


@pytest.fixture
def is_postgres():
    return connection.vendor == "postgresql"
