"""Clusters and members in the tenant-isolation walk. In tenant T's world T operates a
cluster with an active brand member and an active factory member (organizations of their
own, made by factories), and T, a factory itself, keeps its own capacity profile. Rows are
written straight (the services are tested in test_members.py and test_profiles.py).

World keys other cluster cases may use: "cluster", "cluster_brand", "cluster_factory"
(organizations), "cluster_brand_member", "cluster_factory_member", "cluster_profile".
"""

from __future__ import annotations

import datetime as dt

from seamline.cluster.choices import MemberRole
from seamline.tenancy.context import tenant_context
from tests.cluster.factories import (
    BrandFactory,
    CapacityProfileFactory,
    CapacityWeekFactory,
    ClusterFactory,
    ClusterMemberFactory,
)
from tests.isolation import Cases, Skip, World
from tests.tenancy.factories import OrganizationFactory


def build(world: World, marker: str) -> World:
    slug = marker.lower()
    cluster = ClusterFactory(
        name=f"Cluster {marker}", code=f"cluster-{slug}", description=f"About {marker}"
    )
    brand = BrandFactory(name=f"Brand {marker}", slug=f"brand-{slug}")
    factory = OrganizationFactory(name=f"Member factory {marker}", slug=f"member-{slug}")
    brand_member = ClusterMemberFactory(cluster=cluster, organization=brand, role=MemberRole.BRAND)
    factory_member = ClusterMemberFactory(cluster=cluster, organization=factory)
    with tenant_context(factory):
        member_profile = CapacityProfileFactory(city=f"City {marker}", style_notes=f"Tees {marker}")
    own_profile = CapacityProfileFactory(style_notes=f"Our styles {marker}")
    monday = dt.date(2026, 11, 30)
    for n in range(2):
        CapacityWeekFactory(profile=own_profile, week_start=monday + dt.timedelta(weeks=n))
    return {
        "cluster": cluster,
        "cluster_brand": brand,
        "cluster_factory": factory,
        "cluster_brand_member": brand_member,
        "cluster_factory_member": factory_member,
        "cluster_member_profile": member_profile,
        "cluster_profile": own_profile,
    }


def _cluster(world: World) -> dict[str, int]:
    return {"pk": world["cluster"].pk}


def _factory_member(world: World) -> dict[str, int]:
    return {"pk": world["cluster_factory_member"].pk}


def _api_cluster(world: World) -> dict[str, int]:
    return {"cluster_id": world["cluster"].pk}


CASES = Cases(
    build=build,
    urls={
        "cluster:cluster_detail": _cluster,
        "cluster:member_invite": _cluster,
        "cluster:member_remove": _factory_member,
        "cluster:member_answer": _factory_member,
        "cluster:member_profile": _factory_member,
        "api:cluster_get": _api_cluster,
        "api:cluster_profile_week_set": Skip(
            "the week is of the caller's own profile, not a row of another tenant"
        ),
    },
)
