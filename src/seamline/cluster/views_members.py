"""Cluster pages of the members part: the clusters an organization runs or belongs to, its
invitations, a cluster's members (and its factories' capacity for the operator and brands),
a factory member's profile, and the factory's own capacity profile.

Thin: parse, look the row up through `cluster.access` / `members.member_or_404` (a 404 for
another party's row), call one service, render. CLUSTER_VIEW reads, CLUSTER_MANAGE changes;
what the organization's part allows is the services' business (a 403).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from seamline.catalog.choices import MachineType
from seamline.cluster import access, members, profiles
from seamline.cluster.access import Party
from seamline.cluster.choices import MemberRole, MemberStatus
from seamline.cluster.forms_members import ClusterForm, InviteForm, ProfileForm, WeekForm
from seamline.cluster.models import CapacityProfile, Cluster, ClusterMember
from seamline.tenancy.access import has_perm, require_perm
from seamline.tenancy.choices import OrganizationKind
from seamline.tenancy.context import require_tenant
from seamline.tenancy.permissions import Perm
from seamline.web.forms import apply_errors, errors_text, refused

SUMMARY_WEEKS = 4


# --- home --------------------------------------------------------------------------------


def _home(
    request: HttpRequest, *, create_form: ClusterForm | None = None, status: int = 200
) -> HttpResponse:
    org = require_tenant()
    rows = list(access.clusters().select_related("tenant").order_by("name", "pk"))
    mine = {
        m.cluster_id: m
        for m in ClusterMember.unscoped.filter(organization=org, cluster__in=[c.pk for c in rows])
    }
    for cluster in rows:
        row = mine.get(cluster.pk)
        cluster.my_part = (  # type: ignore[attr-defined]
            _("Operator") if cluster.tenant_id == org.pk else row.get_role_display() if row else ""
        )
        cluster.my_status = row.status if row else ""  # type: ignore[attr-defined]
    runs_clusters = org.kind == OrganizationKind.CLUSTER_OPERATOR
    can_manage = has_perm(request, Perm.CLUSTER_MANAGE)
    return render(
        request,
        "cluster/home.html",
        {
            "clusters": rows,
            "invitations": list(members.invitations_waiting()),
            "can_manage": can_manage,
            "create_form": (create_form or ClusterForm(initial={"currency": org.currency}))
            if runs_clusters and can_manage
            else None,
            "is_factory": org.kind == OrganizationKind.FACTORY,
        },
        status=status,
    )


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def home(request: HttpRequest) -> HttpResponse:
    return _home(request)


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def cluster_create(request: HttpRequest) -> HttpResponse:
    form = ClusterForm(request.POST)
    if form.is_valid():
        try:
            cluster = members.cluster_create(**form.cleaned_data, by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("Cluster %(name)s is created; now invite its brands and factories.")
                % {"name": cluster.name},
            )
            return redirect("cluster:cluster_detail", pk=cluster.pk)
    return _home(request, create_form=form, status=422)


# --- one cluster -------------------------------------------------------------------------


def _detail(
    request: HttpRequest, cluster: Cluster, *, invite_form: InviteForm | None = None
) -> HttpResponse:
    party = access.party_in_cluster(cluster)
    rows = list(members.member_list(cluster))
    brands = [m for m in rows if m.role == MemberRole.BRAND]
    factories = [m for m in rows if m.role == MemberRole.FACTORY]
    weeks = profiles.coming_weeks(weeks=SUMMARY_WEEKS)
    summaries = []
    if party in (Party.OPERATOR, Party.BRAND):
        active = [m for m in factories if m.status == MemberStatus.ACTIVE]
        found = profiles.factory_summaries([m.organization for m in active], weeks)
        summaries = list(zip(active, found, strict=True))
    can_manage = has_perm(request, Perm.CLUSTER_MANAGE)
    operator = party == Party.OPERATOR
    return render(
        request,
        "cluster/cluster_detail.html",
        {
            "cluster": cluster,
            "party": party,
            "operator": operator,
            "own": members.own_membership(cluster),
            "brands": brands,
            "factories": factories,
            "summaries": summaries,
            "weeks": weeks,
            "can_manage": can_manage,
            "invite_form": (invite_form or InviteForm()) if operator and can_manage else None,
        },
        status=422 if invite_form is not None and invite_form.errors else 200,
    )


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def cluster_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, access.cluster_or_404(pk))


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def member_invite(request: HttpRequest, pk: int) -> HttpResponse:
    cluster = access.cluster_or_404(pk)
    if not members.is_operator(cluster):
        raise PermissionDenied
    form = InviteForm(request.POST)
    if form.is_valid():
        try:
            organization = members.organization_by_slug(form.cleaned_data["organization"])
            row = members.member_invite(
                cluster=cluster,
                organization=organization,
                role=form.cleaned_data["role"],
                by=request.user,
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("%(name)s is invited; it joins when it accepts.")
                % {"name": row.organization.name},
            )
            return redirect("cluster:cluster_detail", pk=cluster.pk)
    return _detail(request, cluster, invite_form=form)


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = members.member_or_404(pk)
    leaving = row.organization_id == require_tenant().pk and row.tenant_id != row.organization_id
    try:
        members.member_remove(member=row, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return redirect("cluster:cluster_detail", pk=row.cluster_id)
    if leaving:
        messages.success(request, _("You left %(name)s.") % {"name": row.cluster.name})
        return redirect("cluster:home")
    messages.success(
        request,
        _("%(name)s is no longer a member of the cluster.") % {"name": row.organization.name},
    )
    return redirect("cluster:cluster_detail", pk=row.cluster_id)


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def member_answer(request: HttpRequest, pk: int) -> HttpResponse:
    row = members.member_or_404(pk)
    accept = request.POST.get("accept") == "yes"
    try:
        members.member_answer(member=row, accept=accept, by=request.user)
    except ValidationError as exc:
        refused(request, exc)
        return redirect("cluster:home")
    if accept:
        messages.success(request, _("You joined %(name)s.") % {"name": row.cluster.name})
        return redirect("cluster:cluster_detail", pk=row.cluster_id)
    messages.success(
        request, _("You declined the invitation to %(name)s.") % {"name": row.cluster.name}
    )
    return redirect("cluster:home")


def _factory_member_or_404(pk: int) -> ClusterMember:
    """An active factory member whose profile the acting organization may read: the
    cluster's operator, its active brands, and the factory itself. Not other factories."""
    org = require_tenant()
    row = (
        ClusterMember.unscoped.select_related("cluster", "organization")
        .filter(pk=pk, role=MemberRole.FACTORY, status=MemberStatus.ACTIVE)
        .first()
    )
    if row is None:
        raise Http404
    if row.organization_id != org.pk and access.party_in_cluster(row.cluster) not in (
        Party.OPERATOR,
        Party.BRAND,
    ):
        raise Http404
    return row


