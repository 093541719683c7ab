"""Audit: the sanitizer keeps what the admin's CKEditor (4.22) makes.

Its link dialog has a 电话 (phone) link type, which writes ``href="tel:…"``,
and CKEditor's own filter (``allowedContent``: ``a[!href,title]``) keeps it:
the server then drops the href, leaving an ``<a>`` that links nowhere.
"""

from articles.sanitize import sanitize_html


def test_audit_a_phone_link_from_the_editors_link_dialog_keeps_its_number():
    cleaned = sanitize_html('<p>咨询电话：<a href="tel:0349-2022110">0349-2022110</a></p>')
    assert 'href="tel:0349-2022110"' in cleaned
