"""When the database cannot be reached: 503 with Retry-After, never a 500.

A reader gets the page cache's last copy when it has one (articles/
page_cache/middleware.py); any other page answers 503 with a plain Chinese
page that needs no database, and ``Retry-After``; an editor in the admin is
told that what they submitted was not saved. Nothing needs a restart when
the database returns: Django opens a new connection for the next request
(``conn_health_checks`` drops a connection that broke).

A transaction PostgreSQL aborted because it collided with another one
(a deadlock, a serialization failure, a lock it would not wait for) is not an
outage: the database is up and the same request made again succeeds. It gets
the same 503 and Retry-After, a page saying so, and a log line of its own,
and it neither starts an outage in the log nor serves a stale page.

The middleware handles errors raised by views and templates; ``server_error``
(the project's handler500) those raised by middleware, such as a session
saved after the view ran.
"""

from __future__ import annotations

import logging
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
# SQLSTATEs of a transaction aborted by a conflict with another: deadlock
# detected, serialization failure, lock not available.
CONFLICT_STATES = frozenset({"40P01", "40001", "55P03"})
outage_log = OutageLog("database")
logger = logging.getLogger(__name__)


def is_transaction_conflict(error) -> bool:
    return isinstance(error, OperationalError) and getattr(error.__cause__, "sqlstate", None) in CONFLICT_STATES


def is_database_outage(error) -> bool:
    return isinstance(error, DATABASE_DOWN) and not is_transaction_conflict(error)


def _in_admin(request) -> bool:
    return request.path.startswith(f"/{settings.ADMIN_URL}")


def unavailable_response(request, conflict: bool = False) -> HttpResponse:
    context = {"in_admin": _in_admin(request), "method": request.method, "conflict": conflict}
    html = loader.get_template("503.html").render(context)
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
        return _unavailable(request, exception)


def server_error(request):
    """handler500: a database outage met outside a view is a 503 as well."""
    return _unavailable(request, sys.exc_info()[1]) or defaults.server_error(request)


def _unavailable(request, error) -> HttpResponse | None:
    """The 503 for a database outage or a transaction conflict, else None."""
    if is_transaction_conflict(error):
        logger.warning(
            "%s %s: transaction aborted by a conflict with another, not saved: %s", request.method, request.path, error
        )
        return unavailable_response(request, conflict=True)
    if is_database_outage(error):
        outage_log.failure(request.method, error)
        return unavailable_response(request)
    return None