@require_GET
@require_perm(Perm.CLUSTER_VIEW)
def member_profile(request: HttpRequest, pk: int) -> HttpResponse:
    row = _factory_member_or_404(pk)
    factory = row.organization
    profile = profiles.profile_of(factory)
    weeks = profiles.coming_weeks()
    free = profiles.free_minutes(factory, weeks)
    week_rows = {w.week_start: w for w in profiles.weeks_of(profile, weeks)} if profile else {}
    return render(
        request,
        "cluster/member_profile.html",
        {
            "member": row,
            "cluster": row.cluster,
            "factory": factory,
            "profile": profile,
            "machines": _machine_rows(profiles.machine_park(profile)) if profile else [],
            "capabilities": profiles.capability_labels(profile),
            "weeks": [(w, week_rows.get(w), free[w]) for w in weeks],
            "quality": profiles.quality_of(factory),
        },
    )


# --- the factory's own profile -----------------------------------------------------------


def _machine_rows(park: dict[str, int]) -> list[tuple[str, str, int]]:
    return [(code, str(MachineType(code).label), count) for code, count in park.items()]


def _own_profile() -> CapacityProfile:
    org = require_tenant()
    if org.kind != OrganizationKind.FACTORY:
        raise PermissionDenied(_("Only a factory keeps a capacity profile."))
    return profiles.profile_for(org)


def _profile_page(
    request: HttpRequest, *, form: ProfileForm | None = None, status: int = 200
) -> HttpResponse:
    org = require_tenant()
    profile = _own_profile()
    weeks = profiles.coming_weeks()
    week_rows = {w.week_start: w for w in profiles.weeks_of(profile, weeks)}
    if len(week_rows) < len(weeks) and has_perm(request, Perm.CLUSTER_MANAGE):
        # The weeks roll on: derive the ones not kept yet (hand edits stay).
        week_rows = {w.week_start: w for w in profiles.weeks_refresh(profile=profile)}
    free = profiles.free_minutes(org, weeks)
    park = profiles.machine_park(profile)
    return render(
        request,
        "cluster/profile.html",
        {
            "profile": profile,
            "form": form or ProfileForm.of(profile, park),
            "machines": _machine_rows(park),
            "capabilities": profiles.capability_labels(profile),
            "weeks": [(w, week_rows.get(w), free[w]) for w in weeks],
            "week_form": WeekForm(),
            "quality": profiles.quality_of(org),
            "can_manage": has_perm(request, Perm.CLUSTER_MANAGE),
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@require_perm(Perm.CLUSTER_VIEW)
def profile(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _profile_page(request)
    if not has_perm(request, Perm.CLUSTER_MANAGE):
        raise PermissionDenied
    own = _own_profile()
    form = ProfileForm(request.POST)
    if form.is_valid():
        try:
            profiles.profile_update(profile=own, **form.service_kwargs(), by=request.user)
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The capacity profile is saved."))
            return redirect("cluster:profile")
    return _profile_page(request, form=form, status=422)


@require_POST
@require_perm(Perm.CLUSTER_MANAGE)
def profile_weeks(request: HttpRequest) -> HttpResponse:
    own = _own_profile()
    action = request.POST.get("action", "recompute")
    if action == "recompute":
        profiles.weeks_refresh(profile=own)
        messages.success(request, _("The weeks are derived again from the lines and calendar."))
        return redirect("cluster:profile")
    form = WeekForm(request.POST)
    if action == "reset":
        form.fields["minutes"].required = False
    if not form.is_valid():
        messages.error(request, errors_text(form))
        return redirect("cluster:profile")
    try:
        if action == "reset":
            profiles.week_reset(
                profile=own, week_start=form.cleaned_data["week_start"], by=request.user
            )
        else:
            profiles.week_set(
                profile=own,
                week_start=form.cleaned_data["week_start"],
                minutes=form.cleaned_data["minutes"],
                by=request.user,
            )
    except ValidationError as exc:
        refused(request, exc)
    else:
        messages.success(
            request,
            _("The week of %(week)s is saved.")
            % {"week": form.cleaned_data["week_start"].isoformat()},
        )
    return redirect("cluster:profile")
