"""Signed webhooks: register endpoints, publish events to an outbox, deliver them.

Publishing writes one `Delivery` per active endpoint that subscribed to the event, in the
caller's transaction: a rolled-back change announces nothing. After commit a short-lived
background thread sends those deliveries; whatever it could not deliver is retried by
`deliver_due` (the `deliver_webhooks` management command) with back-off: 1 min, 5 min,
30 min, 2 h, then every 12 h, and given up after 8 attempts.

What a receiver gets
--------------------
A POST with a JSON body (the envelope)::

    {"id": "<event id>", "event": "shipment.dispatched", "created_at": "<ISO 8601>",
     "tenant": "<factory slug>", "data": {...}}

and the headers ``Content-Type: application/json``, ``Seamline-Event: <event>``,
``Seamline-Delivery: <event id>`` (the same on every retry: the receiver's idempotency key)
and ``Seamline-Signature: t=<unix time>,v1=<hex>``.

How a receiver verifies the signature
-------------------------------------
1. Split the ``Seamline-Signature`` header on ``,`` into ``t`` and ``v1``.
2. Compute ``HMAC-SHA256(key=<the endpoint's secret>, message=f"{t}.{raw body}")`` as hex,
   over the raw request body exactly as received (before parsing the JSON).
3. Compare it with ``v1`` in constant time (``hmac.compare_digest``), and refuse the request
   when ``t`` is more than 5 minutes away from the receiver's clock (replays).
4. Answer any 2xx quickly; do the work afterwards. Drop an event id already processed.

`verify_signature` below does exactly this, for receivers written in Python and for tests.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import secrets
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Customer
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record
from seamline.webhooks.choices import DeliveryStatus, Event
from seamline.webhooks.models import Delivery, Endpoint

log = logging.getLogger(__name__)

PING = "ping"  # the test event; sent to one endpoint on request, never subscribed to
TIMEOUT_SECONDS = 5
TOLERANCE_SECONDS = 300
MAX_ATTEMPTS = 8
BACKOFF = (
    dt.timedelta(minutes=1),
    dt.timedelta(minutes=5),
    dt.timedelta(minutes=30),
    dt.timedelta(hours=2),
    dt.timedelta(hours=12),
)
# While one sender works on a delivery, others leave it alone for this long.
LEASE = dt.timedelta(seconds=60)
USER_AGENT = "Seamline-Webhooks/1"


class WebhookError:
    """Codes of refused webhook actions (the `code` of the ValidationError)."""

    BAD_URL = "bad_url"
    NO_EVENTS = "no_events"
    UNKNOWN_EVENT = "unknown_event"
    INACTIVE = "inactive"
    NOT_FAILED = "not_failed"


def _refuse(message: str, code: str, field: str | None = None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


# --- signing -------------------------------------------------------------------------------


def new_secret() -> str:
    return "whsec_" + secrets.token_hex(24)


def sign(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of f"{timestamp}.{body}" with `secret`."""
    message = f"{timestamp}.".encode() + body
    return hmac.new(secret.encode(), message, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    stamp = int(time.time()) if timestamp is None else timestamp
    return f"t={stamp},v1={sign(secret, stamp, body)}"


def verify_signature(
    secret: str,
    header: str,
    body: bytes,
    *,
    now: float | None = None,
    tolerance: int = TOLERANCE_SECONDS,
) -> bool:
    """True when `header` (Seamline-Signature) signs `body` with `secret` and is recent."""
    parts = dict(part.split("=", 1) for part in header.split(",") if "=" in part)
    stamp, given = parts.get("t", ""), parts.get("v1", "")
    if not stamp.isdigit() or not given:
        return False
    clock = time.time() if now is None else now
    if abs(clock - int(stamp)) > tolerance:
        return False
    return hmac.compare_digest(sign(secret, int(stamp), body), given)


def body_of(delivery: Delivery) -> bytes:
    """The exact bytes sent for `delivery`, the same on every attempt: keys sorted, because
    PostgreSQL's jsonb does not keep the order they were written in."""
    text = json.dumps(delivery.payload, separators=(",", ":"), ensure_ascii=False, sort_keys=True)
    return text.encode()


# --- endpoints -----------------------------------------------------------------------------


def _check_url(url: str) -> str:
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise _refuse(
            _("Enter a web address that starts with http:// or https:// (got “%(url)s”).")
            % {"url": url[:100]},
            WebhookError.BAD_URL,
            "url",
        )
    return url


def _check_events(events: Iterable[str]) -> list[str]:
    chosen = sorted(set(events))
    if not chosen:
        raise _refuse(_("Choose at least one event to receive."), WebhookError.NO_EVENTS, "events")
    unknown = [event for event in chosen if event not in Event.values]
    if unknown:
        raise _refuse(
            _("Unknown event: %(events)s.") % {"events": ", ".join(unknown)},
            WebhookError.UNKNOWN_EVENT,
            "events",
        )
    return chosen


@transaction.atomic
def endpoint_create(
    *,
    url: str,
    events: Iterable[str],
    customer: Customer | None = None,
    description: str = "",
    by: Any,
) -> Endpoint:
    """A new active endpoint with a fresh signing secret (show `endpoint.secret` once)."""
    endpoint = Endpoint(
        url=_check_url(url),
        events=_check_events(events),
        customer=customer,
        description=description.strip()[:200],
        secret=new_secret(),
    )
    endpoint.full_clean(exclude=["tenant"])
    endpoint.save()
    audit_record(
        actor=by,
        action="webhooks.endpoint_create",
        obj=endpoint,
        summary=endpoint.url,
        data={"events": endpoint.events, "customer": customer.pk if customer else None},
    )
    return endpoint


@transaction.atomic
def endpoint_rotate_secret(*, endpoint: Endpoint, by: Any) -> str:
    """Replace the signing secret; the new one is returned (and shown) once."""
    endpoint.secret = new_secret()
    endpoint.save(update_fields=["secret"])
    audit_record(actor=by, action="webhooks.endpoint_rotate", obj=endpoint, summary=endpoint.url)
    return endpoint.secret


@transaction.atomic
def endpoint_set_active(*, endpoint: Endpoint, active: bool, by: Any) -> Endpoint:
    """Deactivate (no new deliveries; pending ones are not sent) or activate again."""
    endpoint.is_active = active
    endpoint.save(update_fields=["is_active"])
    audit_record(
        actor=by,
        action="webhooks.endpoint_activate" if active else "webhooks.endpoint_deactivate",
        obj=endpoint,
        summary=endpoint.url,
    )
    return endpoint


# --- publishing ----------------------------------------------------------------------------


def envelope(event: str, data: dict[str, Any], *, event_id: uuid.UUID) -> dict[str, Any]:
    return {
        "id": str(event_id),
        "event": event,
        "created_at": timezone.now().isoformat(),
        "tenant": require_tenant().slug,
        "data": data,
    }


def _send_on_commit(deliveries: list[Delivery]) -> None:
    ids = [delivery.pk for delivery in deliveries]
    if ids:
        transaction.on_commit(lambda: send_in_background(ids))


@transaction.atomic
def publish(
    event: str, payload: dict[str, Any], *, customer: Customer | None = None
) -> list[Delivery]:
    """Announce `event` with `payload` (JSON-safe) to every active endpoint subscribed to it.

    An endpoint limited to a customer receives it only when `customer` is that customer.
    Written in the caller's transaction; sent after it commits.
    """
    event_id = uuid.uuid4()
    body = envelope(event, payload, event_id=event_id)
    endpoints = Endpoint.objects.filter(is_active=True)
    endpoints = endpoints.filter(
        Q(customer__isnull=True) | Q(customer=customer) if customer else Q(customer__isnull=True)
    )
    now = timezone.now()
    deliveries = [
        Delivery.objects.create(
            endpoint=endpoint, event_id=event_id, event=event, payload=body, next_attempt_at=now
        )
        for endpoint in endpoints.order_by("pk")
        if event in endpoint.events
    ]
    _send_on_commit(deliveries)
    return deliveries


@transaction.atomic
def endpoint_ping(*, endpoint: Endpoint, by: Any) -> Delivery:
    """Send the test event "ping" to `endpoint` (whatever it subscribed to)."""
    if not endpoint.is_active:
        raise _refuse(
            _("This endpoint is deactivated; activate it to send it events."),
            WebhookError.INACTIVE,
        )
    event_id = uuid.uuid4()
    data = {"message": "Test event from Seamline.", "endpoint": endpoint.url}
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event=PING,
        payload=envelope(PING, data, event_id=event_id),
        next_attempt_at=timezone.now(),
    )
    audit_record(actor=by, action="webhooks.ping", obj=endpoint, summary=endpoint.url)
    _send_on_commit([delivery])
    return delivery


