"""search_articles() and the index behind it, on whichever database the run uses."""

from datetime import date, datetime, timedelta
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.sanitize import html_to_text
from articles.search import tokens as tk
from articles.search.index import index_articles
from articles.search.models import SearchEntry
from articles.search.query import admin_search, search_articles
from people.models import Alias, Mention
from tests.factories import (
    make_article,
    make_byline,
    make_department,
    make_mention,
    make_person,
    make_user,
    sign_off,
)

pytestmark = pytest.mark.django_db


def ids(query, **kw):
    return search_articles(query, **kw).hits


def test_every_saved_article_gets_one_entry(commit):
    with commit():
        article = make_article(headline="朔城区开展核酸检测")
        article.save()
    assert SearchEntry.objects.filter(article=article).count() == 1


def test_headline_match_outranks_body_match(commit):
    with commit():
        in_body = make_article(headline="社区工作见闻", body="<p>居民排队做核酸，秩序井然。</p>")
        in_headline = make_article(
            headline="全员核酸有序进行",
            body="<p>今天天气晴好。</p>",
            publish_at=in_body.publish_at - timedelta(minutes=5),  # older, still first
        )
    assert ids("核酸") == [in_headline.pk, in_body.pk]


def test_stories_with_all_the_words_come_first(commit):
    with commit():
        both = make_article(
            headline="一线见闻", body="<p>民警协助核酸采样。</p>", publish_at=timezone.now() - timedelta(days=30)
        )
        one = make_article(headline="核酸采样点增加", body="<p>今天新增采样点。</p>")
        other = make_article(headline="民警巡逻", body="<p>夜间巡逻。</p>")
    hits = ids("核酸 民警")
    assert hits[0] == both.pk
    assert set(hits) == {both.pk, one.pk, other.pk}


def test_two_character_words_inside_longer_words_are_found(commit):
    with commit():
        article = make_article(headline="防控一线", body="<p>京城港小区核酸检测采样现场，派出所民警维持秩序。</p>")
    assert ids("核酸") == [article.pk]
    assert ids("民警") == [article.pk]
    assert ids("检测") == [article.pk]


def test_full_width_and_case_are_folded_both_ways(commit):
    with commit():
        article = make_article(headline="ＣＯＶＩＤ－１９疫苗接种", body="<p>covid vaccines</p>")
    assert ids("covid") == [article.pk]
    assert ids("ＣＯＶＩＤ") == [article.pk]
    assert ids("VACCINES") == [article.pk]


def test_a_name_finds_stories_that_mention_or_credit_the_person(commit):
    with commit():
        han = make_person(name="韩永红")
        zhang = make_person(name="张国强")
        mentioned = make_article(headline="社区志愿者", body="<p>志愿者们连续奋战。</p>")
        make_mention(article=mentioned, person=han, title="社区书记")
        credited = make_article(headline="夜访检测点", body="<p>灯火通明。</p>")
        make_byline(article=credited, person=zhang)
        named_in_text = make_article(headline="一线日记", body="<p>记者张国强在现场看到，队伍排得整整齐齐。</p>")
        make_article(headline="无关新闻", body="<p>张家口的天气。</p>")
    assert ids("韩永红") == [mentioned.pk]
    assert set(ids("张国强")) == {credited.pk, named_in_text.pk}


def test_index_follows_edits(commit):
    with commit():
        article = make_article(headline="供暖季开始", body="<p>热力公司提前供暖。</p>")
    assert ids("供暖") == [article.pk]
    with commit():
        article.headline = "公交线路调整"
        article.body = "<p>多条公交线路恢复运营。</p>"
        article.save()
    assert ids("供暖") == []
    assert ids("公交") == [article.pk]


def test_publishing_and_unpublishing(commit):
    with commit():
        article = make_article(headline="捐赠物资送达", status=Article.Status.DRAFT)
    assert ids("物资") == []
    with commit():
        sign_off(article)
        article.status = Article.Status.PUBLISHED
        article.publish_at = timezone.now() - timedelta(minutes=1)
        article.save()
    assert ids("物资") == [article.pk]
    with commit():
        article.status = Article.Status.DRAFT
        article.save()
    assert ids("物资") == []


