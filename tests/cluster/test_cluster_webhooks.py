"""Cluster webhooks as a member's system receives them: posted to a real HTTP receiver on
127.0.0.1 (no mocks of the sending), signed so that `verify_signature` accepts them, with
the event id as the idempotency key; a retried request announces nothing again."""

from __future__ import annotations

import json
import threading
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from seamline.cluster.models import Delivery
from seamline.tenancy.context import tenant_context
from seamline.tenancy.models import Organization
from seamline.webhooks import services as webhooks
from seamline.webhooks.choices import Event
from seamline.webhooks.models import Delivery as WebhookDelivery
from seamline.webhooks.models import Endpoint
from tests.cluster.factories import OperatorFactory
from tests.cluster.isolation_ledger import ClusterWorld, cluster_world

pytestmark = pytest.mark.django_db

DELIVERED = Event.CLUSTER_SHIPMENT_DELIVERED


@dataclass
class Hook:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    received: list[Hook] = field(default_factory=list)
    port: int = 0

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.port}/{name}"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            state.received.append(Hook(self.path, dict(self.headers.items()), body))
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    thread.join()


@pytest.fixture(autouse=True)
def _send_when_told(monkeypatch: pytest.MonkeyPatch) -> None:
    # The outbox is sent by the test itself (webhooks.deliver), not by a background thread.
    monkeypatch.setattr(webhooks, "send_in_background", lambda ids: None)


@pytest.fixture
def world() -> ClusterWorld:
    return cluster_world(OperatorFactory())


def subscribe(org: Organization, receiver: Receiver, *events: str) -> Endpoint:
    with tenant_context(org):
        return webhooks.endpoint_create(url=receiver.url(org.slug), events=list(events), by=None)


def send_outbox() -> None:
    for delivery in WebhookDelivery.unscoped.order_by("pk"):
        webhooks.deliver(delivery)


def record(client: Client, world: ClusterWorld, body: dict[str, Any]) -> Any:
    return client.post(
        reverse("api:cluster_delivery_record", kwargs={"allocation_id": world.allocation.pk}),
        body,
        content_type="application/json",
    )


@pytest.fixture
def body() -> dict[str, Any]:
    return {
        "quantity": 100,
        "defective": 2,
        "delivered_on": "2026-11-20",
        "reference": "SH-HOOK",
        "client_id": str(uuid.uuid4()),
    }


def test_delivery_webhooks_verify_and_a_retry_adds_nothing(
    world: ClusterWorld,
    receiver: Receiver,
    body: dict[str, Any],
    api_client_as: Callable[..., Client],
) -> None:
    endpoints = {
        org.slug: subscribe(org, receiver, DELIVERED)
        for org in (world.operator, world.brand, world.factory)
    }
    client = api_client_as(world.brand)

    assert record(client, world, body).status_code == 201
    assert record(client, world, body).status_code == 200  # the brand's system retried
    send_outbox()

    assert Delivery.unscoped.filter(allocation=world.allocation).count() == 1
    assert sorted(hook.path.strip("/") for hook in receiver.received) == sorted(endpoints)
    for hook in receiver.received:
        secret = endpoints[hook.path.strip("/")].secret
        assert webhooks.verify_signature(secret, hook.headers["Seamline-Signature"], hook.body)
        assert not webhooks.verify_signature(
            "whsec_wrong", hook.headers["Seamline-Signature"], hook.body
        )
        envelope = json.loads(hook.body)
        assert envelope["event"] == DELIVERED
        assert hook.headers["Seamline-Delivery"] == envelope["id"]
        assert envelope["data"]["delivery"] == body["client_id"]
        assert envelope["data"]["quantity"] == 100

    by_slug = {h.path.strip("/"): json.loads(h.body)["data"] for h in receiver.received}
    assert by_slug[world.brand.slug]["settlement"]["brand_due"] == "2960.00"
    assert by_slug[world.operator.slug]["settlement"]["margin"] == "990.00"
    # The factory learns what it is owed, not the brand's price nor the operator's share.
    assert by_slug[world.factory.slug]["settlement"] == {
        "deduction": "40.00",
        "factory_due": "1760.00",
    }


def test_a_resent_event_keeps_its_id_for_the_receiver_to_drop(
    world: ClusterWorld,
    receiver: Receiver,
    body: dict[str, Any],
    api_client_as: Callable[..., Client],
) -> None:
    subscribe(world.brand, receiver, DELIVERED)
    record(api_client_as(world.operator), world, body)
    (outbox,) = WebhookDelivery.unscoped.filter(event=DELIVERED)

    webhooks.deliver(outbox)
    webhooks.deliver(outbox)  # the sender retries (say the answer was lost)

    first, second = receiver.received
    assert first.headers["Seamline-Delivery"] == second.headers["Seamline-Delivery"]
    assert first.body == second.body


def test_an_endpoint_hears_only_what_it_subscribed_to(
    world: ClusterWorld,
    receiver: Receiver,
    body: dict[str, Any],
    api_client_as: Callable[..., Client],
) -> None:
    subscribe(world.brand, receiver, Event.CLUSTER_PROGRESS_CHANGED)
    record(api_client_as(world.brand), world, body)
    assert not WebhookDelivery.unscoped.filter(tenant=world.brand).exists()
