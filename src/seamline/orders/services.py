"""Every write to orders: the header, the size x colour matrix of each style, the status flow."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from seamline.catalog.models import Colour, Customer, Size, Style, StyleColour
from seamline.orders.choices import (
    EDITABLE_STATUSES,
    ORDER_TRANSITIONS,
    OrderSource,
    OrderStatus,
)
from seamline.orders.errors import OrderErrorCode
from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

# Header fields `order_update` may change.
HEADER_FIELDS = ("number", "customer", "customer_po", "delivery_date", "currency", "notes")

Cell = tuple[int, int]  # (colour_id, size_id)


@dataclass(frozen=True)
class StyleQuantities:
    """One style's part of an order, as `order_create` takes it."""

    style: Style
    quantities: Mapping[Cell, int]
    unit_price: Decimal = Decimal("0")


@dataclass
class _Errors:
    by_key: dict[str, list[ValidationError]] = field(default_factory=dict)

    def add(self, key: str, message: str, code: OrderErrorCode) -> None:
        self.by_key.setdefault(key, []).append(ValidationError(message, code=code))

    def raise_if_any(self) -> None:
        if self.by_key:
            raise ValidationError(self.by_key)


def _lock(order: Order) -> Order:
    return Order.objects.select_for_update().get(pk=order.pk)


def _require_editable(order: Order) -> None:
    if order.status not in EDITABLE_STATUSES:
        raise ValidationError(
            _("Order %(number)s is %(status)s; it can no longer be changed.")
            % {"number": order.number, "status": order.get_status_display()},
            code=OrderErrorCode.NOT_EDITABLE,
        )


def _check_currency(currency: str) -> None:
    if not (len(currency) == 3 and currency.isascii() and currency.isalpha()):
        raise ValidationError(
            {"currency": _("Give the currency as three letters, e.g. CNY or USD.")}
        )


def _check_unique_number(number: str, *, exclude_pk: int | None = None) -> None:
    taken = Order.objects.filter(number=number)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    if taken.exists():
        raise ValidationError(
            {
                "number": ValidationError(
                    _("An order with the number %(number)s already exists.") % {"number": number},
                    code=OrderErrorCode.DUPLICATE_NUMBER,
                )
            }
        )


@transaction.atomic
def order_create(
    *,
    number: str,
    customer: Customer,
    delivery_date: dt.date,
    by: Any,
    customer_po: str = "",
    currency: str = "",
    notes: str = "",
    source: str = OrderSource.MANUAL,
    styles: Iterable[StyleQuantities] = (),
) -> Order:
    """A new draft order; `styles` may fill its matrix in the same transaction."""
    number = number.strip()
    _check_unique_number(number)
    currency = (currency or customer.currency).upper()
    _check_currency(currency)
    order = Order(
        tenant=require_tenant(),
        number=number,
        customer=customer,
        customer_po=customer_po.strip(),
        delivery_date=delivery_date,
        currency=currency,
        notes=notes,
        source=source,
        status=OrderStatus.DRAFT,
        created_by=signed_in_user(by),
    )
    order.full_clean()
    order.save()
    OrderEvent.objects.create(
        tenant=order.tenant,
        order=order,
        from_status="",
        to_status=OrderStatus.DRAFT,
        by=order.created_by,
    )
    audit_record(actor=by, action="order.create", obj=order, summary=order.number)
    for part in styles:
        order_set_matrix(
            order=order,
            style=part.style,
            quantities=part.quantities,
            unit_price=part.unit_price,
            by=by,
        )
    return order


@transaction.atomic
def order_update(*, order: Order, by: Any, **changes: Any) -> Order:
    """Change header fields (see HEADER_FIELDS) while the order is a draft or confirmed."""
    unknown = sorted(set(changes) - set(HEADER_FIELDS))
    if unknown:
        raise ValidationError(
            {
                name: ValidationError(
                    _("This field cannot be changed here."), code=OrderErrorCode.UNKNOWN_FIELD
                )
                for name in unknown
            }
        )
    locked = _lock(order)
    _require_editable(locked)
    if "number" in changes:
        changes["number"] = str(changes["number"]).strip()
        _check_unique_number(changes["number"], exclude_pk=locked.pk)
    if "currency" in changes:
        changes["currency"] = str(changes["currency"]).upper()
        _check_currency(changes["currency"])
    changed = {}
    for name, value in changes.items():
        old = getattr(locked, name)
        if old != value:
            changed[name] = (str(old), str(value))
            setattr(locked, name, value)
    if not changed:
        return locked
    locked.full_clean()
    locked.save(update_fields=[*changed, "updated_at"])
    audit_record(
        actor=by,
        action="order.update",
        obj=locked,
        summary=locked.number,
        data={name: {"from": old, "to": new} for name, (old, new) in changed.items()},
    )
    return locked


def _parse_price(unit_price: Any, errors: _Errors) -> Decimal:
    try:
        price = Decimal(str(unit_price))
    except (InvalidOperation, ValueError):
        errors.add("unit_price", _("Unit price must be a number."), OrderErrorCode.BAD_PRICE)
        return Decimal("0")
    if not price.is_finite() or price < 0:
        errors.add("unit_price", _("Unit price must be 0 or more."), OrderErrorCode.BAD_PRICE)
    elif price.as_tuple().exponent < -4 or price >= Decimal("1e8"):  # type: ignore[operator]
        errors.add(
            "unit_price",
            _("Unit price must be below 100,000,000 with at most 4 decimal places."),
            OrderErrorCode.BAD_PRICE,
        )
    return price


