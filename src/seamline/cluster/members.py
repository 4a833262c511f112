"""Clusters and their members: the operator creates a cluster and invites brands and
factories; the invited organization accepts or declines; the operator removes a member or a
member leaves.

Every row written here is a cluster-side row (tenant = the cluster's operator), so each
write runs inside `tenant_context(cluster.tenant)`, whoever acts. A service refuses with
`PermissionDenied` when the acting organization's part does not allow the step (a 403 on
pages and in the API) and with a `ValidationError` naming the field when the input is wrong.
Reading another party's row is the caller's business: fetch it through `cluster.access` or
`member_or_404` first (a 404).
"""

from __future__ import annotations

import enum
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.cluster.choices import MemberRole, MemberStatus
from seamline.cluster.models import Cluster, ClusterMember
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.choices import OrganizationKind
from seamline.tenancy.context import require_tenant, tenant_context
from seamline.tenancy.models import Organization
from seamline.tenancy.services import audit_record

# Which kind of organization may take which role in a cluster.
ROLE_KIND = {
    MemberRole.BRAND: OrganizationKind.BRAND,
    MemberRole.FACTORY: OrganizationKind.FACTORY,
}
CODE_MAX = 40
NAME_MAX = 200


class MemberError(enum.StrEnum):
    NOT_OPERATOR_ORG = "not_operator_org"
    NOT_OPERATOR = "not_operator"
    NOT_INVITED = "not_invited"
    DUPLICATE_CODE = "duplicate_code"
    REQUIRED = "required"
    BAD_CURRENCY = "bad_currency"
    NO_SUCH_ORGANIZATION = "no_such_organization"
    WRONG_KIND = "wrong_kind"
    ALREADY_MEMBER = "already_member"
    ALREADY_INVITED = "already_invited"
    SELF = "self"
    NOT_ANSWERABLE = "not_answerable"
    NOT_REMOVABLE = "not_removable"


def _refuse(field: str, message: str, code: MemberError) -> ValidationError:
    return ValidationError({field: ValidationError(message, code=code)})


# --- reads -------------------------------------------------------------------------------


def organization_by_slug(slug: str) -> Organization:
    """The organization with this short name, or a ValidationError on "organization"."""
    text = (slug or "").strip().lower()
    organization = Organization.objects.filter(slug=text).first() if text else None
    if organization is None:
        raise _refuse(
            "organization",
            _("No organization has the short name “%(slug)s”.") % {"slug": text},
            MemberError.NO_SUCH_ORGANIZATION,
        )
    return organization


def is_operator(cluster: Cluster) -> bool:
    """Whether the acting organization runs `cluster`."""
    return cluster.tenant_id == require_tenant().pk


def member_or_404(pk: Any) -> ClusterMember:
    """A membership row the acting organization may address: one of the clusters it runs,
    or its own membership. Anything else is a 404."""
    org = require_tenant()
    row = (
        ClusterMember.unscoped.select_related("cluster", "organization")
        .filter(Q(tenant=org) | Q(organization=org), pk=pk)
        .first()
    )
    if row is None:
        raise Http404
    return row


def member_list(cluster: Cluster) -> QuerySet[ClusterMember]:
    """Members of a cluster the acting organization can see (call with a cluster from
    `cluster.access`): the operator sees every row, a member the active ones and its own."""
    org = require_tenant()
    rows = ClusterMember.unscoped.filter(cluster=cluster).select_related("organization")
    if cluster.tenant_id != org.pk:
        rows = rows.filter(Q(status=MemberStatus.ACTIVE) | Q(organization=org))
    return rows.order_by("role", "organization__name", "pk")


def own_membership(cluster: Cluster) -> ClusterMember | None:
    """The acting organization's own row in `cluster`, if any."""
    return (
        ClusterMember.unscoped.filter(cluster=cluster, organization=require_tenant())
        .select_related("organization")
        .first()
    )


def invitations_waiting() -> QuerySet[ClusterMember]:
    """Invitations addressed to the acting organization that wait for its answer."""
    return (
        ClusterMember.unscoped.filter(organization=require_tenant(), status=MemberStatus.INVITED)
        .select_related("cluster", "cluster__tenant")
        .order_by("-invited_at", "-pk")
    )


# --- writes ------------------------------------------------------------------------------


@transaction.atomic
def cluster_create(
    *,
    name: str,
    code: str,
    description: str = "",
    currency: str | None = None,
    by: Any,
) -> Cluster:
    """A new cluster run by the acting organization, which must be a cluster operator."""
    org = require_tenant()
    if org.kind != OrganizationKind.CLUSTER_OPERATOR:
        raise PermissionDenied(_("Only a cluster operator can create a cluster."))
    name = (name or "").strip()
    code = (code or "").strip().lower()
    currency = (currency or org.currency or "CNY").strip().upper()
    errors: dict[str, ValidationError] = {}
    if not name:
        errors["name"] = ValidationError(_("Give the cluster a name."), code=MemberError.REQUIRED)
    elif len(name) > NAME_MAX:
        errors["name"] = ValidationError(
            _("At most %(max)d characters.") % {"max": NAME_MAX}, code=MemberError.REQUIRED
        )
    if not code:
        errors["code"] = ValidationError(
            _("Give the cluster a short name."), code=MemberError.REQUIRED
        )
    elif Cluster.unscoped.filter(tenant=org, code=code).exists():
        errors["code"] = ValidationError(
            _("You already run a cluster with the short name “%(code)s”.") % {"code": code},
            code=MemberError.DUPLICATE_CODE,
        )
    if len(currency) != 3 or not currency.isalpha():
        errors["currency"] = ValidationError(
            _("A currency is a three-letter code such as CNY."), code=MemberError.BAD_CURRENCY
        )
    if errors:
        raise ValidationError(errors)
    with tenant_context(org):
        cluster = Cluster(name=name, code=code, description=description or "", currency=currency)
        cluster.full_clean()
        cluster.save()
        audit_record(actor=by, action="cluster.create", obj=cluster, summary=cluster.name)
    return cluster


