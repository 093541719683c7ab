"""Two editors on one story: the stale save is refused with what changed, and nothing is lost."""

import threading

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client
from django.urls import reverse

from articles.models import Article

from .test_revisions import _form


def _editor(name):
    user = User.objects.create_user(name, password="pw", is_staff=True)
    user.groups.add(Group.objects.get(name="Editor"))
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
def test_the_second_save_of_a_stale_form_is_refused_with_the_differences():
    article = Article.objects.create(headline="朔城公安守护群众", body="<p>原文</p>")
    url = reverse("admin:articles_article_change", args=[article.pk])
    first, second = _editor("wang"), _editor("li")
    stale = _form(article)  # both opened version 1

    assert first.post(url, {**stale, "headline": "朔城公安温情守护群众"}).status_code == 302
    response = second.post(url, {**stale, "body": "<p>李的修改</p>"})

    assert response.status_code == 200
    page = response.content.decode()
    assert "wang" in page and 'id="edit-conflict"' in page
    assert "<del>温情</del>" in page  # their headline change is shown
    assert "李的修改" in page  # the second editor's text is still in the form
    article.refresh_from_db()
    assert article.headline == "朔城公安温情守护群众" and article.body == "<p>原文</p>"

    # Saving again after reading the differences is deliberate and goes through.
    form = response.context["adminform"].form
    again = {**stale, "body": "<p>李的修改</p>", "loaded_version": form.data["loaded_version"]}
    assert second.post(url, again).status_code == 302
    article.refresh_from_db()
    assert article.body == "<p>李的修改</p>"


@pytest.mark.django_db(transaction=True)
def test_two_editors_saving_at_the_same_moment_cannot_both_win():
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serializes whole-database writes")
    article = Article.objects.create(headline="同时保存", body="<p>原文</p>")
    url = reverse("admin:articles_article_change", args=[article.pk])
    clients = [_editor("a"), _editor("b")]
    stale = _form(article)
    start = threading.Barrier(2)
    statuses = []

    def save(client, body):
        start.wait()
        statuses.append(client.post(url, {**stale, "body": body}).status_code)
        connection.close()

    threads = [threading.Thread(target=save, args=(c, f"<p>{n}</p>")) for n, c in enumerate(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(statuses) == [200, 302]
    article.refresh_from_db()
    assert article.version == 2
