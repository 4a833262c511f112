"""Cluster API: clusters and members, the factory's capacity profile and its weeks.

Reading needs CLUSTER_VIEW, changing CLUSTER_MANAGE. A cluster the caller neither runs nor
belongs to is a 404; a step the caller's part does not allow is a 403; bad input a 422
naming the field.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, JsonResponse
from ninja import Router
from ninja.pagination import LimitOffsetPagination, paginate

from seamline.cluster import access, members, profiles
from seamline.cluster.models import CapacityProfile
from seamline.cluster.schemas_members import (
    ClusterDetailOut,
    ClusterOut,
    ProfileIn,
    ProfileOut,
    WeekIn,
    WeekOut,
)
from seamline.tenancy.access import api_require
from seamline.tenancy.api_rows import invalid
from seamline.tenancy.choices import OrganizationKind
from seamline.tenancy.context import require_tenant
from seamline.tenancy.permissions import Perm


def _refusals(func: Callable[..., Any]) -> Callable[..., Any]:
    """A service's ValidationError is a 422 naming the field; PermissionDenied a 403."""

    @wraps(func)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return func(request, *args, **kwargs)
        except ValidationError as exc:
            return invalid(exc)
        except PermissionDenied as exc:
            detail = str(exc) or "Your organization's part in the cluster does not allow this."
            return JsonResponse({"detail": detail}, status=403)

    return wrapped


router = Router(tags=["cluster"])
router.add_decorator(_refusals, mode="operation")


def _own_profile() -> CapacityProfile:
    org = require_tenant()
    if org.kind != OrganizationKind.FACTORY:
        raise PermissionDenied("Only a factory keeps a capacity profile.")
    return profiles.profile_for(org)


def _profile_out(profile: CapacityProfile) -> ProfileOut:
    return ProfileOut(
        capabilities=profile.capabilities,
        style_notes=profile.style_notes,
        lines=profile.lines,
        operators_per_line=profile.operators_per_line,
        certifications=profile.certifications,
        city=profile.city,
        province=profile.province,
        min_order_qty=profile.min_order_qty,
        cost_per_minute=profile.cost_per_minute,
        late_share=profile.late_share,
        machines=profiles.machine_park(profile),
        updated_at=profile.updated_at,
    )


@router.get(
    "/clusters", response=list[ClusterOut], url_name="cluster_list", summary="List clusters"
)
@paginate(LimitOffsetPagination, max_limit=200)
def cluster_list(request: HttpRequest) -> Any:
    """Clusters the caller runs, belongs to or is invited to, by name."""
    api_require(request, Perm.CLUSTER_VIEW)
    return access.clusters().select_related("tenant").order_by("name", "pk")


@router.get(
    "/clusters/{cluster_id}",
    response=ClusterDetailOut,
    url_name="cluster_get",
    summary="Get a cluster and its members",
)
def cluster_get(request: HttpRequest, cluster_id: int) -> Any:
    """One cluster with the members the caller may see and the caller's own part."""
    api_require(request, Perm.CLUSTER_VIEW)
    cluster = access.cluster_or_404(cluster_id)
    part = access.party_in_cluster(cluster)
    cluster.part = str(part) if part else None  # type: ignore[attr-defined]
    cluster.members_shown = list(members.member_list(cluster))  # type: ignore[attr-defined]
    return cluster


@router.get(
    "/profile",
    response=ProfileOut,
    url_name="cluster_profile_get",
    summary="Get our capacity profile",
)
def profile_get(request: HttpRequest) -> Any:
    """The calling factory's capacity profile (made from its data the first time)."""
    api_require(request, Perm.CLUSTER_VIEW)
    return _profile_out(_own_profile())


@router.put(
    "/profile",
    response=ProfileOut,
    url_name="cluster_profile_update",
    summary="Update our capacity profile",
)
def profile_update(request: HttpRequest, payload: ProfileIn) -> Any:
    """Replace the calling factory's profile: capabilities, machine park, location, MOQ,
    cost per standard minute. Unknown capability or machine codes are a 422."""
    api_require(request, Perm.CLUSTER_MANAGE)
    profile = profiles.profile_update(profile=_own_profile(), **payload.dict(), by=request.user)
    return _profile_out(profile)


def _weeks(profile: CapacityProfile) -> list[WeekOut]:
    weeks = profiles.coming_weeks()
    rows = {w.week_start: w for w in profiles.weeks_of(profile, weeks)}
    free = profiles.free_minutes(require_tenant(), weeks)
    return [
        WeekOut(
            week_start=w,
            derived_minutes=rows[w].derived_minutes if w in rows else 0,
            available_minutes=rows[w].available_minutes if w in rows else 0,
            edited=rows[w].edited if w in rows else False,
            free_minutes=free[w],
        )
        for w in weeks
    ]


@router.get(
    "/profile/weeks",
    response=list[WeekOut],
    url_name="cluster_profile_weeks",
    summary="List our capacity weeks",
)
def profile_weeks(request: HttpRequest) -> Any:
    """The next 12 weeks (Monday first): derived, available and free standard minutes."""
    api_require(request, Perm.CLUSTER_VIEW)
    return _weeks(_own_profile())


@router.put(
    "/profile/weeks/{week_start}",
    response=WeekOut,
    url_name="cluster_profile_week_set",
    summary="Set a week's available minutes",
)
def profile_week_set(request: HttpRequest, week_start: dt.date, payload: WeekIn) -> Any:
    """Set a week's available standard minutes by hand (a Monday; kept when the weeks are
    derived again)."""
    api_require(request, Perm.CLUSTER_MANAGE)
    profile = _own_profile()
    row = profiles.week_set(
        profile=profile, week_start=week_start, minutes=payload.available_minutes, by=request.user
    )
    free = profiles.free_minutes(require_tenant(), [row.week_start])
    return WeekOut(
        week_start=row.week_start,
        derived_minutes=row.derived_minutes,
        available_minutes=row.available_minutes,
        edited=row.edited,
        free_minutes=free[row.week_start],
    )
