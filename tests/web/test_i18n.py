"""The UI ships in English and Simplified Chinese: the catalogue is complete, compiled and used."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.test import Client

from seamline.config.i18n import LOCALE_DIR

PO = LOCALE_DIR / "zh_Hans" / "LC_MESSAGES" / "django.po"
SRC = LOCALE_DIR.parent


def test_every_message_has_a_chinese_translation() -> None:
    catalogue = polib.pofile(str(PO))
    missing = [e.msgid for e in catalogue if not e.obsolete and not e.translated()]
    assert missing == []


def test_compiled_catalogue_matches_its_source() -> None:
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.pofile(str(PO))}
    compiled = {
        (e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural
        for e in polib.mofile(str(PO.with_suffix(".mo")))
    }
    source = {key: value for key, value in source.items() if key[1]}
    compiled = {key: value for key, value in compiled.items() if key[1]}
    assert compiled == source, "run `make messages` to recompile django.mo"


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_string_of_the_source(tmp_path: Path) -> None:
    """Extract again from a copy of the source; nothing new may be missing from the catalogue."""
    copy = tmp_path / "seamline"
    shutil.copytree(SRC, copy, ignore=shutil.ignore_patterns("__pycache__", "migrations"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "zh_Hans", "--no-location"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "seamline.config.settings",
        },
    )
    extracted = {e.msgid for e in polib.pofile(str(copy / "locale/zh_Hans/LC_MESSAGES/django.po"))}
    known = {e.msgid for e in polib.pofile(str(PO)) if not e.obsolete}
    assert sorted(extracted - known) == [], "run `make messages` and translate the new strings"


@pytest.mark.django_db
def test_browser_language_chooses_chinese() -> None:
    response = Client(headers={"Accept-Language": "zh-CN,zh;q=0.9"}).get("/account/login/")
    assert response.status_code == 200
    assert response.headers["Content-Language"] == "zh-hans"
    assert "登录" in response.content.decode()


@pytest.mark.django_db
def test_english_stays_the_default() -> None:
    response = Client(headers={"Accept-Language": "fr"}).get("/account/login/")
    assert "Sign in to Seamline" in response.content.decode()
