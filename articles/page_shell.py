"""A page's shell: everything of a reader's page but its lists, cached as a fragment.

After a publish, the home, section and tag pages differ from their last
render only in their lists (the stories, the pagination, the sidebar counted
over the newest stories). The rest (head, masthead, navigation, the section's
or the tag's header, footer) is rendered once and reused while every row it
shows is unchanged. The page template puts each list where it goes as a
region (``{{ regions.stories }}``): a shell holds a marker there, and a page
is its shell with the regions' HTML put in.

A shell depends on every row its view loaded before the regions were made
(the section, the tag) and on every row loaded and fragment reused while it
was rendered (``page_cache.collecting``); the regions' rows and lists reach
only the page. Its name
carries what it shows of the request (the path and query: canonical address,
search box, page number), the day (the masthead's date) and the version of
the static files it links to.
"""

from __future__ import annotations

import hashlib
import re

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from articles import fragments, page_cache

_MARKER = "<!--region:{}-->"
_MARKERS = re.compile(r"<!--region:(\w+)-->")


def shell_name(request, template_name: str) -> str:
    """The fragment name of a page's shell: one per template, address, day and static build."""
    varies = "\n".join(
        (
            template_name,
            request.get_full_path(),
            timezone.localdate().isoformat(),
            staticfiles_storage.url("css/site.css"),
        )
    )
    return "shell:" + hashlib.sha256(varies.encode()).hexdigest()[:32]


def fill(shell: str, regions: dict[str, str]) -> str:
    """The shell with each region's HTML where its marker is (one pass: a
    region's own text is never searched for markers)."""
    return _MARKERS.sub(lambda match: str(regions[match.group(1)]), shell)


class ShellMixin:
    """A view whose page is a cached shell plus regions (``get_regions``)."""

    def dispatch(self, request, *args, **kwargs):
        with page_cache.collecting() as self._shell_names:
            return super().dispatch(request, *args, **kwargs)

    def get_regions(self, context) -> dict[str, str]:
        """The page's lists, by region name: the HTML that changes when a story is published."""
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        shown = set(self._shell_names)  # what the view loaded for the page before its lists
        regions = self.get_regions(context)
        template_name = self.get_template_names()[0]
        name = shell_name(self.request, template_name)
        shell = fragments.fetch([name]).get(name)
        if shell is None:
            started = fragments.render_started()
            context["regions"] = {region: mark_safe(_MARKER.format(region)) for region in regions}
            with page_cache.collecting() as rendered:
                shell = render_to_string(template_name, context, request=self.request)
            fragments.store({name: (shell, shown | rendered)}, started)
        return HttpResponse(fill(shell, regions), **response_kwargs)
