# The project's browser fixtures (Debian's chromium through Playwright, skipping with a reason without it).
from tests.browser.conftest import chromium  # noqa: F401
