"""What a review covers: a story's text, as a snapshot, a fingerprint, a
plain text the proofreading checks read, and a diff between two snapshots."""

import hashlib
import json

from articles.revisions import FieldDiff, body_lines

CONTENT_FIELDS = ["kicker", "headline", "subtitle", "dateline", "summary", "body"]


def snapshot(article) -> dict:
    return {name: getattr(article, name) or "" for name in CONTENT_FIELDS}


def fingerprint(snap: dict) -> str:
    text = json.dumps([snap.get(name, "") for name in CONTENT_FIELDS], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def proof_text(snap: dict) -> str:
    """The story as one text, a line for each of its parts and paragraphs:
    the checks' offsets point into this."""
    lines = [snap.get(name, "").strip() for name in ("kicker", "headline", "subtitle", "dateline", "summary")]
    return "\n".join(line for line in [*lines, *body_lines(snap.get("body", ""))] if line)


def diff(before: dict, after: dict) -> list[FieldDiff]:
    from articles.models import Article

    diffs = []
    for name in CONTENT_FIELDS:
        old, new = before.get(name, ""), after.get(name, "")
        if name == "body":
            old, new = "\n".join(body_lines(old)), "\n".join(body_lines(new))
        if old != new:
            diffs.append(FieldDiff(name, str(Article._meta.get_field(name).verbose_name), old, new))
    return diffs
