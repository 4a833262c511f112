"""The cluster members API: /api/v1/cluster/clusters, /profile and /profile/weeks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client

from seamline.cluster.choices import MemberRole, MemberStatus
from seamline.cluster.models import CapacityProfile, CapacityWeek, Cluster
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from tests.cluster.factories import (
    BrandFactory,
    ClusterFactory,
    ClusterMemberFactory,
    OperatorFactory,
)
from tests.tenancy.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ApiAs = Callable[[Organization, str], Client]
BASE = "/api/v1/cluster"


@pytest.fixture
def world() -> dict[str, object]:
    operator = OperatorFactory(name="Pearl River Cluster Co", slug="pearl-ops")
    brand = BrandFactory(name="Northwind Apparel", slug="northwind")
    factory_a = OrganizationFactory(name="Foshan Knits", slug="foshan-knits")
    factory_b = OrganizationFactory(name="Humen Wovens", slug="humen-wovens")
    declined = OrganizationFactory(name="Shunde Denim", slug="shunde-denim")
    with tenant_context(operator):
        cluster = ClusterFactory(name="Pearl River Knits", code="prk")
        ClusterMemberFactory(cluster=cluster, organization=brand, role=MemberRole.BRAND)
        ClusterMemberFactory(cluster=cluster, organization=factory_a)
        ClusterMemberFactory(cluster=cluster, organization=declined, status=MemberStatus.DECLINED)
    return {
        "operator": operator,
        "brand": brand,
        "factory_a": factory_a,
        "factory_b": factory_b,
        "cluster": cluster,
    }


def _names(body: dict[str, object]) -> list[str]:
    return [m["organization"]["name"] for m in body["members"]]  # type: ignore[attr-defined,index]


def test_operator_lists_its_cluster_with_every_member(
    world: dict[str, object], api_client_as: ApiAs
) -> None:
    client = api_client_as(world["operator"], Role.CLUSTER_OPERATOR)  # type: ignore[arg-type]
    listing = client.get(f"{BASE}/clusters").json()
    assert [(c["name"], c["operator"]["slug"]) for c in listing["items"]] == [
        ("Pearl River Knits", "pearl-ops")
    ]
    cluster: Cluster = world["cluster"]  # type: ignore[assignment]
    body = client.get(f"{BASE}/clusters/{cluster.pk}").json()
    assert body["part"] == "operator"
    assert _names(body) == ["Northwind Apparel", "Foshan Knits", "Shunde Denim"]
    assert [m["status"] for m in body["members"]] == ["active", "active", "declined"]


def test_a_factory_member_sees_active_members_only(
    world: dict[str, object], api_client_as: ApiAs
) -> None:
    cluster: Cluster = world["cluster"]  # type: ignore[assignment]
    body = (
        api_client_as(world["factory_a"], Role.OWNER)  # type: ignore[arg-type]
        .get(f"{BASE}/clusters/{cluster.pk}")
        .json()
    )
    assert body["part"] == "factory"
    assert _names(body) == ["Northwind Apparel", "Foshan Knits"]


def test_an_outsider_sees_no_cluster(world: dict[str, object], api_client_as: ApiAs) -> None:
    client = api_client_as(world["factory_b"], Role.OWNER)  # type: ignore[arg-type]
    cluster: Cluster = world["cluster"]  # type: ignore[assignment]
    assert client.get(f"{BASE}/clusters").json()["items"] == []
    assert client.get(f"{BASE}/clusters/{cluster.pk}").status_code == 404


def test_profile_round_trip(world: dict[str, object], api_client_as: ApiAs) -> None:
    client = api_client_as(world["factory_a"], Role.PLANNER)  # type: ignore[arg-type]
    first = client.get(f"{BASE}/profile")
    assert first.status_code == 200
    assert first.json()["machines"] == {}

    payload = {
        "capabilities": ["denim", "knits"],
        "style_notes": "Jeans",
        "lines": 4,
        "operators_per_line": 25,
        "certifications": ["BSCI"],
        "city": "Foshan",
        "province": "Guangdong",
        "min_order_qty": 500,
        "cost_per_minute": "0.58",
        "machines": {"SNLS": 60, "BARTACK": 4},
    }
    response = client.put(f"{BASE}/profile", payload, content_type="application/json")
    assert response.status_code == 200
    body = client.get(f"{BASE}/profile").json()
    assert body["capabilities"] == ["knits", "denim"]
    assert body["machines"] == {"SNLS": 60, "BARTACK": 4}
    assert (body["lines"], body["min_order_qty"], body["cost_per_minute"]) == (4, 500, "0.5800")


def test_profile_update_refusal_names_the_fields(
    world: dict[str, object], api_client_as: ApiAs
) -> None:
    client = api_client_as(world["factory_a"], Role.OWNER)  # type: ignore[arg-type]
    response = client.put(
        f"{BASE}/profile",
        {"capabilities": ["rockets"], "machines": {"LASER": 1}, "min_order_qty": -1},
        content_type="application/json",
    )
    assert response.status_code == 422
    fields = {tuple(e["loc"]) for e in response.json()["errors"]}
    assert fields == {
        ("body", "capabilities"),
        ("body", "machines"),
        ("body", "min_order_qty"),
    }
    factory: Organization = world["factory_a"]  # type: ignore[assignment]
    assert CapacityProfile.unscoped.get(tenant=factory).capabilities == []


def test_weeks_list_and_hand_edit(world: dict[str, object], api_client_as: ApiAs) -> None:
    client = api_client_as(world["factory_a"], Role.OWNER)  # type: ignore[arg-type]
    weeks = client.get(f"{BASE}/profile/weeks").json()
    assert len(weeks) == 12
    monday = dt.date.fromisoformat(weeks[1]["week_start"])
    assert monday.weekday() == 0

    response = client.put(
        f"{BASE}/profile/weeks/{monday.isoformat()}",
        {"available_minutes": 20_000},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert response.json() == {
        "week_start": monday.isoformat(),
        "derived_minutes": weeks[1]["derived_minutes"],
        "available_minutes": 20_000,
        "edited": True,
        "free_minutes": 20_000,
    }
    factory: Organization = world["factory_a"]  # type: ignore[assignment]
    assert CapacityWeek.unscoped.get(tenant=factory, week_start=monday).edited is True

    tuesday = monday + dt.timedelta(days=1)
    refused = client.put(
        f"{BASE}/profile/weeks/{tuesday.isoformat()}",
        {"available_minutes": 1},
        content_type="application/json",
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["loc"] == ["body", "week_start"]


def test_only_factories_have_a_profile(world: dict[str, object], api_client_as: ApiAs) -> None:
    client = api_client_as(world["brand"], Role.BRAND_BUYER)  # type: ignore[arg-type]
    assert client.get(f"{BASE}/profile").status_code == 403
    assert client.get(f"{BASE}/profile/weeks").status_code == 403
    brand: Organization = world["brand"]  # type: ignore[assignment]
    assert not CapacityProfile.unscoped.filter(tenant=brand).exists()


def test_roles_without_cluster_permissions_are_refused(
    world: dict[str, object], api_client_as: ApiAs
) -> None:
    client = api_client_as(world["factory_a"], Role.INSPECTOR)  # type: ignore[arg-type]
    assert client.get(f"{BASE}/clusters").status_code == 403
    assert client.put(f"{BASE}/profile", {}, content_type="application/json").status_code == 403
    factory: Organization = world["factory_a"]  # type: ignore[assignment]
    assert not CapacityProfile.unscoped.filter(tenant=factory).exists()
