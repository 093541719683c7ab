"""django-axes under a name editors read: the admin shows an app by its
verbose name (its lists of content types and permissions: "app | model"),
and axes has none but its label."""

from axes.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AxesConfig(AppConfig):
    verbose_name = _("Login protection")
