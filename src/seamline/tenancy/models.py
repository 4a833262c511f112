"""Organizations (the tenants), users, memberships and the base of every tenant-owned model."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seamline.tenancy.choices import InvitationStatus, OrganizationKind, Role
from seamline.tenancy.context import current_tenant, require_tenant


class Organization(models.Model):
    """A tenant: a factory, a brand or a cluster operator."""

    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name"), max_length=60, unique=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default=settings.DEFAULT_TENANT_TIME_ZONE
    )
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    city = models.CharField(_("city"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=2, default="CN")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class TenantQuerySet(models.QuerySet[Any]):
    pass


class TenantManager(models.Manager[Any]):
    """Rows of the active tenant only; raises when no tenant is active."""

    def get_queryset(self) -> models.QuerySet[Any]:
        tenant = require_tenant()
        return super().get_queryset().filter(tenant_id=tenant.pk)

    def none(self) -> models.QuerySet[Any]:
        """An empty queryset needs no tenant (forms declare `queryset=X.objects.none()`)."""
        return super().get_queryset().none()


class TenantModel(models.Model):
    """Base of every tenant-owned table.

    `objects` sees the active tenant's rows only; `unscoped` is for the few places that
    must cross tenants on purpose (login, sharing rows, the demo loader) and says so.
    """

    tenant = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="+", editable=False
    )

    objects: ClassVar[TenantManager] = TenantManager()
    unscoped: ClassVar[models.Manager[Any]] = models.Manager()

    class Meta:
        abstract = True
        base_manager_name = "unscoped"

    def save(self, *args: Any, **kwargs: Any) -> None:
        active = current_tenant()
        if self.tenant_id is None:
            self.tenant = require_tenant()
        elif active is not None and active.pk != self.tenant_id:
            raise PermissionError("refusing to save a row of another tenant")
        super().save(*args, **kwargs)


class User(AbstractUser):
    """A person; what they may do depends on their membership in each organization."""

    display_name = models.CharField(_("display name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, blank=True
    )
    last_organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.display_name or self.get_full_name() or self.username


class Membership(TenantModel):
    """A user's role in one organization (the tenant)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    is_active = models.BooleanField(_("active"), default=True)
    joined_at = models.DateTimeField(_("joined at"), auto_now_add=True)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "user"], name="membership_unique_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user} @ {self.tenant_id} ({self.role})"


def _hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class Invitation(TenantModel):
    """An owner's or manager's invitation of a person into the organization, with a role."""

    email = models.EmailField(_("email"))
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    token_hash = models.CharField(max_length=64, editable=False)
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=InvitationStatus.choices,
        default=InvitationStatus.PENDING,
    )
    invited_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "token_hash"], name="invitation_unique_token"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} ({self.role})"

    @property
    def is_expired(self) -> bool:
        return self.status == InvitationStatus.PENDING and self.expires_at < timezone.now()

    @staticmethod
    def new_token() -> tuple[str, str]:
        token = secrets.token_urlsafe(32)
        return token, _hash_secret(token)

    @staticmethod
    def hash_token(token: str) -> str:
        return _hash_secret(token)


class ApiToken(TenantModel):
    """A bearer token for the JSON API; it acts as its user within one organization."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(max_length=12, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "key_hash"], name="apitoken_unique_key"),
        ]
        # A bearer token is looked up by its hash alone, before its tenant is known.
        indexes = [models.Index(fields=["key_hash"], name="apitoken_key_hash")]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def new_key() -> tuple[str, str, str]:
        """(the key shown once, its prefix, its hash)."""
        key = "sl_" + secrets.token_urlsafe(32)
        return key, key[:10], _hash_secret(key)

    @staticmethod
    def hash_key(key: str) -> str:
        return _hash_secret(key)


class AuditEntry(TenantModel):
    """Who did what to which row, when: written by services, never edited."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    action = models.CharField(_("action"), max_length=64)
    object_type = models.CharField(_("object type"), max_length=64)
    object_id = models.CharField(_("object id"), max_length=64)
    summary = models.CharField(_("summary"), max_length=300, blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at"]
        indexes = [models.Index(fields=["tenant", "object_type", "object_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id}"
