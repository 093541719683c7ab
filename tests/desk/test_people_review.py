"""The people review: confirm, reject, link, merge, rename, alias, and what readers then see."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Byline
from imports.people_review import sentence_with
from people.models import Alias, Mention, MentionRejection, Person, PersonRedirect
from tests.factories import make_article, make_byline, make_department, make_mention, make_person

QUEUE = reverse("admin:imports_people")


def test_sentence_with_a_name():
    text = "第一句话。市公安局副局长张伟说，要做好防控。最后一句。"
    assert sentence_with(text, ["张伟"]) == "市公安局副局长张伟说，要做好防控。"
    assert sentence_with(text, ["李四"]) == ""


# Published unless a test says otherwise; an archivist reviews the people of unpublished stories only.
def imported_mention(person, title="", confirmed=False, **article):
    article.setdefault("body", f"<p>开头一句。{title}{person.name}在会上讲话。</p>")
    story = make_article(import_ref=f"test/{person.pk}/{title}/{len(article)}", **article)
    return make_mention(story, person, title=title, confirmed=confirmed, origin=Mention.Origin.IMPORTED)


@pytest.mark.django_db
def test_the_queue_lists_unconfirmed_mentions_with_their_sentence_and_a_suggestion(client, archivist):
    police = make_person(name="张伟", description="市公安局副局长")
    teacher = make_person(name="张伟", description="朔州一中教师")
    guess = make_person(name="张伟")
    imported_mention(police, "市公安局副局长", confirmed=True)
    mention = imported_mention(guess, "公安局副局长", status="draft")
    client.force_login(archivist)
    html = client.get(QUEUE).content.decode()
    assert "公安局副局长张伟在会上讲话。" in html
    assert f'<option value="{police.pk}" selected>' in html and "（建议）" in html
    assert f'value="{teacher.pk}"' in html
    assert html.count('id="mention-') == 1  # confirmed ones only with show=all
    client.post(QUEUE, {"mention": mention.pk, "action": "link", "person": police.pk})
    mention.refresh_from_db()
    assert mention.person == police and mention.confirmed


def _suggested(html, mention):
    row = html[html.index(f'id="mention-{mention.pk}"') :]
    row = row[: row.index("</tr>")]
    return [int(pk) for pk in re.findall(r'<option value="(\d+)" selected>', row)]


@pytest.mark.django_db
def test_the_queue_suggests_the_namesake_import_would_match_by_title_or_department(client, editor):
    # Two 张伟: a police officer in the city news, a teacher in education. The queue's
    # suggestion is the one people.matching picks for the mention, as import does.
    city, schools = make_department(name="市内新闻"), make_department(name="教育")
    police = make_person(name="张伟", description="市公安局朔城分局民警")
    teacher = make_person(name="张伟", description="朔州一中语文教师")
    imported_mention(police, "市公安局朔城分局民警", confirmed=True, department=city)
    imported_mention(teacher, "语文教师", confirmed=True, department=schools)
    as_officer = imported_mention(make_person(name="张伟"), "民警", status="draft")
    as_teacher = imported_mention(make_person(name="张伟"), "语文教师", status="draft")
    in_schools = imported_mention(make_person(name="张伟"), "", status="draft", department=schools)
    unknown = imported_mention(make_person(name="张伟"), "", status="draft")
    client.force_login(editor)
    html = client.get(QUEUE).content.decode()
    assert _suggested(html, as_officer) == [police.pk]
    assert _suggested(html, as_teacher) == [teacher.pk]
    assert _suggested(html, in_schools) == [teacher.pk]
    assert _suggested(html, unknown) == []


@pytest.mark.django_db
def test_confirm_and_reject(client, archivist):
    person = make_person(name="郭重阳")
    confirm = imported_mention(person, "副秘书长", status="draft")
    other = make_person(name="京城港")
    reject = imported_mention(other, status="draft")
    client.force_login(archivist)
    client.post(QUEUE, {"mention": confirm.pk, "action": "confirm"})
    confirm.refresh_from_db()
    assert confirm.confirmed
    client.post(QUEUE, {"mention": reject.pk, "action": "reject"})
    assert not Mention.objects.filter(pk=reject.pk).exists()
    assert MentionRejection.objects.filter(article=reject.article, name="京城港").exists()


@pytest.mark.django_db
def test_a_rejected_name_is_never_suggested_again_for_that_story(client, editor):
    from tests.desk.test_preview import imported, save_form

    page = imported(editor, __import__("tests.desk.conftest", fromlist=["SEED_TEXT"]).SEED_TEXT).pages.get()
    mention = Mention.objects.filter(article__print_page=page.print_page).select_related("person").first()
    name, article = mention.person.name, mention.article
    client.force_login(editor)
    client.post(QUEUE, {"mention": mention.pk, "action": "reject"})
    client.post(reverse("admin:imports_importpage_preview", args=[page.pk]), save_form(page))
    assert not Mention.objects.filter(article=article, person__name=name).exists()
    assert Mention.objects.filter(article__print_page=page.print_page).exists()


@pytest.mark.django_db
def test_merging_moves_mentions_bylines_aliases_and_redirects_the_old_page(client, editor):
    keep = make_person(name="孔令飞")
    gone = make_person(name="孔令非")
    Alias.objects.create(person=gone, name="小孔")
    both = imported_mention(keep, "老兵", confirmed=True)
    make_mention(both.article, gone, title="党员")
    only_gone = imported_mention(gone, "党员", confirmed=True)
    make_byline(make_article(), gone, role=Byline.Role.REPORTER)
    old_url = gone.get_absolute_url()
    client.force_login(editor)
    response = client.post(reverse("admin:imports_person", args=[gone.pk]), {"action": "merge", "into": keep.slug})
    assert response.status_code == 302
    assert not Person.objects.filter(pk=gone.pk).exists()
    assert set(Mention.objects.filter(person=keep).values_list("article_id", flat=True)) == {
        both.article_id,
        only_gone.article_id,
    }
    assert Byline.objects.filter(person=keep).count() == 1
    assert set(keep.aliases.values_list("name", flat=True)) == {"小孔", "孔令非"}
    assert PersonRedirect.objects.get(slug=gone.slug).person == keep
    response = client.get(old_url)
    assert response.status_code == 301 and response["Location"] == keep.get_absolute_url()


@pytest.mark.django_db
def test_rename_and_alias(client, archivist):
    person = make_person(name="张于")
    client.force_login(archivist)
    url = reverse("admin:imports_person", args=[person.pk])
    client.post(url, {"action": "rename", "name": "张宇"})
    client.post(url, {"action": "alias", "name": "小张"})
    person.refresh_from_db()
    assert person.name == "张宇" and list(person.aliases.values_list("name", flat=True)) == ["小张"]


@pytest.mark.django_db
def test_who_may_do_what(client, reporter, archivist):
    person, other = make_person(name="田宏"), make_person(name="田宏")
    mention = imported_mention(person, status="draft")
    client.force_login(reporter)  # no desk
    assert client.get(QUEUE).status_code == 403
    assert client.post(QUEUE, {"mention": mention.pk, "action": "confirm"}).status_code == 403
    client.force_login(archivist)  # the desk, but not deleting people
    url = reverse("admin:imports_person", args=[person.pk])
    assert client.post(url, {"action": "merge", "into": other.slug}).status_code == 403
    assert Person.objects.filter(pk=person.pk).exists()
    assert client.post(QUEUE, {"mention": mention.pk, "action": "reject"}).status_code == 302


@pytest.mark.django_db
def test_readers_see_only_confirmed_people(client, settings):
    department = make_department()
    person = make_person(name="纪俊")
    mention = imported_mention(person, "党员干部", department=department)
    assert client.get(person.get_absolute_url()).status_code == 404
    assert person.get_absolute_url() not in client.get(mention.article.get_absolute_url()).content.decode()
    mention.confidence = 0.95
    mention.save()
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = 0.9
    assert client.get(person.get_absolute_url()).status_code == 200
    settings.PEOPLE_PUBLIC_MIN_CONFIDENCE = None
    mention.confirmed = True
    mention.save()
    assert client.get(person.get_absolute_url()).status_code == 200
    assert person.get_absolute_url() in client.get(mention.article.get_absolute_url()).content.decode()


@pytest.mark.django_db
def test_the_queue_runs_the_same_queries_for_2_or_20_mentions(client, editor):
    def count():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(QUEUE).status_code == 200
        return len(captured)

    client.force_login(editor)
    for n in range(2):
        imported_mention(make_person(name="王荣"), f"职务{n}")
    client.get(QUEUE)
    few = count()
    for n in range(18):
        imported_mention(make_person(name=f"王{n}"), f"职务{n}")
    assert count() == few
