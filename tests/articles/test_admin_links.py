"""Every link the admin shows opens for the person looking: for each group,
each demo reviewer and a superuser, the list and a few change (or view)
pages of every admin model, and every /admin/ link on them requested as that
person."""

from html.parser import HTMLParser
from urllib.parse import urldefrag, urljoin, urlsplit

import pytest
from django.contrib import admin
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, User
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from articles.models import Article, Department, Photo, PrintPage
from imports.upload import create_batch
from people.management.commands.create_demo_editor import DEMO_REVIEWERS
from people.models import Alias
from review import steps
from review.groups import DEFAULT_STAGES
from review.models import WordListEntry
from tests.desk.test_preview import SMALL_PAGE
from tests.factories import make_article, make_byline, make_edition, make_mention, make_person, make_user

pytestmark = pytest.mark.django_db

STAGE_GROUPS = [group for _, _, group in DEFAULT_STAGES]
# Every group alone (the table's roles and the review stages'), the demo
# reviewers (an editor in a stage's group) and a superuser.
VIEWERS = [
    "Reporter",
    "Editor",
    "Archivist",
    *STAGE_GROUPS,
    *[f"Editor+{group}" for _, _, group in DEMO_REVIEWERS.values()],
    "superuser",
]
OBJECTS_PER_MODEL = 3
# Not pages to open: logging out is a POST, the catalogue of translations a script.
NOT_PAGES = ("/admin/logout/", "/admin/jsi18n/")


class _Hrefs(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs = []

    def handle_starttag(self, tag, attrs):
        href = dict(attrs).get("href")
        if tag == "a" and href:
            self.hrefs.append(href)


def _admin_links(page_url, html):
    parser = _Hrefs()
    parser.feed(html)
    links = (urldefrag(urljoin(page_url, href)).url for href in parser.hrefs)
    return {link for link in links if link.startswith("/admin/") and not link.startswith(NOT_PAGES)}


def _newsroom():
    """A few objects of every kind the admin shows, by people other than the
    viewer: a story taken through the review chain to publication, with its
    department, print page, people, alias, photo, tag and history; a story
    waiting at each stage; an upload at the import desk; a word of the list; a line of
    the audit log."""
    writer = make_user("Reporter", "writer")
    reviewers = []
    for username, (_, _, group) in DEMO_REVIEWERS.items():
        reviewers.append(make_user("Editor", f"r-{username}"))
        reviewers[-1].groups.add(Group.objects.get(name=group))
    parent = Department.objects.create(name="新闻部", slug="news")
    department = Department.objects.create(name="要闻", slug="top", parent=parent)
    page = PrintPage.objects.create(edition=make_edition(), number=1, title="要闻")
    story = make_article(
        status="draft", created_by=writer, updated_by=writer, department=department, print_page=page, print_position=1
    )
    story.tags.add("抗疫")
    person = make_byline(article=story).person
    Alias.objects.create(person=person, name="小王")
    make_mention(article=story, person=person)
    Photo.objects.create(article=story, position=1)
    steps.submit(story, writer)
    for reviewer in reviewers:
        steps.pass_stage(story, reviewer)
    story.refresh_from_db()
    assert story.status == "published"
    for stage in range(len(reviewers)):
        waiting = make_article(status="draft", created_by=writer, updated_by=writer, headline=f"待审稿件{stage}")
        make_mention(article=waiting, person=make_person(name=f"未见{stage}"))
        steps.submit(waiting, writer)
        for reviewer in reviewers[:stage]:
            steps.pass_stage(waiting, reviewer)
    WordListEntry.objects.create(word="违禁", kind="banned")
    create_batch(reviewers[0], [("1.txt", SMALL_PAGE.encode())])
    LogEntry.objects.create(
        user=reviewers[0],
        content_type=ContentType.objects.get_for_model(Article),
        object_id=str(story.pk),
        object_repr=story.headline,
        action_flag=CHANGE,
    )


def _log_in(client, viewer, username="viewer"):
    if viewer == "superuser":
        user = User.objects.create_superuser("root", "root@example.com", "x")
    else:
        user = User.objects.create_user(username, is_staff=True)
        user.groups.add(*Group.objects.filter(name__in=viewer.split("+")))
    client.force_login(user)


def _pages():
    """The list and the first few change pages of every registered model."""
    for model in admin.site._registry:
        opts = model._meta
        yield reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        for pk in model._default_manager.order_by("pk").values_list("pk", flat=True)[:OBJECTS_PER_MODEL]:
            yield reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[pk])


@pytest.mark.parametrize("viewer", VIEWERS)
def test_every_admin_link_opens_for_the_person_shown_it(client, viewer):
    _newsroom()
    _log_in(client, viewer)
    # One request a page: its filters, sorting and popups ask what its plain address does.
    opened, dead, shown = {}, [], []
    for page in _pages():
        response = client.get(page)
        if response.status_code != 200:
            continue
        shown.append(page)
        for link in sorted(_admin_links(page, response.content.decode())):
            path = urlsplit(link).path
            if path not in opened:
                opened[path] = client.get(link).status_code
            if opened[path] == 403:
                dead.append(f"{page} links to {link}")
    assert shown and opened, f"{viewer} was shown no admin page with a link"
    assert not dead, "\n".join(dead)


def _links_on(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return _admin_links(url, response.content.decode())


def test_a_link_stays_where_the_viewer_may_open_its_target(client):
    """Only the links the viewer may not follow go: a reporter reading a
    published story (view only) still has its department and print page,
    and no author; the queue links the stories to an editor at the stage,
    not to the stage's group alone."""
    _newsroom()
    story = Article.objects.get(status="published")
    _log_in(client, "Reporter")
    links = _links_on(client, reverse("admin:articles_article_change", args=[story.pk]))
    assert reverse("admin:articles_department_change", args=[story.department_id]) in links
    assert reverse("admin:articles_printpage_change", args=[story.print_page_id]) in links
    assert reverse("admin:auth_user_change", args=[story.created_by_id]) not in links
    assert not any(link.startswith("/admin/auth/") for link in links)
    for viewer, linked in (("Editor+Desk editor", True), ("Desk editor", False)):
        _log_in(client, viewer, username=viewer)
        waiting = Article.objects.get(headline="待审稿件0")
        queue = client.get(reverse("admin:review_queue_changelist")).content.decode()
        assert waiting.headline in queue
        links = _admin_links(reverse("admin:review_queue_changelist"), queue)
        assert (reverse("admin:articles_article_change", args=[waiting.pk]) in links) == linked, viewer
