"""Audit: the desk refuses an edition date no paper has (year 1), as it refuses
two files on one page, rather than filing drafts the admin cannot list."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from imports.models import ImportBatch
from tests.desk.conftest import SEED_TEXT

pytestmark = pytest.mark.django_db
UPLOAD = reverse("admin:imports_importbatch_add")


def test_audit_an_edition_dated_new_years_day_of_year_one_is_a_form_error(client, editor):
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
