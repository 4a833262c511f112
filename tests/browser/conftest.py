"""Headless Chromium against a live Seamline server, driven by Playwright's sync API.

The system Chromium (/usr/bin/chromium, or SEAMLINE_CHROMIUM) is used, never a downloaded
one. Where it is missing the browser tests skip, unless SEAMLINE_REQUIRE_BROWSER=1 (CI) turns
that into a failure.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from seamline.tenancy.choices import Role
from seamline.tenancy.models import Organization, User
from tests.tenancy.factories import PASSWORD, MembershipFactory, OrganizationFactory

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

CHROMIUM = Path(os.environ.get("SEAMLINE_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TIMEOUT_MS = 15_000


def _unavailable(reason: str) -> None:
    if os.environ.get("SEAMLINE_REQUIRE_BROWSER") == "1":
        pytest.fail(f"SEAMLINE_REQUIRE_BROWSER=1 but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        _unavailable(f"no Chromium at {CHROMIUM}")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed")
    # Playwright's sync API runs an event loop in this thread; the ORM calls of the tests'
    # fixtures are still synchronous, so Django's guard against that must be lifted.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def page(browser: Browser, transactional_db: None, live_server: Any) -> Iterator[Page]:
    """A fresh browser tab (own cookies) pointed at the live server, in English."""
    context = browser.new_context(base_url=live_server.url, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def factory_owner(transactional_db: None) -> User:
    """The owner of "Factory A" (username "owner", the factories' password)."""
    org: Organization = OrganizationFactory(name="Factory A", slug="factory-a")
    membership = MembershipFactory(
        tenant=org, role=Role.OWNER, user__username="owner", user__display_name="Olive Owner"
    )
    return membership.user  # type: ignore[no-any-return]


def sign_in(page: Page, username: str, password: str = PASSWORD) -> None:
    """Sign in through the real login form and wait for the page it leads to."""
    page.goto("/account/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    with page.expect_navigation():
        page.click("form button[type=submit]")


@pytest.fixture
def log_in(page: Page) -> Callable[..., Page]:
    """log_in(user_or_username, password=...) -> the page, signed in."""

    def do(user: User | str, password: str = PASSWORD) -> Page:
        sign_in(page, user if isinstance(user, str) else user.username, password)
        return page

    return do
