"""Models and the integrity the database keeps for them."""

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles.models import Article, Byline, Department, Edition, PrintPage, Publication, SlugHistory
from people.models import Alias, Mention, Person

pytestmark = pytest.mark.django_db


def _story(**kw):
    kw.setdefault("headline", "冲在“疫”线的政协人")
    return Article.objects.create(**kw)


def test_slug_is_pinyin_of_the_headline():
    assert _story().slug == "chong-zai-yi-xian-de-zheng-xie-ren"


def test_slugs_stay_unique_for_repeated_headlines():
    first, second, third = _story(), _story(), _story()
    assert [first.slug, second.slug, third.slug] == [
        "chong-zai-yi-xian-de-zheng-xie-ren",
        "chong-zai-yi-xian-de-zheng-xie-ren-2",
        "chong-zai-yi-xian-de-zheng-xie-ren-3",
    ]


def test_headline_edit_moves_an_automatic_slug_and_remembers_the_old_one():
    article = _story(headline="我当“大白”的经历")
    old = article.slug
    article.headline = "我当志愿者的经历"
    article.save()
    assert article.slug == "wo-dang-zhi-yuan-zhe-de-jing-li"
    assert SlugHistory.objects.get(slug=old).article == article


def test_an_editors_own_slug_survives_a_headline_edit():
    article = _story(slug="volunteer-diary")
    article.headline = "新标题"
    article.save()
    assert article.slug == "volunteer-diary"
    assert not SlugHistory.objects.exists()


def test_body_is_sanitized_on_every_save():
    article = _story(body='<p onclick="x()">核酸<script>alert(1)</script></p>')
    article.refresh_from_db()
    assert article.body == "<p>核酸</p>"


def test_publishing_without_a_time_means_now():
    before = timezone.now()
    article = _story(status=Article.Status.PUBLISHED)
    assert article.publish_at >= before


def test_database_refuses_a_published_story_without_publish_time():
    article = _story()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(status=Article.Status.PUBLISHED, publish_at=None)


def test_database_refuses_an_empty_headline():
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.create(headline="")


def test_two_stories_cannot_share_a_print_position():
    edition = Edition.objects.create(publication=Publication.objects.create(name="朔州日报"), date=date(2022, 11, 21))
    page = PrintPage.objects.create(edition=edition, number=3)
    _story(print_page=page, print_position=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        _story(print_page=page, print_position=1)


def test_one_edition_per_publication_and_day():
    paper = Publication.objects.create(name="朔州日报")
    Edition.objects.create(publication=paper, date=date(2022, 11, 21))
    with pytest.raises(IntegrityError), transaction.atomic():
        Edition.objects.create(publication=paper, date=date(2022, 11, 21))


def test_print_page_numbers_start_at_one():
    edition = Edition.objects.create(publication=Publication.objects.create(name="朔州日报"), date=date(2022, 11, 21))
    with pytest.raises(IntegrityError), transaction.atomic():
        PrintPage.objects.create(edition=edition, number=0)


def test_byline_needs_a_person_or_a_credit():
    article = _story()
    with pytest.raises(IntegrityError), transaction.atomic():
        Byline.objects.create(article=article, role=Byline.Role.CREDIT)


def test_institutional_credit_byline_has_no_person():
    byline = Byline.objects.create(article=_story(), role=Byline.Role.CREDIT, credit="市纪委监委")
    assert byline.display_name == "市纪委监委"


def test_a_person_is_mentioned_once_per_article():
    article, person = _story(), Person.objects.create(name="郭重阳")
    Mention.objects.create(article=article, person=person, title="市政协机关副秘书长")
    with pytest.raises(IntegrityError), transaction.atomic():
        Mention.objects.create(article=article, person=person)


def test_two_people_may_share_a_name():
    first = Person.objects.create(name="张伟")
    second = Person.objects.create(name="张伟")
    assert first.slug != second.slug


def test_people_are_found_by_name_or_alias():
    person = Person.objects.create(name="张国强")
    Alias.objects.create(person=person, name="国强")
    assert list(Person.objects.matching_name("国强")) == [person]
    assert list(Person.objects.matching_name("张国强")) == [person]


def test_department_slug_from_name():
    assert Department.objects.create(name="抗疫一线").slug == "kang-yi-yi-xian"


def test_scheduled_is_a_published_story_with_a_future_time():
    article = _story(status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(hours=6))
    assert article.is_scheduled and not article.is_public
