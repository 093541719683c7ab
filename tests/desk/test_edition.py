"""An upload of several pages of one edition: a story continued on another page
is joined into its story, shown on both pages, saved once, corrected where it starts."""

import datetime as dt

import pytest
from django.urls import reverse

from articles import workflow
from articles.models import Article
from imports.edition import join_groups, parse_pages
from imports.models import ImportPage, PageCorrection
from tests.desk.edition_pages import CONTINUATION, JOINED_HEADLINE, PAGE_ONE, PAGE_TWO
from tests.desk.test_preview import SMALL_PAGE, _queries, imported, preview_url, save_form
from tests.factories import sign_off

OTHER_HEADLINE = "朔城区开展冬季供暖安全检查"


def _headlines(document):
    return [item["headline"] for item in document["items"]]


def test_pages_are_joined_with_the_desks_page_numbers():
    # The editor numbered the pages 5 and 6; their headers (and jump marks) say 1 and 2.
    parse = parse_pages({5: PAGE_ONE, 6: PAGE_TWO})
    one, two = parse.documents[5], parse.documents[6]
    assert _headlines(one) == [JOINED_HEADLINE] and _headlines(two) == [OTHER_HEADLINE]
    joined = one["items"][0]
    assert CONTINUATION in joined["blocks"][-1]["text"]
    assert {s.get("page") for b in joined["blocks"] for s in b["spans"]} == {None, 6}
    assert [(j["kind"], j["page"]) for j in joined["joins"]] == [("page", 6)]
    assert [(e["page"], e["headline"]) for e in two["joined_away"]] == [(5, JOINED_HEADLINE)]
    start = two["joined_away"][0]["spans"][0]["start"]
    assert PAGE_TWO[start:].startswith(CONTINUATION)
    assert join_groups(parse.documents, [5, 6]) == [[5, 6]]
    assert join_groups(parse.documents, [6]) == [[6]]


def test_a_page_that_does_not_parse_is_named_and_the_others_still_join():
    parse = parse_pages({1: PAGE_ONE, 2: PAGE_TWO, 3: "\n\n"})
    assert set(parse.errors) == {3} and set(parse.documents) == {1, 2}
    assert _headlines(parse.documents[2]) == [OTHER_HEADLINE]


def test_pages_that_claim_the_same_number_are_parsed_one_by_one_and_say_why():
    parse = parse_pages({1: PAGE_ONE, 2: PAGE_ONE})
    assert parse.same_page == ([1, 2], 1) and set(parse.documents) == {1, 2}
    assert join_groups(parse.documents, [1, 2]) == [[1], [2]]


@pytest.mark.django_db
def test_an_upload_of_two_pages_printing_one_page_number_says_so_with_the_desk_s_numbers(editor):
    batch = imported(editor, PAGE_ONE, PAGE_ONE)
    batch.refresh_from_db()
    assert batch.message == (
        "2 / 2 版已导入。这些文件不能作为同一期合并解析（第1、2版的版头都印着第1版），已逐版解析，跨版接续未合并"
    )


@pytest.mark.django_db
def test_an_edition_upload_saves_the_continued_story_once_where_it_starts(client, editor):
    batch = imported(editor, PAGE_ONE, PAGE_TWO)
    one, two = batch.pages.order_by("number")
    assert (one.status, two.status) == (ImportPage.Status.DONE, ImportPage.Status.DONE)
    story = Article.objects.get(print_page=one.print_page)
    assert story.headline == JOINED_HEADLINE and CONTINUATION in story.body
    assert list(Article.objects.filter(print_page=two.print_page).values_list("headline", flat=True)) == [
        OTHER_HEADLINE
    ]
    assert not Article.objects.filter(body__contains=CONTINUATION).exclude(pk=story.pk).exists()

    client.force_login(editor)
    first = client.get(preview_url(one)).content.decode()
    assert "跨版接续：下接第2版" in first and "把握 0.97" in first and preview_url(two) in first
    assert 'class="part-label">续第2版<' in first and CONTINUATION in first
    second = client.get(preview_url(two)).content.decode()
    assert "已并入第1版的稿件" in second and preview_url(one) in second and "role-joined" in second
    assert second.count('class="desk-story') == 1


