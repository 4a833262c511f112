"""Reads of orders, always through the tenant-scoped managers."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Count, Sum
from django.utils import timezone

from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order

OPEN_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION)


def order_dashboard(*, today: dt.date | None = None, horizon_days: int = 30) -> dict[str, Any]:
    """Orders by status with their garment counts, and what is due in the next weeks."""
    today = today or timezone.localdate()
    by_status = {
        row["status"]: row
        for row in Order.objects.values("status").annotate(
            orders=Count("id", distinct=True), pieces=Sum("lines__quantity")
        )
    }
    status_counts = [
        {
            "status": status,
            "label": label,
            "orders": by_status.get(status, {}).get("orders", 0),
            "pieces": by_status.get(status, {}).get("pieces") or 0,
        }
        for status, label in OrderStatus.choices
    ]
    upcoming = (
        Order.objects.filter(
            status__in=OPEN_STATUSES,
            delivery_date__lte=today + dt.timedelta(days=horizon_days),
        )
        .select_related("customer")
        .annotate(pieces=Sum("lines__quantity"))
        .order_by("delivery_date", "number")[:10]
    )
    return {"status_counts": status_counts, "upcoming": list(upcoming), "today": today}
