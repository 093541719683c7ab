"""Which failed logins lock whom out: django-axes' AXES_LOCKOUT_PARAMETERS.

One username is locked from one address after AXES_FAILURE_LIMIT failures:
someone guessing one account's password. Counting the pair, not the address,
keeps a newsroom behind one shared address (NAT) from locking all its staff
out over one person's typos.

Password spraying gets past that: a few common passwords tried on many
accounts from one address, a failure or two each, never reaching any one
account's limit (and bylines print the staff's names, which usernames are
often made of). So once the failures from an address name AXES_SPRAY_USERNAMES
different usernames within the cool-off, the address is counted as well: its
failures, on whatever usernames, lock it out for every username until the
cool-off ends. A newsroom's own staff seldom mistype that many different
usernames from one address within an hour; if they do, they wait out the
cool-off as a locked-out user does.
"""

from __future__ import annotations

from datetime import timedelta

from axes.helpers import get_client_ip_address, get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.utils import timezone

PAIR = ["username", "ip_address"]


def lockout_parameters(request_or_attempt, credentials=None) -> list:
    """The pair, and the address alone once it has sprayed (see the module's docstring)."""
    address = getattr(request_or_attempt, "ip_address", None)
    if address is None and hasattr(request_or_attempt, "META"):
        address = getattr(request_or_attempt, "axes_ip_address", None) or get_client_ip_address(request_or_attempt)
    return [PAIR, "ip_address"] if address and sprayed_from(address) else [PAIR]


def sprayed_from(address: str) -> bool:
    """Whether failed logins from ``address`` within the cool-off name enough different usernames."""
    since = timezone.now() - (get_cool_off() or timedelta(days=1))
    usernames = AccessAttempt.objects.filter(ip_address=address, attempt_time__gte=since).values("username")
    return usernames.distinct().count() >= settings.AXES_SPRAY_USERNAMES