def test_readers_never_find_drafts_review_scheduled_or_archived_stories(commit):
    with commit():
        hidden = [
            make_article(headline="蔬菜保供草稿", status=Article.Status.DRAFT),
            make_article(headline="蔬菜保供待审", status=Article.Status.REVIEW),
            make_article(
                headline="蔬菜保供预告", status=Article.Status.PUBLISHED, publish_at=timezone.now() + timedelta(hours=2)
            ),
            make_article(
                headline="蔬菜保供旧闻", status=Article.Status.ARCHIVED, publish_at=timezone.now() - timedelta(days=400)
            ),
        ]
        public = make_article(headline="蔬菜保供有力")
    assert ids("蔬菜") == [public.pk]
    # ...but they are indexed, for editors.
    found, _ = admin_search(Article.objects.all(), "蔬菜")
    assert set(found.values_list("pk", flat=True)) == {public.pk, *(a.pk for a in hidden)}


def test_a_scheduled_story_appears_when_its_time_comes_without_a_reindex(commit):
    with commit():
        article = make_article(headline="新闻发布会预告", publish_at=timezone.now() + timedelta(hours=1))
    assert ids("发布会") == []
    later = timezone.now() + timedelta(hours=2)
    assert search_articles("发布会", now=later).hits == [article.pk]


def test_byline_changes_are_indexed(commit):
    with commit():
        article = make_article(headline="雪后道路", body="<p>环卫工人清雪。</p>")
        person = make_person(name="郝晓明")
    assert ids("郝晓明") == []
    with commit():
        byline = make_byline(article=article, person=person)
    assert ids("郝晓明") == [article.pk]
    with commit():
        byline.delete()
    assert ids("郝晓明") == []
    with commit():
        make_byline(article=article, credit="市纪委监委提供")
    assert ids("纪委") == [article.pk]


def test_mention_person_rename_and_alias_changes_are_indexed(commit):
    with commit():
        article = make_article(headline="社区走访", body="<p>挨家挨户走访。</p>")
        person = make_person(name="郭重阳")
        mention = make_mention(article=article, person=person)
    assert ids("郭重阳") == [article.pk]
    with commit():
        person.name = "郭崇阳"
        person.save()
    assert ids("郭崇阳") == [article.pk]
    assert ids("郭重阳") == []
    with commit():
        Alias.objects.create(person=person, name="老郭")
    assert ids("老郭") == [article.pk]
    with commit():
        mention.delete()
    assert ids("郭崇阳") == []


def test_an_unconfirmed_mention_does_not_make_a_story_match_its_person(commit):
    with commit():
        article = make_article(headline="社区走访", body="<p>挨家挨户走访。</p>")
        # The importer's guess, not confirmed: the story page does not show it.
        person = make_person(name="郭重阳")
        Alias.objects.create(person=person, name="老郭")
        make_mention(article=article, person=person, confirmed=False)
    assert not Mention.objects.public().filter(article=article).exists()
    assert ids("郭重阳") == [], "search reveals a mention readers are not shown"
    assert ids("老郭") == [], "search reveals a mention readers are not shown (through an alias)"


def test_confirming_a_mention_in_the_admin_or_unconfirming_it_reindexes_its_story(client, commit):
    with commit():
        article = make_article(headline="社区走访", body="<p>挨家挨户走访。</p>")
        person = make_person(name="郭重阳")
        mention = make_mention(article=article, person=person, confirmed=False)
    client.force_login(make_user("Editor", "editor"))
    changelist = reverse("admin:people_mention_changelist")
    with commit():
        client.post(changelist, {"action": "confirm", "_selected_action": [mention.pk]})
    assert ids("郭重阳") == [article.pk]
    with commit():
        mention.refresh_from_db()
        mention.confirmed = False
        mention.save()
    assert ids("郭重阳") == []


def test_tag_changes_are_indexed(commit):
    with commit():
        article = make_article(headline="今日要闻", body="<p>正文。</p>", tags=["疫情防控"])
    assert ids("疫情防控") == [article.pk]
    with commit():
        article.tags.remove("疫情防控")
        article.tags.add("冬季供暖")
    assert ids("疫情防控") == []
    assert ids("供暖") == [article.pk]
    with commit():
        article.tags.clear()
    assert ids("供暖") == []


