"""A merged person's old address keeps leading to the person they were merged into.

Namesakes are common (张伟): a new 张伟 given the freed address would make every
link to the merged page (and the 301 search engines learned) open another person.
"""

import pytest

from articles.models import Article
from imports.people_review import merge
from tests.factories import make_article, make_byline, make_person

pytestmark = pytest.mark.django_db


def test_a_new_namesake_does_not_take_a_merged_persons_old_address(client):
    kept, duplicate = make_person(name="张伟"), make_person(name="张伟")
    make_byline(person=kept)
    old = duplicate.get_absolute_url()
    merge(duplicate, kept)
    assert client.get(old)["Location"] == kept.get_absolute_url()

    namesake = make_person(name="张伟")
    make_byline(person=namesake)

    assert namesake.get_absolute_url() != old
    response = client.get(old)
    assert response.status_code == 301 and response["Location"] == kept.get_absolute_url()


def test_the_old_address_of_a_person_only_unpublished_stories_name_answers_404(client):
    # Two records of one source of a story still embargoed: readers must not
    # learn from their addresses that the paper is writing about them.
    draft = make_article(status=Article.Status.DRAFT)
    kept, duplicate = make_person(name="李某某"), make_person(name="李某某")
    make_byline(article=draft, person=kept)
    old = duplicate.get_absolute_url()
    merge(duplicate, kept)

    assert client.get(kept.get_absolute_url()).status_code == 404
    assert client.get(old).status_code == 404
