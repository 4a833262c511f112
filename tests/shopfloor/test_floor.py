"""The floor pages and API: output by hour, efficiency, progress, WIP and bundle traces.

One scenario, computed by hand. Factory A runs on Asia/Shanghai time. `cut_order()` gives
bundles 1-6 (S 20, S 10, M 20, M 10, M 20, M 10; 90 pieces cut of 120 ordered) and a
bulletin 10 (SMV 0.5), 20 (0.6), 30 (0.7, here a finishing operation). On 2026-11-20:

    08:10-08:50  W1 does op 10 on bundles 1-5          (80 pieces)
    09:05, 09:15 W2 does op 20 on bundles 1, 2         (30 pieces)
    09:30        W2 does op 30 on bundle 1             (20 pieces finished)
    09:45        W2 does op 20 on bundle 3             (20 pieces)
    10:10        W1 does op 30 on bundle 2             (10 pieces finished)
    10:20        W1 scans bundle 1 op 10 again         (duplicate)
    10:25        W1 claims bundle 1 op 20              (conflict: W2 holds it)

W1 clocked in 08:00-11:00 (180 min); W2 from 08:00, still in, 30 min break: 210 min at noon.
Earned: W1 80 x 0.5 + 10 x 0.7 = 47.00; W2 50 x 0.6 + 20 x 0.7 = 44.00; line 91.00 / 390.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from seamline.catalog.choices import Section
from seamline.catalog.models import Operation
from seamline.shopfloor import floor
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.models import Attendance
from seamline.shopfloor.scanning import record_scans
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.day import DAY, SHANGHAI, at, scan

pytestmark = pytest.mark.django_db

NOON = dt.datetime(2026, 11, 20, 12, 0, tzinfo=SHANGHAI)


@pytest.fixture
def scene(tenant_a: Organization) -> CutOrder:
    with tenant_context(tenant_a):
        cut = cut_order()
        Operation.objects.filter(pk=cut.operations[2].pk).update(section=Section.FINISHING)
        w1, w2 = (w.code for w in cut.workers)
        n = [b.number for b in cut.bundles]
        items = [scan(f"a{i}", n[i], 10, w1, at(8, 10 * (i + 1))) for i in range(5)]
        items += [
            scan("b1", n[0], 20, w2, at(9, 5)),
            scan("b2", n[1], 20, w2, at(9, 15)),
            scan("c1", n[0], 30, w2, at(9, 30)),
            scan("b3", n[2], 20, w2, at(9, 45)),
            scan("c2", n[1], 30, w1, at(10, 10)),
            scan("dup", n[0], 10, w1, at(10, 20)),
            scan("clash", n[0], 20, w1, at(10, 25)),
        ]
        results = record_scans(items)
        assert [r.status for r in results][-2:] == [ScanStatus.DUPLICATE, ScanStatus.CONFLICT]
        Attendance.objects.create(
            worker=cut.workers[0], day=DAY, line=cut.line, clock_in=at(8), clock_out=at(11)
        )
        Attendance.objects.create(
            worker=cut.workers[1], day=DAY, line=cut.line, clock_in=at(8), break_minutes=30
        )
    return cut


# --- selectors -------------------------------------------------------------------------------


def test_line_output_by_hour_and_efficiency(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        out = floor.line_output(line=scene.line, day=DAY, now=NOON)
    assert [(h.hour, h.pieces, h.target) for h in out.hours] == [
        (8, 0, 60),
        (9, 20, 60),
        (10, 10, 60),
        (11, 0, 60),
        (12, 0, 60),
        (13, 0, 60),
        (14, 0, 60),
        (15, 0, 60),
    ]
    assert [h.hour for h in out.hours if h.is_current] == [12]
    assert (out.output, out.day_target) == (30, 480)
    assert (out.earned_minutes, out.attended_minutes) == (Decimal("91.00"), 390)
    assert out.efficiency == Decimal("23.3")
    assert out.conflicts == 1


def test_worker_efficiency(scene: CutOrder, tenant_a: Organization, shanghai: None) -> None:
    with tenant_context(tenant_a):
        rows = floor.worker_efficiency(day=DAY, line=scene.line, now=NOON)
    w1, w2 = scene.workers
    assert [
        (r.code, r.pieces, r.scans, r.earned_minutes, r.attended_minutes, r.efficiency)
        for r in rows
    ] == [
        (w1.code, 90, 6, Decimal("47.00"), 180, Decimal("26.1")),
        (w2.code, 70, 4, Decimal("44.00"), 210, Decimal("21.0")),
    ]


def test_still_clocked_in_counts_to_the_end_of_a_past_day(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        later = floor.line_output(line=scene.line, day=DAY, now=NOON + dt.timedelta(days=3))
    # W2: 08:00 to midnight less the break = 960 - 30; W1 clocked out: 180.
    assert later.attended_minutes == 180 + 930
    assert not any(h.is_current for h in later.hours)


def test_day_follows_the_factory_time_zone(tenant_a: Organization, shanghai: None) -> None:
    with tenant_context(tenant_a):
        cut = cut_order()
        w1 = cut.workers[0].code
        n = [b.number for b in cut.bundles]
        record_scans(
            [
                scan("early", n[0], 30, w1, at(0, 0)),  # 2026-11-19 16:00 UTC: counts
                scan("late", n[1], 30, w1, at(23, 59)),  # 15:59 UTC: counts
                scan("next", n[2], 30, w1, at(0, 1, DAY + dt.timedelta(days=1))),  # 16:01 UTC
                scan("before", n[3], 30, w1, at(23, 59, DAY - dt.timedelta(days=1))),
            ]
        )
        out = floor.line_output(line=cut.line, day=DAY, now=NOON + dt.timedelta(days=2))
        after = floor.line_output(
            line=cut.line, day=DAY + dt.timedelta(days=1), now=NOON + dt.timedelta(days=2)
        )
    assert out.output == 20 + 10
    assert {h.hour: h.pieces for h in out.hours if h.pieces} == {0: 20, 23: 10}
    assert after.output == 20


def test_order_progress_by_colour_and_size(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        progress = floor.order_progress(scene.order)
    t = progress.total
    assert (t.ordered, t.cut, t.sewn, t.finished) == (120, 90, 50, 30)
    assert (t.cut_pct, t.sewn_pct, t.finished_pct) == (
        Decimal("75.0"),
        Decimal("41.7"),
        Decimal("25.0"),
    )
    assert [(r.size, r.ordered, r.cut, r.sewn, r.finished, r.sewn_pct) for r in progress.rows] == [
        ("S", 60, 30, 30, 30, Decimal("50.0")),
        ("M", 60, 60, 20, 0, Decimal("33.3")),
    ]
    assert {r.colour for r in progress.rows} == {scene.colour.code}


def test_order_wip_waiting_per_operation_and_bottleneck(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        (style,) = floor.order_progress(scene.order).styles
    assert style.style_id == scene.style.pk
    assert [
        (
            op.sequence,
            op.done_pieces,
            op.done_bundles,
            op.waiting_pieces,
            op.waiting_bundles,
            op.is_bottleneck,
        )
        for op in style.operations
    ] == [
        (10, 80, 5, 10, 1, False),  # bundle 6 cut, not started
        (20, 50, 3, 30, 2, True),  # bundles 4 and 5
        (30, 30, 2, 20, 1, False),  # bundle 3
    ]
    assert style.bottleneck is not None
    assert style.bottleneck.sequence == 20


def test_line_wip_counts_the_bundles_on_the_line(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        (style,) = floor.line_wip(line=scene.line, day=DAY)
        assert floor.line_wip(line=scene.line, day=DAY + dt.timedelta(days=1)) == []
    # Bundle 6 never reached the line: nothing waits before op 10 here.
    assert [(op.sequence, op.waiting_pieces, op.is_bottleneck) for op in style.operations] == [
        (10, 0, False),
        (20, 30, True),
        (30, 20, False),
    ]


def test_bundle_trace_shows_every_scan(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    w1, w2 = (w.code for w in scene.workers)
    with tenant_context(tenant_a):
        trace = floor.bundle_trace(floor.bundle_for_trace(scene.bundles[0].pk).get())
        untouched = floor.bundle_trace(floor.bundle_for_trace(scene.bundles[5].pk).get())
    assert (trace.number, trace.quantity, trace.ply_from, trace.ply_to) == (
        scene.bundles[0].number,
        20,
        1,
        20,
    )
    assert (trace.order_number, trace.size, trace.lay_number) == (
        scene.order.number,
        "S",
        scene.lay.number,
    )
    assert [
        (step.sequence, step.done, [(s.worker_code, s.status, s.scanned_at) for s in step.scans])
        for step in trace.steps
    ] == [
        (10, True, [(w1, "credited", at(8, 10)), (w1, "duplicate", at(10, 20))]),
        (20, True, [(w2, "credited", at(9, 5)), (w1, "conflict", at(10, 25))]),
        (30, True, [(w2, "credited", at(9, 30))]),
    ]
    assert [(s.sequence, s.done, s.scans) for s in untouched.steps] == [
        (10, False, []),
        (20, False, []),
        (30, False, []),
    ]


# --- pages -----------------------------------------------------------------------------------


def test_overview_shows_lines_conflicts_and_orders(
    scene: CutOrder, supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(16):
        page = supervisor_a.get(reverse("shopfloor:floor"), {"day": DAY.isoformat()})
    assert page.status_code == 200
    (line,) = page.context["lines"]
    assert (line.code, line.output, line.conflicts) == (scene.line.code, 30, 1)
    (order,) = page.context["orders"]
    assert (order.number, order.total.cut, order.total.sewn, order.total.finished) == (
        scene.order.number,
        90,
        50,
        30,
    )
    html = page.content.decode()
    assert reverse("shopfloor:floor_order", args=[scene.order.pk]) in html
    assert reverse("shopfloor:floor_line", args=[scene.line.pk]) in html
    assert 'hx-trigger="every 15s"' in html


def test_overview_reads_in_the_same_queries_for_more_lines_and_orders(
    scene: CutOrder,
    supervisor_a: Client,
    tenant_a: Organization,
    django_assert_max_num_queries: Any,
) -> None:
    lines = {scene.line.pk: 30}
    with tenant_context(tenant_a):
        for n in range(2):
            more = cut_order()
            lines[more.line.pk] = 90
            record_scans(
                [
                    scan(f"m{n}-{k}-{op}", b.number, op, more.workers[0].code, at(9, k))
                    for k, b in enumerate(more.bundles)
                    for op in (10, 20, 30)
                ]
            )
    with django_assert_max_num_queries(16):
        page = supervisor_a.get(reverse("shopfloor:floor"), {"day": DAY.isoformat()})
    assert {line.line_id: line.output for line in page.context["lines"]} == lines
    assert len(page.context["orders"]) == 3


def test_overview_is_today_by_default(
    scene: CutOrder, supervisor_a: Client, tenant_a: Organization
) -> None:
    page = supervisor_a.get(reverse("shopfloor:floor"))
    with timezone.override(SHANGHAI):
        assert page.context["day"] == timezone.localdate()
    assert page.context["lines"][0].output == 0


def test_bundle_search_redirects_or_says_there_is_none(
    scene: CutOrder, supervisor_a: Client
) -> None:
    url = reverse("shopfloor:floor")
    number = scene.bundles[2].number
    found = supervisor_a.get(url, {"bundle": str(number)})
    assert found.status_code == 302
    assert found["Location"] == reverse("shopfloor:bundle_trace", args=[scene.bundles[2].pk])
    missing = supervisor_a.get(url, {"bundle": "99999"})
    assert missing.status_code == 200
    assert "There is no bundle 99999." in missing.content.decode()


def test_line_page(
    scene: CutOrder, supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(19):  # + open rework (quality), + the active layout
        page = supervisor_a.get(
            reverse("shopfloor:floor_line", args=[scene.line.pk]), {"day": DAY.isoformat()}
        )
    assert page.status_code == 200
    assert [(w.pieces, w.earned_minutes) for w in page.context["workers"]] == [
        (90, Decimal("47.00")),
        (70, Decimal("44.00")),
    ]
    assert page.context["output"].earned_minutes == Decimal("91.00")
    html = page.content.decode()
    assert 'class="bottleneck"' in html
    assert "Bottleneck" in html


def test_order_page(
    scene: CutOrder, supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(10):  # + open rework (quality)
        page = supervisor_a.get(reverse("shopfloor:floor_order", args=[scene.order.pk]))
    assert page.status_code == 200
    assert page.context["progress"].total.finished == 30
    html = page.content.decode()
    assert "41.7" in html
    assert html.count('class="bottleneck"') == 1


def test_bundle_trace_page(
    scene: CutOrder, supervisor_a: Client, django_assert_max_num_queries: Any
) -> None:
    with django_assert_max_num_queries(8):  # + rework of the bundle (quality)
        page = supervisor_a.get(reverse("shopfloor:bundle_trace", args=[scene.bundles[0].pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'class="scan duplicate"' in html
    assert 'class="scan conflict"' in html
    assert html.count('class="scan credited"') == 3
    assert "<strong>" in html
    # Shown in the factory's time.
    assert "2026-11-20 08:10" in html
    trace = supervisor_a.get(reverse("shopfloor:bundle_trace", args=[scene.bundles[5].pk]))
    assert trace.content.decode().count("Not done yet") == 3


@pytest.mark.parametrize("name", ["floor", "floor_line", "floor_order", "bundle_trace"])
def test_htmx_request_gets_only_the_partial(
    name: str, scene: CutOrder, supervisor_a: Client
) -> None:
    args = {
        "floor": [],
        "floor_line": [scene.line.pk],
        "floor_order": [scene.order.pk],
        "bundle_trace": [scene.bundles[0].pk],
    }[name]
    url = reverse(f"shopfloor:{name}", args=args)
    full = supervisor_a.get(url).content.decode()
    part = supervisor_a.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" in full
    assert "<html" not in part
    assert part.lstrip().startswith("<div id=")
    assert 'hx-swap="outerHTML"' in part
    assert f'hx-get="{url}"' in part


@pytest.mark.parametrize("role", [Role.WORKER, Role.BRAND_BUYER])
def test_workers_and_buyers_may_not_look(
    role: str,
    scene: CutOrder,
    tenant_a: Organization,
    client_as: Callable[[Organization, str], Client],
    api_client_as: Callable[[Organization, str], Client],
) -> None:
    client = client_as(tenant_a, role)
    for url in (
        reverse("shopfloor:floor"),
        reverse("shopfloor:floor_line", args=[scene.line.pk]),
        reverse("shopfloor:floor_order", args=[scene.order.pk]),
        reverse("shopfloor:bundle_trace", args=[scene.bundles[0].pk]),
    ):
        assert client.get(url).status_code == 403
    api = api_client_as(tenant_a, role)
    for url in (
        reverse("api:floor_order_progress", kwargs={"order_id": scene.order.pk}),
        reverse("api:floor_line_output", kwargs={"line_id": scene.line.pk}),
        reverse("api:floor_efficiency"),
        reverse("api:floor_bundle_trace", kwargs={"bundle_id": scene.bundles[0].pk}),
    ):
        assert api.get(url).status_code == 403


# --- API -------------------------------------------------------------------------------------


@pytest.fixture
def api(api_client_as: Callable[[Organization, str], Client], tenant_a: Organization) -> Client:
    return api_client_as(tenant_a, Role.SUPERVISOR)


def test_api_order_progress(
    scene: CutOrder, api: Client, django_assert_max_num_queries: Any
) -> None:
    url = reverse("api:floor_order_progress", kwargs={"order_id": scene.order.pk})
    with django_assert_max_num_queries(9):
        response = api.get(url)
    assert response.status_code == 200
    body = response.json()
    assert body["total"] == {
        "ordered": 120,
        "cut": 90,
        "sewn": 50,
        "finished": 30,
        "cut_pct": "75.0",
        "sewn_pct": "41.7",
        "finished_pct": "25.0",
    }
    assert [(r["size"], r["finished"]) for r in body["rows"]] == [("S", 30), ("M", 0)]
    (style,) = body["wip"]
    assert [
        (o["sequence"], o["waiting_pieces"], o["is_bottleneck"]) for o in style["operations"]
    ] == [
        (10, 10, False),
        (20, 30, True),
        (30, 20, False),
    ]


def test_api_line_output(scene: CutOrder, api: Client, django_assert_max_num_queries: Any) -> None:
    url = reverse("api:floor_line_output", kwargs={"line_id": scene.line.pk})
    with django_assert_max_num_queries(10):
        body = api.get(url, {"day": DAY.isoformat()}).json()
    assert body["output"] == 30
    assert [(h["label"], h["pieces"]) for h in body["hours"][:3]] == [
        ("08:00", 0),
        ("09:00", 20),
        ("10:00", 10),
    ]
    assert body["earned_minutes"] == "91.00"
    assert body["conflicts"] == 1
    assert api.get(url, {"day": "not-a-day"}).status_code == 422


def test_api_efficiency(scene: CutOrder, api: Client, django_assert_max_num_queries: Any) -> None:
    url = reverse("api:floor_efficiency")
    with django_assert_max_num_queries(7):
        body = api.get(url, {"day": DAY.isoformat(), "line_id": str(scene.line.pk)}).json()
    assert body["line_id"] == scene.line.pk
    assert [(w["code"], w["pieces"], w["scans"], w["earned_minutes"]) for w in body["workers"]] == [
        (scene.workers[0].code, 90, 6, "47.00"),
        (scene.workers[1].code, 70, 4, "44.00"),
    ]
    everyone = api.get(url, {"day": DAY.isoformat()}).json()
    assert [w["pieces"] for w in everyone["workers"]] == [90, 70]
    assert api.get(url, {"line_id": 999999}).status_code == 404


def test_api_bundle_trace(scene: CutOrder, api: Client, django_assert_max_num_queries: Any) -> None:
    url = reverse("api:floor_bundle_trace", kwargs={"bundle_id": scene.bundles[0].pk})
    with django_assert_max_num_queries(7):
        body = api.get(url).json()
    assert body["number"] == scene.bundles[0].number
    assert body["done_count"] == 3
    assert [[s["status"] for s in step["scans"]] for step in body["steps"]] == [
        ["credited", "duplicate"],
        ["credited", "conflict"],
        ["credited"],
    ]
    assert json.dumps(body)  # plain JSON all the way down


def test_api_other_rows_are_404(scene: CutOrder, api: Client) -> None:
    for url in (
        reverse("api:floor_order_progress", kwargs={"order_id": 999999}),
        reverse("api:floor_line_output", kwargs={"line_id": 999999}),
        reverse("api:floor_bundle_trace", kwargs={"bundle_id": 999999}),
    ):
        assert api.get(url).status_code == 404
