"""Webhook delivery against a real HTTP receiver on 127.0.0.1 (no mocks): signature,
retries with the same event id, back-off, giving up, customer-limited endpoints, no
redirects, and nothing published by a rolled-back change."""

from __future__ import annotations

import datetime as dt
import json
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from seamline.shipping import shipments
from seamline.shipping.models import Shipment
from seamline.tenancy.models import Organization, User
from seamline.webhooks import services
from seamline.webhooks.choices import DeliveryStatus, Event
from seamline.webhooks.models import Delivery, Endpoint
from tests.catalog.factories import CustomerFactory
from tests.shipping.isolation_shipments import final_inspection, make_order, pack

pytestmark = pytest.mark.usefixtures("in_tenant_a")

DISPATCHED = Event.SHIPMENT_DISPATCHED


class Boom(Exception):
    pass


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """An HTTP server in a thread that answers with the next of `answers` (then 200)."""

    answers: list[int] = field(default_factory=list)
    received: list[Received] = field(default_factory=list)
    location: str = ""
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        return f"http://127.0.0.1:{self.server.server_address[1]}/hook"


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    state = Receiver()

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length)
            state.received.append(Received(self.path, dict(self.headers.items()), body))
            code = state.answers.pop(0) if state.answers else 200
            self.send_response(code)
            if state.location:
                self.send_header("Location", state.location)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    state.server = server
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield state
    server.shutdown()
    server.server_close()


@pytest.fixture
def owner(tenant_a: Organization, member: Callable[..., User]) -> User:
    return member(tenant_a)


def _endpoint(url: str, owner: User, **fields: Any) -> Endpoint:
    return services.endpoint_create(url=url, events=[DISPATCHED], by=owner, **fields)


def test_delivery_is_signed_and_verifies_with_the_secret(receiver: Receiver, owner: User) -> None:
    endpoint = _endpoint(receiver.url, owner)
    (delivery,) = services.publish(DISPATCHED, {"shipment_number": "SH-1"})

    assert services.deliver(delivery) is True

    (got,) = receiver.received
    assert got.headers["Content-Type"] == "application/json"
    assert got.headers["Seamline-Event"] == "shipment.dispatched"
    assert got.headers["Seamline-Delivery"] == str(delivery.event_id)
    signature = got.headers["Seamline-Signature"]
    assert services.verify_signature(endpoint.secret, signature, got.body)
    assert not services.verify_signature("whsec_wrong", signature, got.body)
    assert not services.verify_signature(endpoint.secret, signature, got.body + b" ")
    stamp = int(signature.split(",")[0].removeprefix("t="))
    assert not services.verify_signature(endpoint.secret, signature, got.body, now=stamp + 301)
    envelope = json.loads(got.body)
    assert envelope["id"] == str(delivery.event_id)
    assert envelope["event"] == "shipment.dispatched"
    assert envelope["tenant"] == "factory-a"
    assert envelope["data"] == {"shipment_number": "SH-1"}
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts, delivery.last_status_code) == (
        DeliveryStatus.DELIVERED,
        1,
        200,
    )


def test_a_retry_carries_the_same_event_id_and_ends_delivered(
    receiver: Receiver, owner: User
) -> None:
    _endpoint(receiver.url, owner)
    receiver.answers = [500]
    (delivery,) = services.publish(DISPATCHED, {"n": 1})
    start = timezone.now()

    assert services.deliver(delivery, now=start) is False
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.PENDING
    assert delivery.attempts == 1
    assert delivery.last_status_code == 500
    assert delivery.next_attempt_at == start + dt.timedelta(minutes=1)
    # Not due yet: the sender leaves it alone.
    assert services.deliver_due(now=start + dt.timedelta(seconds=30)) == 0

    assert services.deliver_due(now=start + dt.timedelta(minutes=2)) == 1

    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.DELIVERED, 2)
    ids = [got.headers["Seamline-Delivery"] for got in receiver.received]
    assert ids == [str(delivery.event_id)] * 2
    assert receiver.received[0].body == receiver.received[1].body


