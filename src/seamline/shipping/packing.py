"""Packing: cartons packed solid (one size x colour) or by a ratio of sizes, and what an order
has packed against what it ordered, cut, passed end-of-line and shipped.

Rules, checked with the order row locked so two packers never meet:
- per style x colour x size, packed pieces never exceed the pieces that passed end-of-line
  inspection (`quality.selectors.passed_by_cell`);
- nor the ordered pieces plus the over-shipment allowance (`OVER_SHIP_ALLOWANCE`, 5 % of the
  ordered pieces, rounded down);
- cartons are numbered 1.. per order in packing order, taking the lowest free numbers, so an
  order's cartons stay 1..N after a carton is unpacked and packed again.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_FLOOR, Decimal
from math import gcd
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Colour, Size, Style
from seamline.cutting.models import Bundle
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.quality.choices import InspectionKind
from seamline.quality.models import Inspection
from seamline.quality.selectors import passed_by_cell
from seamline.shipping.choices import PackType, ShipmentStatus
from seamline.shipping.models import Carton, CartonLine
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant
from seamline.tenancy.services import audit_record

OVER_SHIP_ALLOWANCE = Decimal("0.05")
MAX_CARTONS = 1000  # in one packing action
PACKABLE_STATUSES = frozenset(
    {OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED}
)
SHIPPED_STATUSES = frozenset({ShipmentStatus.DISPATCHED, ShipmentStatus.DELIVERED})

Cell = tuple[int, int, int]  # style id, colour id, size id


class PackingError:
    """Codes of refused packing actions (the `code` of the ValidationError)."""

    OVER_PASSED = "over_passed"
    OVER_ORDERED = "over_ordered"
    NOT_ON_ORDER = "not_on_order"
    ORDER_STATUS = "order_status"
    SHIPPED = "carton_shipped"
    INVALID = "invalid"


def allowed_over(ordered: int, allowance: Decimal = OVER_SHIP_ALLOWANCE) -> int:
    """The most pieces that may be packed for `ordered` pieces: 60 at 5 % -> 63."""
    extra = (Decimal(ordered) * allowance).to_integral_value(rounding=ROUND_FLOOR)
    return ordered + int(extra)


# --- reads ---------------------------------------------------------------------------------


@dataclass
class PackingRow:
    """One style x colour x size of an order: the chain from ordered to shipped."""

    style: Style
    colour: Colour
    size: Size
    ordered: int = 0
    cut: int = 0
    passed: int = 0
    packed: int = 0
    on_shipment: int = 0
    shipped: int = 0

    @property
    def limit(self) -> int:
        """The most that may be packed: what passed, at most the order plus the allowance."""
        return min(self.passed, allowed_over(self.ordered))

    @property
    def packable(self) -> int:
        return max(0, self.limit - self.packed)


@dataclass(frozen=True)
class PackingTotals:
    ordered: int
    cut: int
    passed: int
    packed: int
    on_shipment: int
    shipped: int
    packable: int


def _packed_by_cell(order: Order) -> dict[Cell, tuple[int, int, int]]:
    """(packed, on a shipment, shipped) per cell of `order`. One query."""
    live = Q(carton__shipment__isnull=False) & ~Q(carton__shipment__status=ShipmentStatus.CANCELLED)
    rows = (
        CartonLine.objects.filter(carton__order=order)
        .order_by()
        .values_list("style_id", "colour_id", "size_id")
        .annotate(
            packed=Sum("quantity"),
            on_shipment=Sum("quantity", filter=live),
            shipped=Sum("quantity", filter=Q(carton__shipment__status__in=SHIPPED_STATUSES)),
        )
    )
    return {
        (style, colour, size): (packed or 0, on_shipment or 0, shipped or 0)
        for style, colour, size, packed, on_shipment, shipped in rows
    }


def packing_status(order: Order) -> list[PackingRow]:
    """Per style x colour x size of `order` (style code, colour code, size position): ordered,
    cut, passed end-of-line, packed, on a shipment, shipped. Five queries."""
    ordered = {
        (style, colour, size): qty
        for style, colour, size, qty in OrderLine.objects.filter(order=order)
        .order_by()
        .values_list("style_id", "colour_id", "size_id")
        .annotate(qty=Sum("quantity"))
    }
    cut = {
        (style, colour, size): qty
        for style, colour, size, qty in Bundle.objects.filter(order=order)
        .order_by()
        .values_list("style_id", "colour_id", "size_id")
        .annotate(qty=Sum("quantity"))
    }
    passed = passed_by_cell(order)
    packed = _packed_by_cell(order)
    cells = set(ordered) | set(cut) | set(passed) | set(packed)
    styles = Style.objects.in_bulk({c[0] for c in cells})
    colours = Colour.objects.in_bulk({c[1] for c in cells})
    sizes = Size.objects.in_bulk({c[2] for c in cells})
    rows = [
        PackingRow(
            style=styles[cell[0]],
            colour=colours[cell[1]],
            size=sizes[cell[2]],
            ordered=ordered.get(cell, 0),
            cut=cut.get(cell, 0),
            passed=passed.get(cell, 0),
            packed=packed.get(cell, (0, 0, 0))[0],
            on_shipment=packed.get(cell, (0, 0, 0))[1],
            shipped=packed.get(cell, (0, 0, 0))[2],
        )
        for cell in cells
    ]
    rows.sort(key=lambda r: (r.style.code, r.colour.code, r.size.grid_id, r.size.position))
    return rows


def packing_totals(rows: list[PackingRow]) -> PackingTotals:
    return PackingTotals(
        ordered=sum(r.ordered for r in rows),
        cut=sum(r.cut for r in rows),
        passed=sum(r.passed for r in rows),
        packed=sum(r.packed for r in rows),
        on_shipment=sum(r.on_shipment for r in rows),
        shipped=sum(r.shipped for r in rows),
        packable=sum(r.packable for r in rows),
    )


def order_ratio(rows: list[PackingRow], style: Style, colour: Colour) -> dict[Size, int]:
    """The order's own size ratio of `style` x `colour` (ordered pieces over their greatest
    common divisor): 60 S, 120 M -> S:1 M:2."""
    quantities = {
        r.size: r.ordered
        for r in rows
        if r.style.pk == style.pk and r.colour.pk == colour.pk and r.ordered
    }
    divisor = 0
    for qty in quantities.values():
        divisor = gcd(divisor, qty)
    return {size: qty // divisor for size, qty in quantities.items()} if divisor else {}


def cartons_possible(
    rows: list[PackingRow], style: Style, colour: Colour, ratio: dict[Size, int]
) -> int:
    """How many cartons of `ratio` the pieces still packable allow."""
    packable = {
        r.size.pk: r.packable for r in rows if r.style.pk == style.pk and r.colour.pk == colour.pk
    }
    counts = [packable.get(size.pk, 0) // qty for size, qty in ratio.items() if qty > 0]
    return min(counts) if counts else 0


def carton_list(order: Order) -> QuerySet[Carton]:
    """The order's cartons by number, with their lines and shipment. Three queries."""
    return (
        Carton.objects.filter(order=order)
        .select_related("shipment")
        .prefetch_related("lines__size", "lines__colour", "lines__style")
        .order_by("number")
    )


