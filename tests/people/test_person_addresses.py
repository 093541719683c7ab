"""A merged person's old address keeps leading to the person they were merged into.

Namesakes are common (张伟): a new 张伟 given the freed address would make every
link to the merged page (and the 301 search engines learned) open another person.
"""

import pytest

from imports.people_review import merge
from tests.factories import make_byline, make_person

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
