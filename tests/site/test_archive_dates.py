"""The archive's date URLs answer 404 outside the one date range, never a server error."""

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/archive/9999/12/31/", "/archive/1/01/01/", "/archive/3000/01/01/"])
def test_an_archive_day_outside_the_date_range_is_not_found(client, url):
    make_article(headline="供暖进展")
    client.raise_request_exception = False
    # 9999-12-31 asks for stories before 10000-01-01, which Python cannot make.
    assert client.get(url).status_code == 404
