"""Which stored corrections an import applies: those accepted by a save that
showed them, and no one's correction under another's name unseen."""

import pytest

from articles.models import Article
from imports import jobs
from imports.corrections import item_start
from imports.models import ImportBatch, ImportPage, PageCorrection
from imports.upload import create_batch
from tests.desk.test_preview import DATE, SMALL_PAGE, _published, imported, preview_url, save_form

pytestmark = pytest.mark.django_db


def _byline(client, page, name):
    item = item_start(page.parsed["items"][0])
    response = client.post(
        preview_url(page), {"op": "byline", "item": item, "index": 0, "name": name, "role": "reporter"}
    )
    assert response.status_code == 302


def _names(page):
    story = Article.objects.get(print_page=page.print_page, print_position=1)
    return [b.display_name for b in story.bylines.all()]


def test_the_confirm_page_shows_each_stored_correction_with_who_made_it(client, archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    client.force_login(editor)
    _byline(client, page, "吕霞霞")
    client.post(preview_url(page), save_form(page))
    client.force_login(archivist)
    _byline(client, page, "王某")

    client.force_login(editor)
    batch = create_batch(editor, [("1.txt", SMALL_PAGE.encode())])
    batch.date = DATE
    batch.save(update_fields=["date"])
    html = client.get(batch.get_absolute_url()).content.decode()
    applied, waiting = html.split("尚未保存")
    assert "吕霞霞" in applied and "王某" not in applied and "archivist" not in applied
    assert "王某" in waiting and "archivist" in waiting


def test_an_upload_applies_the_saved_corrections_again_and_leaves_the_others_waiting(client, archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    client.force_login(archivist)
    _byline(client, page, "吕霞霞")
    client.post(preview_url(page), save_form(page))
    assert _names(page) == ["吕霞霞"]
    _byline(client, page, "王某")

    imported(editor, SMALL_PAGE)
    assert _names(page) == ["吕霞霞"], "a saved correction is applied again; one not saved waits"
    correction = PageCorrection.objects.get(print_page=page.print_page)
    assert [op["name"] for op in correction.operations] == ["吕霞霞", "王某"], "nothing typed is lost"
    assert "未保存" in client.get(preview_url(page)).content.decode()


def test_a_save_applies_only_the_corrections_its_editor_was_shown(client, archivist, editor):
    page = imported(editor, SMALL_PAGE).pages.get()
    _published(page, editor)
    client.force_login(editor)
    shown = save_form(page)
    # An archivist corrects the page while the editor reads it.
    client.force_login(archivist)
    _byline(client, page, "王某")
    client.force_login(editor)
    response = client.post(preview_url(page), shown, follow=True)
    assert "已有改动" in response.content.decode()
    assert _names(page) == ["吕霞"]
    # Saved again after reading it: the editor's act, with their permissions.
    client.post(preview_url(page), save_form(page))
    assert _names(page) == ["王某"]
    assert Article.objects.get(print_page=page.print_page, print_position=1).status == Article.Status.PUBLISHED


def test_someone_else_sending_a_saved_page_again_applies_only_the_accepted_corrections(
    client, settings, monkeypatch, archivist, editor
):
    from kombu.exceptions import OperationalError

    page = imported(editor, SMALL_PAGE).pages.get()
    client.force_login(archivist)
    _byline(client, page, "王某")
    # The editor saves the page while the queue is down: it waits, as the editor's.
    settings.IMPORT_JOBS = "celery"

    def broker_down(*args, **kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(jobs.import_batch, "apply_async", broker_down)
    client.force_login(editor)
    client.post(preview_url(page), save_form(page))
    assert ImportBatch.objects.get(pk=page.batch_id).status == ImportBatch.Status.WAITING
    # The archivist sends it: their act, without the corrections they did not see saved.
    settings.IMPORT_JOBS = "inline"
    client.force_login(archivist)
    client.post(page.batch.get_absolute_url(), {"resend": "1"})
    page.refresh_from_db()
    assert page.requested_by == archivist and page.status == ImportPage.Status.DONE, page.error
    assert _names(page) == ["吕霞"]


def test_the_migration_counts_as_accepted_only_corrections_a_finished_import_applied(client, editor):
    import importlib

    from django.apps import apps

    migration = importlib.import_module("imports.migrations.0002_corrections_wait_for_acceptance")
    saved, unsaved = imported(editor, SMALL_PAGE).pages.get(), imported(editor, SMALL_PAGE, SMALL_PAGE).pages.last()
    client.force_login(editor)
    for page in (saved, unsaved):
        _byline(client, page, "王某")
    client.post(preview_url(saved), save_form(saved))
    # As the rows stood before the migration: nothing accepted.
    PageCorrection.objects.update(accepted=[], accepted_revision=0, accepted_by=None, accepted_at=None)
    migration.accept_what_was_saved(apps, None)
    assert PageCorrection.objects.get(print_page=saved.print_page).accepted_revision == 1
    assert PageCorrection.objects.get(print_page=unsaved.print_page).accepted == []
