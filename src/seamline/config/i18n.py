"""Compile the message catalogues without GNU gettext, so a fresh machine needs only Python.

`python -m seamline.config.i18n compile` writes each django.mo beside its django.po.
"""

from __future__ import annotations

import sys
from pathlib import Path

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def catalogues() -> list[Path]:
    return sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))


def compile_all() -> list[Path]:
    import polib

    written = []
    for po_path in catalogues():
        mo_path = po_path.with_suffix(".mo")
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        written.append(mo_path)
    return written


def main(argv: list[str]) -> int:
    if argv[1:] != ["compile"]:
        sys.stderr.write("usage: python -m seamline.config.i18n compile\n")
        return 2
    for path in compile_all():
        sys.stdout.write(f"compiled {path.relative_to(LOCALE_DIR)}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
