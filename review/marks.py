"""A story's text with its findings marked where they stand, as safe HTML."""

from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from proofread.rules import BY_NAME, RULE_OF_FINDING


def rule_label(rule: str) -> str:
    found = BY_NAME.get(RULE_OF_FINDING.get(rule, rule))
    return f"{found.label} ({rule})" if found else rule


def marked_text(text: str, findings: list[list]) -> str:
    """Each paragraph a <p>; each finding a <mark> titled with its message and
    followed by its rule's name. Overlapping findings after the first are
    listed below the text only."""
    parts, at = [], 0
    for start, end, rule, message in sorted(findings, key=lambda f: (f[0], f[1])):
        if start < at:
            continue
        parts.append(escape(text[at:start]))
        parts.append(
            format_html(
                '<mark class="finding finding-{}" title="{}">{}</mark><sup class="rule">{}</sup>',
                rule,
                message,
                text[start:end] or "¶",
                rule_label(rule),
            )
        )
        at = end
    parts.append(escape(text[at:]))
    html = "".join(str(p) for p in parts)
    return mark_safe("".join(f"<p>{line}</p>" for line in html.split("\n")))
