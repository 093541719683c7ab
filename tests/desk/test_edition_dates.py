"""The desk refuses an edition date no paper has (year 1), as it refuses
two files on one page, rather than filing drafts the admin cannot list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from tests.desk.conftest import SEED_TEXT

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:imports_importbatch_add")


def test_an_edition_dated_new_years_day_of_year_one_is_a_form_error(client, editor):
    client.force_login(editor)
    client.post(UPLOAD, {"files": [SimpleUploadedFile("a.txt", SEED_TEXT.encode(), content_type="text/plain")]})
    batch = ImportBatch.objects.get()
    page = batch.pages.get()
    client.raise_request_exception = False
    response = client.post(
        batch.get_absolute_url(),
        {"publication": "朔州日报", "date": "0001-01-01", f"number_{page.pk}": "1", f"department_{page.pk}": ""},
    )
    assert response.status_code == 200, "the confirm form should refuse the date and show itself again"
    assert client.get(reverse("admin:articles_article_changelist")).status_code == 200


def test_an_edition_date_in_range_is_still_accepted_and_the_refusal_says_the_range(client, editor):
    client.force_login(editor)
    client.post(UPLOAD, {"files": [SimpleUploadedFile("a.txt", SEED_TEXT.encode(), content_type="text/plain")]})
    batch = ImportBatch.objects.get()
    page = batch.pages.get()
    fields = {"publication": "朔州日报", f"number_{page.pk}": "1", f"department_{page.pk}": ""}
    refused = client.post(batch.get_absolute_url(), {**fields, "date": "1799-12-31"}, HTTP_ACCEPT_LANGUAGE="en")
    assert "give a date in the years 1800–2999" in refused.content.decode()
    accepted = client.post(batch.get_absolute_url(), {**fields, "date": "1800-01-01"})
    assert accepted.status_code == 302
