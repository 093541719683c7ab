"""What is written into XML (feeds, sitemaps) and saved into text fields: no
character XML 1.0 cannot hold."""

import xml.etree.ElementTree as ET

import pytest

from articles.xml_text import xml_safe
from tests.factories import make_article


@pytest.mark.parametrize(
    "value, cleaned",
    [
        ("冲在“疫”线\x0c的政协人", "冲在“疫”线的政协人"),
        ("page one\x0cpage two", "page one page two"),
        ("line \x0b\x0bnext", "line next"),
        ("\x00\x01开头与结尾\x1f", "开头与结尾"),
        ("制表\t换行\n回车\r保留", "制表\t换行\n回车\r保留"),
        ("U+FFFE\ufffe与孤立代理\ud800", "U+FFFE与孤立代理"),
        ("", ""),
        (None, ""),
    ],
)
def test_xml_safe_drops_what_xml_cannot_hold(value, cleaned):
    assert xml_safe(value) == cleaned


def test_every_character_xml_safe_keeps_is_writable_as_xml():
    everything = "".join(chr(code) for code in range(0x20000) if not 0xD800 <= code <= 0xDFFF)
    ET.fromstring(f"<t>{xml_safe(everything).replace('&', '').replace('<', '')}</t>")


@pytest.mark.django_db
def test_saving_a_photo_strips_control_characters_from_its_caption():
    photo = make_article().photos.create(caption="朔州\x0c街头", credit="王\x0b汉平", alt_text="街\x01头")
    photo.refresh_from_db()
    assert (photo.caption, photo.credit, photo.alt_text) == ("朔州街头", "王汉平", "街头")
