"""The checks run on stories: the editors' word list, what the story knows
about its people, results kept per text, and the seed page's findings."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Photo
from review import content, proofing
from review.models import Proofing, WordListEntry
from tests.factories import make_article, make_mention, make_person

pytestmark = pytest.mark.django_db


def _rules(article):
    return sorted({f[2] for f in proofing.refresh(article).findings})


def test_a_save_runs_the_checks_and_keeps_the_results_for_the_text():
    article = make_article(body="<p>他们再接再励,完成了任务。</p>")
    result = Proofing.objects.get(article=article)
    assert sorted({f[2] for f in result.findings}) == ["confusion", "halfwidth-punctuation"]
    assert result.errors_per_10k > 0 and result.blocking_count == 0


def test_a_change_to_the_word_list_runs_the_checks_again():
    article = make_article(body="<p>一位老外来到社区。</p>")
    assert _rules(article) == []
    WordListEntry.objects.create(word="老外", kind="banned", preferred="外国人")
    result = proofing.refresh(article)
    assert [f[2] for f in result.findings] == ["banned-word"] and result.blocking_count == 1


def test_names_and_titles_come_from_the_mentions_and_this_months_records():
    when = timezone.make_aware(dt.datetime(2022, 11, 20, 8))
    person = make_person(name="刘强")
    earlier = make_article(publish_at=when - dt.timedelta(days=3), body="<p>市公安局副局长刘强说。</p>")
    make_mention(article=earlier, person=person, title="市公安局副局长")
    story = make_article(publish_at=when, body="<p>县长刘强出席了会议。刘墙说，情况良好。</p>")
    make_mention(article=story, person=person, title="县长")
    assert _rules(story) == ["name-spelling", "title-differs"]


def test_the_seed_page_shows_its_findings_in_the_admin_and_they_are_all_half_width_punctuation(client):
    from tests.factories import make_user

    call_command("loaddata", "fixtures/departments.json", "fixtures/seed-page.json", verbosity=0)
    counts = {}
    for article in Article.objects.all():
        for finding in proofing.refresh(article).findings:
            counts[finding[2]] = counts.get(finding[2], 0) + 1
    # Each is a half-width , ; : ? ! ( ) in Chinese text, which the page has throughout.
    assert list(counts) == ["halfwidth-punctuation"] and counts["halfwidth-punctuation"] > 400
    client.force_login(make_user("Editor", "editor"))
    story = Article.objects.get(headline="连续奋战显担当")
    page = client.get(reverse("admin:articles_article_change", args=[story.pk])).content.decode()
    assert page.count('class="finding finding-halfwidth-punctuation"') > 5 and "差错率约万分之" in page


def test_photo_captions_and_credits_are_proofread_as_the_body_is():
    # Printed under the picture, read by every reader: checked like the body.
    article = make_article(body="<p>全市核酸检测有序进行。</p>")
    Photo.objects.create(article=article, position=1, caption="志愿者再接再励,守护社区平安。", credit="王汉平")
    result = proofing.refresh(article)
    text = content.proof_text(content.snapshot(article))
    found = {(f[2], text[f[0] : f[1]]) for f in result.findings}
    assert found == {("confusion", "再接再励"), ("halfwidth-punctuation", ",")}


def test_a_banned_word_in_a_photo_credit_blocks_the_sign_off():
    WordListEntry.objects.create(word="老外", kind="banned", preferred="外国人")
    article = make_article(body="<p>社区里来了一位客人。</p>")
    assert proofing.refresh(article).blocking_count == 0
    Photo.objects.create(article=article, position=1, caption="社区的客人。", credit="老外摄")
    assert proofing.refresh(article).blocking_count == 1


def test_a_story_without_captions_keeps_its_stored_results():
    article = make_article(body="<p>他们再接再励,完成了任务。</p>")
    stored = Proofing.objects.get(article=article)
    Photo.objects.create(article=article, position=1)  # a picture without caption or credit
    assert proofing.refresh(article).checked_at == stored.checked_at


def test_saving_a_caption_runs_the_checks_again():
    article = make_article(body="<p>全市核酸检测有序进行。</p>")
    photo = Photo.objects.create(article=article, position=1, caption="志愿者守护社区平安。")
    assert Proofing.objects.get(article=article).finding_count == 0
    photo.caption = "志愿者再接再励守护社区平安。"
    photo.save()
    # Stored for the queue's check results, not only when the story is next shown.
    assert [f[2] for f in Proofing.objects.get(article=article).findings] == ["confusion"]
    photo.delete()
    assert Proofing.objects.get(article=article).finding_count == 0


def test_an_import_proofreads_each_story_once_with_its_photo_and_people(monkeypatch):
    """A story is saved, then its photo and its people: the checks run once,
    at the end of the page, on the caption and the mentions as written."""
    from articles.importer.parse import parse_page
    from articles.importer.plan import plan_page
    from articles.importer.save import Placement, known_people, save_page
    from articles.importer.seed import SEED_TEXT

    runs = []
    real = proofing.proofread
    monkeypatch.setattr(proofing, "proofread", lambda text, *args: runs.append(text) or real(text, *args))
    text = SEED_TEXT.read_text(encoding="utf-8")
    placement = Placement("朔州日报", dt.date(2022, 11, 21), 1)
    ids = save_page(plan_page(parse_page(text), known_people()), placement, source_text=text).article_ids

    assert Photo.objects.filter(article_id__in=ids).exists()
    assert len(runs) == len(ids) == Proofing.objects.filter(article_id__in=ids).count()
    for article in Article.objects.filter(pk__in=ids):
        proofing.refresh(article)  # as the story's page does: nothing left to run
    assert len(runs) == len(ids)
