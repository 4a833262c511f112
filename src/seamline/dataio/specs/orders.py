"""Orders: one row per style x colour x size cell, the order's columns repeated.

A new order is created as a draft with source "excel"; an existing draft order gets its header
and all its lines replaced by the file's; an order past draft is refused.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.catalog.models import Colour, Customer, Size, Style, StyleColour
from seamline.dataio.specs.base import ImportResult, Spec, clean
from seamline.dataio.specs.materials import currency
from seamline.dataio.tables import Cells, Column, Row, RowError, Table, TableError
from seamline.orders.choices import OrderSource, OrderStatus
from seamline.orders.models import Order, OrderEvent, OrderLine
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant

ORDER_KEYS = ("order_no", "customer_code", "customer_po", "delivery_date", "currency")
ORDER_FIELDS = {
    "number": "order_no",
    "customer": "customer_code",
    "customer_po": "customer_po",
    "delivery_date": "delivery_date",
    "currency": "currency",
}
LINE_FIELDS = {
    "style": "style_code",
    "colour": "colour",
    "size": "size",
    "quantity": "quantity",
    "unit_price": "unit_price",
}


@dataclass
class LinePlan:
    number: int
    values: dict[str, Any]


@dataclass
class OrderPlan:
    number: int
    values: dict[str, Any]
    lines: list[LinePlan] = field(default_factory=list)
    unchanged: bool = False


Content = tuple[Any, ...]


def _stored(order: Order, lines: list[OrderLine]) -> Content:
    """What a stored order says, to compare with the file's version of it."""
    cells = sorted(
        (line.style_id, line.colour_id, line.size_id, line.quantity, line.unit_price)
        for line in lines
    )
    return (order.customer_id, order.customer_po, order.delivery_date, order.currency, cells)


def _planned(plan: OrderPlan) -> Content:
    values = plan.values
    cells = sorted(
        (
            getattr(line.values["style"], "pk", None),
            getattr(line.values["colour"], "pk", None),
            getattr(line.values["size"], "pk", None),
            line.values["quantity"],
            line.values["unit_price"],
        )
        for line in plan.lines
    )
    customer = getattr(values["customer"], "pk", None)
    return (customer, values["customer_po"], values["delivery_date"], values["currency"], cells)


