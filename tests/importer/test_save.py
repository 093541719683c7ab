"""save_page: who an import is judged as, and on which stories."""

import datetime as dt
import re

import pytest
from django.utils import translation

from articles.importer.parse import parse_page
from articles.importer.plan import plan_page
from articles.importer.save import FieldTooLong, Placement, StoriesRefused, known_people, save_page
from articles.models import Article, PrintPage
from imports.refusals import reason
from tests.factories import make_article, make_user

pytestmark = pytest.mark.django_db

PAGE = (
    "市商务局干部下沉社区助力疫情防控\n\n本报记者 吕霞\n\n"
    "11月20日，市商务局干部下沉社区，协助开展核酸检测和物资配送工作，受到居民好评。\n\n"
    "平鲁区委组织部做好返平人员排查工作\n\n本报通讯员 杨岗\n\n"
    "连日来，平鲁区委组织部组织干部逐户排查返平人员，确保不漏一户、不漏一人。\n"
)
PLACEMENT = Placement("朔州日报", dt.date(2022, 11, 21), 1)


def _save(text=PAGE, **kw):
    return save_page(plan_page(parse_page(text), known_people()), PLACEMENT, source_text=text, **kw)


def test_the_archive_command_is_not_judged():
    summary = _save()  # published, as printed
    assert Article.objects.filter(pk__in=summary.article_ids, status=Article.Status.PUBLISHED).count() == 2
    assert _save(PAGE.replace("受到居民好评", "居民颇有怨言")).updated == 2


@pytest.mark.parametrize("where", ["on the page", "moved off the page", "placed on the page by an editor"])
def test_a_user_who_may_not_publish_changes_no_published_story_of_the_page(where):
    archivist = make_user("Archivist", "archivist")
    if where == "placed on the page by an editor":
        _save(as_drafts=True, user=archivist, judge_user=True)
        page = PrintPage.objects.get(number=1)
        published = make_article(headline="编辑排上版面的稿件", print_page=page, print_position=9)
    else:
        ids = _save().article_ids
        published = Article.objects.get(pk=ids[0])
        if where == "moved off the page":
            Article.objects.filter(pk__in=ids).update(print_page=None, print_position=None)
    published.refresh_from_db()
    before = published.body, published.print_position, Article.objects.count()
    with pytest.raises(StoriesRefused):
        _save(PAGE.split("平鲁区委组织部")[0], as_drafts=True, user=archivist, judge_user=True)
    published.refresh_from_db()
    assert (published.body, published.print_position, Article.objects.count()) == before


def test_a_user_who_may_publish_reimports_over_published_stories():
    ids = _save().article_ids
    editor = make_user("Editor", "editor")
    summary = _save(PAGE.split("平鲁区委组织部")[0], as_drafts=True, user=editor, judge_user=True)
    assert (summary.updated, summary.removed) == (1, 1)
    assert not Article.objects.filter(pk=ids[1]).exists()


def test_drafts_of_the_page_are_anyones_to_reimport():
    archivist = make_user("Archivist", "archivist")
    _save(as_drafts=True, user=archivist, judge_user=True)
    summary = _save(PAGE.replace("受到居民好评", "居民颇有怨言"), as_drafts=True, user=archivist, judge_user=True)
    assert summary.updated == 2


# A dateline printed at both ends of a story (新华社…电 … (本报…电)) is joined into one
# field, and a run of dashed lines is read as one subtitle: either can outgrow its column.
LONG_DATELINE = (
    "冬日朔州战疫正酣\n\n新华社内蒙古自治区呼和浩特市十二月二十二日电 市委有号召,政协有行动,"
    "为深入贯彻落实市委疫情防控决策部署。(本报内蒙古自治区呼和浩特市十二月二十二日电)\n"
)
LONG_SUBTITLE = (
    "冬日朔州战疫正酣\n\n"
    + "\n\n".join(["——市政协机关党员干部下沉包联社区助力防控"] * 11)
    + "\n\n本报讯 市委有号召,政协有行动,为深入贯彻落实市委疫情防控决策部署。\n"
)


@pytest.mark.parametrize(
    ("text", "part", "field"),
    [(LONG_DATELINE, "dateline", "电头"), (LONG_SUBTITLE, "subtitle", "副题")],
    ids=["dateline", "subtitle"],
)
def test_a_part_longer_than_its_field_refuses_the_page_and_saves_nothing(text, part, field):
    _save()
    before = list(Article.objects.values_list("pk", "headline", "body", "dateline", "subtitle"))
    with pytest.raises(FieldTooLong, match=f"^story 1 on the page .*its {part} is") as refused:
        _save(text)
    assert (refused.value.code, refused.value.params["position"], refused.value.params["part"]) == (
        "part-too-long",
        1,
        part,
    )
    with translation.override("zh-hans"):
        assert re.match(f"版面上第1篇.*{field}有", reason(refused.value.code, refused.value.params))
    assert list(Article.objects.values_list("pk", "headline", "body", "dateline", "subtitle")) == before
    assert PrintPage.objects.get().source_text == PAGE