def carton_pieces(carton: Carton) -> int:
    return sum(line.quantity for line in carton.lines.all())


@dataclass
class OrderPacking:
    """One order on the packing page: its totals along the chain."""

    order: Order
    ordered: int
    passed: int
    packed: int
    shipped: int

    def share(self, value: int) -> int:
        """`value` as a whole percentage of the ordered pieces, at most 100 (for a bar)."""
        return min(100, value * 100 // self.ordered) if self.ordered else 0

    @property
    def passed_pct(self) -> int:
        return self.share(self.passed)

    @property
    def packed_pct(self) -> int:
        return self.share(self.packed)

    @property
    def shipped_pct(self) -> int:
        return self.share(self.shipped)


LISTED_STATUSES = (OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED)


def packing_orders(*, customer_id: int | None = None, status: str = "") -> QuerySet[Order]:
    """Orders to pack, newest first: in production or shipped, and confirmed ones already
    cut. Filtered by customer and status."""
    orders = Order.objects.select_related("customer").filter(
        Q(status__in=(OrderStatus.IN_PRODUCTION, OrderStatus.SHIPPED))
        | Q(status=OrderStatus.CONFIRMED, bundles__isnull=False)
    )
    if customer_id is not None:
        orders = orders.filter(customer_id=customer_id)
    if status:
        orders = orders.filter(status=status)
    return orders.distinct().order_by("-created_at", "-pk")


def orders_packing(orders: list[Order]) -> list[OrderPacking]:
    """The totals of each of `orders` (a page of them). Three queries."""
    ids = [order.pk for order in orders]
    ordered = dict(
        OrderLine.objects.filter(order_id__in=ids)
        .order_by()
        .values_list("order_id")
        .annotate(n=Sum("quantity"))
        .values_list("order_id", "n")
    )
    passed = dict(
        Inspection.objects.filter(order_id__in=ids, kind=InspectionKind.END_OF_LINE)
        .order_by()
        .values_list("order_id")
        .annotate(n=Sum("passed_qty"))
        .values_list("order_id", "n")
    )
    packed: dict[int, tuple[int, int]] = {
        order_id: (n or 0, shipped or 0)
        for order_id, n, shipped in CartonLine.objects.filter(carton__order_id__in=ids)
        .order_by()
        .values_list("carton__order_id")
        .annotate(
            n=Sum("quantity"),
            shipped=Sum("quantity", filter=Q(carton__shipment__status__in=SHIPPED_STATUSES)),
        )
        .values_list("carton__order_id", "n", "shipped")
    }
    return [
        OrderPacking(
            order=order,
            ordered=ordered.get(order.pk) or 0,
            passed=passed.get(order.pk) or 0,
            packed=packed.get(order.pk, (0, 0))[0],
            shipped=packed.get(order.pk, (0, 0))[1],
        )
        for order in orders
    ]


# --- writes --------------------------------------------------------------------------------


@dataclass(frozen=True)
class CartonSpec:
    """Weights (kg) and outside measurement (cm) of each carton of one packing action."""

    gross_kg: Decimal = Decimal("0")
    net_kg: Decimal = Decimal("0")
    length_cm: int = 0
    width_cm: int = 0
    height_cm: int = 0


def _refuse(message: str, code: str, field: str | None = None) -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _check_spec(spec: CartonSpec, cartons: int) -> None:
    errors: dict[str, list[ValidationError]] = {}
    if not 1 <= cartons <= MAX_CARTONS:
        errors["cartons"] = [
            ValidationError(
                _("Give between 1 and %(most)d cartons.") % {"most": MAX_CARTONS},
                code=PackingError.INVALID,
            )
        ]
    for name in ("gross_kg", "net_kg"):
        value = getattr(spec, name)
        if value < 0 or value >= Decimal("1000000"):
            errors[name] = [
                ValidationError(_("A weight is between 0 and 999999.99 kg."), PackingError.INVALID)
            ]
    if spec.net_kg > spec.gross_kg > 0:
        errors["net_kg"] = [
            ValidationError(
                _("The net weight (%(net)s kg) is more than the gross weight (%(gross)s kg).")
                % {"net": spec.net_kg, "gross": spec.gross_kg},
                code=PackingError.INVALID,
            )
        ]
    for name in ("length_cm", "width_cm", "height_cm"):
        if not 0 <= getattr(spec, name) <= 1000:
            errors[name] = [
                ValidationError(_("A measurement is between 0 and 1000 cm."), PackingError.INVALID)
            ]
    if errors:
        raise ValidationError(errors)


def _cell_name(style: Style, colour: Colour, size: Size) -> str:
    return f"{size.code} / {colour.name} ({style.code})"


def _check_room(
    order: Order,
    asked: dict[tuple[Style, Colour, Size], int],
    allowance: Decimal,
    field: str,
) -> None:
    """Refuse when any cell would pack more than passed, or more than ordered + allowance."""
    rows = {(r.style.pk, r.colour.pk, r.size.pk): r for r in packing_status(order)}
    for (style, colour, size), more in asked.items():
        row = rows.get((style.pk, colour.pk, size.pk))
        ordered = row.ordered if row else 0
        passed = row.passed if row else 0
        packed = row.packed if row else 0
        numbers = {
            "cell": _cell_name(style, colour, size),
            "passed": passed,
            "ordered": ordered,
            "packed": packed,
            "more": more,
        }
        if not ordered:
            raise _refuse(
                _("%(cell)s is not on this order.") % numbers, PackingError.NOT_ON_ORDER, field
            )
        if packed + more > passed:
            raise _refuse(
                _("%(cell)s: %(passed)d passed, %(packed)d packed, %(more)d more asked.") % numbers,
                PackingError.OVER_PASSED,
                field,
            )
        most = allowed_over(ordered, allowance)
        if packed + more > most:
            raise _refuse(
                _(
                    "%(cell)s: %(ordered)d ordered (at most %(most)d with the over-shipment "
                    "allowance), %(packed)d packed, %(more)d more asked."
                )
                % {**numbers, "most": most},
                PackingError.OVER_ORDERED,
                field,
            )


def _lock(order: Order) -> Order:
    """The order row, locked until the transaction ends: its packers queue here."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status not in PACKABLE_STATUSES:
        raise _refuse(
            _("Order %(order)s is %(status)s; only a confirmed order in production is packed.")
            % {"order": locked.number, "status": locked.get_status_display()},
            PackingError.ORDER_STATUS,
        )
    return locked


def _free_numbers(order: Order, count: int) -> list[int]:
    taken = set(Carton.objects.filter(order=order).values_list("number", flat=True))
    numbers: list[int] = []
    candidate = 1
    while len(numbers) < count:
        if candidate not in taken:
            numbers.append(candidate)
        candidate += 1
    return numbers


def _create_cartons(
    *,
    order: Order,
    pack_type: str,
    contents: dict[tuple[Style, Colour, Size], int],
    cartons: int,
    spec: CartonSpec,
    by: Any,
    packed_at: dt.datetime | None,
) -> list[Carton]:
    tenant = require_tenant()
    when = packed_at or timezone.now()
    user = signed_in_user(by)
    made = Carton.objects.bulk_create(
        [
            Carton(
                tenant=tenant,
                order=order,
                number=number,
                pack_type=pack_type,
                gross_kg=spec.gross_kg,
                net_kg=spec.net_kg,
                length_cm=spec.length_cm,
                width_cm=spec.width_cm,
                height_cm=spec.height_cm,
                packed_at=when,
                packed_by=user,
            )
            for number in _free_numbers(order, cartons)
        ]
    )
    if any(carton.pk is None for carton in made):  # backends that return no ids
        numbers = [carton.number for carton in made]
        made = list(Carton.objects.filter(order=order, number__in=numbers).order_by("number"))
    CartonLine.objects.bulk_create(
        [
            CartonLine(
                tenant=tenant, carton=carton, style=style, colour=colour, size=size, quantity=qty
            )
            for carton in made
            for (style, colour, size), qty in contents.items()
        ]
    )
    return made


def _audit_pack(order: Order, made: list[Carton], contents: dict[Any, int], by: Any) -> None:
    numbers = [carton.number for carton in made]
    audit_record(
        actor=by,
        action="shipping.pack",
        obj=order,
        summary=_("%(count)d cartons packed for order %(order)s")
        % {"count": len(made), "order": order.number},
        data={
            "cartons": numbers,
            "contents": {
                f"{style.code}/{colour.code}/{size.code}": qty
                for (style, colour, size), qty in contents.items()
            },
        },
    )


@transaction.atomic
def pack_solid(
    *,
    order: Order,
    style: Style,
    colour: Colour,
    size: Size,
    pieces_per_carton: int,
    cartons: int,
    by: Any,
    gross_kg: Decimal = Decimal("0"),
    net_kg: Decimal = Decimal("0"),
    length_cm: int = 0,
    width_cm: int = 0,
    height_cm: int = 0,
    allowance: Decimal = OVER_SHIP_ALLOWANCE,
    packed_at: dt.datetime | None = None,
) -> list[Carton]:
    """Pack `cartons` cartons of `pieces_per_carton` pieces of one size x colour."""
    spec = CartonSpec(gross_kg, net_kg, length_cm, width_cm, height_cm)
    _check_spec(spec, cartons)
    if pieces_per_carton < 1:
        raise _refuse(
            _("A carton holds at least one piece."), PackingError.INVALID, "pieces_per_carton"
        )
    contents = {(style, colour, size): pieces_per_carton}
    return _pack(
        order, PackType.SOLID, contents, cartons, spec, by, packed_at, allowance, "cartons"
    )


@transaction.atomic
def pack_ratio(
    *,
    order: Order,
    style: Style,
    colour: Colour,
    ratio: dict[Size, int],
    cartons: int,
    by: Any,
    gross_kg: Decimal = Decimal("0"),
    net_kg: Decimal = Decimal("0"),
    length_cm: int = 0,
    width_cm: int = 0,
    height_cm: int = 0,
    allowance: Decimal = OVER_SHIP_ALLOWANCE,
    packed_at: dt.datetime | None = None,
) -> list[Carton]:
    """Pack `cartons` cartons of one colour holding `ratio[size]` pieces of each size
    (e.g. S:2 M:4 L:4 XL:2); sizes at 0 are left out."""
    spec = CartonSpec(gross_kg, net_kg, length_cm, width_cm, height_cm)
    _check_spec(spec, cartons)
    if any(qty < 0 for qty in ratio.values()):
        raise _refuse(_("A ratio cannot be negative."), PackingError.INVALID, "ratio")
    sizes = sorted((size for size, qty in ratio.items() if qty > 0), key=lambda s: s.position)
    if not sizes:
        raise _refuse(
            _("Give the pieces of at least one size per carton."), PackingError.INVALID, "ratio"
        )
    contents = {(style, colour, size): ratio[size] for size in sizes}
    return _pack(order, PackType.RATIO, contents, cartons, spec, by, packed_at, allowance, "ratio")


def _pack(
    order: Order,
    pack_type: str,
    contents: dict[tuple[Style, Colour, Size], int],
    cartons: int,
    spec: CartonSpec,
    by: Any,
    packed_at: dt.datetime | None,
    allowance: Decimal,
    field: str,
) -> list[Carton]:
    """Lock the order, check there is room for `cartons` x `contents`, number and audit."""
    locked = _lock(order)
    _check_room(locked, {key: qty * cartons for key, qty in contents.items()}, allowance, field)
    made = _create_cartons(
        order=locked,
        pack_type=pack_type,
        contents=contents,
        cartons=cartons,
        spec=spec,
        by=by,
        packed_at=packed_at,
    )
    _audit_pack(locked, made, contents, by)
    return made


@transaction.atomic
def carton_delete(carton: Carton, *, by: Any) -> None:
    """Unpack a carton; refused once its shipment has been dispatched or delivered."""
    order = Order.objects.select_for_update().get(pk=carton.order_id)
    current = Carton.objects.select_related("shipment").get(pk=carton.pk)
    shipment = current.shipment
    if shipment is not None and shipment.status in SHIPPED_STATUSES:
        raise _refuse(
            _("Carton %(number)d left the factory on shipment %(shipment)s; it stays packed.")
            % {"number": current.number, "shipment": shipment.number},
            PackingError.SHIPPED,
        )
    lines = {
        f"{line.style_id}/{line.colour_id}/{line.size_id}": line.quantity
        for line in current.lines.all()
    }
    audit_record(
        actor=by,
        action="shipping.unpack",
        obj=order,
        summary=_("Carton %(number)d of order %(order)s unpacked")
        % {"number": current.number, "order": order.number},
        data={"carton": current.number, "lines": lines},
    )
    current.delete()


def carton_numbers(text: str) -> set[int] | None:
    """`"1-10,14"` -> {1..10, 14}; None when the text is not such a list."""
    numbers: set[int] = set()
    for part in text.replace(" ", "").split(","):
        if not part:
            continue
        low, _sep, high = part.partition("-")
        if not low.isdigit() or (high and not high.isdigit()):
            return None
        first, last = int(low), int(high or low)
        if first > last or last - first > 100_000:
            return None
        numbers.update(range(first, last + 1))
    return numbers
