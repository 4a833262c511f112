"""Sign in, look around, switch the language to Chinese and back, sign out — in Chromium."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Page

from seamline.tenancy.models import User

pytestmark = pytest.mark.browser

LANGUAGE = "form.lang select[name=language]"


def _choose_language(page: Page, code: str) -> None:
    with page.expect_navigation():
        page.select_option(LANGUAGE, code)


def test_sign_in_switch_language_and_sign_out(
    page: Page, factory_owner: User, log_in: Callable[..., Page]
) -> None:
    page.goto("/")
    assert page.url.endswith("/account/login/?next=/")
    assert page.inner_text("h1") == "Sign in to Seamline"

    log_in(factory_owner)

    assert page.url.endswith("/")
    assert page.inner_text("main h1") == "Factory A"
    assert "Olive Owner" in page.inner_text("header .who")

    _choose_language(page, "zh-hans")
    assert page.get_attribute("html", "lang") == "zh-hans"
    assert page.eval_on_selector(LANGUAGE, "s => s.options[s.selectedIndex].text") == "简体中文"
    assert page.inner_text("main h1") == "Factory A"

    _choose_language(page, "en")
    assert page.get_attribute("html", "lang") == "en"
    assert page.inner_text("header form button.link") == "Sign out"

    with page.expect_navigation():
        page.click("header form button.link")
    assert page.url.endswith("/account/login/")
    page.goto("/")
    assert "/account/login/" in page.url


def test_wrong_password_keeps_the_form(
    page: Page, factory_owner: User, log_in: Callable[..., Page]
) -> None:
    log_in(factory_owner, "not-my-password")

    assert page.url.endswith("/account/login/")
    assert page.locator(".errors").count() == 1
    assert page.locator("header .who").count() == 0
