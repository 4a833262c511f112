"""Every write of shipments: plan, load cartons, dispatch, deliver, cancel, documents.

Workflow: planned (cartons are loaded; each order's lot gets its final inspection) ->
dispatched (left the factory; the orders move on; the ASN is published) -> delivered.
A planned shipment may be cancelled, which frees its cartons. Each order on a dispatched
shipment becomes "shipped" once all its ordered pieces have shipped, or when the user
marks this shipment as the order's last (a short shipment); otherwise it stays in
production (a partial shipment).
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Customer
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.orders.services import order_transition
from seamline.shipping.asn import asn_payload
from seamline.shipping.choices import DocumentKind, ShipmentStatus
from seamline.shipping.models import Carton, CartonLine, Shipment, ShipmentDocument
from seamline.shipping.selectors import final_lots
from seamline.shopfloor.attendance import factory_today
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.services import audit_record
from seamline.webhooks.choices import Event
from seamline.webhooks.services import publish

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
# Extension -> the first bytes a real file of that type starts with.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    ".pdf": (b"%PDF",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".gif": (b"GIF87a", b"GIF89a"),
    ".webp": (b"RIFF",),
    ".xlsx": (b"PK\x03\x04",),
    ".docx": (b"PK\x03\x04",),
    ".xls": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
SHIPPED_STATUSES = (ShipmentStatus.DISPATCHED, ShipmentStatus.DELIVERED)
EDITABLE_FIELDS = ("number", "ship_date", "carrier", "tracking_number", "destination", "note")


class ShippingError:
    """Codes of refused shipment actions (the `code` of the ValidationError)."""

    WRONG_STATUS = "wrong_status"
    DUPLICATE_NUMBER = "duplicate_number"
    OTHER_CUSTOMER = "other_customer"
    ON_OTHER_SHIPMENT = "on_other_shipment"
    NOT_ON_SHIPMENT = "not_on_shipment"
    NO_CARTONS = "no_cartons"
    NO_CARRIER = "no_carrier"
    NOT_INSPECTED = "not_inspected"
    ORDER_STATUS = "order_status"
    NOT_ON_THIS_SHIPMENT = "order_not_on_shipment"
    BAD_TIME = "bad_time"
    BAD_FILE = "bad_file"


def _refuse(message: str, code: str, field: str | None = None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _lock(shipment: Shipment) -> Shipment:
    return Shipment.objects.select_for_update().get(pk=shipment.pk)


def _require_status(shipment: Shipment, *allowed: str) -> None:
    if shipment.status not in allowed:
        raise _refuse(
            _("Shipment %(number)s is %(status)s; this is not possible any more.")
            % {"number": shipment.number, "status": shipment.get_status_display().lower()},
            ShippingError.WRONG_STATUS,
        )


def _sync(target: Shipment, source: Shipment) -> Shipment:
    for field in Shipment._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
    return target


# --- reads -------------------------------------------------------------------------------


def shipment_rows() -> QuerySet[Shipment]:
    """Shipments with their carton and piece counts; planned first, then latest date."""
    return (
        Shipment.objects.select_related("customer")
        .annotate(
            carton_count=Count("cartons", distinct=True),
            pieces=Sum("cartons__lines__quantity"),
            planned_first=Count("pk", filter=Q(status=ShipmentStatus.PLANNED)),
        )
        .order_by("-planned_first", "-ship_date", "-pk")
    )


# --- plan ----------------------------------------------------------------------------------


def next_number(year: int) -> str:
    """The next free shipment number of `year`: SH-2026-0001, SH-2026-0002, ..."""
    prefix = f"SH-{year}-"
    highest = 0
    for number in Shipment.objects.filter(number__startswith=prefix).values_list(
        "number", flat=True
    ):
        tail = number[len(prefix) :]
        if tail.isdigit():
            highest = max(highest, int(tail))
    return f"{prefix}{highest + 1:04d}"


def _check_number(number: str, *, exclude_pk: int | None = None) -> None:
    taken = Shipment.objects.filter(number=number).exclude(pk=exclude_pk)
    if taken.exists():
        raise _refuse(
            _("Shipment no. %(number)s is already used.") % {"number": number},
            ShippingError.DUPLICATE_NUMBER,
            "number",
        )


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: v.strip() if isinstance(v, str) else v for k, v in fields.items()}


@transaction.atomic
def shipment_create(
    *,
    customer: Customer,
    ship_date: dt.date,
    carrier: str = "",
    tracking_number: str = "",
    destination: str = "",
    note: str = "",
    number: str = "",
    by: Any,
) -> Shipment:
    """A planned shipment for `customer`; its number is generated when blank."""
    fields = _clean_text(
        {
            "number": number,
            "carrier": carrier,
            "tracking_number": tracking_number,
            "destination": destination,
            "note": note,
        }
    )
    if fields["number"]:
        _check_number(fields["number"])
    else:
        fields["number"] = next_number(ship_date.year)
    shipment = Shipment(
        customer=customer, ship_date=ship_date, created_by=signed_in_user(by), **fields
    )
    shipment.full_clean(exclude=["tenant", "created_by"], validate_unique=False)
    try:
        with transaction.atomic():
            shipment.save()
    except IntegrityError as exc:  # two planners took the same number at once
        raise _refuse(
            _("Shipment no. %(number)s is already used.") % {"number": shipment.number},
            ShippingError.DUPLICATE_NUMBER,
            "number",
        ) from exc
    audit_record(
        actor=by,
        action="shipment.create",
        obj=shipment,
        summary=f"{shipment.number} ({customer.code})",
        data={"customer": customer.pk, "ship_date": ship_date.isoformat()},
    )
    return shipment


@transaction.atomic
def shipment_update(*, shipment: Shipment, by: Any, **changes: Any) -> Shipment:
    """Change the header of a planned shipment (number, date, carrier, tracking, ...)."""
    locked = _lock(shipment)
    _require_status(locked, ShipmentStatus.PLANNED)
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    changes = _clean_text(changes)
    if "number" in changes:
        if not changes["number"]:
            raise _refuse(_("Enter a shipment number."), "required", "number")
        _check_number(changes["number"], exclude_pk=locked.pk)
    before = {name: str(getattr(locked, name)) for name in changes}
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.full_clean(exclude=["tenant", "created_by", "customer"], validate_unique=False)
    locked.save(update_fields=list(changes))
    audit_record(
        actor=by,
        action="shipment.update",
        obj=locked,
        summary=locked.number,
        data={"before": before, "after": {k: str(v) for k, v in changes.items()}},
    )
    return _sync(shipment, locked)


def _carton_name(carton: Carton) -> str:
    return _("Carton %(number)s of order %(order)s") % {
        "number": carton.number,
        "order": carton.order.number,
    }


@transaction.atomic
def shipment_add_cartons(shipment: Shipment, cartons: Iterable[Carton], *, by: Any) -> int:
    """Load `cartons` (of the shipment's customer, on no other shipment); the number added."""
    locked = _lock(shipment)
    _require_status(locked, ShipmentStatus.PLANNED)
    ids = {carton.pk for carton in cartons}
    rows = list(
        Carton.objects.select_for_update(of=("self",))
        .select_related("order")
        .filter(pk__in=ids)
        .order_by("order__number", "number")
    )
    problems: list[str] = []
    adding: list[int] = []
    for carton in rows:
        if carton.shipment_id == locked.pk:
            continue
        if carton.order.customer_id != locked.customer_id:
            problems.append(
                _("%(carton)s is for another customer.") % {"carton": _carton_name(carton)}
            )
        elif carton.shipment_id is not None:
            problems.append(
                _("%(carton)s is already on another shipment.") % {"carton": _carton_name(carton)}
            )
        else:
            adding.append(carton.pk)
    if problems:
        raise _refuse(" ".join(problems), ShippingError.OTHER_CUSTOMER, "cartons")
    if len(rows) != len(ids):
        raise _refuse(_("Some cartons no longer exist."), ShippingError.NOT_ON_SHIPMENT, "cartons")
    Carton.objects.filter(pk__in=adding, shipment__isnull=True).update(shipment=locked)
    if adding:
        audit_record(
            actor=by,
            action="shipment.add_cartons",
            obj=locked,
            summary=f"{locked.number}: +{len(adding)}",
            data={"cartons": sorted(adding)},
        )
    return len(adding)


@transaction.atomic
def shipment_remove_carton(shipment: Shipment, carton: Carton, *, by: Any) -> None:
    """Take `carton` off a planned shipment (it can go on another one)."""
    locked = _lock(shipment)
    _require_status(locked, ShipmentStatus.PLANNED)
    if carton.shipment_id != locked.pk:
        raise _refuse(
            _("%(carton)s is not on this shipment.") % {"carton": _carton_name(carton)},
            ShippingError.NOT_ON_SHIPMENT,
            "cartons",
        )
    Carton.objects.filter(pk=carton.pk, shipment=locked).update(shipment=None)
    carton.shipment = None
    audit_record(
        actor=by,
        action="shipment.remove_carton",
        obj=locked,
        summary=f"{locked.number}: -{_carton_name(carton)}",
        data={"carton": carton.pk},
    )


@transaction.atomic
def shipment_cancel(shipment: Shipment, *, by: Any) -> Shipment:
    """Cancel a planned shipment; its cartons are free to go on another one."""
    locked = _lock(shipment)
    _require_status(locked, ShipmentStatus.PLANNED)
    freed = Carton.objects.filter(shipment=locked).update(shipment=None)
    locked.status = ShipmentStatus.CANCELLED
    locked.save(update_fields=["status"])
    audit_record(
        actor=by,
        action="shipment.cancel",
        obj=locked,
        summary=locked.number,
        data={"cartons_freed": freed},
    )
    return _sync(shipment, locked)


# --- dispatch and delivery -----------------------------------------------------------------


def ordered_pieces(order: Order) -> int:
    return int(OrderLine.objects.filter(order=order).aggregate(n=Sum("quantity"))["n"] or 0)


def shipped_pieces(order: Order) -> int:
    """Pieces of `order` in cartons of dispatched or delivered shipments."""
    total = CartonLine.objects.filter(
        carton__order=order, carton__shipment__status__in=SHIPPED_STATUSES
    ).aggregate(n=Sum("quantity"))["n"]
    return int(total or 0)


def _lot_problem(lot: Any) -> str:
    if lot.inspection is None:
        return _(
            "Order %(order)s: no final inspection of the %(pieces)s pieces on this shipment."
        ) % {"order": lot.order.number, "pieces": lot.lot_size}
    if not lot.current:
        return _(
            "Order %(order)s: the final inspection covered %(inspected)s pieces but the lot "
            "now has %(pieces)s; inspect it again."
        ) % {
            "order": lot.order.number,
            "inspected": lot.inspection.lot_size,
            "pieces": lot.lot_size,
        }
    return _("Order %(order)s: the final inspection rejected the lot of %(pieces)s pieces.") % {
        "order": lot.order.number,
        "pieces": lot.lot_size,
    }


def _move_order(order: Order, *, last: bool, by: Any, shipment: Shipment) -> None:
    note = _("Shipment %(number)s") % {"number": shipment.number}
    if order.status == OrderStatus.CONFIRMED:
        order_transition(order=order, to=OrderStatus.IN_PRODUCTION, by=by, note=note)
    if order.status != OrderStatus.IN_PRODUCTION:
        return
    if last or shipped_pieces(order) >= ordered_pieces(order):
        order_transition(order=order, to=OrderStatus.SHIPPED, by=by, note=note)


@transaction.atomic
def shipment_dispatch(
    shipment: Shipment,
    *,
    by: Any,
    tracking_number: str | None = None,
    last_for_orders: Iterable[Order | int] = (),
) -> Shipment:
    """The shipment leaves: every lot needs a current, passed final inspection.

    Orders move on (see the module docstring); "shipment.dispatched" is published with the
    ASN to the customer's subscribed endpoints, after commit.
    """
    locked = _lock(shipment)
    _require_status(locked, ShipmentStatus.PLANNED)
    if not Carton.objects.filter(shipment=locked).exists():
        raise _refuse(
            _("Load at least one carton before dispatching."), ShippingError.NO_CARTONS, "cartons"
        )
    if tracking_number is not None:
        locked.tracking_number = tracking_number.strip()[:100]
    if not locked.carrier:
        raise _refuse(
            _("Enter the carrier before dispatching."), ShippingError.NO_CARRIER, "carrier"
        )
    lots = final_lots(locked)
    problems = [_lot_problem(lot) for lot in lots if not lot.accepted]
    if problems:
        raise _refuse(" ".join(problems), ShippingError.NOT_INSPECTED, "inspection")
    orders = {lot.order.pk: lot.order for lot in lots}
    last = {item if isinstance(item, int) else item.pk for item in last_for_orders}
    strangers = last - set(orders)
    if strangers:
        raise _refuse(
            _("Only an order on this shipment can be marked as shipped complete."),
            ShippingError.NOT_ON_THIS_SHIPMENT,
            "last_for_orders",
        )
    not_shippable = [
        order
        for order in orders.values()
        if order.status
        not in (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED)
    ]
    if not_shippable:
        raise _refuse(
            " ".join(
                _("Order %(order)s is %(status)s and cannot ship.")
                % {"order": o.number, "status": o.get_status_display().lower()}
                for o in not_shippable
            ),
            ShippingError.ORDER_STATUS,
            "orders",
        )
    locked.status = ShipmentStatus.DISPATCHED
    locked.dispatched_at = timezone.now()
    locked.save(update_fields=["status", "dispatched_at", "tracking_number"])
    for order in orders.values():
        _move_order(order, last=order.pk in last, by=by, shipment=locked)
    audit_record(
        actor=by,
        action="shipment.dispatch",
        obj=locked,
        summary=locked.number,
        data={
            "orders": sorted(o.number for o in orders.values()),
            "last_for_orders": sorted(orders[pk].number for pk in last),
            "pieces": sum(lot.lot_size for lot in lots),
        },
    )
    publish(Event.SHIPMENT_DISPATCHED, asn_payload(locked), customer=locked.customer)
    return _sync(shipment, locked)


@transaction.atomic
def shipment_deliver(shipment: Shipment, *, by: Any, at: dt.datetime | None = None) -> Shipment:
    """Record that a dispatched shipment arrived (now, or at `at`)."""
    locked = _lock(shipment)
    _require_status(locked, ShipmentStatus.DISPATCHED)
    now = timezone.now()
    moment = at or now
    if timezone.is_naive(moment):
        raise _refuse(_("Give the delivery time with its time zone."), ShippingError.BAD_TIME, "at")
    if moment > now + dt.timedelta(minutes=5):
        raise _refuse(_("The delivery time cannot be in the future."), ShippingError.BAD_TIME, "at")
    if locked.dispatched_at is not None and moment < locked.dispatched_at:
        raise _refuse(
            _("The delivery time cannot be before the dispatch."), ShippingError.BAD_TIME, "at"
        )
    locked.status = ShipmentStatus.DELIVERED
    locked.delivered_at = moment
    locked.save(update_fields=["status", "delivered_at"])
    audit_record(actor=by, action="shipment.deliver", obj=locked, summary=locked.number)
    publish(Event.SHIPMENT_DELIVERED, asn_payload(locked), customer=locked.customer)
    return _sync(shipment, locked)


# --- documents -----------------------------------------------------------------------------


def _safe_filename(name: str) -> str:
    base = os.path.basename(name.replace("\\", "/")).strip()
    stem, ext = os.path.splitext(base)
    stem = re.sub(r"[^\w.\- ]+", "_", stem).strip(" .") or "document"
    return f"{stem[:120]}{ext.lower()}"


def _check_document(uploaded_file: UploadedFile) -> str:
    name = _safe_filename(uploaded_file.name or "")
    ext = os.path.splitext(name)[1]
    allowed = ", ".join(sorted(e.lstrip(".").upper() for e in DOCUMENT_TYPES))
    if ext not in DOCUMENT_TYPES:
        raise _refuse(
            _("%(name)s: this type of file cannot be attached; use one of %(allowed)s.")
            % {"name": name, "allowed": allowed},
            ShippingError.BAD_FILE,
            "file",
        )
    size = uploaded_file.size or 0
    if size == 0:
        raise _refuse(_("%(name)s is empty.") % {"name": name}, ShippingError.BAD_FILE, "file")
    if size > MAX_DOCUMENT_BYTES:
        raise _refuse(
            _("%(name)s is %(size)s MB; a document may have at most 10 MB.")
            % {"name": name, "size": f"{size / 1024 / 1024:.1f}"},
            ShippingError.BAD_FILE,
            "file",
        )
    uploaded_file.seek(0)
    head = uploaded_file.read(16)
    uploaded_file.seek(0)
    if not any(head.startswith(magic) for magic in DOCUMENT_TYPES[ext]):
        raise _refuse(
            _("%(name)s is not really a %(type)s file.")
            % {"name": name, "type": ext.lstrip(".").upper()},
            ShippingError.BAD_FILE,
            "file",
        )
    return name


@transaction.atomic
def document_add(
    shipment: Shipment, *, kind: str, uploaded_file: UploadedFile, by: Any
) -> ShipmentDocument:
    """Attach a PDF, picture, Excel or Word file (at most 10 MB) to `shipment`."""
    if shipment.status == ShipmentStatus.CANCELLED:
        _require_status(shipment, ShipmentStatus.PLANNED)
    if kind not in DocumentKind.values:
        raise _refuse(_("Choose what kind of document this is."), ShippingError.BAD_FILE, "kind")
    name = _check_document(uploaded_file)
    document = ShipmentDocument(
        shipment=shipment, kind=kind, name=name, uploaded_by=signed_in_user(by)
    )
    document.file.save(name, uploaded_file, save=False)
    stored = document.file.name
    try:
        document.save()
    except Exception:
        document.file.storage.delete(stored)
        raise
    audit_record(
        actor=by,
        action="shipment.document_add",
        obj=shipment,
        summary=f"{shipment.number}: {name}",
        data={"document": document.pk, "kind": kind},
    )
    return document


@transaction.atomic
def document_delete(document: ShipmentDocument, *, by: Any) -> None:
    """Remove a document and, once committed, its file."""
    shipment = document.shipment
    storage, stored = document.file.storage, document.file.name
    name, pk = document.name, document.pk
    document.delete()
    transaction.on_commit(lambda: storage.delete(stored))
    audit_record(
        actor=by,
        action="shipment.document_delete",
        obj=shipment,
        summary=f"{shipment.number}: {name}",
        data={"document": pk},
    )


def today() -> dt.date:
    return factory_today()
