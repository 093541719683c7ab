"""Every way a date comes in is held to the one range (articles.params.day_range_error)."""

import pytest
from django.urls import reverse

from articles.editions import Edition
from tests.factories import make_publication, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor_client(client):
    client.force_login(make_user("Editor", "editor"))
    return client


def _edition_form(publication, day, pages=()):
    data = {
        "publication": str(publication.pk),
        "date": day,
        "number": "",
        "pages-TOTAL_FORMS": str(len(pages)),
        "pages-INITIAL_FORMS": "0",
        "pages-MIN_NUM_FORMS": "0",
        "pages-MAX_NUM_FORMS": "1000",
    }
    for i, (number, title) in enumerate(pages):
        data[f"pages-{i}-number"] = str(number)
        data[f"pages-{i}-title"] = title
    return data


@pytest.mark.parametrize("day", ["0001-01-01", "3000-01-01"])
def test_the_editions_admin_refuses_a_date_no_paper_printed(editor_client, day):
    # The desk's ConfirmForm refuses this date; the admin's edition form is the other way to file it.
    response = editor_client.post(reverse("admin:articles_edition_add"), _edition_form(make_publication(), day))
    assert response.status_code == 200
    assert not Edition.objects.exists()


def test_the_editions_admin_keeps_an_edition_of_1949(editor_client):
    response = editor_client.post(
        reverse("admin:articles_edition_add"), _edition_form(make_publication(), "1949-10-01")
    )
    assert response.status_code == 302
    assert Edition.objects.get().date.year == 1949


def test_the_editions_admin_refuses_a_page_number_past_the_last_one_any_paper_prints(editor_client):
    # The command and the desk stop at MAX_PAGE_NUMBER (999).
    response = editor_client.post(
        reverse("admin:articles_edition_add"), _edition_form(make_publication(), "2022-11-21", [(1000, "")])
    )
    assert response.status_code == 200
    assert not Edition.objects.exists()
