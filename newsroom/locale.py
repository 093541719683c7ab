"""Languages: the admin follows the browser (Chinese or English); the public
site is the paper's, always in Chinese.

Letting Accept-Language reach the reader's pages would render the odd
translated word (a weekday) into a Chinese page, and the page cache, keyed by
URL, would then serve that page to everyone.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class AdminOnlyLocaleMiddleware(LocaleMiddleware):
    def _is_admin(self, request):
        return request.path_info.startswith(f"/{settings.ADMIN_URL}")

    def process_request(self, request):
        if self._is_admin(request):
            return super().process_request(request)
        translation.activate(settings.LANGUAGE_CODE)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if self._is_admin(request):
            return super().process_response(request, response)
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
