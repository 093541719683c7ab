"""The review chain's steps and rules, in the model layer (no admin)."""

import pytest
from django.db import IntegrityError, transaction

from articles.models import Article
from review import steps
from review.models import Event, Review, Stage, WordListEntry
from review.rules import ReviewError

pytestmark = pytest.mark.django_db


def _stage(name):
    return Stage.objects.get(chain__department__isnull=True, name=name)


def _through(draft, reporter, *users):
    steps.submit(draft, reporter)
    for user in users:
        steps.pass_stage(draft, user)
    draft.refresh_from_db()
    return Review.objects.get(article=draft)


def test_three_people_take_a_story_through_the_default_chain_and_the_sign_off_publishes_it(
    draft, reporter, desk, head, chief
):
    review = _through(draft, reporter, desk, head)
    assert (review.state, review.stage.name, draft.status) == ("in_review", "终审/签发", "review")
    steps.pass_stage(draft, chief)
    draft.refresh_from_db()
    assert draft.status == Article.Status.PUBLISHED and draft.is_public
    events = Event.objects.filter(article=draft)
    actions = [(e.action, e.stage.name if e.stage else None, e.user.username) for e in events]
    assert actions == [
        ("submit", "初审", "reporter"),
        ("pass", "初审", "desk"),
        ("pass", "复审", "head"),
        ("pass", "终审/签发", "chief"),
    ]


def test_one_person_cannot_pass_two_stages(draft, reporter, allrounder, head):
    _through(draft, reporter, allrounder)
    with pytest.raises(ReviewError, match="须由另一人通过"):
        steps.pass_stage(draft, allrounder)
    steps.pass_stage(draft, head)
    with pytest.raises(ReviewError, match="须由另一人通过"):
        steps.pass_stage(draft, allrounder)


def test_the_writer_cannot_pass_a_stage(allrounder):
    article = Article.objects.create(headline="自己写的稿件", created_by=allrounder, updated_by=allrounder)
    steps.submit(article, allrounder)
    with pytest.raises(ReviewError, match="须由他人审稿"):
        steps.pass_stage(article, allrounder)


def test_only_the_stage_group_may_act(draft, reporter, head):
    steps.submit(draft, reporter)
    # The group by its Chinese label: its English name is an identifier, not what editors read.
    with pytest.raises(ReviewError) as refused:
        steps.pass_stage(draft, head)
    assert refused.value.messages == ["初审须由“责任编辑”组办理。"]
    with pytest.raises(ReviewError):
        steps.return_for_rework(draft, head, "不行")


def test_the_database_refuses_a_second_valid_pass_by_one_person(draft, reporter, desk):
    _through(draft, reporter, desk)
    with pytest.raises(IntegrityError), transaction.atomic():
        Event.objects.create(article=draft, action="pass", user=desk, stage=_stage("复审"))


def test_a_return_needs_a_reason_and_goes_to_the_reporter_or_an_earlier_stage(draft, reporter, desk, head, chief):
    _through(draft, reporter, desk, head)
    with pytest.raises(ReviewError):
        steps.return_for_rework(draft, chief, "  ")
    steps.return_for_rework(draft, chief, "导语再压缩", to_stage=_stage("复审"))
    review = Review.objects.get(article=draft)
    assert review.stage.name == "复审"
    valid = Event.objects.filter(article=draft, action="pass", void=False)
    assert list(valid.values_list("stage__name", flat=True)) == ["初审"]
    steps.return_for_rework(draft, head, "数据需核实")
    draft.refresh_from_db()
    review.refresh_from_db()
    assert (draft.status, review.state) == ("draft", "returned")
    assert not Event.objects.filter(article=draft, action="pass", void=False).exists()
    event = Event.objects.filter(article=draft, action="return").last()
    assert (event.user, event.stage.name, event.reason, event.returned_to) == (head, "复审", "数据需核实", None)
    steps.submit(draft, reporter)
    assert Review.objects.get(article=draft).stage.name == "初审"


