"""Clusters and members: services (members.py) and pages (views_members.py)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from seamline.cluster import members
from seamline.cluster.choices import MemberRole, MemberStatus
from seamline.cluster.models import Cluster, ClusterMember
from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization, User
from tests.cluster.factories import (
    BrandFactory,
    CapacityProfileFactory,
    ClusterFactory,
    ClusterMemberFactory,
    OperatorFactory,
)
from tests.tenancy.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

ClientAs = Callable[[Organization, str], Client]


@pytest.fixture
def operator() -> Organization:
    return OperatorFactory(name="Pearl River Cluster Co", slug="pearl-ops")


@pytest.fixture
def brand() -> Organization:
    return BrandFactory(name="Northwind Apparel", slug="northwind")


@pytest.fixture
def factory_a() -> Organization:
    return OrganizationFactory(name="Foshan Knits", slug="foshan-knits")


@pytest.fixture
def factory_b() -> Organization:
    return OrganizationFactory(name="Humen Wovens", slug="humen-wovens")


@pytest.fixture
def cluster(operator: Organization) -> Cluster:
    with tenant_context(operator):
        return ClusterFactory(name="Pearl River Knits", code="prk")


def _join(cluster: Cluster, org: Organization, role: str = MemberRole.FACTORY) -> ClusterMember:
    with tenant_context(cluster.tenant):
        return ClusterMemberFactory(cluster=cluster, organization=org, role=role)


def _status(pk: int) -> str:
    return ClusterMember.unscoped.get(pk=pk).status


# --- services --------------------------------------------------------------------------


def test_operator_creates_a_cluster_in_its_own_books(
    operator: Organization, member: Callable[..., User]
) -> None:
    user = member(operator, Role.CLUSTER_OPERATOR)
    with tenant_context(operator):
        cluster = members.cluster_create(
            name="  Delta Denim ", code="Delta", description="Denim mills", by=user
        )
    assert (cluster.tenant_id, cluster.name, cluster.code, cluster.currency) == (
        operator.pk,
        "Delta Denim",
        "delta",
        "CNY",
    )


def test_refuses_a_second_cluster_with_the_same_short_name(
    operator: Organization, cluster: Cluster
) -> None:
    with tenant_context(operator), pytest.raises(ValidationError) as caught:
        members.cluster_create(name="Again", code="prk", by=None)
    assert caught.value.message_dict["code"] == [
        "You already run a cluster with the short name “prk”."
    ]
    assert Cluster.unscoped.filter(tenant=operator).count() == 1


@pytest.mark.parametrize("kind", ["brand", "factory"])
def test_only_a_cluster_operator_creates_clusters(kind: str) -> None:
    org = OrganizationFactory(kind=kind)
    with tenant_context(org), pytest.raises(PermissionDenied):
        members.cluster_create(name="Mine", code="mine", by=None)
    assert not Cluster.unscoped.exists()


def test_operator_invites_and_brand_and_factory_accept(
    cluster: Cluster, operator: Organization, brand: Organization, factory_a: Organization
) -> None:
    with tenant_context(operator):
        brand_row = members.member_invite(
            cluster=cluster, organization=brand, role=MemberRole.BRAND, by=None
        )
        factory_row = members.member_invite(
            cluster=cluster, organization=factory_a, role=MemberRole.FACTORY, by=None
        )
    assert brand_row.tenant_id == operator.pk
    assert (_status(brand_row.pk), _status(factory_row.pk)) == ("invited", "invited")

    with tenant_context(brand):
        members.member_answer(member=brand_row, accept=True, by=None)
    with tenant_context(factory_a):
        members.member_answer(member=factory_row, accept=False, by=None)
    assert (_status(brand_row.pk), _status(factory_row.pk)) == ("active", "declined")
    assert ClusterMember.unscoped.get(pk=brand_row.pk).answered_at is not None


def test_reinviting_a_declined_member_reopens_its_row(
    cluster: Cluster, operator: Organization, factory_a: Organization
) -> None:
    row = _join(cluster, factory_a)
    ClusterMember.unscoped.filter(pk=row.pk).update(status=MemberStatus.DECLINED)
    with tenant_context(operator):
        again = members.member_invite(
            cluster=cluster, organization=factory_a, role=MemberRole.FACTORY, by=None
        )
    assert again.pk == row.pk
    assert (_status(row.pk), ClusterMember.unscoped.get(pk=row.pk).answered_at) == (
        "invited",
        None,
    )


def test_inviting_an_active_member_is_refused(
    cluster: Cluster, operator: Organization, factory_a: Organization
) -> None:
    row = _join(cluster, factory_a)
    with tenant_context(operator), pytest.raises(ValidationError) as caught:
        members.member_invite(
            cluster=cluster, organization=factory_a, role=MemberRole.FACTORY, by=None
        )
    assert "already a member" in caught.value.message_dict["organization"][0]
    assert _status(row.pk) == "active"


@pytest.mark.parametrize(
    ("org_kind", "role"), [("brand", MemberRole.FACTORY), ("factory", MemberRole.BRAND)]
)
def test_role_must_match_the_organization_kind(
    cluster: Cluster, operator: Organization, org_kind: str, role: MemberRole
) -> None:
    org = OrganizationFactory(kind=org_kind, name="Mismatch Ltd")
    with tenant_context(operator), pytest.raises(ValidationError) as caught:
        members.member_invite(cluster=cluster, organization=org, role=role, by=None)
    assert "role" in caught.value.message_dict
    assert not ClusterMember.unscoped.filter(organization=org).exists()


def test_a_member_cannot_invite(
    cluster: Cluster, brand: Organization, factory_a: Organization
) -> None:
    _join(cluster, brand, MemberRole.BRAND)
    with tenant_context(brand), pytest.raises(PermissionDenied):
        members.member_invite(
            cluster=cluster, organization=factory_a, role=MemberRole.FACTORY, by=None
        )
    assert not ClusterMember.unscoped.filter(organization=factory_a).exists()


def test_only_the_invited_organization_answers(
    cluster: Cluster, operator: Organization, factory_a: Organization, factory_b: Organization
) -> None:
    with tenant_context(operator):
        row = members.member_invite(
            cluster=cluster, organization=factory_a, role=MemberRole.FACTORY, by=None
        )
    with tenant_context(factory_b), pytest.raises(PermissionDenied):
        members.member_answer(member=row, accept=True, by=None)
    assert _status(row.pk) == "invited"


def test_organization_by_slug_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        members.organization_by_slug("nobody-here")
    assert list(caught.value.message_dict) == ["organization"]


def test_operator_removes_and_member_leaves(
    cluster: Cluster, operator: Organization, factory_a: Organization, brand: Organization
) -> None:
    factory_row = _join(cluster, factory_a)
    brand_row = _join(cluster, brand, MemberRole.BRAND)
    with tenant_context(operator):
        members.member_remove(member=factory_row, by=None)
    with tenant_context(brand):
        members.member_remove(member=brand_row, by=None)
    assert (_status(factory_row.pk), _status(brand_row.pk)) == ("left", "left")


def test_a_member_cannot_remove_another_member(
    cluster: Cluster, factory_a: Organization, factory_b: Organization
) -> None:
    _join(cluster, factory_a)
    other = _join(cluster, factory_b)
    with tenant_context(factory_a), pytest.raises(PermissionDenied):
        members.member_remove(member=other, by=None)
    assert _status(other.pk) == "active"


# --- pages -----------------------------------------------------------------------------


def test_operator_creates_a_cluster_and_invites_through_the_pages(
    operator: Organization, brand: Organization, client_as: ClientAs
) -> None:
    client = client_as(operator, Role.CLUSTER_OPERATOR)
    home = client.get(reverse("cluster:home"))
    assert b"New cluster" in home.content

    response = client.post(
        reverse("cluster:cluster_create"),
        {"name": "Delta Denim", "code": "delta", "description": "", "currency": "CNY"},
    )
    cluster = Cluster.unscoped.get(tenant=operator, code="delta")
    assert response.status_code == 302
    assert response["Location"] == reverse("cluster:cluster_detail", args=[cluster.pk])

    response = client.post(
        reverse("cluster:member_invite", args=[cluster.pk]),
        {"organization": "northwind", "role": "brand"},
        follow=True,
    )
    assert "Northwind Apparel is invited" in response.content.decode()
    assert ClusterMember.unscoped.get(cluster=cluster, organization=brand).status == "invited"


def test_invite_form_shows_an_unknown_short_name(
    cluster: Cluster, operator: Organization, client_as: ClientAs
) -> None:
    client = client_as(operator, Role.CLUSTER_OPERATOR)
    response = client.post(
        reverse("cluster:member_invite", args=[cluster.pk]),
        {"organization": "ghost", "role": "factory"},
    )
    assert response.status_code == 422
    assert "No organization has the short name “ghost”." in response.content.decode()
    assert not ClusterMember.unscoped.filter(cluster=cluster).exists()


def test_invited_brand_sees_the_invitation_and_accepts(
    cluster: Cluster, operator: Organization, brand: Organization, client_as: ClientAs
) -> None:
    with tenant_context(operator):
        row = members.member_invite(
            cluster=cluster, organization=brand, role=MemberRole.BRAND, by=None
        )
    client = client_as(brand, Role.BRAND_BUYER)
    home = client.get(reverse("cluster:home")).content.decode()
    assert "Invitations waiting for your answer" in home
    assert "Pearl River Knits" in home

    response = client.post(reverse("cluster:member_answer", args=[row.pk]), {"accept": "yes"})
    assert response.status_code == 302
    assert _status(row.pk) == "active"
    assert "Invitations waiting" not in client.get(reverse("cluster:home")).content.decode()


def test_a_brand_member_may_not_invite(
    cluster: Cluster, brand: Organization, client_as: ClientAs
) -> None:
    _join(cluster, brand, MemberRole.BRAND)
    response = client_as(brand, Role.BRAND_BUYER).post(
        reverse("cluster:member_invite", args=[cluster.pk]),
        {"organization": "foshan-knits", "role": "factory"},
    )
    assert response.status_code == 403
    assert ClusterMember.unscoped.filter(cluster=cluster).count() == 1


def test_a_role_without_cluster_manage_may_not_create(
    operator: Organization, client_as: ClientAs
) -> None:
    response = client_as(operator, Role.INSPECTOR).post(
        reverse("cluster:cluster_create"), {"name": "X", "code": "x", "currency": "CNY"}
    )
    assert response.status_code == 403
    assert not Cluster.unscoped.exists()


def test_an_outsider_gets_404_for_the_cluster(
    cluster: Cluster, factory_b: Organization, client_as: ClientAs
) -> None:
    client = client_as(factory_b, Role.OWNER)
    assert client.get(reverse("cluster:cluster_detail", args=[cluster.pk])).status_code == 404
    response = client.post(
        reverse("cluster:member_invite", args=[cluster.pk]),
        {"organization": "humen-wovens", "role": "factory"},
    )
    assert response.status_code == 404
    assert not ClusterMember.unscoped.exists()


def test_operator_and_brand_see_factory_capacity_but_factories_do_not(
    cluster: Cluster,
    operator: Organization,
    brand: Organization,
    factory_a: Organization,
    factory_b: Organization,
    client_as: ClientAs,
) -> None:
    _join(cluster, brand, MemberRole.BRAND)
    row_a = _join(cluster, factory_a)
    _join(cluster, factory_b)
    with tenant_context(factory_a):
        CapacityProfileFactory(cost_per_minute="0.7350", min_order_qty=300)
    profile_url = reverse("cluster:member_profile", args=[row_a.pk])

    for client in (client_as(operator, Role.CLUSTER_OPERATOR), client_as(brand, Role.BRAND_BUYER)):
        page = client.get(reverse("cluster:cluster_detail", args=[cluster.pk])).content.decode()
        assert "Factory capacity" in page
        assert profile_url in page
        profile = client.get(profile_url)
        assert profile.status_code == 200
        assert "0.7350" in profile.content.decode()

    other_factory = client_as(factory_b, Role.OWNER)
    response = other_factory.get(reverse("cluster:cluster_detail", args=[cluster.pk]))
    assert response.status_code == 200
    seen = response.content.decode()
    assert "Foshan Knits" in seen  # a member's name, nothing more
    assert "Factory capacity" not in seen
    assert profile_url not in seen
    assert other_factory.get(profile_url).status_code == 404
    # The factory itself reads its own member profile.
    assert client_as(factory_a, Role.OWNER).get(profile_url).status_code == 200


def test_member_leaves_through_the_page(
    cluster: Cluster, factory_a: Organization, client_as: ClientAs
) -> None:
    row = _join(cluster, factory_a)
    response = client_as(factory_a, Role.OWNER).post(
        reverse("cluster:member_remove", args=[row.pk])
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("cluster:home")
    assert _status(row.pk) == "left"


def test_operator_removes_a_member_through_the_page(
    cluster: Cluster, operator: Organization, factory_a: Organization, client_as: ClientAs
) -> None:
    row = _join(cluster, factory_a)
    response = client_as(operator, Role.CLUSTER_OPERATOR).post(
        reverse("cluster:member_remove", args=[row.pk]), follow=True
    )
    assert "Foshan Knits is no longer a member of the cluster." in response.content.decode()
    assert _status(row.pk) == "left"


def test_cluster_page_queries_do_not_grow_with_its_factories(
    cluster: Cluster, operator: Organization, client_as: ClientAs
) -> None:
    client = client_as(operator, Role.CLUSTER_OPERATOR)
    url = reverse("cluster:cluster_detail", args=[cluster.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    org = OrganizationFactory()
    _join(cluster, org)
    with tenant_context(org):
        CapacityProfileFactory()
    one = count()
    for _ in range(4):
        org = OrganizationFactory()
        _join(cluster, org)
        with tenant_context(org):
            CapacityProfileFactory()
    assert count() == one


def test_home_lists_clusters_run_and_joined(
    cluster: Cluster, operator: Organization, factory_a: Organization, client_as: ClientAs
) -> None:
    _join(cluster, factory_a)
    page = client_as(factory_a, Role.OWNER).get(reverse("cluster:home")).content.decode()
    assert "Pearl River Knits" in page
    assert "Pearl River Cluster Co" in page
    assert reverse("cluster:profile") in page
    assert "New cluster" not in page  # a factory runs no cluster
