"""people.matching: namesakes told apart by title and department (pure, no database)."""

import pytest

from people.matching import KnownPerson, match_person, split_title, titles_fit


@pytest.mark.parametrize(
    "first, second",
    [
        ("辅警", "朔城分局北城派出所辅警"),
        ("市公交公司驾驶员", "市公交公司公交车驾驶员"),
        ("经开区预算科科长", "朔州经济开发区财政管理运营部预算科科长"),
        ("市公安局副局长", "市公安局局长"),
        ("市人民医院护士", "市人民医院护士长"),
    ],
)
def test_titles_of_one_person_fit(first, second):
    assert titles_fit(first, second) and titles_fit(second, first)


@pytest.mark.parametrize(
    "first, second",
    [
        ("城区派出所民警", "实验中学教师"),
        ("市一中教师", "市二中教师"),
        ("北京大学教授", "清华大学教授"),
        ("市局长", "县局长"),
        ("", "辅警"),
        ("", ""),
    ],
)
def test_titles_of_different_people_do_not_fit(first, second):
    assert not titles_fit(first, second)


def test_split_title_takes_the_post_off_its_organisation():
    assert split_title("朔城分局北城派出所辅警") == ("朔城分局北城派出所", "辅警")
    assert split_title("市公安局常务副局长") == ("市公安局", "局长")
    assert split_title("好人") == ("好人", "")


POLICEMAN = KnownPerson(key=1, name="张伟", titles=frozenset({"城区派出所民警"}), departments=frozenset({"shehui"}))
TEACHER = KnownPerson(key=2, name="张伟", titles=frozenset({"实验中学教师"}), departments=frozenset({"jiaoyu"}))
NURSE = KnownPerson(key=3, name="王芳", aliases=frozenset({"小芳"}), titles=frozenset({"市医院护士长"}))


def test_same_name_is_matched_by_title():
    assert match_person("张伟", "城区派出所民警", None, [POLICEMAN, TEACHER]) is POLICEMAN
    assert match_person("张伟", "实验中学教师", "yaowen", [POLICEMAN, TEACHER]) is TEACHER


def test_same_name_without_title_is_matched_by_department():
    assert match_person("张伟", "", "jiaoyu", [POLICEMAN, TEACHER]) is TEACHER


def test_a_fitting_title_outweighs_a_fitting_department():
    assert match_person("张伟", "民警", "jiaoyu", [POLICEMAN, TEACHER]) is POLICEMAN


def test_neither_title_nor_department_fits_means_someone_new():
    assert match_person("张伟", "市医院医生", "jingji", [POLICEMAN, TEACHER]) is None
    assert match_person("张伟", "", None, [POLICEMAN, TEACHER]) is None


def test_aliases_count_as_names_and_other_names_never_match():
    assert match_person("小芳", "护士长", None, [NURSE]) is NURSE
    assert match_person("王芳芳", "市医院护士长", None, [NURSE]) is None
