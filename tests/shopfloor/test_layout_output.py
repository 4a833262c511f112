"""A line's actual hourly output against its active layout (`skills.layout_expectation`).

Factory A runs on Asia/Shanghai time. `cut_order()` gives bundles 1-6 (20, 10, 20, 10, 20,
10 pieces) and the bulletin 10, 20, 30: op 30 is the last, so a piece is finished there. The
line's active layout expects 30.0 garments an hour. On 2026-11-20, W1 clocked in to the line
at 08:00; finished at op 30: 09:30 b1 (20), 09:45 b2 (10), 09:55 b3 (20), 10:12 b4 (10).
Op 10 scans (not finished garments) at 08:20 do not count. At 10:30:

    hour   finished  expected  short by
    08:00      0       30.0      30.0
    09:00     50       30.0     -20.0   (ahead)
    10:00     10       15.0       5.0   (half the hour gone)
    11:00      0       30.0       —     (to come) ... up to 15:00 (an 8-hour day)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.template.loader import render_to_string

from seamline.shopfloor import skills
from seamline.shopfloor.models import Attendance, Line, LineLayout
from seamline.shopfloor.scanning import record_scans
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import CutOrder, cut_order
from tests.shopfloor.day import DAY, at, scan
from tests.shopfloor.factories import LineFactory

pytestmark = pytest.mark.django_db


def layout(line: Line, cut: CutOrder, *, active: bool = True) -> LineLayout:
    return LineLayout.objects.create(
        line=line,
        style=cut.style,
        name="Jeans A",
        target_per_hour=30,
        operators=3,
        takt=Decimal("2.000"),
        cycle_time=Decimal("1.900"),
        output_per_hour=Decimal("30.0"),
        balance_efficiency=Decimal("0.9100"),
        lower_bound=Decimal("1.800"),
        solver_status="optimal",
        is_active=active,
    )


@pytest.fixture
def scene(tenant_a: Organization) -> CutOrder:
    with tenant_context(tenant_a):
        cut = cut_order()
        w1 = cut.workers[0].code
        n = [b.number for b in cut.bundles]
        record_scans(
            [
                scan("a1", n[0], 10, w1, at(8, 20)),
                scan("f1", n[0], 30, w1, at(9, 30)),
                scan("f2", n[1], 30, w1, at(9, 45)),
                scan("f3", n[2], 30, w1, at(9, 55)),
                scan("f4", n[3], 30, w1, at(10, 12)),
            ]
        )
        Attendance.objects.create(worker=cut.workers[0], day=DAY, line=cut.line, clock_in=at(8))
    return cut


def expectation(
    cut: CutOrder, tenant: Organization, now: dt.datetime
) -> skills.LayoutExpectation | None:
    with tenant_context(tenant):
        return skills.layout_expectation(cut.line, DAY, now=now)


def test_hours_against_the_active_layout(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        made = layout(scene.line, scene)
    found = expectation(scene, tenant_a, at(10, 30))
    assert found is not None
    assert (found.layout_id, found.output_per_hour, found.operators) == (made.pk, 30, 3)
    rows = [(h.hour, h.actual, h.expected, h.shortfall, h.is_current) for h in found.hours]
    assert rows[:4] == [
        (8, 0, Decimal("30.0"), Decimal("30.0"), False),
        (9, 50, Decimal("30.0"), Decimal("-20.0"), False),
        (10, 10, Decimal("15.0"), Decimal("5.0"), True),
        (11, 0, Decimal("30.0"), None, False),
    ]
    assert [h.hour for h in found] == list(range(8, 16))
    assert len(found) == 8
    assert [h.met for h in found.hours[:4]] == [False, True, False, False]
    assert (found.expected, found.actual, found.shortfall) == (75, 60, 15)


def test_a_past_day_expects_every_hour(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        layout(scene.line, scene)
    found = expectation(scene, tenant_a, at(10) + dt.timedelta(days=3))
    assert found is not None
    assert all(h.shortfall is not None for h in found)
    assert found.expected == 8 * 30
    assert found.actual == 60


def test_no_active_layout_means_no_expectation(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    assert expectation(scene, tenant_a, at(10, 30)) is None
    with tenant_context(tenant_a):
        layout(scene.line, scene, active=False)
        # Another line's active layout is not this line's.
        layout(LineFactory(), scene)
    assert expectation(scene, tenant_a, at(10, 30)) is None


def test_expectation_takes_few_queries(
    scene: CutOrder,
    tenant_a: Organization,
    shanghai: None,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    with tenant_context(tenant_a):
        layout(scene.line, scene)
        with django_assert_max_num_queries(4):
            skills.layout_expectation(scene.line, DAY, now=at(10, 30))


def test_partial_shows_finished_against_expected(
    scene: CutOrder, tenant_a: Organization, shanghai: None
) -> None:
    with tenant_context(tenant_a):
        layout(scene.line, scene)
    found = expectation(scene, tenant_a, at(10, 30))
    html = render_to_string("shopfloor/_layout_output.html", {"expectation": found})
    assert "Output against the layout" in html
    assert "Jeans A" in html
    assert 'data-hour="10" class="current"' in html
    assert "-20.0" in html
    assert render_to_string("shopfloor/_layout_output.html", {"expectation": None}).strip() == ""
