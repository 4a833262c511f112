"""The demo loader: what it creates, once, for the right tenants, with a consistent history."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter, defaultdict
from decimal import Decimal
from io import StringIO

from django.apps import apps
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.utils.html import escape

from seamline.catalog.models import Operation, OperationDependency, Style
from seamline.demo.build.orders import size_split, step_days
from seamline.demo.data.bulletin import piece_rate
from seamline.demo.data.names import person_name
from seamline.demo.data.orders import ORDER_PLANS
from seamline.demo.data.orgs import CLUSTER, DEMO_PASSWORD, FACTORIES, LOGINS, org_spec
from seamline.demo.loader import DemoSummary, load_demo
from seamline.orders.choices import ORDER_TRANSITIONS, OrderStatus
from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Line, Worker
from seamline.tenancy.choices import OrganizationKind
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Membership, Organization, TenantModel, User
from tests.demo.conftest import TODAY


def _tenant_models() -> list[type[TenantModel]]:
    return [
        m
        for m in apps.get_models()
        if issubclass(m, TenantModel) and m.__module__.startswith("seamline.")
    ]


def _row_counts() -> dict[str, int]:
    counts = {m._meta.label: m.unscoped.count() for m in _tenant_models()}
    counts["tenancy.Organization"] = Organization.objects.count()
    counts["tenancy.User"] = User.objects.count()
    return counts


def _factories() -> list[Organization]:
    return list(Organization.objects.filter(kind=OrganizationKind.FACTORY).order_by("slug"))


def test_command_prints_the_logins_and_says_already_loaded_the_second_time(
    demo_output: str,
) -> None:
    second = StringIO()

    call_command("load_demo", stdout=second)

    assert "Demo data loaded." in demo_output
    assert "already loaded" in second.getvalue()
    for out in (demo_output, second.getvalue()):
        assert "hongmian-supervisor" in out
        assert "hongmian-inspector" in out
        assert DEMO_PASSWORD in out
        assert "Pearl River Apparel Cluster" in out
    assert Organization.objects.count() == 5


def test_loading_twice_creates_everything_once(demo: DemoSummary) -> None:
    before = _row_counts()

    again = load_demo(today=TODAY)

    assert demo.created is True
    assert again.created is False
    assert _row_counts() == before
    # Each factory's planned orders, and its part of the cluster's brand order.
    planned = sum(len(p) for p in ORDER_PLANS.values()) + len(FACTORIES)
    assert again.orders == demo.orders == planned
    assert again.logins == demo.logins


def test_creates_cluster_brand_and_three_factories_in_china(demo: DemoSummary) -> None:
    kinds = Counter(Organization.objects.values_list("kind", flat=True))

    assert kinds == {
        OrganizationKind.CLUSTER_OPERATOR: 1,
        OrganizationKind.BRAND: 1,
        OrganizationKind.FACTORY: 3,
    }
    assert Organization.objects.get(slug=CLUSTER.slug).name == "Pearl River Apparel Cluster"
    assert Organization.objects.get(kind=OrganizationKind.BRAND).name == "Lotus & Loom"
    assert set(Organization.objects.values_list("currency", flat=True)) == {"CNY"}
    assert set(Organization.objects.values_list("time_zone", flat=True)) == {"Asia/Shanghai"}
    assert {f.province for f in FACTORIES} == {"Guangdong", "Zhejiang", "Fujian"}


def test_each_factory_has_two_to_four_lines_and_forty_to_eighty_workers(
    demo: DemoSummary,
) -> None:
    for factory in _factories():
        with tenant_context(factory):
            lines = list(Line.objects.all())
            workers = list(Worker.objects.all())
            assert 2 <= len(lines) <= 4, factory
            assert [line.code for line in lines] == [f"L{n}" for n in range(1, len(lines) + 1)]
            assert all(20 <= line.target_per_hour <= 150 for line in lines)
            assert 40 <= len(workers) <= 80, factory
            assert len({w.name for w in workers}) == len(workers)
            assert {w.skill_grade for w in workers} == {1, 2, 3, 4, 5}
            hourly = [w for w in workers if w.pay_type == PayType.HOURLY]
            assert 1 <= len(hourly) <= len(workers) // 4
            assert all(w.hourly_rate > 0 for w in hourly)
            assert Worker.objects.filter(user__isnull=False).count() == 1


def test_every_factory_has_the_three_garments_with_realistic_bulletins(
    demo: DemoSummary,
) -> None:
    expected = {"tshirt": (8, 12), "shirt": (35, 45), "jeans": (45, 60)}
    for factory in _factories():
        with tenant_context(factory):
            categories = set(Style.objects.values_list("category", flat=True))
            assert set(expected) <= categories
            for style in Style.objects.all():
                operations = list(style.operations.all())
                fewest, most = expected[style.category]
                assert fewest <= len(operations) <= most, style
                assert style.style_colours.count() >= 2
                assert style.bom_lines.filter(material__kind="fabric").exists()


def test_piece_rates_are_the_factory_rate_per_standard_minute(demo: DemoSummary) -> None:
    rates = {f.slug: f.rate_per_minute for f in FACTORIES}
    for factory in _factories():
        rate = rates[factory.slug]
        assert Decimal("0.45") <= rate <= Decimal("0.60")
        with tenant_context(factory):
            for operation in Operation.objects.all():
                assert operation.piece_rate == piece_rate(operation.smv, rate)


def test_precedence_is_acyclic_and_stays_within_its_style(demo: DemoSummary) -> None:
    for factory in _factories():
        with tenant_context(factory):
            edges = list(OperationDependency.objects.select_related("operation", "predecessor"))
            assert edges
            graph: dict[int, set[int]] = defaultdict(set)
            for edge in edges:
                assert edge.operation.style_id == edge.predecessor.style_id
                graph[edge.operation_id].add(edge.predecessor_id)
            # Kahn's algorithm: every operation can be ordered, so there is no cycle.
            remaining = {op.pk: set(graph[op.pk]) for op in Operation.objects.all()}
            while remaining:
                ready = [pk for pk, before in remaining.items() if not before]
                assert ready, "cycle in the precedence"
                for pk in ready:
                    del remaining[pk]
                for before in remaining.values():
                    before.difference_update(ready)


def test_fabric_consumption_grows_with_the_size(demo: DemoSummary) -> None:
    factory = Organization.objects.get(slug="hongmian-garment")
    with tenant_context(factory):
        for style in Style.objects.all():
            shell = next(line for line in style.bom_lines.all() if line.size_overrides.exists())
            overrides = {o.size_id: o.consumption for o in shell.size_overrides.all()}
            by_size = [overrides.get(s.pk, shell.consumption) for s in style.size_grid.sizes.all()]
            assert by_size == sorted(by_size), style
            assert by_size[0] < by_size[-1]


def test_orders_cover_the_statuses_with_a_consistent_history(demo: DemoSummary) -> None:
    orders = list(Order.unscoped.select_related("tenant"))
    assert len(orders) >= 12
    assert len({o.status for o in orders}) >= 5
    now = dt.datetime.now(dt.UTC)
    for order in orders:
        with tenant_context(order.tenant):
            members = set(Membership.objects.values_list("user_id", flat=True))
            events = list(OrderEvent.objects.filter(order=order).order_by("at", "pk"))
            pieces = sum(OrderLine.objects.filter(order=order).values_list("quantity", flat=True))
        assert events[0].from_status == ""
        assert events[0].to_status == OrderStatus.DRAFT
        assert events[-1].to_status == order.status
        for earlier, later in zip(events, events[1:], strict=False):
            assert later.from_status == earlier.to_status
            assert later.to_status in ORDER_TRANSITIONS[earlier.to_status]
            assert earlier.at < later.at
        assert all(e.at < now and e.by_id in members for e in events)
        assert order.created_at == events[0].at
        assert order.created_by_id in members
        assert abs((order.delivery_date - TODAY).days) <= 90
        assert 300 <= pieces <= 5000, order


def test_order_quantities_follow_a_size_curve(demo: DemoSummary) -> None:
    factory = Organization.objects.get(slug="hongmian-garment")
    with tenant_context(factory):
        order = Order.objects.get(number="F1-SO-0101")
        white = dict(
            OrderLine.objects.filter(order=order, colour__code="WHT").values_list(
                "size__code", "quantity"
            )
        )
    assert white == {"XS": 60, "S": 180, "M": 336, "L": 336, "XL": 204, "XXL": 84}


def test_demo_rows_carry_the_tenant_of_the_rows_they_point_to(demo: DemoSummary) -> None:
    demo_ids = set(Organization.objects.values_list("pk", flat=True))
    for model in _tenant_models():
        assert set(model.unscoped.values_list("tenant_id", flat=True)) <= demo_ids
        for fk in model._meta.concrete_fields:
            target = fk.related_model if isinstance(fk, models.ForeignKey) else None
            if target is None or not issubclass(target, TenantModel):
                continue
            stray = model.unscoped.exclude(**{f"{fk.name}__isnull": True}).exclude(
                **{f"{fk.name}__tenant": models.F("tenant")}
            )
            assert not stray.exists(), f"{model._meta.label}.{fk.name}"
    for factory in _factories():
        for model in (Style, Operation, Worker, Line, Order, OrderLine, OrderEvent):
            assert model.unscoped.filter(tenant=factory).exists(), (factory, model)


def _sign_in(username: str) -> Client:
    client = Client()
    response = client.post("/account/login/", {"username": username, "password": DEMO_PASSWORD})
    assert response.status_code == 302, username
    return client


def test_every_demo_login_signs_in_and_opens_its_home_page(demo: DemoSummary) -> None:
    usernames = list(dict.fromkeys(login.username for login in LOGINS))
    for username in usernames:
        # A login's first organization (the demo user's factory) is where it lands.
        first = next(login for login in LOGINS if login.username == username)
        expected = Organization.objects.get(slug=org_spec(first.org_key).slug)
        client = _sign_in(username)

        # Workers land in the scan app; everyone else on the factory's front page.
        home = client.get("/", follow=True)

        assert home.status_code == 200, username
        assert home.wsgi_request.tenant == expected, username  # type: ignore[attr-defined]
        assert escape(expected.name) in home.content.decode(), username


def test_demo_user_belongs_to_a_factory_the_brand_and_the_cluster(demo: DemoSummary) -> None:
    user = User.objects.get(username="demo")
    kinds = set(
        Membership.unscoped.filter(user=user, is_active=True).values_list("tenant__kind", flat=True)
    )
    assert kinds == {
        OrganizationKind.FACTORY,
        OrganizationKind.BRAND,
        OrganizationKind.CLUSTER_OPERATOR,
    }


def test_size_split_adds_up_exactly() -> None:
    assert size_split(1000, (5, 15, 28, 28, 17, 7)) == [50, 150, 280, 280, 170, 70]
    assert sum(size_split(333, (4, 8, 15, 17, 18, 13, 12, 8, 5))) == 333


def test_every_step_of_an_order_lies_in_the_past_and_in_order() -> None:
    for plans in ORDER_PLANS.values():
        for plan in plans:
            days = [day for _, day in step_days(plan)]
            assert days == sorted(set(days))
            assert days[-1] <= -1


def test_names_come_from_the_seed() -> None:
    first = [person_name(random.Random(7)) for _ in range(3)]  # noqa: S311
    assert first == [person_name(random.Random(7)) for _ in range(3)]  # noqa: S311
