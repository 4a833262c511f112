"""A scan that commits while a period is being approved is paid exactly once.

The approval computes and stores the period's lines in one snapshot; a scan committed after
its calculation is not in them, and so comes into the next period as a late scan, once. The
scan arrives from another thread on its own database connection, at exactly that moment.
"""

from __future__ import annotations

import datetime as dt
import threading
from typing import Any

import pytest
from django.db import connection
from django.utils import timezone

from seamline.payroll import compute, services
from seamline.payroll.choices import LineKind
from seamline.payroll.models import PayLine
from seamline.shopfloor.models import Scan
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import cut_order


def _september(day: int) -> dt.datetime:
    return dt.datetime(2025, 9, day, 10, tzinfo=timezone.get_current_timezone())


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor == "sqlite",
    reason="SQLite has one writer: the approval's IMMEDIATE transaction holds it, so no scan "
    "can commit meanwhile (and the tests' shared in-memory database refuses, not waits)",
)
def test_a_scan_committed_during_approval_is_paid_once_in_the_next_period(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    tenant = Organization.objects.create(kind="factory", name="Race", slug="race")
    with tenant_context(tenant):
        cut = cut_order()
        worker = cut.workers[0]
        record_scans([ScanInput("early", cut.bundles[0].number, 10, worker.code, _september(2))])
        september = services.period_open(by=None, day=dt.date(2025, 9, 1))
        services.period_review(period=september, by=None)

    arrived = threading.Event()

    def scan_from_another_device() -> None:
        try:
            with tenant_context(tenant):
                record_scans(
                    [ScanInput("racer", cut.bundles[1].number, 10, worker.code, _september(3))]
                )
        finally:
            arrived.set()
            connection.close()

    real_store = compute.store

    def store_then_race(payroll: compute.Payroll) -> Any:
        written = real_store(payroll)
        racer = threading.Thread(target=scan_from_another_device)
        racer.start()
        # PostgreSQL lets the scan commit now; SQLite's single writer holds it until the
        # approval commits. Either way the approval must not pay it.
        arrived.wait(timeout=3)
        store_then_race.thread = racer  # type: ignore[attr-defined]
        return written

    monkeypatch.setattr(compute, "store", store_then_race)
    with tenant_context(tenant):
        outcome = services.period_approve(period=september, by=None)
    store_then_race.thread.join(timeout=30)  # type: ignore[attr-defined]
    monkeypatch.setattr(compute, "store", real_store)

    with tenant_context(tenant):
        assert outcome.approved
        racer = Scan.objects.get(client_id="racer")
        assert racer.status == "credited"
        assert PayLine.objects.get(period=september, kind=LineKind.PIECE).pieces == 20

        october = services.period_open(by=None)
        late = PayLine.objects.get(period=october, kind=LineKind.LATE)
        assert (late.pieces, late.origin_id) == (racer.quantity, september.pk)
        services.period_review(period=october, by=None)
        assert services.period_approve(period=october, by=None).approved
        november = services.period_open(by=None)
        assert not PayLine.objects.filter(period=november).exists()