@transaction.atomic
def order_set_matrix(
    *,
    order: Order,
    style: Style,
    quantities: Mapping[Cell, int],
    unit_price: Decimal | int | str = Decimal("0"),
    by: Any,
) -> list[OrderLine]:
    """Replace the lines of `style` in `order` with `quantities` {(colour_id, size_id): qty}.

    Colours must be colourways of the style and sizes must come from its size grid; a zero
    quantity leaves the cell empty. Every bad cell is reported under `qty_<colour>_<size>`.
    """
    locked = _lock(order)
    _require_editable(locked)
    if style.tenant_id != locked.tenant_id:
        raise ValidationError({"style": _("Unknown style.")})
    colours = {
        sc.colour_id: sc.colour
        for sc in StyleColour.objects.filter(style=style).select_related("colour")
    }
    sizes = {s.pk: s for s in Size.objects.filter(grid_id=style.size_grid_id)}
    other_colours = {
        c.pk: c for c in Colour.objects.filter(pk__in={c for c, _s in quantities} - set(colours))
    }
    other_sizes = {
        s.pk: s for s in Size.objects.filter(pk__in={s for _c, s in quantities} - set(sizes))
    }

    errors = _Errors()
    price = _parse_price(unit_price, errors)
    keep: list[tuple[int, int, int]] = []
    for (colour_id, size_id), quantity in quantities.items():
        key = f"qty_{colour_id}_{size_id}"
        colour = colours.get(colour_id) or other_colours.get(colour_id)
        size = sizes.get(size_id) or other_sizes.get(size_id)
        cell = _("Colour %(colour)s, size %(size)s") % {
            "colour": colour.code if colour else f"#{colour_id}",
            "size": size.code if size else f"#{size_id}",
        }
        if colour_id not in colours:
            errors.add(
                key,
                _("%(cell)s: the colour is not a colourway of style %(style)s.")
                % {"cell": cell, "style": style.code},
                OrderErrorCode.COLOUR_NOT_OF_STYLE,
            )
        elif size_id not in sizes:
            errors.add(
                key,
                _("%(cell)s: the size is not in the size grid of style %(style)s.")
                % {"cell": cell, "style": style.code},
                OrderErrorCode.SIZE_NOT_OF_STYLE,
            )
        elif isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 0:
            errors.add(
                key,
                _("%(cell)s: the quantity must be a whole number of 0 or more.") % {"cell": cell},
                OrderErrorCode.BAD_QUANTITY,
            )
        elif quantity > 0:
            keep.append((colour_id, size_id, quantity))
    errors.raise_if_any()

    before = sum(
        OrderLine.objects.filter(order=locked, style=style).values_list("quantity", flat=True)
    )
    OrderLine.objects.filter(order=locked, style=style).delete()
    lines = [
        OrderLine(
            tenant=locked.tenant,
            order=locked,
            style=style,
            colour_id=colour_id,
            size_id=size_id,
            quantity=quantity,
            unit_price=price,
        )
        for colour_id, size_id, quantity in keep
    ]
    created = OrderLine.objects.bulk_create(lines)
    locked.save(update_fields=["updated_at"])
    pieces = sum(q for _c, _s, q in keep)
    audit_record(
        actor=by,
        action="order.set_matrix",
        obj=locked,
        summary=f"{locked.number} {style.code}: {pieces}",
        data={
            "style": style.code,
            "pieces_before": before,
            "pieces": pieces,
            "unit_price": str(price),
        },
    )
    return created


@transaction.atomic
def order_remove_style(*, order: Order, style: Style, by: Any) -> int:
    """Take every line of `style` out of `order`; returns how many lines went."""
    locked = _lock(order)
    _require_editable(locked)
    deleted, _by_model = OrderLine.objects.filter(order=locked, style=style).delete()
    if deleted:
        locked.save(update_fields=["updated_at"])
        audit_record(
            actor=by,
            action="order.remove_style",
            obj=locked,
            summary=f"{locked.number} {style.code}",
            data={"style": style.code, "lines": deleted},
        )
    return deleted


@transaction.atomic
def order_transition(*, order: Order, to: str, by: Any, note: str = "") -> Order:
    """Move `order` to status `to` if ORDER_TRANSITIONS allows it; record who and when."""
    locked = _lock(order)
    current = locked.status
    if to not in ORDER_TRANSITIONS.get(current, frozenset()):
        labels = dict(OrderStatus.choices)
        raise ValidationError(
            _("Order %(number)s cannot go from %(from)s to %(to)s.")
            % {
                "number": locked.number,
                "from": labels.get(current, current),
                "to": labels.get(to, to),
            },
            code=OrderErrorCode.INVALID_TRANSITION,
        )
    if to == OrderStatus.CONFIRMED and not OrderLine.objects.filter(order=locked).exists():
        raise ValidationError(
            _("Order %(number)s has no lines yet; enter quantities before confirming it.")
            % {"number": locked.number},
            code=OrderErrorCode.NO_LINES,
        )
    note = note.strip()[:300]
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    OrderEvent.objects.create(
        tenant=locked.tenant,
        order=locked,
        from_status=current,
        to_status=to,
        by=signed_in_user(by),
        note=note,
    )
    audit_record(
        actor=by,
        action="order.transition",
        obj=locked,
        summary=f"{locked.number}: {current} -> {to}",
        data={"from": current, "to": to, "note": note},
    )
    order.status = locked.status
    return locked
