"""Signed webhooks: endpoints a tenant registers and an outbox of deliveries to them.

Events are written to the outbox in the same transaction as the fact they announce, so a
rolled-back change announces nothing; a sender delivers them after commit and retries
with back-off. Every delivery carries its event id, so a receiver can drop a repeat.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Customer
from seamline.tenancy.models import TenantModel
from seamline.webhooks.choices import DeliveryStatus


class Endpoint(TenantModel):
    """A URL that receives the events it subscribed to, signed with its own secret.

    An endpoint limited to a customer receives only that customer's events (a buyer's
    system receives the advance shipping notices of its own shipments, nobody else's).
    """

    url = models.URLField(_("URL"), max_length=500)
    description = models.CharField(_("description"), max_length=200, blank=True)
    events = models.JSONField(_("events"), default=list)
    customer = models.ForeignKey(
        Customer,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("only for customer"),
    )
    secret = models.CharField(_("signing secret"), max_length=80)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.url


class Delivery(TenantModel):
    """One event for one endpoint: sent until the receiver answers 2xx, or given up."""

    endpoint = models.ForeignKey(Endpoint, on_delete=models.CASCADE, related_name="deliveries")
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4)
    event = models.CharField(_("event"), max_length=60)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=10, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("last answer"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "endpoint", "event_id"], name="delivery_unique_event"
            ),
        ]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"], name="delivery_due"),
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
