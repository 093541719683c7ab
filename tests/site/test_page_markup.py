"""Parts of every page built from rows without the template engine are byte
for byte what their former templates rendered."""

from pathlib import Path

import pytest
from django.template import engines
from django.test import RequestFactory

from articles.templatetags.news import department_nav
from tests.factories import make_department

pytestmark = pytest.mark.django_db

XSS = "<script>alert('x')</script>&\""

# The templates these parts were rendered from, kept as the reference for their markup.
FORMER = Path(__file__).parent / "former_templates"


def _former(name):
    return engines["django"].from_string((FORMER / name).read_text())


@pytest.fixture(autouse=True)
def fragments_off(settings):
    settings.FRAGMENT_CACHE_SECONDS = 0


def _template_nav(path, current):
    from articles.models import Department

    departments = list(Department.objects.filter(parent__isnull=True))
    return _former("department_nav.html").render({"departments": departments, "current": current, "path": path})


def test_navigation_is_the_former_templates_markup_for_every_page_kind():
    news = make_department(name="要闻", order=1)
    society = make_department(name=XSS, order=2)
    child = make_department(name="社区", order=3, parent=society)
    make_department(name="体育", order=4, slug="ti-yu")
    factory = RequestFactory()
    for path, current in [("/", None), ("/section/x/", news), ("/section/y/", child), ("/story/z/", None)]:
        context = {"request": factory.get(path), "department": current}
        assert department_nav(context) == _template_nav(path, current), path


def test_navigation_without_sections_is_empty_as_the_template_left_it():
    assert department_nav({"request": RequestFactory().get("/")}) == _template_nav("/", None) == "\n"
