"""Playwright driving Debian's chromium against pytest-django's live server.

Without /usr/bin/chromium or node_modules/axe-core these tests skip, saying
why; with CI=true a missing one is a failure, so CI cannot pass by skipping.
"""

import mimetypes
import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings

# Playwright's sync API runs an event loop in the test's thread; the tests
# only touch the ORM to build data before driving the page.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}


def _require(path, what, how):
    if path.exists():
        return
    message = f"{what} not found at {path}; {how}"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(f"CI=true: {message}")
    pytest.skip(message)


@pytest.fixture(scope="session")
def chromium():
    _require(CHROMIUM, "chromium", "install it with `apt-get install -y chromium`")
    _require(AXE, "axe-core", "run `npm install` at the project root")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:  # pragma: no cover - playwright is a dev dependency
        if os.environ.get("CI", "").lower() == "true":
            raise
        pytest.skip("playwright is not installed (pip install -e .[dev])")
    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(
        executable_path=str(CHROMIUM),
        args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    )
    yield browser
    browser.close()
    playwright.stop()


def _serve_media(route):
    """Uploaded files live in the test storage (in memory), which the live
    server does not serve: answer /media/ requests from it directly."""
    from django.core.files.storage import default_storage

    name = unquote(urlsplit(route.request.url).path)[len(settings.MEDIA_URL) :]
    if not default_storage.exists(name):
        route.fulfill(status=404, body="")
        return
    with default_storage.open(name, "rb") as fh:
        body = fh.read()
    route.fulfill(status=200, body=body, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream")


@pytest.fixture(params=sorted(VIEWPORTS))
def page(request, chromium, live_server):
    # bypass_csp: the site's CSP (script-src 'self') would block the injected axe-core.
    context = chromium.new_context(
        viewport=VIEWPORTS[request.param], locale="zh-CN", base_url=live_server.url, bypass_csp=True
    )
    context.route(f"{live_server.url}{settings.MEDIA_URL}**", _serve_media)
    page = context.new_page()
    page.viewport_name = request.param
    yield page
    context.close()


@pytest.fixture
def screenshot(page, request):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(step):
        path = ARTIFACTS / f"{request.node.originalname}-{page.viewport_name}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take


@pytest.fixture
def assert_accessible(page):
    """Run axe-core on the current page; fail on serious or critical violations."""

    def check(label):
        page.add_script_tag(path=str(AXE))
        result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
        bad = [v for v in result["violations"] if v["impact"] in ("serious", "critical")]
        details = "\n".join(
            f"  {v['impact']}: {v['id']} — {v['help']} at {[n['target'] for n in v['nodes']][:5]}" for v in bad
        )
        assert not bad, f"axe on {label} ({page.url}, {page.viewport_name}):\n{details}"

    return check
