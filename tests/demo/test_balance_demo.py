"""The demo's lines each work to a saved layout, balanced on their own workers."""

from __future__ import annotations

from decimal import Decimal

from django.test import Client
from django.urls import reverse

from seamline.demo.data.orgs import FACTORIES
from seamline.demo.loader import DemoSummary
from seamline.shopfloor.models import LayoutShare, Line, LineLayout
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User


def test_lines_work_to_layouts_of_their_own_workers(demo: DemoSummary) -> None:
    for spec in FACTORIES:
        with tenant_context(Organization.objects.get(slug=spec.slug)):
            layouts = LineLayout.objects.filter(is_active=True).select_related("line")
            assert layouts.exists(), spec.key
            for layout in layouts:
                line = layout.line
                shares = LayoutShare.objects.filter(layout=layout)
                assert shares.exclude(worker__line=line).count() == 0
                assert layout.operators == shares.values("slot").distinct().count()
                assert Decimal("0") < layout.balance_efficiency <= Decimal("1")
                assert layout.output_per_hour > 0


def test_the_line_page_shows_the_hours_against_the_layout(
    demo: DemoSummary, client: Client
) -> None:
    client.force_login(User.objects.get(username="hongmian-supervisor"))
    with tenant_context(Organization.objects.get(slug=FACTORIES[0].slug)):
        line = Line.objects.filter(layouts__is_active=True).order_by("code").first()
        assert line is not None
    page = client.get(reverse("shopfloor:floor_line", args=[line.pk]))
    assert page.status_code == 200
    assert b"layout-output" in page.content
