"""A backup restores to the same rows with the same content."""

import pytest
import reversion
from django.core.management import call_command

from articles.backup import fingerprint
from articles.models import Article, Byline, Photo, PrintPage
from people.models import Alias, Mention, Person
from tests.factories import make_user


@pytest.mark.django_db(transaction=True)
def test_backup_and_restore_round_trip_loses_nothing(tmp_path):
    call_command("loaddata", "fixtures/departments.json", verbosity=0)
    call_command("import_print_page", "fixtures/shuozhou-page-2022-11.txt", "--date", "2022-11-21", verbosity=0)
    editor = make_user("Editor", "editor")
    with reversion.create_revision():
        reversion.set_user(editor)
        story = Article.objects.create(headline="编辑写的稿", body="<p>正文</p>", updated_by=editor)
        story.tags.add("民生", "抗疫")
        Byline.objects.create(article=story, credit="市纪委监委", role="credit")
        Photo.objects.create(article=story, caption="现场", credit="王汉平")
    Alias.objects.create(person=Person.objects.create(name="张伟"), name="小张")
    before = fingerprint()
    counts = {label: sum(rows.values()) for label, rows in before.items()}
    assert counts["articles.article"] == 12 and counts["people.mention"] > 0 and counts["reversion.version"] > 0

    backup = tmp_path / "backup.json.gz"
    call_command("backup", output=backup, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    assert not Article.objects.exists()
    call_command("restore", str(backup), verbosity=0)

    assert fingerprint() == before
    assert Article.objects.published().count() == 11
    assert PrintPage.objects.get().articles.count() == 11
    assert Mention.objects.filter(person__name="张国强").exists()


@pytest.mark.django_db
def test_restore_refuses_a_database_with_content(tmp_path):
    from django.core.management import CommandError

    Article.objects.create(headline="已有稿件")
    backup = tmp_path / "b.json.gz"
    call_command("backup", output=backup, verbosity=0)
    with pytest.raises(CommandError, match="already has articles"):
        call_command("restore", str(backup))


@pytest.mark.django_db(transaction=True)
def test_the_round_trip_holds_for_times_with_fewer_than_a_thousand_microseconds(tmp_path):
    """A fixture keeps milliseconds: 12:00:00.000456 comes back as 12:00:00,
    which is the same row at the precision a backup promises."""
    import datetime as dt

    from django.utils import timezone

    at = timezone.make_aware(dt.datetime(2022, 11, 21, 12, 0, 0, 456))
    Article.objects.create(headline="零点稿件", body="<p>正文</p>", publish_at=at)
    before = fingerprint()
    backup = tmp_path / "backup.json.gz"
    call_command("backup", output=backup, verbosity=0)
    call_command("flush", interactive=False, verbosity=0)
    call_command("restore", str(backup), verbosity=0)
    assert Article.objects.get().publish_at == at.replace(microsecond=0)
    assert fingerprint() == before
