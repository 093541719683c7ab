"""Feeds declare descriptions HTML, so plain-text summaries are escaped."""

import xml.etree.ElementTree as ET

import pytest

from tests.factories import make_article

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"
PAYLOAD = "<img src=x onerror=alert(1)>市民 & 游客"


def test_a_summary_that_looks_like_markup_is_text_in_rss(client):
    make_article(summary=PAYLOAD)
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    assert item.findtext("description") == "&lt;img src=x onerror=alert(1)&gt;市民 &amp; 游客"


def test_a_summary_that_looks_like_markup_is_text_in_atom(client):
    make_article(summary=PAYLOAD)
    entry = ET.fromstring(client.get("/feed/atom/").content).find(f"{ATOM}entry")
    summary = entry.find(f"{ATOM}summary")
    assert summary.get("type") == "html"
    assert summary.text == "&lt;img src=x onerror=alert(1)&gt;市民 &amp; 游客"


def test_a_body_excerpt_is_its_text_escaped_once(client):
    make_article(summary="", body="<p>A &amp; B &lt;b&gt;</p>")
    item = ET.fromstring(client.get("/feed/").content).find("channel/item")
    assert item.findtext("description") == "A &amp; B &lt;b&gt;"
