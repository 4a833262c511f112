"""Rework on the floor: a bundle quality sends back shows in WIP at that operation (order
progress page, line page, WIP API) until it is repaired or re-inspected, and the bundle's
trace shows what happened to it."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.shopfloor import floor
from seamline.shopfloor.choices import ReworkStatus
from seamline.shopfloor.models import Rework
from seamline.shopfloor.rework import rework_close, rework_mark_repaired, rework_send
from seamline.shopfloor.scanning import ScanInput, record_scans
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import AuditEntry, Organization
from tests.cutting.factories import CutOrder, cut_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def scene(tenant_a: Organization) -> Iterator[CutOrder]:
    with tenant_context(tenant_a):
        cut = cut_order()
        w1, w2 = cut.workers
        b1, b2 = cut.bundles[0].number, cut.bundles[1].number
        record_scans(
            [
                ScanInput("a", b1, 10, w1.code),
                ScanInput("b", b1, 20, w2.code),
                ScanInput("c", b2, 10, w1.code),
            ]
        )
        yield cut


def _op_wip(progress: Any, op_pk: int) -> Any:
    (style,) = progress.styles
    return next(op for op in style.operations if op.operation_id == op_pk)


def test_rework_shows_at_its_operation_until_repaired(
    scene: CutOrder, supervisor_a: Client, tenant_a: Organization
) -> None:
    op10, op20, _ = scene.operations
    with tenant_context(tenant_a):
        rework = rework_send(
            bundle=scene.bundles[0], operation=op20, pieces=3, worker=scene.workers[1]
        )
        rework_send(bundle=scene.bundles[1], operation=op20, pieces=1)  # not done there: still
        wip = _op_wip(floor.order_progress(scene.order), op20.pk)
        assert (wip.rework_pieces, wip.rework_bundles) == (4, 2)
        assert _op_wip(floor.order_progress(scene.order), op10.pk).rework_pieces == 0

    page = supervisor_a.get(reverse("shopfloor:floor_order", args=[scene.order.pk]))
    assert page.status_code == 200
    assert "4 in rework" in page.content.decode()

    api = supervisor_a.get(f"/api/v1/shopfloor/floor/orders/{scene.order.pk}/progress")
    (style,) = api.json()["wip"]
    at_20 = next(op for op in style["operations"] if op["sequence"] == 20)
    assert (at_20["rework_pieces"], at_20["rework_bundles"]) == (4, 2)

    with tenant_context(tenant_a):
        rework_mark_repaired(rework, by=None)
        wip = _op_wip(floor.order_progress(scene.order), op20.pk)
        assert (wip.rework_pieces, wip.rework_bundles) == (1, 1)
        with pytest.raises(ValidationError):
            rework_mark_repaired(rework, by=None)
    api = supervisor_a.get(f"/api/v1/shopfloor/floor/orders/{scene.order.pk}/progress")
    at_20 = next(op for op in api.json()["wip"][0]["operations"] if op["sequence"] == 20)
    assert at_20["rework_pieces"] == 1


def test_reinspection_closes_open_and_repaired_rework(
    scene: CutOrder, tenant_a: Organization
) -> None:
    op10, op20, _ = scene.operations
    with tenant_context(tenant_a):
        bundle = scene.bundles[0]
        first = rework_send(bundle=bundle, operation=op20, pieces=2)
        second = rework_send(bundle=bundle, operation=op10, pieces=1)
        rework_mark_repaired(first, by=None)
        assert rework_close(bundle, at=second.opened_at) == 2
        assert set(Rework.objects.values_list("status", flat=True)) == {ReworkStatus.CLOSED}
        assert _op_wip(floor.order_progress(scene.order), op10.pk).rework_pieces == 0
        assert AuditEntry.objects.filter(action="shopfloor.rework_closed").count() == 2


def test_line_wip_shows_rework(scene: CutOrder, tenant_a: Organization) -> None:
    op20 = scene.operations[1]
    with tenant_context(tenant_a):
        rework_send(bundle=scene.bundles[0], operation=op20, pieces=5)
        styles = floor.line_wip(line=scene.line, day=timezone.localdate())
        (style,) = styles
        at_20 = next(op for op in style.operations if op.operation_id == op20.pk)
        assert (at_20.rework_pieces, at_20.rework_bundles) == (5, 1)


def test_rework_is_refused_for_an_operation_of_another_style_or_too_many_pieces(
    scene: CutOrder, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        other = cut_order()
        with pytest.raises(ValidationError) as refused:
            rework_send(bundle=scene.bundles[0], operation=other.operations[0], pieces=1)
        assert "operation" in refused.value.error_dict
        with pytest.raises(ValidationError) as refused:
            rework_send(bundle=scene.bundles[0], operation=scene.operations[0], pieces=21)
        assert "pieces" in refused.value.error_dict
        assert not Rework.objects.exists()


def test_the_trace_shows_the_rework_of_the_bundle(
    scene: CutOrder, supervisor_a: Client, tenant_a: Organization
) -> None:
    op20 = scene.operations[1]
    with tenant_context(tenant_a):
        rework = rework_send(
            bundle=scene.bundles[0],
            operation=op20,
            pieces=2,
            reason="SKIP Skipped stitch",
            worker=scene.workers[1],
        )
        rework_mark_repaired(rework, by=None)
    page = supervisor_a.get(reverse("shopfloor:bundle_trace", args=[scene.bundles[0].pk]))
    html = page.content.decode()
    assert f'data-rework="{rework.pk}"' in html
    assert "SKIP Skipped stitch" in html
    api = supervisor_a.get(f"/api/v1/shopfloor/floor/bundles/{scene.bundles[0].pk}/trace")
    (row,) = api.json()["rework"]
    assert (row["sequence"], row["pieces"], row["status"], row["worker_code"]) == (
        20,
        2,
        "repaired",
        scene.workers[1].code,
    )
    assert row["repaired_at"] is not None
