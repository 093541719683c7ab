"""Server-side HTML sanitizing for article bodies.

CKEditor 4 is end-of-life and anything can be POSTed to the admin regardless of
what the editor widget allows, so the server decides what survives: structure
an article needs (paragraphs, subheads, lists, links, emphasis, images,
tables), nothing that runs or restyles (scripts, event handlers, javascript:
URLs, iframes, forms, style attributes).
"""

import html
import re

import nh3

from articles.xml_text import xml_safe

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "ul",
    "ol",
    "li",
    "a",
    "img",
    "figure",
    "figcaption",
    "table",
    "caption",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
}
# tel: is what CKEditor's link dialog writes for its phone link type.
URL_SCHEMES = {"http", "https", "mailto", "tel"}
_URL_ATTRIBUTES = {"href", "src"}
_URL_PREFIX_END = re.compile(r"[/?#]")


def _keep_safe_urls(tag, attribute, value):
    """Drop a URL that looks like it names a scheme we do not allow.

    nh3 already rejects javascript: and friends; this also drops values that a
    browser would treat as a harmless relative path but that only an attack
    would write (`javascript:…` in backticks, odd characters before a colon),
    so nothing scheme-like and unknown reaches a reader's page.
    """
    if attribute not in _URL_ATTRIBUTES:
        return value
    compact = "".join(ch for ch in value if not ch.isspace() and ord(ch) >= 0x20)
    head = _URL_PREFIX_END.split(compact, 1)[0]
    if ":" in head and head.split(":", 1)[0].lower() not in URL_SCHEMES:
        return None
    return value


def sanitize_html(html: str) -> str:
    """Return ``html`` with everything outside the article allow-list removed.

    Disallowed tags are unwrapped (their text is kept) except for script-like
    content, which nh3 drops whole. Links get rel="noopener noreferrer".
    """
    if not html:
        return ""
    # nh3 keeps C0 controls; a body must stay writable as XML (feeds quote it).
    return nh3.clean(
        xml_safe(html),
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer",
        strip_comments=True,
        attribute_filter=_keep_safe_urls,
    ).strip()


_TAG = re.compile(r"<[^>]*>")
_BLOCK_END = re.compile(r"</(?:p|h[1-6]|li|blockquote|td|th|tr|figcaption|caption)>|<br\s*/?>|<hr\s*/?>", re.I)
_SPACE = re.compile(r"\s+")


def html_to_text(body_html: str) -> str:
    """The text of an article body as a reader sees it: one line per
    paragraph, subhead, list item or cell, tags removed, entities decoded,
    runs of white space folded. The search index and the revision diff both
    read bodies through it."""
    text = _BLOCK_END.sub("\n", body_html or "")
    text = html.unescape(_TAG.sub("", text))
    lines = (_SPACE.sub(" ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)
