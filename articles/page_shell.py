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

A shell also carries the ids of the rows its view loaded for it (the section,
the tag: ``carried``), so a page whose shell is still valid does not load them
again: the shell depends on those rows, so while it is valid they exist at this
address and are unchanged.
"""

from __future__ import annotations

import hashlib
import json
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


def _stored(shell: str, carried: dict) -> str:
    # One line of the carried ids, then the shell's HTML.
    return json.dumps(carried, separators=(",", ":")) + "\n" + shell


def _parsed(stored: str) -> tuple[str, dict] | None:
    carried, _, shell = stored.partition("\n")
    if not carried.startswith("{"):
        return None  # kept by a version that carried nothing: render it afresh
    return shell, json.loads(carried)


class ShellMixin:
    """A view whose page is a cached shell plus regions (``get_regions``).

    A view that loads a row for its shell keeps the row's id with
    ``carry(name, pk)`` and, before loading it, asks ``carried(name)``: the id
    the still-valid shell was rendered with, or None.

    For a reader without cookies such a page is the same whatever the
    middlewares below the page cache do: once kept and outdated, it is
    rendered again by the view alone (``page_cache/refill.py``)."""

    page_cache_refill = True

    def dispatch(self, request, *args, **kwargs):
        self._carry = {}
        # The shell is read with the page's first fragments (its cards), and
        # every fragment the page renders is written in one call at the end.
        with page_cache.collecting() as self._shell_names, fragments.batched():
            self._shell_name = shell_name(request, self.template_name)
            fragments.expect(self._shell_name)
            return super().dispatch(request, *args, **kwargs)

    def _cached_shell(self) -> tuple[str, dict] | None:
        if not hasattr(self, "_shell"):
            name = self._shell_name
            stored = fragments.fetch([name]).get(name)
            self._shell = _parsed(stored) if stored is not None else None
        return self._shell

    def carried(self, name: str):
        """The id of row ``name`` the cached shell was rendered with, if that shell is still valid."""
        shell = self._cached_shell()
        return shell[1].get(name) if shell else None

    def carry(self, name: str, pk) -> None:
        """Keep ``pk`` with the shell (the id of a row the view loaded for it)."""
        self._carry[name] = pk

    def get_regions(self, context) -> dict[str, str]:
        """The page's lists, by region name: the HTML that changes when a story is published."""
        raise NotImplementedError

    def render_to_response(self, context, **response_kwargs):
        shown = set(self._shell_names)  # what the view loaded for the page before its lists
        regions = self.get_regions(context)
        cached = self._cached_shell()
        if cached is not None:
            shell = cached[0]
        else:
            template_name = self.template_name
            started = fragments.render_started()
            context["regions"] = {region: mark_safe(_MARKER.format(region)) for region in regions}
            with page_cache.collecting() as rendered:
                shell = render_to_string(template_name, context, request=self.request)
            fragments.store({self._shell_name: (_stored(shell, self._carry), shown | rendered)}, started)
        return HttpResponse(fill(shell, regions), **response_kwargs)
