"""What the PDF slips and the Excel register share: the period's lines in one read, and how
hours, money, rates and a period's status read on paper."""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from django.db import models
from django.db.models import QuerySet
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from seamline.payroll.models import PayLine, PayPeriod


def rounding_rule() -> str:
    return _("Each line is rounded half-up to the cent; the total is the sum of the lines.")


def period_lines(period: PayPeriod) -> QuerySet[PayLine]:
    """Every line of the period with what its label needs, by employee number, in slip order
    (one query, where `selectors.slip_lines` would be one per slip)."""
    return (
        PayLine.objects.filter(period=period)
        .select_related("worker", "operation", "operation__style", "order", "origin", "adjustment")
        .order_by("worker__code", "slip_id", "pk")
    )


def lines_by_slip(period: PayPeriod) -> dict[int, list[PayLine]]:
    grouped: dict[int, list[PayLine]] = defaultdict(list)
    for line in period_lines(period):
        grouped[line.slip_id].append(line)
    return grouped


def verbose(model: type[models.Model], name: str) -> str:
    """A model field's name as a heading ("piece pay" -> "Piece pay"), translated."""
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return str(capfirst(field.verbose_name))


def is_draft(period: PayPeriod) -> bool:
    """Draft and reviewed periods are not approved: their papers say so."""
    return not period.is_locked


def draft_mark() -> str:
    return _("DRAFT – not approved")


def hours(minutes: int) -> str:
    """Minutes as h:mm (450 -> "7:30")."""
    sign = "-" if minutes < 0 else ""
    whole, rest = divmod(abs(minutes), 60)
    return f"{sign}{whole}:{rest:02d}"


def money(amount: Decimal) -> str:
    """An amount with two places and thousands separators: 1234.5 -> "1,234.50"."""
    return f"{amount:,.2f}"


def number(value: Decimal | None, min_places: int = 2) -> str:
    """A rate or multiplier without trailing zeros beyond `min_places`: 0.1200 -> "0.12"."""
    if value is None:
        return ""
    text = f"{value:f}"
    if "." not in text:
        return f"{value:.{min_places}f}"
    whole, places = text.split(".")
    places = places.rstrip("0").ljust(min_places, "0")
    return f"{whole}.{places}"


def safe_name(text: str) -> str:
    """`text` usable in a download's file name (ASCII letters, digits, - _ .)."""
    return "".join(ch if (ch.isascii() and ch.isalnum()) or ch in "-_." else "_" for ch in text)
