"""Public parameters are checked at the edge: malformed is ignored or a 4xx, never a 500."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import make_article, make_byline, make_department, make_mention, make_person

pytestmark = pytest.mark.django_db

RARE_32 = "".join(chr(0x4E00 + (i * 97) % 20000) for i in range(32))


@pytest.fixture(autouse=True)
def _some_data(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        department = make_department(name="要闻")
        make_article(department=department, headline="冬日朔州", tags=["抗疫"])


@pytest.mark.parametrize(
    "url",
    [
        "/search/?department=%00",
        "/search/?q=a&department=%00",
        "/search.json?person=%00",
        "/search.json?q=a&person=%00",
        "/search/?q=a&to=9999-12-31",
        "/search.json?q=a&to=9999-12-31",
        "/search/?q=a&from=0001-01-01",
        "/search.json?q=a&from=0001-01-01&to=0001-01-01",
        "/search.json?q=%00%01%E2%80%AE",
        f"/search.json?q={RARE_32}",
        f"/search/?q={RARE_32 * 8}",
    ],
)
def test_search_parameters_never_cause_a_500(client, url):
    assert client.get(url).status_code == 200


def test_a_far_date_is_ignored_not_an_error(client):
    answer = client.get("/search.json", {"q": "朔州", "to": "9999-12-31"}).json()
    assert answer["total"] == 1


@pytest.mark.parametrize("url", ["/tag/%00/", "/tag/a%00/feed/atom/", "/tag/a%00/feed/", "/tag/%01x/"])
def test_control_characters_in_a_tag_are_no_tag(client, url):
    assert client.get(url).status_code == 404


def test_search_scopes_only_to_people_readers_may_see(client):
    hidden = make_person(name="王秘密")
    for status in ("draft", "review", "archived"):
        make_mention(article=make_article(status=status, headline=f"朔州{status}"), person=hidden)
    embargoed = make_article(headline="朔州未到", publish_at=timezone.now() + timedelta(days=1))
    make_mention(article=embargoed, person=hidden)
    page = client.get("/search/", {"q": "朔州", "person": hidden.slug}).content.decode()
    assert "王秘密" not in page
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_search_still_scopes_to_a_published_person(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        person = make_byline(article=make_article(headline="朔州记者稿"), person=make_person(name="李公开")).person
    page = client.get("/search/", {"q": "朔州", "person": person.slug}).content.decode()
    assert "只看与" in page and "李公开" in page
    assert client.get("/search.json", {"q": "朔州", "person": person.slug}).json()["total"] == 1
