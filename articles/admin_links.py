"""Links in the admin only to the pages the person looking may open.

Django's read-only display of a foreign key (a story's author, a review
step's user, a stage's group, and every foreign key of a page its viewer may
only view) links to the target's change page whenever the admin has one,
without asking whether the viewer may open it: most such links answered 403.
Here the link is kept only where the target's admin lets the viewer view or
change that object, and the value is shown as plain text otherwise.

The display knows nothing of the request, so ``ViewerLinksMixin`` hands it to
the forms (the page's and its inlines') the displays read; a form without it
shows no link at all, rather than one that may be dead.
"""

from django.contrib.admin import helpers
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html


def may_open(request, site, obj, model=None) -> bool:
    """Whether ``request``'s user may open the page of ``obj`` (as a
    ``model``, its own by default) on the admin ``site``: view or change it."""
    model_admin = site._registry.get(model or obj._meta.model)
    return model_admin is not None and model_admin.has_view_or_change_permission(request, obj)


def change_link(request, site, obj, text):
    """A link to ``obj``'s page on the admin ``site`` reading ``text``, or
    ``text`` alone where the viewer may not open it."""
    if not may_open(request, site, obj):
        return text
    opts = obj._meta
    try:
        url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk], current_app=site.name)
    except NoReverseMatch:
        return text
    return format_html('<a href="{}">{}</a>', url, text)


class ViewerLinksMixin:
    """For every ModelAdmin: its forms and its inlines' forms carry the
    request, for the read-only displays of their foreign keys."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        return _with_request(super().get_form(request, obj, change, **kwargs), request)

    def get_formsets_with_inlines(self, request, obj=None):
        for formset, inline in super().get_formsets_with_inlines(request, obj):
            formset.form = _with_request(formset.form, request)
            yield formset, inline


def _with_request(form_class, request):
    # A subclass of this request's own, not an attribute set on the class
    # given: a form class may be shared by other requests. (The formset
    # classes are the factory's new ones each call.)
    return type(form_class.__name__, (form_class,), {"admin_request": request})


class ViewerReadonlyField(helpers.AdminReadonlyField):
    def get_admin_url(self, remote_field, remote_obj):
        request = getattr(self.form, "admin_request", None)
        site = self.model_admin.admin_site
        if request is None or not may_open(request, site, remote_obj, remote_field.model):
            return str(remote_obj)
        return super().get_admin_url(remote_field, remote_obj)


def install():
    """Django builds its read-only displays from this module attribute."""
    helpers.AdminReadonlyField = ViewerReadonlyField