def test_deleting_an_article_deletes_its_entry(commit):
    with commit():
        article = make_article(headline="临时新闻")
        pk = article.pk
        article.delete()
    assert not SearchEntry.objects.filter(article_id=pk).exists()
    assert ids("临时") == []


def test_a_rolled_back_transaction_indexes_nothing_and_blocks_nothing(commit, django_db_blocker):
    from django.db import transaction

    with commit():
        with pytest.raises(RuntimeError):
            with transaction.atomic():
                make_article(headline="回滚的新闻")
                raise RuntimeError
        article = make_article(headline="提交的新闻")
    assert ids("新闻") == [article.pk]


def test_bulk_created_articles_are_indexed_by_index_articles():
    now = timezone.now()
    articles = Article.objects.bulk_create(
        Article(
            headline=f"批量导入第{i}条",
            slug=f"bulk-{i}",
            body="<p>版面稿件：防汛抗旱。</p>",
            status=Article.Status.PUBLISHED,
            publish_at=now - timedelta(hours=i + 1),
        )
        for i in range(3)
    )
    pks = [a.pk for a in articles] if articles[0].pk else list(Article.objects.values_list("pk", flat=True))
    assert index_articles(pks) == {"indexed": 3, "deleted": 0}
    assert ids("防汛") == pks  # newest first among equals


def test_reindex_command_rebuilds_the_index(commit, capsys):
    with commit():
        article = make_article(headline="冬储白菜上市")
    SearchEntry.objects.all().delete()
    call_command("reindex", "--rebuild")
    assert "indexed 1" in capsys.readouterr().out
    assert ids("白菜") == [article.pk]
    call_command("reindex")
    assert ids("白菜") == [article.pk]


def test_filters_by_department_person_and_dates(commit):
    with commit():
        desk = make_department(name="社会")
        sub = make_department(name="社区", parent=desk)
        other = make_department(name="要闻")
        person = make_person(name="李文华")
        in_desk = make_article(
            headline="供水恢复", department=desk, publish_at=timezone.make_aware(datetime(2022, 11, 20, 9))
        )
        in_sub = make_article(
            headline="供水管网检修", department=sub, publish_at=timezone.make_aware(datetime(2022, 11, 25, 23, 30))
        )
        elsewhere = make_article(
            headline="供水价格听证", department=other, publish_at=timezone.make_aware(datetime(2022, 12, 1, 0, 30))
        )
        make_mention(article=elsewhere, person=person)
    assert set(ids("供水", department=desk)) == {in_desk.pk, in_sub.pk}
    assert ids("供水", department="no-such-section") == []
    assert ids("供水", person=person) == [elsewhere.pk]
    assert ids("供水", person=person.slug) == [elsewhere.pk]
    assert set(ids("供水", date_from=date(2022, 11, 21))) == {in_sub.pk, elsewhere.pk}
    assert set(ids("供水", date_to=date(2022, 11, 25))) == {in_desk.pk, in_sub.pk}
    assert ids("供水", date_from=date(2022, 11, 21), date_to=date(2022, 11, 30)) == [in_sub.pk]


def test_pagination_is_clamped(commit):
    with commit():
        for i in range(5):
            make_article(headline=f"抗疫日记第{i}篇")
    results = search_articles("抗疫", page=2, per_page=2)
    assert results.total == 5 and len(results.hits) == 5
    assert [a.pk for a in results.articles] == results.hits[2:4]
    assert search_articles("抗疫", page=999, per_page=2).page.number == 3
    assert search_articles("抗疫", page="abc", per_page=2).page.number == 1
    assert search_articles("抗疫", per_page=10_000).page.paginator.per_page == 50
    assert search_articles("抗疫", per_page="x").page.paginator.per_page == 20


