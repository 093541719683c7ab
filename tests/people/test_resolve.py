"""Namesakes across imported pages: one person per person, two 张伟 stay two."""

import io

import pytest
from django.core.management import call_command

from people.models import Mention, Person
from people.resolve import find_or_create_person

# Pages written for this test; each is one story under a headline with a byline.
PAGES = {
    ("2024-03-01", "shehui"): (
        "城区派出所深夜救助走失老人\n\n本报记者 李文\n\n"
        "3月1日晚，城区派出所民警张伟在巡逻中发现一名走失老人，张伟随即联系家属，将老人平安送回家中。"
        "市人民医院护士长王芳也赶到现场为老人检查身体。\n\n“老人没有大碍。”王芳说。\n"
    ),
    ("2024-03-02", "jiaoyu"): (
        "实验中学开设科普课堂\n\n本报记者 李文\n\n"
        "3月2日，实验中学物理教师张伟带领学生走进科技馆，讲解力学知识。"
        "区教育局局长刘洋出席活动并讲话。\n\n“让孩子们爱上科学。”张伟说。\n"
    ),
    ("2024-03-03", "shehui"): (
        "民警张伟获评见义勇为先进个人\n\n本报记者 赵敏\n\n"
        "3月3日，在全市表彰大会上，城区派出所民警张伟被授予见义勇为先进个人称号。"
        "市人民医院护士王芳、胜利路社区网格员陈静也受到表彰。\n\n陈静说：“这份荣誉属于大家。”\n"
    ),
    ("2024-03-04", "jingji"): (
        "新能源企业落户开发区\n\n本报记者 赵敏\n\n"
        "3月4日，开发区管委会主任刘洋与企业代表签订合作协议。"
        "企业负责人陈静介绍，项目投产后可带动就业三百余人。\n\n“我们看好这里的营商环境。”陈静说。\n"
    ),
    ("2024-03-05", "jiaoyu"): (
        "实验中学学生获科技创新大赛一等奖\n\n本报记者 李文\n\n"
        "3月5日，实验中学学生在省科技创新大赛中获得一等奖，指导教师张伟表示将继续带领学生钻研。\n"
    ),
}


def _import_all(folder):
    for (date, department), text in PAGES.items():
        path = folder / f"{date}.txt"
        path.write_text(text, encoding="utf-8")
        call_command("import_print_page", path, "--date", date, "--department", department, stdout=io.StringIO())


def _people(name):
    return {
        p.pk: sorted(Mention.objects.filter(person=p).values_list("article__headline", flat=True))
        for p in Person.objects.filter(name=name)
    }


@pytest.mark.django_db
def test_namesakes_across_imported_pages(tmp_path):
    call_command("loaddata", "fixtures/departments.json", verbosity=0)
    _import_all(tmp_path)
    # 张伟 the policeman (same title, same department) and 张伟 the teacher (title or department)
    zhang = _people("张伟")
    assert sorted(map(len, zhang.values())) == [2, 2], zhang
    assert any("民警张伟获评见义勇为先进个人" in h for h in zhang.values())
    # 刘洋 the education official and 刘洋 the development-zone director: nothing fits, two people
    assert sorted(map(len, _people("刘洋").values())) == [1, 1]
    # 陈静 the community worker and 陈静 the entrepreneur: two people
    assert sorted(map(len, _people("陈静").values())) == [1, 1]
    # 王芳: 护士长 and 护士 of one hospital, in one department: one person
    assert sorted(map(len, _people("王芳").values())) == [2]


@pytest.mark.django_db
def test_reimporting_pages_keeps_their_people(tmp_path):
    call_command("loaddata", "fixtures/departments.json", verbosity=0)
    _import_all(tmp_path)
    before = sorted(Person.objects.values_list("pk", "name"))
    _import_all(tmp_path)
    assert sorted(Person.objects.values_list("pk", "name")) == before


@pytest.mark.django_db
def test_find_or_create_person_creates_only_when_nothing_fits():
    first, created = find_or_create_person("张伟", "城区派出所民警")
    assert created and first.description == "城区派出所民警"
    assert find_or_create_person("张伟", "民警") == (first, False)
    second, created = find_or_create_person("张伟", "实验中学教师")
    assert created and second != first