def test_back_off_grows_and_gives_up_after_eight_attempts(receiver: Receiver, owner: User) -> None:
    _endpoint(receiver.url, owner)
    receiver.answers = [503] * 8
    (delivery,) = services.publish(DISPATCHED, {"n": 1})
    now = timezone.now()
    waits = []
    for _ in range(8):
        services.deliver(delivery, now=now)
        if delivery.next_attempt_at:
            waits.append(delivery.next_attempt_at - now)
    assert waits == [
        dt.timedelta(minutes=1),
        dt.timedelta(minutes=5),
        dt.timedelta(minutes=30),
        dt.timedelta(hours=2),
        dt.timedelta(hours=12),
        dt.timedelta(hours=12),
        dt.timedelta(hours=12),
    ]
    delivery.refresh_from_db()
    assert (delivery.status, delivery.attempts) == (DeliveryStatus.FAILED, 8)
    assert services.deliver_due(now=now + dt.timedelta(days=30)) == 0

    services.delivery_resend(delivery=delivery, by=owner)
    assert services.deliver_due(now=timezone.now() + dt.timedelta(seconds=1)) == 1
    delivery.refresh_from_db()
    assert delivery.status == DeliveryStatus.DELIVERED


def test_a_redirect_is_not_followed(receiver: Receiver, owner: User) -> None:
    _endpoint(receiver.url, owner)
    receiver.answers = [302]
    receiver.location = receiver.url + "/elsewhere"
    (delivery,) = services.publish(DISPATCHED, {"n": 1})
    assert services.deliver(delivery) is False
    assert [got.path for got in receiver.received] == ["/hook"]
    assert delivery.last_status_code == 302


def test_unreachable_receiver_is_recorded_as_an_error(owner: User) -> None:
    _endpoint("http://127.0.0.1:9/closed", owner)
    (delivery,) = services.publish(DISPATCHED, {"n": 1})
    assert services.deliver(delivery) is False
    delivery.refresh_from_db()
    assert delivery.last_status_code is None
    assert delivery.last_error
    assert delivery.attempts == 1


def test_customer_limited_endpoint_gets_only_its_customers_events(
    receiver: Receiver, owner: User
) -> None:
    acme, other = CustomerFactory(code="ACME"), CustomerFactory(code="OTHER")
    limited = _endpoint(receiver.url + "?acme", owner, customer=acme)
    everything = _endpoint(receiver.url + "?all", owner)
    Endpoint.objects.filter(pk=everything.pk).update(is_active=False)
    inactive_ids = {everything.pk}

    for_acme = services.publish(DISPATCHED, {"shipment_number": "SH-A"}, customer=acme)
    for_other = services.publish(DISPATCHED, {"shipment_number": "SH-B"}, customer=other)
    not_subscribed = services.publish(Event.SHIPMENT_DELIVERED, {"x": 1}, customer=acme)

    assert [d.endpoint_id for d in for_acme] == [limited.pk]
    assert for_other == []
    assert not_subscribed == []
    assert not inactive_ids & {d.endpoint_id for d in for_acme}
    assert services.deliver_due(now=timezone.now()) == 1
    (got,) = receiver.received
    assert json.loads(got.body)["data"]["shipment_number"] == "SH-A"


def test_a_rolled_back_change_publishes_nothing(receiver: Receiver, owner: User) -> None:
    _endpoint(receiver.url, owner)

    def publish_then_fail() -> None:
        with transaction.atomic():
            services.publish(DISPATCHED, {"n": 1})
            raise Boom

    with pytest.raises(Boom):
        publish_then_fail()

    assert Delivery.objects.count() == 0
    assert services.deliver_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert receiver.received == []


