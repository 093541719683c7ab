"""What the libraries show editors is in Chinese where the libraries have no Chinese of their own."""

import re

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

LATIN = re.compile(r"[A-Za-z]")


@pytest.mark.django_db
def test_the_admin_index_labels_a_screen_reader_reads_are_chinese(admin_client):
    html = admin_client.get(reverse("admin:index"), HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    for english in ("Model name", "Add link", "Change or view list link"):
        assert english not in html
    assert "模型名称" in html and "修改或查看列表链接" in html


def _new_password_refused(client, old_password) -> str:
    """The password change page after a new password too short, in Chinese."""
    fields = {"old_password": old_password, "new_password1": "ab1", "new_password2": "ab1"}
    return client.post(reverse("admin:password_change"), fields, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()


@pytest.mark.django_db
def test_a_field_s_errors_are_introduced_in_chinese(admin_client):
    html = _new_password_refused(admin_client, "wrong")
    assert "Error:" not in html and "错误：" in html


@pytest.mark.django_db
def test_a_password_too_short_is_refused_in_chinese(admin_client, admin_user):
    admin_user.set_password("newsroom-demo")
    admin_user.save()
    admin_client.force_login(admin_user)
    html = _new_password_refused(admin_client, "newsroom-demo")
    assert "too short" not in html and "密码太短。密码至少要有 8 个字符。" in html


@pytest.mark.django_db
def test_login_protection_s_records_are_named_in_chinese():
    """The admin names them in its content-type filters and permission lists (``app | model``)."""
    with translation.override("zh-hans"):
        names = [str(ct) for ct in ContentType.objects.filter(app_label="axes")]
    assert names and not [name for name in names if LATIN.search(name)]
    assert "登录保护 | 登录尝试" in names
