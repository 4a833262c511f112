"""The cutting pages as a planner, a supervisor and a worker use them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.cutting import services, views
from seamline.cutting.choices import LayStatus
from seamline.cutting.models import Bundle, CutPlan, Lay
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cutting.factories import OrderToCut, cut_order, order_to_cut
from tests.orders.html import tables


@pytest.fixture(autouse=True)
def _quick_suggestions(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(views, "SUGGEST_TIME_LIMIT_S", 1.0)


@pytest.fixture
def made(tenant_a: Organization) -> OrderToCut:
    with tenant_context(tenant_a):
        return order_to_cut(quantities={"S": 60, "M": 60, "L": 40})


@pytest.fixture
def plan(tenant_a: Organization, made: OrderToCut) -> CutPlan:
    with tenant_context(tenant_a):
        return services.cut_plan_create(order=made.order, style=made.style, by=None)


def lay_post(made: OrderToCut, plies: Any, ratios: dict[str, Any], **extra: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"colour": made.colours[0].pk, "plies": plies, "shade": "A", **extra}
    for size in made.sizes:
        data[f"ratio_{size.pk}"] = ratios.get(size.code, "")
    return data


def matrix_rows(html: bytes) -> list[list[str]]:
    return tables(html, "cut-matrix")[0]


class TestPlanList:
    def test_lists_orders_to_cut_with_a_create_button_and_the_plans_progress(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut
    ) -> None:
        with tenant_context(tenant_a):
            done = cut_order(plies=30, quantity=60)  # S 30 of 60, M 60 of 60: 90 of 120
        response = planner_a.get(reverse("cutting:plan_list"))
        assert response.status_code == 200
        html = response.content.decode()
        assert made.order.number in html
        assert reverse("cutting:plan_create") in html
        assert reverse("cutting:plan_detail", args=[done.plan.pk]) in html
        rows = {row[0].split()[0]: row for row in tables(html, "cut-plans")[0][1:]}
        assert rows[done.order.number][4:7] == ["120", "90", "75%"]

    def test_query_count_does_not_grow_with_the_orders(
        self,
        planner_a: Client,
        tenant_a: Organization,
        django_assert_max_num_queries: Callable[..., Any],
    ) -> None:
        with tenant_context(tenant_a):
            for _ in range(5):
                cut_order()
            order_to_cut()
        with django_assert_max_num_queries(12):
            assert planner_a.get(reverse("cutting:plan_list")).status_code == 200

    def test_planner_creates_a_plan_for_an_order_and_style(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut
    ) -> None:
        response = planner_a.post(
            reverse("cutting:plan_create"),
            {"order": made.order.pk, "style": made.style.pk, "bundle_size": 25},
        )
        with tenant_context(tenant_a):
            plan = CutPlan.objects.get()
        assert response.status_code == 302
        assert response["Location"] == reverse("cutting:plan_detail", args=[plan.pk])
        assert plan.bundle_size == 25

    def test_a_bad_bundle_size_is_named_and_creates_nothing(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut
    ) -> None:
        response = planner_a.post(
            reverse("cutting:plan_create"),
            {"order": made.order.pk, "style": made.style.pk, "bundle_size": 0},
            follow=True,
        )
        assert "Bundle size:" in response.content.decode()
        with tenant_context(tenant_a):
            assert CutPlan.objects.count() == 0


class TestPlanDetail:
    def test_planner_adds_a_lay_and_cuts_it_into_bundles(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        response = planner_a.post(
            reverse("cutting:lay_add", args=[plan.pk]),
            lay_post(made, 30, {"S": 1, "M": 2, "L": 1}),
        )
        assert response.status_code == 302
        with tenant_context(tenant_a):
            lay = Lay.objects.get()
        page = planner_a.get(reverse("cutting:plan_detail", args=[plan.pk])).content.decode()
        lays = tables(page, "lays")[0]
        assert lays[1][:7] == ["1", lays[1][1], "S:1 M:2 L:1", "30", "120", "A", "Planned"]

        response = planner_a.post(reverse("cutting:lay_cut", args=[lay.pk]), follow=True)
        html = response.content.decode()
        assert "cut into 8 bundles: no. 1 to 8" in html
        with tenant_context(tenant_a):
            assert Bundle.objects.count() == 8
            lay.refresh_from_db()
        assert lay.status == LayStatus.CUT
        assert reverse("cutting:lay_tickets", args=[lay.pk]) + "?format=a4" in html
        assert reverse("cutting:lay_tickets", args=[lay.pk]) + "?format=thermal" in html
        assert reverse("cutting:lay_edit", args=[lay.pk]) not in html

    def test_the_matrix_shows_ordered_planned_cut_and_over_under(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        s, m, l = made.sizes  # noqa: E741
        colour = made.colours[0]
        with tenant_context(tenant_a):
            first = services.lay_add(
                cut_plan=plan, colour=colour, plies=30, ratios={s: 1, m: 2}, by=None
            )
            services.lay_cut(lay=first, by=None)
            services.lay_add(cut_plan=plan, colour=colour, plies=25, ratios={s: 2, l: 1}, by=None)
        rows = matrix_rows(planner_a.get(reverse("cutting:plan_detail", args=[plan.pk])).content)
        assert rows[0] == ["Colour", "", "S", "M", "L", "Total"]
        body = [row[-5:] for row in rows[1:5]]
        assert body == [
            ["Ordered", "60", "60", "40", "160"],
            ["In planned lays", "50", "0", "25", "75"],
            ["Cut", "30", "60", "0", "90"],
            ["Over / under", "+20", "0", "-15", "+5"],
        ]
        html = planner_a.get(reverse("cutting:plan_detail", args=[plan.pk])).content.decode()
        assert 'class="num over">+20<' in html
        assert 'class="num under">-15<' in html

    def test_a_lay_with_zero_plies_or_no_marker_names_the_field_and_adds_nothing(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        response = planner_a.post(reverse("cutting:lay_add", args=[plan.pk]), lay_post(made, 0, {}))
        html = response.content.decode()
        assert response.status_code == 200
        assert "Plies: Ensure this value is greater than or equal to 1." in html
        assert "Ratio of size S: Give the marker ratio of at least one size" in html
        with tenant_context(tenant_a):
            assert Lay.objects.count() == 0

    def test_planner_edits_and_deletes_a_planned_lay(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        s, m, _l = made.sizes
        with tenant_context(tenant_a):
            lay = services.lay_add(
                cut_plan=plan, colour=made.colours[0], plies=30, ratios={s: 1}, by=None
            )
        page = planner_a.get(reverse("cutting:lay_edit", args=[lay.pk]))
        assert page.status_code == 200
        response = planner_a.post(
            reverse("cutting:lay_edit", args=[lay.pk]), lay_post(made, 20, {"M": 3}, shade="B")
        )
        assert response.status_code == 302
        with tenant_context(tenant_a):
            lay.refresh_from_db()
            assert (lay.plies, lay.shade) == (20, "B")
            assert [(r.size_id, r.ratio) for r in lay.ratios.all()] == [(m.pk, 3)]
        planner_a.post(reverse("cutting:lay_delete", args=[lay.pk]))
        with tenant_context(tenant_a):
            assert Lay.objects.count() == 0

    def test_a_cut_lay_cannot_be_edited_or_deleted_from_the_pages(
        self, planner_a: Client, tenant_a: Organization
    ) -> None:
        with tenant_context(tenant_a):
            cut = cut_order()
        edit = planner_a.get(reverse("cutting:lay_edit", args=[cut.lay.pk]), follow=True)
        assert "already cut" in edit.content.decode()
        deleted = planner_a.post(reverse("cutting:lay_delete", args=[cut.lay.pk]), follow=True)
        assert "already cut" in deleted.content.decode()
        with tenant_context(tenant_a):
            assert Lay.objects.filter(pk=cut.lay.pk).exists()

    def test_bundle_size_is_edited_in_the_header(
        self, planner_a: Client, tenant_a: Organization, plan: CutPlan
    ) -> None:
        response = planner_a.post(
            reverse("cutting:plan_update", args=[plan.pk]), {"bundle_size": 12, "note": "rush"}
        )
        assert response.status_code == 302
        bad = planner_a.post(reverse("cutting:plan_update", args=[plan.pk]), {"bundle_size": 0})
        assert "Bundle size: Ensure this value is greater than or equal to 1." in (
            bad.content.decode()
        )
        with tenant_context(tenant_a):
            plan.refresh_from_db()
        assert (plan.bundle_size, plan.note) == (12, "rush")

    def test_the_bundles_of_a_cut_lay_are_listed(
        self, planner_a: Client, tenant_a: Organization
    ) -> None:
        with tenant_context(tenant_a):
            cut = cut_order(plies=30, ratios=(1, 2))
        html = planner_a.get(reverse("cutting:lay_bundles", args=[cut.lay.pk])).content
        rows = tables(html, "bundles")[0]
        assert [row[0] for row in rows[1:]] == ["1", "2", "3", "4", "5", "6"]
        assert rows[2][1:] == [cut.sizes[0].code, rows[2][2], "10", "21–30", "—"]


class TestSuggestLays:
    def test_suggested_lays_cover_what_is_left_and_are_added_in_one_post(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        s = made.sizes[0]
        with tenant_context(tenant_a):  # 20 of S already in a lay: 40 S, 60 M, 40 L to plan
            services.lay_add(
                cut_plan=plan, colour=made.colours[0], plies=20, ratios={s: 1}, by=None
            )
        colour = made.colours[0]
        response = planner_a.get(
            reverse("cutting:plan_suggest", args=[plan.pk]),
            {"colour": colour.pk, "max_plies": 40, "max_garments": 4},
        )
        assert response.status_code == 200
        proposal = response.context["proposal"]
        cut = {row["size"].code: row["cut"] for row in proposal["sizes"]}
        assert cut == {"S": 40, "M": 60, "L": 40}
        assert proposal["overcut"] == 0
        assert all(lay["plies"] <= 40 for lay in proposal["lays"])
        assert 'id="suggestion"' in response.content.decode()

        lays = proposal["form"].initial["lays"]
        added = planner_a.post(
            reverse("cutting:plan_suggest", args=[plan.pk]),
            {"colour": colour.pk, "lays": lays, "shade": "R2"},
        )
        assert added.status_code == 302
        rows = matrix_rows(planner_a.get(reverse("cutting:plan_detail", args=[plan.pk])).content)
        assert rows[4][-5:] == ["Over / under", "0", "0", "0", "0"]
        with tenant_context(tenant_a):
            assert Lay.objects.count() == 1 + len(proposal["lays"])
            assert set(Lay.objects.exclude(number=1).values_list("shade", flat=True)) == {"R2"}

    def test_nothing_left_to_plan_is_said(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        s, m, l = made.sizes  # noqa: E741
        with tenant_context(tenant_a):
            services.lay_add(
                cut_plan=plan, colour=made.colours[0], plies=20, ratios={s: 3, m: 3, l: 2}, by=None
            )
        response = planner_a.get(
            reverse("cutting:plan_suggest", args=[plan.pk]),
            {"colour": made.colours[0].pk, "max_plies": 40, "max_garments": 4},
        )
        assert response.context["proposal"] is None
        assert "already in a lay" in response.content.decode()

    def test_tampered_lays_are_refused_and_nothing_is_added(
        self, planner_a: Client, tenant_a: Organization, made: OrderToCut, plan: CutPlan
    ) -> None:
        response = planner_a.post(
            reverse("cutting:plan_suggest", args=[plan.pk]),
            {"colour": made.colours[0].pk, "lays": '[{"plies": 10, "ratios": {"999999": 1}}]'},
            follow=True,
        )
        assert "could not be read" in response.content.decode()
        with tenant_context(tenant_a):
            assert Lay.objects.count() == 0


class TestRoles:
    def test_supervisor_views_but_may_not_change(
        self,
        client_as: Callable[[Organization, str], Client],
        tenant_a: Organization,
        made: OrderToCut,
        plan: CutPlan,
    ) -> None:
        with tenant_context(tenant_a):
            lay = services.lay_add(
                cut_plan=plan, colour=made.colours[0], plies=10, ratios={made.sizes[0]: 1}, by=None
            )
        supervisor = client_as(tenant_a, Role.SUPERVISOR)
        assert supervisor.get(reverse("cutting:plan_list")).status_code == 200
        page = supervisor.get(reverse("cutting:plan_detail", args=[plan.pk]))
        assert page.status_code == 200
        assert reverse("cutting:lay_cut", args=[lay.pk]) not in page.content.decode()
        posts = [
            (reverse("cutting:plan_create"), {"order": made.order.pk, "style": made.style.pk}),
            (reverse("cutting:lay_add", args=[plan.pk]), lay_post(made, 10, {"S": 1})),
            (reverse("cutting:lay_cut", args=[lay.pk]), {}),
            (reverse("cutting:lay_delete", args=[lay.pk]), {}),
            (reverse("cutting:plan_update", args=[plan.pk]), {"bundle_size": 5}),
        ]
        for url, data in posts:
            assert supervisor.post(url, data).status_code == 403, url
        with tenant_context(tenant_a):
            assert Lay.objects.get().status == LayStatus.PLANNED
            assert Lay.objects.count() == 1
            assert Bundle.objects.count() == 0
            assert CutPlan.objects.get().bundle_size == 20

    def test_worker_may_not_open_the_cutting_pages(self, worker_a: Client, plan: CutPlan) -> None:
        assert worker_a.get(reverse("cutting:plan_list")).status_code == 403
        assert worker_a.get(reverse("cutting:plan_detail", args=[plan.pk])).status_code == 403
