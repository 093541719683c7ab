"""One Content Security Policy for readers, a looser one for the editors' desk.

CKEditor 4 writes its toolbar with inline event handlers and its editing area
with document.write, so it cannot run without script-src 'unsafe-inline'
(ckeditor/ckeditor4#829, #8584; never fixed in version 4). The public site,
where untrusted text is shown to everyone, keeps the strict policy; only the
admin, behind a login and with every saved body sanitized by nh3, allows
inline script.
"""

from csp.middleware import CSPMiddleware
from django.conf import settings

ADMIN_SCRIPT_SRC = ["'self'", "'unsafe-inline'"]


class NewsroomCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only=False):
        if not report_only and request.path.startswith(f"/{settings.ADMIN_URL}"):
            replace = dict(getattr(response, "_csp_replace", None) or {})
            replace.setdefault("script-src", ADMIN_SCRIPT_SRC)
            response._csp_replace = replace
        return super().get_policy_parts(request, response, report_only)