@transaction.atomic
def delivery_resend(*, delivery: Delivery, by: Any) -> Delivery:
    """Send a failed delivery once more, now, with the same event id and body."""
    locked = Delivery.objects.select_for_update().get(pk=delivery.pk)
    if locked.status != DeliveryStatus.FAILED:
        raise _refuse(
            _("Only a delivery that was given up can be sent again."), WebhookError.NOT_FAILED
        )
    if not locked.endpoint.is_active:
        raise _refuse(
            _("This endpoint is deactivated; activate it to send it events."),
            WebhookError.INACTIVE,
        )
    locked.status = DeliveryStatus.PENDING
    locked.next_attempt_at = timezone.now()
    locked.save(update_fields=["status", "next_attempt_at"])
    audit_record(
        actor=by,
        action="webhooks.resend",
        obj=locked,
        summary=f"{locked.event} {locked.event_id}",
    )
    _send_on_commit([locked])
    return locked


# --- sending -------------------------------------------------------------------------------


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an answer, not a place to follow the event to."""

    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(url: str, body: bytes, headers: dict[str, str]) -> int:
    """POST and return the HTTP status; raises OSError when no answer came."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise OSError("only http and https are sent to")
    request = urllib.request.Request(url, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            return int(response.status)
    except urllib.error.HTTPError as answer:
        return int(answer.code)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the `attempts`-th failed attempt."""
    return BACKOFF[min(attempts, len(BACKOFF)) - 1]


def deliver(delivery: Delivery, *, now: dt.datetime | None = None) -> bool:
    """POST `delivery` to its endpoint now; record the answer. True when delivered (2xx)."""
    endpoint = Endpoint.unscoped.get(pk=delivery.endpoint_id)
    body = body_of(delivery)
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "Seamline-Event": delivery.event,
        "Seamline-Delivery": str(delivery.event_id),
        "Seamline-Signature": signature_header(endpoint.secret, body),
    }
    code: int | None = None
    error = ""
    try:
        code = _post(endpoint.url, body, headers)
    except (OSError, ValueError) as exc:
        error = str(exc)[:300] or type(exc).__name__
    finished = timezone.now() if now is None else now
    attempts = delivery.attempts + 1
    fields: dict[str, Any] = {"attempts": attempts, "last_status_code": code, "last_error": ""}
    if code is not None and 200 <= code < 300:
        fields |= {"status": DeliveryStatus.DELIVERED, "delivered_at": finished}
        fields["next_attempt_at"] = None
    else:
        fields["last_error"] = error or f"HTTP {code}"
        if attempts >= MAX_ATTEMPTS:
            fields |= {"status": DeliveryStatus.FAILED, "next_attempt_at": None}
        else:
            fields |= {
                "status": DeliveryStatus.PENDING,
                "next_attempt_at": finished + backoff(attempts),
            }
    Delivery.unscoped.filter(pk=delivery.pk).update(**fields)
    for name, value in fields.items():
        setattr(delivery, name, value)
    return delivery.status == DeliveryStatus.DELIVERED


def _claim(ids: Iterable[int], now: dt.datetime) -> list[Delivery]:
    """The due pending deliveries among `ids` that this sender takes (for LEASE)."""
    taken = []
    for pk in ids:
        claimed = (
            Delivery.unscoped.filter(
                pk=pk,
                status=DeliveryStatus.PENDING,
                next_attempt_at__lte=now,
                endpoint__is_active=True,
            ).update(next_attempt_at=now + LEASE)
            == 1
        )
        if claimed:
            taken.append(Delivery.unscoped.get(pk=pk))
    return taken


def deliver_ids(ids: Iterable[int]) -> int:
    """Send the given deliveries that are still due; the number delivered."""
    now = timezone.now()
    return sum(deliver(delivery) for delivery in _claim(ids, now))


def _send_thread(ids: list[int]) -> None:
    try:
        deliver_ids(ids)
    except Exception:  # a sender thread must never die loudly; deliver_due retries
        log.exception("sending webhook deliveries %s failed", ids)
    finally:
        connection.close()


def send_in_background(ids: list[int]) -> threading.Thread:
    """Send `ids` from a short-lived thread (called on commit, never inside a transaction)."""
    thread = threading.Thread(target=_send_thread, args=(ids,), daemon=True)
    thread.start()
    return thread


def deliver_due(now: dt.datetime | None = None, limit: int = 100) -> int:
    """Send up to `limit` deliveries that are due, of every tenant; the number delivered.

    Unscoped on purpose: the sender works for all tenants, outside any request; each
    delivery carries its own endpoint (and so its tenant's secret).
    """
    moment = timezone.now() if now is None else now
    due = list(
        Delivery.unscoped.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=moment,
            endpoint__is_active=True,
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )
    return sum(deliver(delivery, now=moment) for delivery in _claim(due, moment))
