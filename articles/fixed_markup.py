"""Markup that depends on nothing but the site's configuration, rendered once per process.

A reader's page repeats the same head links, masthead and footer: addresses
without arguments (``{% url %}``), static files' hashed names
(``{% static %}``) and the site's name. Rendered through the template engine
they cost every cold page a dozen ``reverse()`` and manifest lookups; inside
``{% fixed %}`` they are rendered on first use and kept, per language, URL
configuration, script prefix, site name and address (and afresh after any
change of settings). The request's ``current_app`` is not part of the key:
the site's URL names have one instance each.
"""

from __future__ import annotations

from django.core.signals import setting_changed
from django.template import Node, TemplateSyntaxError, Variable
from django.template.base import TextNode, VariableNode
from django.template.defaulttags import URLNode
from django.templatetags.static import StaticNode
from django.urls import get_script_prefix, get_urlconf
from django.utils import translation
from django.utils.html import conditional_escape


class FixedNode(Node):
    """``{% fixed %}…{% endfixed %}``. What it may hold is checked when the
    template is compiled, so that no request's value can be kept: text,
    ``{% url %}`` and ``{% static %}`` of literal arguments, and
    ``{{ SITE_NAME }}`` or ``{{ SITE_URL }}`` unfiltered."""

    SITE_VARIABLES = frozenset({"SITE_NAME", "SITE_URL"})
    MAX_KEPT = 64

    def __init__(self, nodelist):
        _check(nodelist)
        self.nodelist = nodelist
        self.rendered = {}

    def render(self, context):
        key = (
            _fixed_generation,
            translation.get_language(),
            get_urlconf(),
            get_script_prefix(),
            context.autoescape,
            getattr(context, "request", None) and _current_app(context.request),
            *(conditional_escape(context.get(name, "")) for name in sorted(self.SITE_VARIABLES)),
        )
        try:
            return self.rendered[key]
        except KeyError:
            if len(self.rendered) >= self.MAX_KEPT:  # settings changed many times over (tests)
                self.rendered.clear()
            html = self.rendered[key] = self.nodelist.render(context)
            return html


def _current_app(request):
    # What {% url %} reverses with: the request's current_app, or its resolved namespace.
    try:
        return request.current_app
    except AttributeError:
        return getattr(getattr(request, "resolver_match", None), "namespace", None)


def _literal(expression) -> bool:
    """A filter expression that is a constant ('articles:home', 3)."""
    variable = expression.var
    return not expression.filters and (not isinstance(variable, Variable) or variable.literal is not None)


def _check(nodelist) -> None:
    """Refuse (TemplateSyntaxError) any node whose output a request could decide."""
    for node in nodelist:
        if isinstance(node, TextNode):
            continue
        if isinstance(node, VariableNode):
            expression = node.filter_expression
            variable = expression.var
            if (
                not expression.filters
                and isinstance(variable, Variable)
                and variable.lookups is not None
                and tuple(variable.lookups) in {(name,) for name in FixedNode.SITE_VARIABLES}
            ):
                continue
        elif isinstance(node, URLNode):
            arguments = [node.view_name, *node.args, *node.kwargs.values()]
            if node.asvar is None and all(_literal(argument) for argument in arguments):
                continue
        elif isinstance(node, StaticNode):
            if node.varname is None and _literal(node.path):
                continue
        raise TemplateSyntaxError(
            f"{{% fixed %}} may hold text, literal {{% url %}} and {{% static %}}, SITE_NAME and SITE_URL, not {node!r}"
        )


# Bumped by any change of settings (tests'): fixed markup holds static files'
# addresses and the site's settings.
_fixed_generation = 0


def _settings_changed(**kwargs):
    global _fixed_generation
    _fixed_generation += 1


setting_changed.connect(_settings_changed, dispatch_uid="fixed_markup_settings_changed")