class OrderSpec(Spec):
    kind = "orders"
    label = gettext_lazy("Orders")
    columns = (
        Column("order_no", gettext_lazy("Order no."), ("订单号",), required=True),
        Column("customer_code", gettext_lazy("Customer code"), ("客户编码", "客户"), required=True),
        Column("customer_po", gettext_lazy("Customer PO"), ("客户订单号", "客户PO")),
        Column("delivery_date", gettext_lazy("Delivery date"), ("交货日期", "交期"), required=True),
        Column("currency", gettext_lazy("Currency"), ("币种", "货币")),
        Column("style_code", gettext_lazy("Style code"), ("款号",), required=True),
        Column("colour", gettext_lazy("Colour"), ("颜色",), required=True),
        Column("size", gettext_lazy("Size"), ("尺码",), required=True),
        Column("quantity", gettext_lazy("Quantity"), ("数量",), required=True),
        Column("unit_price", gettext_lazy("Unit price"), ("单价",)),
    )
    example = {
        "order_no": "SO-2027-001",
        "customer_code": "CUST01",
        "customer_po": "PO-7781",
        "delivery_date": "2027-03-01",
        "currency": "USD",
        "style_code": "TS-001",
        "colour": "WHT",
        "size": "M",
        "quantity": 500,
        "unit_price": Decimal("3.20"),
    }

    def validate(self, table: Table) -> tuple[list[OrderPlan], list[RowError]]:
        errors: list[RowError] = []
        rows = table.rows
        customers = {
            c.code: c
            for c in Customer.objects.filter(code__in={r.get("customer_code") for r in rows})
        }
        styles = {
            s.code: s
            for s in Style.objects.select_related("size_grid").filter(
                code__in={r.get("style_code") for r in rows}
            )
        }
        sizes = {
            (size.grid_id, size.code): size
            for size in Size.objects.filter(grid__in={s.size_grid_id for s in styles.values()})
        }
        colourways = {
            (sc.style_id, sc.colour.code): sc.colour
            for sc in StyleColour.objects.select_related("colour").filter(style__in=styles.values())
        }
        orders = {
            o.number: o for o in Order.objects.filter(number__in={r.get("order_no") for r in rows})
        }
        current: dict[int, list[OrderLine]] = defaultdict(list)
        for line in OrderLine.objects.filter(
            order__in=[o for o in orders.values() if o.status != OrderStatus.DRAFT]
        ):
            current[line.order_id].append(line)
        groups: dict[str, list[Row]] = defaultdict(list)
        for row in rows:
            groups[row.get("order_no")].append(row)
        for row in groups.pop("", []):
            errors.append(RowError(row.number, table.header("order_no"), _("A value is required.")))
        plans: list[OrderPlan] = []
        for number, group in groups.items():
            first = group[0]
            cells = Cells(table, first, errors)
            for row in group[1:]:
                for key in ORDER_KEYS:
                    if row.get(key) and row.get(key) != first.get(key):
                        errors.append(
                            RowError(
                                row.number,
                                table.header(key),
                                _("Differs from row %(row)s of the same order (“%(value)s”).")
                                % {"row": first.number, "value": first.get(key)},
                            )
                        )
            existing = orders.get(number)
            cells.text("order_no", max_length=40)
            customer = customers.get(first.get("customer_code"))
            if customer is None and first.get("customer_code"):
                cells.error(
                    "customer_code",
                    _("Unknown customer “%(code)s”.") % {"code": first.get("customer_code")},
                )
            elif customer is None:
                cells.error("customer_code", _("A value is required."))
            values = {
                "number": number,
                "customer": customer,
                "customer_po": cells.text("customer_po", max_length=60),
                "delivery_date": cells.date("delivery_date", required=True),
                "currency": currency(cells, "currency", customer.currency if customer else "CNY"),
            }
            plan = OrderPlan(first.number, values)
            seen: dict[tuple[str, str, str], int] = {}
            for row in group:
                plan.lines.append(self._line(table, row, errors, styles, sizes, colourways, seen))
            if existing is not None and existing.status != OrderStatus.DRAFT:
                if _stored(existing, current[existing.pk]) == _planned(plan):
                    plan.unchanged = True  # e.g. re-importing an export: nothing to do
                else:
                    errors.extend(
                        RowError(
                            row.number,
                            table.header("order_no"),
                            _("Order %(no)s is %(status)s; only draft orders can be imported over.")
                            % {"no": number, "status": existing.get_status_display()},
                        )
                        for row in group
                    )
            plans.append(plan)
        return plans, sorted(errors, key=lambda e: e.row)

    @staticmethod
    def _line(
        table: Table,
        row: Row,
        errors: list[RowError],
        styles: dict[str, Style],
        sizes: dict[tuple[int, str], Size],
        colourways: dict[tuple[int, str], Colour],
        seen: dict[tuple[str, str, str], int],
    ) -> LinePlan:
        cells = Cells(table, row, errors)
        style_code = cells.text("style_code", required=True)
        colour_code = cells.text("colour", required=True)
        size_code = cells.text("size", required=True)
        style = styles.get(style_code)
        colour = size = None
        if style is None and style_code:
            cells.error("style_code", _("Unknown style “%(code)s”.") % {"code": style_code})
        elif style is not None:
            colour = colourways.get((style.pk, colour_code))
            if colour is None and colour_code:
                cells.error(
                    "colour",
                    _("Style %(style)s has no colour “%(code)s”.")
                    % {"style": style.code, "code": colour_code},
                )
            size = sizes.get((style.size_grid_id, size_code))
            if size is None and size_code:
                cells.error(
                    "size",
                    _("Size “%(code)s” is not in the size grid of style %(style)s.")
                    % {"code": size_code, "style": style.code},
                )
        cell = (style_code, colour_code, size_code)
        if cell in seen:
            cells.error(
                "size",
                _("This style, colour and size is already on row %(row)s.") % {"row": seen[cell]},
            )
        seen.setdefault(cell, row.number)
        values = {
            "style": style,
            "colour": colour,
            "size": size,
            "quantity": cells.integer("quantity", required=True, minimum=1),
            "unit_price": cells.decimal(
                "unit_price", places=4, max_digits=12, default=Decimal("0")
            ),
        }
        return LinePlan(row.number, values)

    def write(self, plan: list[OrderPlan], *, table: Table, by: Any) -> ImportResult:
        tenant = require_tenant()
        actor = signed_in_user(by)
        existing = {
            o.number: o for o in Order.objects.filter(number__in=[p.values["number"] for p in plan])
        }
        result = ImportResult(self.kind, rows=len(table.rows))
        errors: list[RowError] = []
        lines = 0
        for item in plan:
            if item.unchanged:
                result.details["unchanged"] = result.details.get("unchanged", 0) + 1
                continue
            order = existing.get(item.values["number"])
            created = order is None
            if order is None:
                order = Order(
                    tenant=tenant,
                    status=OrderStatus.DRAFT,
                    source=OrderSource.EXCEL,
                    created_by=actor,
                )
                result.created += 1
            else:
                result.updated += 1
            for name, value in item.values.items():
                setattr(order, name, value)
            if not clean(order, table=table, row=item.number, fields=ORDER_FIELDS, errors=errors):
                continue
            order.save()
            if created:
                OrderEvent.objects.create(
                    tenant=tenant,
                    order=order,
                    from_status="",
                    to_status=OrderStatus.DRAFT,
                    by=actor,
                    note=_("Imported from a spreadsheet"),
                )
            else:
                OrderLine.objects.filter(order=order).delete()
            for line_plan in item.lines:
                line = OrderLine(tenant=tenant, order=order, **line_plan.values)
                if clean(
                    line, table=table, row=line_plan.number, fields=LINE_FIELDS, errors=errors
                ):
                    line.save()
                    lines += 1
        if errors:
            raise TableError(sorted(errors, key=lambda e: e.row))
        result.details["lines"] = lines
        return result

    def export_rows(self) -> Iterable[Sequence[Any]]:
        lines = OrderLine.objects.select_related(
            "order__customer", "style", "colour", "size"
        ).order_by("order__number", "style__code", "colour__code", "size__position")
        for line in lines:
            order = line.order
            yield [
                order.number,
                order.customer.code,
                order.customer_po,
                order.delivery_date,
                order.currency,
                line.style.code,
                line.colour.code,
                line.size.code,
                line.quantity,
                line.unit_price,
            ]
