"""The code on a bundle ticket's coupon: bundle number and operation sequence, "1234-40".

Printed as text and as a QR code under every coupon; scanners, phones and people typing it
in all send it back in this form.
"""

from __future__ import annotations

import re

_COUPON = re.compile(r"^\s*[A-Za-z]*\s*(\d{1,9})\s*[-./:*#\s]\s*(\d{1,6})\s*$")


def coupon_code(bundle_number: int, operation_sequence: int) -> str:
    return f"{bundle_number}-{operation_sequence}"


def parse_coupon(text: str) -> tuple[int, int] | None:
    """'1234-40' -> (1234, 40); a prefix and other separators are tolerated ("B1234 40")."""
    match = _COUPON.match(text)
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))
