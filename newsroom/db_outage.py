"""When the database cannot be reached: 503 with Retry-After, never a 500.

A reader gets the page cache's last copy when it has one (articles/
page_cache/middleware.py); any other page answers 503 with a plain Chinese
page that needs no database, and ``Retry-After``; an editor in the admin is
told that what they submitted was not saved. Nothing needs a restart when
the database returns: Django opens a new connection for the next request
(``conn_health_checks`` drops a connection that broke).

The middleware handles errors raised by views and templates; ``server_error``
(the project's handler500) those raised by middleware, such as a session
saved after the view ran.
"""

from __future__ import annotations

import sys

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import HttpResponse
from django.template import loader
from django.views import defaults

from newsroom.outages import OutageLog

# OperationalError: cannot connect, connection lost, the server shutting
# down or cancelling; InterfaceError: a connection that is already closed.
DATABASE_DOWN = (OperationalError, InterfaceError)
outage_log = OutageLog("database")


def is_database_outage(error) -> bool:
    return isinstance(error, DATABASE_DOWN)


def _in_admin(request) -> bool:
    return request.path.startswith(f"/{settings.ADMIN_URL}")


def unavailable_response(request) -> HttpResponse:
    html = loader.get_template("503.html").render({"in_admin": _in_admin(request), "method": request.method})
    response = HttpResponse(html, status=503)
    response["Retry-After"] = str(settings.OUTAGE_RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


class DatabaseOutageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        from_cache = response.get("X-Page-Cache") in ("hit", "stale-if-error")
        if outage_log.failing and response.status_code != 503 and not from_cache:
            outage_log.recovered()
        return response

    def process_exception(self, request, exception):
        if not is_database_outage(exception):
            return None
        outage_log.failure(request.method, exception)
        return unavailable_response(request)


def server_error(request):
    """handler500: a database outage met outside a view is a 503 as well."""
    error = sys.exc_info()[1]
    if is_database_outage(error):
        outage_log.failure(request.method, error)
        return unavailable_response(request)
    return defaults.server_error(request)