def test_snippets_escape_html_then_mark_matches(commit):
    with commit():
        article = make_article(
            headline="提醒",
            body="<p>前面的话很长很长。</p><p>请勿点击&lt;script&gt;alert(1)&lt;/script&gt;诈骗链接，谨防电信诈骗。</p>",
        )
    results = search_articles("诈骗")
    snippet = results.snippets[article.pk]
    assert "<mark>诈骗</mark>" in snippet
    assert "<script>" not in snippet and "&lt;script&gt;" in snippet
    assert results.articles[0].search_headline == "提醒"


def test_empty_punctuation_and_huge_queries_find_nothing_quietly(commit):
    with commit():
        make_article(headline="核酸检测")
    for query in ("", "  ", "！？。，", "<>&\"'"):
        results = search_articles(query)
        assert results.hits == [] and results.total == 0 and not results.query
    huge = search_articles("核酸" * 5000)
    assert huge.truncated and huge.hits


def test_query_syntax_characters_are_just_text(commit):
    with commit():
        article = make_article(headline="核酸 检测")
    for query in ("核酸 & | ! ( ) : * '", 'NEAR("核酸") OR', "核酸'); DROP TABLE x; --", "-核酸"):
        assert article.pk in ids(query)


def test_admin_search_keeps_the_changelist_filters_and_finds_by_id(commit):
    with commit():
        desk = make_department(name="时政")
        draft = make_article(headline="常委会会议召开", status=Article.Status.DRAFT, department=desk)
        make_article(headline="常委会调研")
    queryset = Article.objects.filter(department=desk)
    found, may_have_duplicates = admin_search(queryset, "常委会")
    assert list(found) == [draft] and may_have_duplicates is False
    assert list(admin_search(Article.objects.all(), str(draft.pk))[0]) == [draft]
    unchanged, _ = admin_search(queryset, "  ")
    assert unchanged is queryset


@pytest.mark.parametrize("walk", [True, False], ids=["walk-newest-first", "through-gin"])
@pytest.mark.parametrize("readers", [True, False], ids=["readers", "reference"])
def test_a_common_word_is_ranked_among_its_most_recent_matches(commit, monkeypatch, is_postgres, walk, readers):
    """On PostgreSQL only CANDIDATE_LIMIT recent matches are ranked (found
    either way); stories with every word are still looked up beyond them,
    and the total is then an estimate. The reference ranking, which lets the
    articles table decide, agrees."""
    from articles.search import backends, planner
    from tests.search import reference_ranking

    monkeypatch.setattr(backends, "CANDIDATE_LIMIT", 3)
    monkeypatch.setattr(reference_ranking, "WALK_ABOVE", -1 if walk else 10_000)
    monkeypatch.setattr(planner.PlanStatistics, "walk_finds_enough", lambda self, terms: walk)
    monkeypatch.setattr(backends, "ALL_WORDS_WANTED", 1)
    with commit():
        both = make_article(headline="供暖 热线", publish_at=timezone.now() - timedelta(days=300))
        recent = [
            make_article(headline=f"供暖通知{i}", publish_at=timezone.now() - timedelta(hours=i + 1)) for i in range(5)
        ]
    if readers:
        results = search_articles("供暖 热线")
    else:
        hits, total, estimated = reference_ranking.reference_search("供暖 热线")
        results = SimpleNamespace(hits=hits, total=total, total_is_estimate=estimated)
    assert results.hits[0] == both.pk
    assert results.total >= 4
    if is_postgres:
        assert results.total_is_estimate
        assert len(results.hits) == 4  # three recent ones and the one with both words
        assert set(results.hits[1:]) == {a.pk for a in recent[:3]}
    else:
        assert results.total == 6 and not results.total_is_estimate


def test_loaddata_fixtures_are_indexed(commit):
    """`make run` loads the seed page with loaddata (raw saves)."""
    from django.conf import settings

    fixtures = [str(settings.BASE_DIR / "fixtures" / name) for name in ("departments.json", "seed-page.json")]
    with commit():
        call_command("loaddata", *fixtures, verbosity=0)
    assert Article.objects.exists()
    assert SearchEntry.objects.count() == Article.objects.count()
    article = Article.objects.published().order_by("pk").first()
    if article:
        assert article.pk in search_articles(article.headline[:4]).hits


