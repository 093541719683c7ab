"""One Content Security Policy for readers, a looser one for the editors' desk.

CKEditor 4 writes its toolbar with inline event handlers and its editing area
with document.write, so it cannot run without script-src 'unsafe-inline'
(ckeditor/ckeditor4#829, #8584; never fixed in version 4). The public site,
where untrusted text is shown to everyone, keeps the strict policy; only the
admin, behind a login and with every saved body sanitized by nh3, allows
inline script.

A reader's page with no nonce and no policy of its own gets the same headers
every time: they are built once per process (and again when the settings
change), not on every response. django-csp copies and joins the whole policy
for each, twice (enforced and report-only), which was most of the middleware's
CPU on a rendered page. Anything else goes through django-csp as before.
"""

from dataclasses import asdict

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.http import HttpResponse

ADMIN_SCRIPT_SRC = ["'self'", "'unsafe-inline'"]
# What a view or decorator sets on a response to change or skip its policy.
_OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
# The reader's headers as django-csp builds them: [(header, value or "", setting)].
_readers_headers: list = []


def _forget_headers(*, setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        _readers_headers.clear()


setting_changed.connect(_forget_headers, dispatch_uid="newsroom_csp_forget_headers")


class NewsroomCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        if not report_only and self._in_admin(request):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace.setdefault("script-src", ADMIN_SCRIPT_SRC)
            response._csp_replace = replace
        return super().get_policy_parts(request, response, report_only)

    @staticmethod
    def _in_admin(request):
        return request.path.startswith(f"/{settings.ADMIN_URL}")

    def process_response(self, request, response):
        if (
            self._in_admin(request)
            or getattr(request, "_csp_nonce", None) is not None
            or any(hasattr(response, name) for name in _OWN_POLICY)
            or response.status_code in (404, 500)  # django-csp leaves Django's debug pages alone
            or HEADER in response
            or HEADER_REPORT_ONLY in response
        ):
            return super().process_response(request, response)
        if not _readers_headers:
            _readers_headers.extend(self._readers_policy(request))
        for name, value, setting in _readers_headers:
            excluded = (getattr(settings, setting, None) or {}).get("EXCLUDE_URL_PREFIXES") or ()
            if value and not request.path_info.startswith(tuple(excluded)):
                response[name] = value
        # As django-csp: a nonce asked for after the header is written is an error.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

    def _readers_policy(self, request):
        """[(header, value, its setting)], built by django-csp for a response with no policy of its own."""
        return [
            (
                header,
                build_policy(
                    **asdict(self.get_policy_parts(request, HttpResponse(), report_only)), report_only=report_only
                ),
                setting,
            )
            for header, setting, report_only in (
                (HEADER, "CONTENT_SECURITY_POLICY", False),
                (HEADER_REPORT_ONLY, "CONTENT_SECURITY_POLICY_REPORT_ONLY", True),
            )
        ]
