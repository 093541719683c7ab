"""Groups keep their English names as identifiers and are shown by their Chinese labels."""

import re

import pytest
from django.contrib.auth.models import Group
from django.utils import translation

from articles.group_labels import LABELS, group_label
from articles.permissions import ALL_ROLES
from review.groups import DEFAULT_STAGES


def test_every_role_and_review_group_has_a_chinese_label():
    names = {*ALL_ROLES, *(group for _, _, group in DEFAULT_STAGES)}
    assert names <= set(LABELS)
    with translation.override("zh-hans"):
        unlabelled = {
            name: group_label(name) for name in names if not re.fullmatch(r"[\u4e00-\u9fff]+", group_label(name))
        }
    assert not unlabelled


def test_a_group_prints_as_its_label_in_the_language_of_the_one_looking():
    desk = Group(name="Desk editor")
    with translation.override("zh-hans"):
        assert (str(desk), str(Group(name="Editor-in-chief"))) == ("责任编辑", "总编辑")
    with translation.override("en"):
        assert str(desk) == "Desk editor"
    assert desk.name == "Desk editor"


def test_a_group_made_in_the_admin_is_shown_by_its_name():
    with translation.override("zh-hans"):
        assert str(Group(name="夜班")) == "夜班" and group_label("Photo desk") == "Photo desk"


@pytest.mark.django_db
def test_the_admin_chooses_a_stage_s_group_by_its_label(admin_client):
    from django.urls import reverse

    from review.models import Chain

    chain = Chain.objects.get(department__isnull=True)
    page = admin_client.get(reverse("admin:review_chain_change", args=[chain.pk]), HTTP_ACCEPT_LANGUAGE="zh-hans")
    html = page.content.decode()
    assert "责任编辑</option>" in html and "部门主任</option>" in html and "Desk editor</option>" not in html
