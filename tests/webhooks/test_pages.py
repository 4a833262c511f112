"""The webhook endpoint page through real requests: add (secret shown once), rotate,
deactivate, test event, send again; permission."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from seamline.tenancy.choices import Role
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from seamline.webhooks.choices import DeliveryStatus
from seamline.webhooks.models import Delivery, Endpoint

pytestmark = pytest.mark.django_db


def test_add_endpoint_shows_the_secret_once(owner_a: Client, tenant_a: Organization) -> None:
    page = owner_a.post(
        reverse("webhooks:endpoint_create"),
        {
            "url": "https://buyer.example/asn",
            "events": ["shipment.dispatched"],
            "description": "Buyer",
        },
    )
    assert page.status_code == 200
    with tenant_context(tenant_a):
        endpoint = Endpoint.objects.get()
    assert endpoint.events == ["shipment.dispatched"]
    assert endpoint.secret in page.content.decode()
    assert endpoint.secret not in owner_a.get(reverse("webhooks:endpoint_list")).content.decode()

    rotated = owner_a.post(reverse("webhooks:endpoint_rotate", kwargs={"pk": endpoint.pk}))
    with tenant_context(tenant_a):
        new = Endpoint.objects.get().secret
    assert new != endpoint.secret
    assert new in rotated.content.decode()


def test_bad_url_is_refused_with_a_message(owner_a: Client, tenant_a: Organization) -> None:
    page = owner_a.post(
        reverse("webhooks:endpoint_create"),
        {"url": "ftp://buyer.example/asn", "events": ["shipment.dispatched"]},
    )
    assert page.status_code == 422
    assert "starts with http:// or https://" in page.content.decode()
    with tenant_context(tenant_a):
        assert Endpoint.objects.count() == 0


def test_deactivate_ping_and_send_again(owner_a: Client, tenant_a: Organization) -> None:
    with tenant_context(tenant_a):
        endpoint = Endpoint.objects.create(
            url="http://127.0.0.1:9/x", events=["shipment.dispatched"], secret="s"
        )
        failed = Delivery.objects.create(
            endpoint=endpoint, event="shipment.dispatched", payload={}, status="failed", attempts=8
        )
    page = owner_a.get(reverse("webhooks:endpoint_list")).content.decode()
    assert "Send again" in page
    assert "Seamline-Signature" in page

    owner_a.post(reverse("webhooks:delivery_resend", kwargs={"pk": failed.pk}))
    owner_a.post(reverse("webhooks:endpoint_ping", kwargs={"pk": endpoint.pk}))
    with tenant_context(tenant_a):
        assert Delivery.objects.get(pk=failed.pk).status == DeliveryStatus.PENDING
        assert Delivery.objects.filter(event="ping").count() == 1

    owner_a.post(reverse("webhooks:endpoint_active", kwargs={"pk": endpoint.pk}), {"active": "0"})
    with tenant_context(tenant_a):
        assert Endpoint.objects.get().is_active is False


def test_only_managers_manage_webhooks(
    client_as: Callable[[Organization, str], Client], tenant_a: Organization
) -> None:
    planner = client_as(tenant_a, Role.SUPERVISOR)
    assert planner.get(reverse("webhooks:endpoint_list")).status_code == 403
    response = planner.post(
        reverse("webhooks:endpoint_create"),
        {"url": "https://x.example/", "events": ["shipment.dispatched"]},
    )
    assert response.status_code == 403
    with tenant_context(tenant_a):
        assert Endpoint.objects.count() == 0
