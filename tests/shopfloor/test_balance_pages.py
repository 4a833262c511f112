"""The balancing pages: list and propose, the detail's table, chart and figures, adjust,
place a worker, save as the line's layout, re-balance for today, the layout sheet (PDF)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from seamline.catalog.models import Operation
from seamline.shopfloor import balancing
from seamline.shopfloor.attendance import factory_today
from seamline.shopfloor.models import Attendance, LayoutShare, LineLayout
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.shopfloor.factories import LineFactory, WorkerFactory
from tests.shopfloor.test_balancing import bulletin

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(tenant_a: Organization) -> dict[str, Any]:
    with tenant_context(tenant_a):
        line = LineFactory(code="L7", name="Line seven")
        style, ops = bulletin(code="JEANS-01")
        layout = balancing.layout_propose(
            line=line, style=style, target_per_hour=30, head_count=None, workers=None, by=None
        )
    return {"line": line, "style": style, "ops": ops, "layout": layout}


def _fresh(tenant: Organization, pk: int) -> LineLayout:
    with tenant_context(tenant):
        return LineLayout.objects.get(pk=pk)


def test_list_shows_layouts_and_the_propose_form(world: dict[str, Any], planner_a: Client) -> None:
    response = planner_a.get(reverse("shopfloor:balance_list"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Propose a balance" in html
    assert "JEANS-01 · L7" in html
    assert reverse("shopfloor:balance_detail", args=[world["layout"].pk]) in html


def test_a_worker_may_not_see_the_balancing_pages(world: dict[str, Any], worker_a: Client) -> None:
    assert worker_a.get(reverse("shopfloor:balance_list")).status_code == 403


def test_propose_from_the_list_form(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    response = planner_a.post(
        reverse("shopfloor:balance_propose"),
        {"line": world["line"].pk, "style": world["style"].pk, "head_count": 4},
    )
    with tenant_context(tenant_a):
        made = LineLayout.objects.exclude(pk=world["layout"].pk).get()
    assert response.status_code == 302
    assert response["Location"] == reverse("shopfloor:balance_detail", args=[made.pk])
    assert made.head_count == 4
    assert made.target_per_hour is None


def test_propose_refuses_both_target_and_head_count(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    response = planner_a.post(
        reverse("shopfloor:balance_propose"),
        {
            "line": world["line"].pk,
            "style": world["style"].pk,
            "head_count": 4,
            "target_per_hour": 30,
        },
    )
    assert response.status_code == 422
    assert "not both" in response.content.decode()
    with tenant_context(tenant_a):
        assert LineLayout.objects.count() == 1


def test_propose_with_todays_present_workers(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        here = [WorkerFactory(line=world["line"], name=n) for n in ("Li Na", "Wang Fang")]
        WorkerFactory(line=world["line"], name="Absent")
        for worker in here:
            Attendance.objects.create(
                worker=worker,
                day=factory_today(),
                line=world["line"],
                clock_in=timezone.now() - dt.timedelta(hours=1),
            )
    response = planner_a.post(
        reverse("shopfloor:balance_propose"),
        {
            "line": world["line"].pk,
            "style": world["style"].pk,
            "target_per_hour": 30,
            "present_workers": "on",
        },
    )
    assert response.status_code == 302
    with tenant_context(tenant_a):
        made = LineLayout.objects.exclude(pk=world["layout"].pk).get()
        placed = set(LayoutShare.objects.filter(layout=made).values_list("worker__name", flat=True))
    assert placed == {"Li Na", "Wang Fang"}


def test_detail_shows_table_chart_and_figures(world: dict[str, Any], supervisor_a: Client) -> None:
    response = supervisor_a.get(reverse("shopfloor:balance_detail", args=[world["layout"].pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert '<svg class="load-chart"' in html
    assert html.count('<g class="bar') == 2
    assert 'class="bar bottleneck"' in html
    assert '<line class="takt"' in html
    assert '<dd id="fig-cycle">1.500</dd>' in html
    assert '<dd id="fig-takt">2.000</dd>' in html
    assert '<dd id="fig-output">40.0</dd>' in html
    assert '<dd id="fig-efficiency">100 %</dd>' in html
    assert "10 Join seams" in html
    assert "Draft: not the line's layout" in html
    assert "Save as the line's layout" in html


def test_an_inspector_reads_but_may_not_change(
    world: dict[str, Any], client_as: Any, tenant_a: Organization
) -> None:
    inspector = client_as(tenant_a, Role.INSPECTOR)
    url = reverse("shopfloor:balance_detail", args=[world["layout"].pk])
    html = inspector.get(url).content.decode()
    assert "Layout of line L7 for style JEANS-01" in html
    assert "Save as the line" not in html
    assert "Adjust by hand" not in html
    op: Operation = world["ops"][0]
    response = inspector.post(
        reverse("shopfloor:balance_adjust", args=[world["layout"].pk]),
        {"operation": op.pk, "percent": "50", "from_slot": 1, "to_slot": 2},
    )
    assert response.status_code == 403
    assert not _fresh(tenant_a, world["layout"].pk).edited


def test_adjust_recomputes_the_figures(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    op: Operation = world["ops"][0]
    url = reverse("shopfloor:balance_adjust", args=[world["layout"].pk])
    response = planner_a.post(
        url, {"operation": op.pk, "percent": "50", "from_slot": 1, "to_slot": 3}
    )
    assert response.status_code == 302
    layout = _fresh(tenant_a, world["layout"].pk)
    # Position 1: 0.50 + 0.50 = 1.00; 2: 1.50 (bottleneck); 3: 0.50.
    assert layout.operators == 3
    assert layout.cycle_time == Decimal("1.500")
    assert layout.balance_efficiency == Decimal("0.6667")
    assert layout.edited
    page = planner_a.get(reverse("shopfloor:balance_detail", args=[layout.pk])).content.decode()
    assert "(50 %)" in page
    assert "adjusted by hand" in page
    # Half of the first operation now sits downstream of the second: bundles go back once.
    assert '<dd id="fig-returns">1</dd>' in page


def test_adjust_by_htmx_answers_the_partial(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    op: Operation = world["ops"][2]
    url = reverse("shopfloor:balance_adjust", args=[world["layout"].pk])
    response = planner_a.post(
        url,
        {"operation": op.pk, "percent": "50", "from_slot": 2, "to_slot": 3},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert '<dd id="fig-operators">3</dd>' in html
    assert '<dd id="fig-cycle">1.500</dd>' in html  # position 1 still sews 1.50


def test_adjust_refused_shows_why_and_changes_nothing(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    op: Operation = world["ops"][0]
    url = reverse("shopfloor:balance_adjust", args=[world["layout"].pk])
    response = planner_a.post(
        url, {"operation": op.pk, "percent": "50", "from_slot": 2, "to_slot": 1}
    )
    assert response.status_code == 200
    assert "sews only" in response.content.decode()
    assert not _fresh(tenant_a, world["layout"].pk).edited


def test_assign_a_worker(world: dict[str, Any], planner_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        worker = WorkerFactory(line=world["line"], code="W-77", name="张伟")
    url = reverse("shopfloor:balance_assign", args=[world["layout"].pk])
    response = planner_a.post(url, {"slot": 2, "worker": worker.pk})
    assert response.status_code == 302
    layout = _fresh(tenant_a, world["layout"].pk)
    assert layout.cycle_time == Decimal("2.000")
    page = planner_a.get(reverse("shopfloor:balance_detail", args=[layout.pk])).content.decode()
    assert "W-77 张伟" in page


def test_activate_makes_it_the_lines_layout(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        older = balancing.layout_propose(
            line=world["line"],
            style=world["style"],
            target_per_hour=None,
            head_count=3,
            workers=None,
            by=None,
        )
        balancing.layout_activate(layout=older, by=None)
    response = planner_a.post(
        reverse("shopfloor:balance_activate", args=[world["layout"].pk]), follow=True
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "This is now the layout of line L7." in html
    assert "This is the line's layout." in html
    with tenant_context(tenant_a):
        assert list(LineLayout.objects.filter(is_active=True)) == [world["layout"]]


def test_activate_needs_balance_edit(
    world: dict[str, Any], worker_a: Client, tenant_a: Organization
) -> None:
    response = worker_a.post(reverse("shopfloor:balance_activate", args=[world["layout"].pk]))
    assert response.status_code == 403
    assert not _fresh(tenant_a, world["layout"].pk).is_active


def test_rebalance_for_today_without_anyone_present_is_refused(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    response = planner_a.post(
        reverse("shopfloor:balance_rebalance", args=[world["layout"].pk]), follow=True
    )
    assert "No worker of line L7 has clocked in today." in response.content.decode()
    with tenant_context(tenant_a):
        assert LineLayout.objects.count() == 1


def test_layout_sheet_is_a_pdf(
    world: dict[str, Any], supervisor_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        worker = WorkerFactory(line=world["line"], name="王芳")
        balancing.layout_assign(layout=world["layout"], slot=1, worker=worker, by=None)
    response = supervisor_a.get(reverse("shopfloor:balance_sheet", args=[world["layout"].pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"STSong-Light" in response.content  # the Chinese name printed in the CJK font


def test_list_queries_do_not_grow_with_layouts(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    url = reverse("shopfloor:balance_list")
    with CaptureQueriesContext(connection) as one:
        planner_a.get(url)
    with tenant_context(tenant_a):
        for _ in range(3):
            balancing.layout_propose(
                line=LineFactory(),
                style=world["style"],
                target_per_hour=30,
                head_count=None,
                workers=None,
                by=None,
            )
    with CaptureQueriesContext(connection) as four:
        html = planner_a.get(url).content.decode()
    assert html.count("JEANS-01 · ") == 4
    assert len(four) == len(one)


def test_rebalance_for_today_places_the_present_workers(
    world: dict[str, Any], planner_a: Client, tenant_a: Organization
) -> None:
    with tenant_context(tenant_a):
        here = [WorkerFactory(line=world["line"], code=c) for c in ("P1", "P2")]
        WorkerFactory(line=world["line"], code="AWAY")
        for worker in here:
            Attendance.objects.create(
                worker=worker,
                day=factory_today(),
                line=world["line"],
                clock_in=timezone.now() - dt.timedelta(hours=1),
            )
    response = planner_a.post(reverse("shopfloor:balance_rebalance", args=[world["layout"].pk]))
    with tenant_context(tenant_a):
        fresh = LineLayout.objects.exclude(pk=world["layout"].pk).get()
        placed = set(
            LayoutShare.objects.filter(layout=fresh).values_list("worker__code", flat=True)
        )
    assert response["Location"] == reverse("shopfloor:balance_detail", args=[fresh.pk])
    assert placed == {"P1", "P2"}
    assert fresh.target_per_hour == 30
    assert fresh.cycle_time == Decimal("2.000")  # 1.50 standard minutes each at 0.75