def test_sending_is_scheduled_on_commit_not_inside_the_transaction(
    receiver: Receiver,
    owner: User,
    django_capture_on_commit_callbacks: Callable[..., Any],
) -> None:
    _endpoint(receiver.url, owner)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.publish(DISPATCHED, {"n": 1})
    assert len(callbacks) == 1
    assert receiver.received == []  # nothing left before the commit


def test_management_command_sends_what_is_due(receiver: Receiver, owner: User) -> None:
    _endpoint(receiver.url, owner)
    services.publish(DISPATCHED, {"n": 1})
    call_command("deliver_webhooks", verbosity=0)
    assert len(receiver.received) == 1
    assert Delivery.objects.get().status == DeliveryStatus.DELIVERED


def test_only_http_and_https_urls_and_known_events_are_accepted(owner: User) -> None:
    for url in ("ftp://example.com/x", "file:///etc/passwd", "javascript:alert(1)", "example"):
        with pytest.raises(services.ValidationError) as refused:
            services.endpoint_create(url=url, events=[DISPATCHED], by=owner)
        assert "url" in refused.value.error_dict
    with pytest.raises(services.ValidationError) as refused:
        services.endpoint_create(url="https://example.com/", events=[], by=owner)
    assert "events" in refused.value.error_dict
    with pytest.raises(services.ValidationError):
        services.endpoint_create(url="https://example.com/", events=["order.eaten"], by=owner)
    assert Endpoint.objects.count() == 0


def test_ping_goes_to_one_endpoint_and_rotating_changes_the_secret(
    receiver: Receiver, owner: User
) -> None:
    endpoint = _endpoint(receiver.url, owner)
    old = endpoint.secret
    new = services.endpoint_rotate_secret(endpoint=endpoint, by=owner)
    assert new != old
    delivery = services.endpoint_ping(endpoint=endpoint, by=owner)
    assert services.deliver(delivery) is True
    (got,) = receiver.received
    assert got.headers["Seamline-Event"] == "ping"
    assert services.verify_signature(new, got.headers["Seamline-Signature"], got.body)
    assert not services.verify_signature(old, got.headers["Seamline-Signature"], got.body)


def test_a_buyers_endpoint_receives_only_its_own_asn_from_dispatch(
    receiver: Receiver, owner: User
) -> None:

    acme_order = make_order(CustomerFactory(code="ACME"))
    other_order = make_order(CustomerFactory(code="OTHER"))
    secret = _endpoint(receiver.url, owner, customer=acme_order.customer).secret
    for order in (acme_order, other_order):
        shipment = shipments.shipment_create(
            customer=order.customer, ship_date=dt.date(2026, 12, 1), carrier="SF", by=owner
        )
        pack(order, cartons=1, per_carton=10, shipment=shipment)
        final_inspection(shipment, order)
        shipments.shipment_dispatch(shipment, by=owner)

    assert services.deliver_due(now=timezone.now()) == 1
    (got,) = receiver.received
    assert services.verify_signature(secret, got.headers["Seamline-Signature"], got.body)
    asn = json.loads(got.body)["data"]
    assert asn["customer"]["code"] == "ACME"
    assert asn["orders"][0]["order_number"] == acme_order.number


def test_a_rolled_back_dispatch_publishes_nothing(receiver: Receiver, owner: User) -> None:

    _endpoint(receiver.url, owner)
    order = make_order(CustomerFactory())
    shipment = shipments.shipment_create(
        customer=order.customer, ship_date=dt.date(2026, 12, 1), carrier="SF", by=owner
    )
    pack(order, cartons=1, per_carton=10, shipment=shipment)
    final_inspection(shipment, order)

    def dispatch_then_fail() -> None:
        with transaction.atomic():
            shipments.shipment_dispatch(shipment, by=owner)
            raise Boom  # e.g. a later step of the same request failed

    with pytest.raises(Boom):
        dispatch_then_fail()

    assert Delivery.objects.count() == 0
    assert Shipment.objects.get().status == "planned"
    assert services.deliver_due(now=timezone.now() + dt.timedelta(days=1)) == 0
    assert receiver.received == []