def test_a_return_cannot_go_forward(draft, reporter, desk, head):
    _through(draft, reporter, desk)
    for stage in ("复审", "终审/签发"):
        with pytest.raises(ReviewError, match="只能退回到之前的环节"):
            steps.return_for_rework(draft, head, "理由", to_stage=_stage(stage))


def test_rejecting_archives_the_story(draft, reporter, desk):
    steps.submit(draft, reporter)
    steps.reject(draft, desk, "新闻价值不足")
    draft.refresh_from_db()
    assert draft.status == Article.Status.ARCHIVED
    assert Review.objects.get(article=draft).state == "rejected"


def test_an_edit_by_the_reporter_after_passes_goes_back_to_the_first_stage_with_the_diff(draft, reporter, desk, head):
    _through(draft, reporter, desk, head)
    draft.body = "<p>本报讯 市区新增十二个核酸采样点。</p>"
    draft.updated_by = reporter
    draft.save()
    review = Review.objects.get(article=draft)
    assert review.stage.name == "初审"
    edited = Event.objects.get(article=draft, action="edited")
    assert "十个" in edited.snapshot["body"]
    assert not Event.objects.filter(article=draft, action="pass", void=False).exists()


def test_the_current_reviewer_edits_without_sending_it_back(draft, reporter, desk, head):
    _through(draft, reporter, desk)
    draft.headline = "市区新增十个核酸采样点"
    draft.updated_by = head
    draft.save()
    assert Review.objects.get(article=draft).stage.name == "复审"
    assert Event.objects.filter(article=draft, action="pass", void=False).count() == 1


def test_an_edit_after_sign_off_by_a_department_head_goes_back_to_their_stage(draft, reporter, desk, head, chief):
    draft.publish_at = draft.created_at.replace(year=2100)
    draft.save()
    _through(draft, reporter, desk, head, chief)
    assert draft.is_scheduled
    draft.subtitle = "新增副题"
    draft.updated_by = head
    draft.save()
    draft.refresh_from_db()
    review = Review.objects.get(article=draft)
    assert (review.state, review.stage.name, draft.status) == ("in_review", "复审", "review")


def test_a_banned_word_blocks_the_sign_off_until_an_editor_overrides_it(draft, reporter, desk, head, chief):
    WordListEntry.objects.create(word="采样点", kind="banned", preferred="采样站", note="测试用")
    _through(draft, reporter, desk, head)
    with pytest.raises(ReviewError, match="拦截项"):
        steps.pass_stage(draft, chief)
    with pytest.raises(ReviewError):
        steps.override_blocking(draft, reporter, "我觉得可以")
    with pytest.raises(ReviewError):
        steps.override_blocking(draft, desk, "")
    steps.override_blocking(draft, desk, "专有名词，保留")
    steps.pass_stage(draft, chief)
    draft.refresh_from_db()
    assert draft.status == "published"
    override = Event.objects.get(article=draft, action="override")
    assert override.user == desk and "专有名词" in override.reason


def test_an_editor_may_not_override_a_blocking_check_on_a_story_they_wrote(desk, head, chief):
    """The override lets the sign-off go ahead over a finding: like a pass, never the writer's own."""
    from django.template import Context, Template
    from django.test import RequestFactory

    WordListEntry.objects.create(word="采样点", kind="banned", preferred="采样站", note="测试用")
    written = Article.objects.create(
        headline="市区新增核酸采样点", body="<p>本报讯 市区新增十个核酸采样点。</p>", created_by=desk, updated_by=desk
    )
    _through(written, desk)
    with pytest.raises(ReviewError, match="someone else must override|须由他人"):
        steps.override_blocking(written, desk, "专有名词，保留")
    assert not Event.objects.filter(article=written, action="override").exists()
    panel = Template("{% load review_tags %}{% review_panel article %}")

    def offered_to(user):
        request = RequestFactory().get("/")
        request.user = user
        return 'id="review-override"' in panel.render(Context({"article": written, "request": request}))

    assert not offered_to(desk) and offered_to(head)
    steps.override_blocking(written, head, "专有名词，保留")
    assert Event.objects.get(article=written, action="override").user == head
