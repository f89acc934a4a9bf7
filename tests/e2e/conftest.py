"""Browser journeys: Playwright (sync API) driving Debian's chromium against a live server.

Fixtures for writing a journey (see test_access.py and test_login.py for examples):

- ``live_server`` (pytest-django): the portal on 127.0.0.1 in a thread. Using it switches the test
  to a transactional database, so rows created in the test are visible to the server thread.
- ``world``: the fixed cast of tests/conftest.py (secretary_a, secretary_b, reviewer_d1, ...).
  Every cast user's password is ``PASSWORD``.
- ``viewport``: "desktop" (1366x900) or "phone" (390x844, touch); every journey that takes ``page``
  runs once per viewport.
- ``page``: a fresh browser tab (own cookies) at that viewport. When the test ends, the last page
  is saved to test-artifacts/e2e/<test name>.png, and any browser console error (a script error
  or a Content-Security-Policy violation) fails the test.
- ``phone_page``: a second browser (own cookies) at the phone viewport, for a second person.
- ``login(page, user)``: logs in through the real login form and waits for the home page.
- ``url(name, *args, **kwargs)``: reverse() prefixed with the live server's address.
- ``open_nav(page)``: opens the collapsed navigation on a phone (no-op on desktop).
- ``snapshot(page, label)``: saves a screenshot in the middle of a journey as
  test-artifacts/e2e/<test name>--<label>.png.
- ``sample_photo``: path of a small valid JPEG (for file inputs: ``locator.set_input_files(path)``).
- ``download(page, trigger)``: runs ``trigger()`` (e.g. a click), waits for the browser download
  and returns its saved path (e.g. to open the .docx with python-docx).
- ``is_phone(page)``: True at the phone viewport (import it from tests/e2e/helpers.py).

Journeys 1-4 of issue 7 go in tests/e2e/test_<topic>.py, each taking ``page`` (so it runs on both
viewports), ``world`` and ``login``; build their data with tests/factories.py before logging in.

Chromium missing: the journeys skip with a reason, unless REQUIRE_BROWSER=1 (CI), where they fail.
"""

import os
import re
import shutil
from pathlib import Path

import pytest
from django.urls import reverse

from tests.e2e.helpers import is_phone

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--lang=zh-CN",  # date inputs and built-in messages as a Chinese user's browser shows them
]
VIEWPORTS = {
    "desktop": {"viewport": {"width": 1366, "height": 900}},
    "phone": {
        "viewport": {"width": 390, "height": 844},
        "device_scale_factor": 2,
        "is_mobile": True,
        "has_touch": True,
    },
}
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "e2e"
PASSWORD = "pass-for-tests-2026"  # tests/factories.py UserFactory
TIMEOUT_MS = 10_000


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(item.fspath).parents:
            item.add_marker(pytest.mark.e2e)


def _chromium_missing_reason():
    if not (os.path.exists(CHROMIUM) or shutil.which(CHROMIUM)):
        return f"chromium not found at {CHROMIUM} (apt-get install chromium)"
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[dev]')"
    return None


@pytest.fixture(scope="module")
def browser():
    """One Playwright and one chromium per test module.

    Playwright's sync API runs an asyncio event loop in this (the test's) thread for as long as
    it is started. Django then believes the ORM is being called from async code and raises
    SynchronousOnlyOperation on every query the test itself makes (creating fixtures, checking
    rows). The test code is really synchronous (Playwright switches greenlets, never awaits
    Django), so the guard is a false alarm while the browser runs, and is lifted for exactly that
    long: the modules without a browser keep Django's guard. The live server thread that serves
    the browser has no event loop and is unaffected."""
    reason = _chromium_missing_reason()
    if reason:
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(f"REQUIRE_BROWSER=1 but {reason}", pytrace=False)
        pytest.skip(f"browser journeys skipped: {reason}")
    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as patch, sync_playwright() as playwright:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def page(browser, viewport, live_server, request):
    context = browser.new_context(
        locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS[viewport]
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    errors = []
    page.on("console", lambda msg: msg.type == "error" and errors.append(msg.text))
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.console_errors = errors
    yield page
    try:
        page.screenshot(path=str(artifact_path(request, "")), full_page=True)
    finally:
        context.close()
    # Pages that answer 404/403 on purpose log "Failed to load resource"; that is not a fault.
    real = [e for e in errors if "Failed to load resource" not in e]
    if real:
        pytest.fail(f"browser console errors: {real}", pytrace=False)


@pytest.fixture
def phone_page(browser, live_server):
    """A second person's browser at the phone viewport (own cookies), beside ``page``: e.g. a
    member on their phone while the secretary's page stays open. Closed when the test ends."""
    context = browser.new_context(locale="zh-CN", timezone_id="Asia/Shanghai", **VIEWPORTS["phone"])
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


def artifact_path(request, label):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    return ARTIFACTS / (f"{name}--{label}.png" if label else f"{name}.png")


@pytest.fixture
def snapshot(request):
    def take(page, label):
        page.screenshot(path=str(artifact_path(request, label)), full_page=True)

    return take


@pytest.fixture
def url(live_server):
    def make(name, *args, **kwargs):
        return live_server.url + reverse(name, args=args or None, kwargs=kwargs or None)

    return make


@pytest.fixture
def open_nav():
    def open_(page):
        toggler = page.locator(".navbar-toggler")
        if is_phone(page) and toggler.is_visible():
            toggler.click()
            page.locator("#mainNav.show").wait_for()

    return open_


@pytest.fixture
def sample_photo(tmp_path):
    """A small JPEG (say, a photo of the sign-in sheet) for file inputs."""
    from PIL import Image

    path = tmp_path / "签到表.jpg"
    Image.new("RGB", (640, 480), (183, 28, 28)).save(path, "JPEG")
    return path


@pytest.fixture
def download(tmp_path):
    """download(page, trigger) -> Path of the file the browser saved after trigger()."""

    def save(page, trigger):
        with page.expect_download() as info:
            trigger()
        target = tmp_path / info.value.suggested_filename
        info.value.save_as(target)
        return target

    return save


@pytest.fixture
def login(url):
    """login(page, user): fill in the real login form, submit, and wait for the home page."""

    def login_(page, user, password=PASSWORD):
        page.goto(url("login"))
        page.get_by_label("用户名").fill(user.username)
        page.get_by_label("密码").fill(password)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(url("home"))
        return page

    return login_
