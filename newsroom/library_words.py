"""Words the libraries we use show editors with no Simplified Chinese of their own.

Django 5.2's zh_Hans catalogue lacks the admin's newer messages (the labels
a screen reader reads on the admin's index and sidebar, the "Error:" before a
field's errors) and the plural of the password-length rule editors meet when
they change their password; django-axes has no Chinese catalogue at all, and
its models appear in the admin's lists of content types and permissions.

The project's catalogue (``LOCALE_PATHS``) is read before any app's, so the
translations live there; this module only marks the messages for
``makemessages``, exactly as the libraries write them. Nothing calls it.
"""

from django.utils.translation import gettext_noop, ngettext


def _marked_for_makemessages():  # pragma: no cover - read by makemessages, never run
    # django.contrib.admin
    gettext_noop("Model name")
    gettext_noop("Add link")
    gettext_noop("Change or view list link")
    gettext_noop("Error:")
    gettext_noop("Forgotten your login credentials?")
    gettext_noop("In case you’ve forgotten, you are:")
    gettext_noop("After you’ve created a user, you’ll be able to edit more user options.")
    # django.contrib.auth.password_validation.MinimumLengthValidator
    ngettext(
        "This password is too short. It must contain at least %d character.",
        "This password is too short. It must contain at least %d characters.",
        0,
    )
    # django-axes
    gettext_noop("access failure")
    gettext_noop("access failures")
    gettext_noop("access attempt")
    gettext_noop("access attempts")
    gettext_noop("access attempt expiration")
    gettext_noop("access attempt expirations")
    gettext_noop("access log")
    gettext_noop("access logs")
    gettext_noop("Access Attempt")
    gettext_noop("User Agent")
    gettext_noop("IP Address")
    gettext_noop("Username")
    gettext_noop("HTTP Accept")
    gettext_noop("Path")
    gettext_noop("Attempt Time")
    gettext_noop("Access lock out")
    gettext_noop("GET Data")
    gettext_noop("POST Data")
    gettext_noop("Failed Logins")
    gettext_noop("Expires At")
    gettext_noop("The time when access attempt expires and is no longer valid.")
    gettext_noop("Logout Time")
    gettext_noop("Session key hash (sha256)")
    gettext_noop("Locked Out")
    gettext_noop("Form Data")
    gettext_noop("Meta Data")
    gettext_noop("Clean up expired attempts")
    gettext_noop("Not set")
    gettext_noop("Attempt Remaining")