@transaction.atomic
def member_invite(
    *, cluster: Cluster, organization: Organization, role: MemberRole | str, by: Any
) -> ClusterMember:
    """The operator invites a brand or a factory; a declined or departed member is invited
    again on its old row; an active or already invited one is refused."""
    if not is_operator(cluster):
        raise PermissionDenied(_("Only the cluster's operator can invite members."))
    if role not in MemberRole.values:
        raise _refuse("role", _("Choose brand or factory."), MemberError.WRONG_KIND)
    role = MemberRole(role)
    if organization.pk == cluster.tenant_id:
        raise _refuse(
            "organization",
            _("The operator runs the cluster; it is not a member of it."),
            MemberError.SELF,
        )
    if organization.kind != ROLE_KIND[role]:
        raise _refuse(
            "role",
            _("%(name)s is a %(kind)s; it cannot join as a %(role)s.")
            % {
                "name": organization.name,
                "kind": organization.get_kind_display().lower(),
                "role": role.label.lower(),
            },
            MemberError.WRONG_KIND,
        )
    with tenant_context(cluster.tenant):
        row = (
            ClusterMember.objects.select_for_update()
            .filter(cluster=cluster, organization=organization)
            .first()
        )
        if row is not None and row.status == MemberStatus.ACTIVE:
            raise _refuse(
                "organization",
                _("%(name)s is already a member of this cluster.") % {"name": organization.name},
                MemberError.ALREADY_MEMBER,
            )
        if row is not None and row.status == MemberStatus.INVITED:
            raise _refuse(
                "organization",
                _("%(name)s is already invited and has not answered yet.")
                % {"name": organization.name},
                MemberError.ALREADY_INVITED,
            )
        if row is None:
            row = ClusterMember.objects.create(
                cluster=cluster,
                organization=organization,
                role=role,
                status=MemberStatus.INVITED,
                invited_by=signed_in_user(by),
            )
        else:
            row.role = role
            row.status = MemberStatus.INVITED
            row.invited_by = signed_in_user(by)
            row.invited_at = timezone.now()
            row.answered_at = None
            row.save(update_fields=["role", "status", "invited_by", "invited_at", "answered_at"])
        audit_record(
            actor=by,
            action="cluster.member_invite",
            obj=row,
            summary=f"{organization.name} ({role})",
            data={"cluster": cluster.pk, "organization": organization.pk, "role": role},
        )
    return row


@transaction.atomic
def member_answer(*, member: ClusterMember, accept: bool, by: Any) -> ClusterMember:
    """The invited organization (acting) accepts or declines its invitation."""
    if member.organization_id != require_tenant().pk:
        raise PermissionDenied(_("Only the invited organization can answer its invitation."))
    with tenant_context(member.cluster.tenant):
        row = ClusterMember.objects.select_for_update().get(pk=member.pk)
        if row.status != MemberStatus.INVITED:
            raise _refuse(
                "status",
                _("This invitation is %(status)s; there is nothing to answer.")
                % {"status": row.get_status_display().lower()},
                MemberError.NOT_ANSWERABLE,
            )
        row.status = MemberStatus.ACTIVE if accept else MemberStatus.DECLINED
        row.answered_at = timezone.now()
        row.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=by,
            action="cluster.member_accept" if accept else "cluster.member_decline",
            obj=row,
            summary=str(row.organization),
        )
    member.status, member.answered_at = row.status, row.answered_at
    return member


@transaction.atomic
def member_remove(*, member: ClusterMember, by: Any) -> ClusterMember:
    """The operator removes a member (or withdraws an invitation), or an active member
    leaves. The row stays, marked "left", so the member can be invited again."""
    org = require_tenant()
    operator = member.tenant_id == org.pk
    if not operator and member.organization_id != org.pk:
        raise PermissionDenied(_("Only the operator or the member itself can do this."))
    allowed = (MemberStatus.ACTIVE, MemberStatus.INVITED) if operator else (MemberStatus.ACTIVE,)
    with tenant_context(member.cluster.tenant):
        row = ClusterMember.objects.select_for_update().get(pk=member.pk)
        if row.status not in allowed:
            raise _refuse(
                "status",
                _("This membership is %(status)s; it cannot be ended.")
                % {"status": row.get_status_display().lower()},
                MemberError.NOT_REMOVABLE,
            )
        row.status = MemberStatus.LEFT
        row.answered_at = timezone.now()
        row.save(update_fields=["status", "answered_at"])
        audit_record(
            actor=by,
            action="cluster.member_remove" if operator else "cluster.member_leave",
            obj=row,
            summary=str(row.organization),
        )
    member.status, member.answered_at = row.status, row.answered_at
    return member


def member_leave(*, member: ClusterMember, by: Any) -> ClusterMember:
    """A member leaves its cluster (the same step as a removal, taken by the member)."""
    return member_remove(member=member, by=by)
