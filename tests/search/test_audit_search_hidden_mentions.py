"""Audit: readers' search finds a story only through what readers may see of
it; a mention readers are not shown (unconfirmed) must not make a story
match its person's name or aliases."""

import pytest

from people.models import Alias, Mention
from tests.factories import make_article, make_mention, make_person
from tests.search.test_search import ids

pytestmark = pytest.mark.django_db


def test_audit_an_unconfirmed_mention_does_not_make_a_story_match_its_person(commit):
    with commit():
        article = make_article(headline="社区走访", body="<p>挨家挨户走访。</p>")
        # The importer's guess, not confirmed: the story page does not show it.
        person = make_person(name="郭重阳")
        Alias.objects.create(person=person, name="老郭")
        make_mention(article=article, person=person, confirmed=False)
    assert not Mention.objects.public().filter(article=article).exists()
    assert ids("郭重阳") == [], "search reveals a mention readers are not shown"
    assert ids("老郭") == [], "search reveals a mention readers are not shown (through an alias)"