def _snippet_of_the_whole_text(article, tokens, length=120):
    """The definition: the window around the first match in the whole body
    (matched folded, shown as written), else in the summary, else the start
    of summary or body."""
    from articles.search import tokens as tk
    from articles.search.query import SNIPPET_LEAD, _marked

    def spans(text):
        folded, offsets = tk.fold_with_offsets(text)
        return [(offsets[s], offsets[e - 1] + 1) for s, e in tk.find_spans(folded, tokens)]

    body = html_to_text(article.body).replace("\n", " ")
    summary = article.summary
    for text in (body, summary):
        found = spans(text)
        if found:
            start = max(0, found[0][0] - SNIPPET_LEAD)
            break
    else:
        text, start = summary or body, 0
    end = min(len(text), start + length)
    window = [(max(s, start) - start, min(e, end) - start) for s, e in spans(text) if s < end and e > start]
    return ("…" if start > 0 else "") + _marked(text[start:end], window) + ("…" if end < len(text) else "")


@pytest.mark.parametrize(
    "body, summary, tokens",
    [
        ("<p>核酸检测。</p>", "", ["核酸"]),
        ("<p>" + "前言" * 80 + "</p><p>核酸</p>", "", ["核酸"]),
        ("<p>核酸" + "很长" * 100 + "</p>", "", ["核酸"]),
        ("<p>" + "甲" * 60 + "</p><p>" + "乙" * 59 + "核酸</p><p>" + "丙" * 10 + "</p>", "", ["核酸"]),
        ("<p>" + "甲" * 140 + "核酸</p>", "", ["核酸"]),
        ("<p>" + "甲" * 100 + "</p><p>" + "乙" * 50 + "</p>", "", ["核酸"]),
        ("<p>正文</p>", "摘要里有核酸。", ["核酸"]),
        ("<p>正文</p>", "", ["核酸"]),
        ("<p>ＣＯＶＩＤ－１９疫苗</p><p>第二段</p>", "", ["covid", "疫苗"]),
        ("", "只有摘要", ["核酸"]),
        ("<p>" + "甲" * 25 + "核酸" + "乙" * 200 + "</p>", "", ["核酸", "乙乙"]),
        ("<p>居民ＡＢＣ（核酸）检测。</p>", "", ["abc"]),
    ],
)
def test_snippets_match_the_window_of_the_whole_text(body, summary, tokens):
    from articles.search.query import snippet

    article = Article(body=body, summary=summary)
    assert snippet(article, tokens) == _snippet_of_the_whole_text(article, tokens)


def test_snippets_show_the_story_as_written(commit):
    """Matched folded (full-width, case), shown in the story's own characters:
    a Chinese snippet keeps its full-width punctuation."""
    from articles.search.query import snippet

    article = Article(body="<p>今天，ＣＯＶＩＤ－１９疫苗接种点开放！居民有序排队。</p>", summary="")
    html = snippet(article, ["covid", "疫苗"])
    assert html == "今天，<mark>ＣＯＶＩＤ</mark>－１９<mark>疫苗</mark>接种点开放！居民有序排队。"


def test_snippets_and_headlines_show_traditional_characters_as_printed():
    """Matched folded to Simplified, marked in the characters the story was
    printed in: a reader who searched 台湾 sees 臺灣 marked."""
    from articles.search.query import highlight, snippet

    article = Article(body="<p>本報記者從臺灣獲悉，頭髮乾燥的人變多了。</p>", summary="")
    html = snippet(article, tk.parse_query("台湾 头发").highlight_tokens)
    assert html == "本報記者從<mark>臺灣</mark>獲悉，<mark>頭髮</mark>乾燥的人變多了。"
    assert highlight("臺灣<護髮>指南", ["台湾"]) == "<mark>臺灣</mark>&lt;護髮&gt;指南"
    assert highlight("乾隆年間", ["干"]) == "乾隆年間"


def test_a_character_that_folds_to_several_is_marked_once():
    from articles.search.query import highlight

    # ㎡ folds to m2: a match on m and another on 2 both point at it.
    assert highlight("面积20㎡", ["m", "2"]) == "面积<mark>2</mark>0<mark>㎡</mark>"