@pytest.mark.django_db
def test_a_page_imported_alone_keeps_its_continuation_and_says_its_start_is_missing(client, editor):
    page = imported(editor, PAGE_TWO).pages.get()
    assert Article.objects.filter(print_page=page.print_page).count() == 2
    client.force_login(editor)
    html = client.get(preview_url(page)).content.decode()
    assert "上接第1版，该版未一同导入：开头缺失" in html and "需要核对" in html
    assert "its start is missing" not in html


@pytest.mark.django_db
def test_a_correction_to_a_joined_story_is_kept_with_the_page_where_it_starts(client, editor):
    batch = imported(editor, PAGE_ONE, PAGE_TWO)
    one, two = batch.pages.order_by("number")
    item = one.parsed["items"][0]
    client.force_login(editor)
    at = item["spans"]["headline"][0]["start"]
    client.post(preview_url(one), {"op": "byline", "item": at, "index": 0, "name": "吕霞霞", "role": "reporter"})
    assert PageCorrection.objects.get(print_page=one.print_page).revision == 1
    assert not PageCorrection.objects.filter(print_page=two.print_page).exists()
    client.post(preview_url(one), save_form(one))
    one.refresh_from_db()
    assert one.status == ImportPage.Status.DONE and one.result["corrections_revision"] == 1
    story = Article.objects.get(print_page=one.print_page)
    assert CONTINUATION in story.body, "saving one page again keeps what the edition joined to it"
    assert list(story.bylines.values_list("person__name", flat=True)) == ["吕霞霞"]
    assert Article.objects.filter(print_page=two.print_page).count() == 1
    client.post(preview_url(two), save_form(two))
    two.refresh_from_db()
    assert two.status == ImportPage.Status.DONE and two.parsed["joined_away"]
    assert Article.objects.filter(print_page=two.print_page).count() == 1, "page 2 saved alone keeps the join"

    # The same edition uploaded again: the correction is applied again.
    imported(editor, PAGE_ONE, PAGE_TWO)
    story = Article.objects.get(print_page=one.print_page)
    assert list(story.bylines.values_list("person__name", flat=True)) == ["吕霞霞"] and CONTINUATION in story.body


@pytest.mark.django_db
def test_pages_joined_by_a_story_are_saved_together_or_not_at_all(archivist, editor):
    # Page 2 was imported alone and published; page 1 alone, as a draft.
    two = imported(editor, PAGE_TWO).pages.get()
    for story in Article.objects.filter(print_page=two.print_page):
        sign_off(story)
    workflow.publish(Article.objects.filter(print_page=two.print_page), user=editor)
    one = imported(archivist, PAGE_ONE).pages.get()
    assert CONTINUATION not in Article.objects.get(print_page=one.print_page).body

    # An archivist may not replace page 2's published stories, so page 1 is not saved either.
    batch = imported(archivist, PAGE_ONE, PAGE_TWO)
    again_one, again_two = batch.pages.order_by("number")
    assert again_two.status == ImportPage.Status.FAILED and "签发权限" in again_two.error
    assert again_one.status == ImportPage.Status.FAILED and "第2版" in again_one.error
    assert CONTINUATION not in Article.objects.get(print_page=one.print_page).body


@pytest.mark.django_db
def test_edition_preview_query_counts_do_not_grow_with_the_stories(client, editor):
    small = imported(editor, PAGE_ONE, PAGE_TWO)
    big_one = PAGE_ONE.replace("要闻\n\n", "要闻\n\n" + SMALL_PAGE + "\n")
    big = imported(editor, big_one, PAGE_TWO + "\n" + SMALL_PAGE)
    small_pages, big_pages = list(small.pages.order_by("number")), list(big.pages.order_by("number"))
    assert len(big_pages[0].result["article_ids"]) > len(small_pages[0].result["article_ids"])
    assert len(big_pages[1].result["article_ids"]) > len(small_pages[1].result["article_ids"])
    client.force_login(editor)
    client.get(preview_url(small_pages[0]))
    for few, many in zip(small_pages, big_pages):
        assert CONTINUATION in client.get(preview_url(many)).content.decode()
        assert _queries(client, preview_url(few)) == _queries(client, preview_url(many))
    status = "admin:imports_importbatch_status"
    assert _queries(client, reverse(status, args=[small.pk])) == _queries(client, reverse(status, args=[big.pk]))


def test_dates_in_the_fixture_pages_agree():
    assert "2022年11月22日" in PAGE_ONE and "2022年11月22日" in PAGE_TWO and dt.date(2022, 11, 22)
