"""Styles with their operation bulletins: one row per operation, the style's columns repeated.

A style row with empty operation columns is a style without bulletin. Each style in the file
gets exactly the bulletin the file gives it (operations are kept by their number, so links to
them survive); a `sizes` column creates a size grid that does not exist yet; colour codes
that do not exist yet are created.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.catalog.choices import MachineType, Section, StyleCategory
from seamline.catalog.models import (
    Colour,
    Customer,
    Operation,
    OperationDependency,
    Size,
    SizeGrid,
    Style,
    StyleColour,
)
from seamline.dataio.specs.base import ImportResult, Spec, clean
from seamline.dataio.tables import LIST_SEPARATOR, Cells, Column, Row, RowError, Table, TableError
from seamline.tenancy.context import require_tenant

STYLE_KEYS = (
    "style_code",
    "style_name",
    "customer_code",
    "category",
    "season",
    "size_grid",
    "sizes",
    "colours",
)
OP_KEYS = (
    "op_no",
    "operation",
    "section",
    "machine",
    "smv",
    "piece_rate",
    "skill_grade",
    "after",
)
STYLE_FIELDS = {
    "code": "style_code",
    "name": "style_name",
    "customer": "customer_code",
    "category": "category",
    "season": "season",
    "size_grid": "size_grid",
}
OP_FIELDS = {
    "sequence": "op_no",
    "name": "operation",
    "section": "section",
    "machine_type": "machine",
    "smv": "smv",
    "piece_rate": "piece_rate",
    "skill_grade": "skill_grade",
}


@dataclass
class OperationPlan:
    number: int
    values: dict[str, Any]
    after: list[int]


@dataclass
class StylePlan:
    number: int
    code: str
    values: dict[str, Any]
    grid_code: str
    colours: list[str] | None
    operations: list[OperationPlan] = field(default_factory=list)


@dataclass
class Plan:
    styles: list[StylePlan]
    new_grids: dict[str, list[str]]
    new_colours: list[str]


def _has_cycle(graph: dict[int, list[int]]) -> int | None:
    """An operation on a precedence loop, or None."""
    state: dict[int, int] = {}

    def visit(node: int) -> int | None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1:
                return nxt
            if nxt not in state and (found := visit(nxt)) is not None:
                return found
        state[node] = 2
        return None

    for node in graph:
        if node not in state and (found := visit(node)) is not None:
            return found
    return None


class StyleSpec(Spec):
    kind = "styles"
    label = gettext_lazy("Styles and operation bulletins")
    columns = (
        Column("style_code", gettext_lazy("Style code"), ("款号",), required=True),
        Column("style_name", gettext_lazy("Style name"), ("款名", "款式名称"), required=True),
        Column("customer_code", gettext_lazy("Customer code"), ("客户编码", "客户")),
        Column("category", gettext_lazy("Category"), ("品类",)),
        Column("season", gettext_lazy("Season"), ("季节",)),
        Column("size_grid", gettext_lazy("Size grid"), ("尺码组",), required=True),
        Column("sizes", gettext_lazy("Sizes"), ("尺码",)),
        Column("colours", gettext_lazy("Colours"), ("颜色",)),
        Column("op_no", gettext_lazy("Operation no."), ("工序号",)),
        Column("operation", gettext_lazy("Operation"), ("工序", "工序名称")),
        Column("section", gettext_lazy("Section"), ("部位",)),
        Column("machine", gettext_lazy("Machine"), ("机器", "机种", "设备")),
        Column("smv", gettext_lazy("SMV (min)"), ("标准工时",)),
        Column("piece_rate", gettext_lazy("Piece rate"), ("工价", "计件单价")),
        Column("skill_grade", gettext_lazy("Skill grade"), ("技能等级",)),
        Column("after", gettext_lazy("After operations"), ("前道工序",)),
    )
    example = {
        "style_code": "TS-001",
        "style_name": "Crew-neck T-shirt",
        "customer_code": "",
        "category": StyleCategory.TSHIRT.value,
        "season": "SS27",
        "size_grid": "TOPS",
        "sizes": "S|M|L|XL",
        "colours": "WHT|NVY",
        "op_no": 1,
        "operation": "Join shoulders",
        "section": Section.ASSEMBLY.value,
        "machine": MachineType.OL4.value,
        "smv": Decimal("0.350"),
        "piece_rate": Decimal("0.08"),
        "skill_grade": 2,
        "after": "",
    }

    # --- validation ------------------------------------------------------------------------

    def validate(self, table: Table) -> tuple[Plan, list[RowError]]:
        errors: list[RowError] = []
        groups: dict[str, list[Row]] = defaultdict(list)
        for row in table.rows:
            groups[row.get("style_code")].append(row)
        for row in groups.pop("", []):
            errors.append(
                RowError(row.number, table.header("style_code"), _("A value is required."))
            )
        customers = {
            c.code: c
            for c in Customer.objects.filter(
                code__in={r.get("customer_code") for r in table.rows if r.get("customer_code")}
            )
        }
        grid_codes = {r.get("size_grid") for r in table.rows if r.get("size_grid")}
        grids = {g.code: g for g in SizeGrid.objects.filter(code__in=grid_codes)}
        grid_sizes: dict[str, list[str]] = defaultdict(list)
        for size in Size.objects.filter(grid__in=grids.values()).order_by("position"):
            grid_sizes[size.grid_id].append(size.code)
        styles = {s.code: s for s in Style.objects.filter(code__in=list(groups))}
        with_orders = set(
            Style.objects.filter(pk__in=[s.pk for s in styles.values()], order_lines__isnull=False)
            .values_list("code", flat=True)
            .distinct()
        )
        new_grids: dict[str, list[str]] = {}
        new_grid_rows: dict[str, int] = {}
        colour_codes: set[str] = set()
        plans: list[StylePlan] = []
        for code, rows in groups.items():
            first = rows[0]
            cells = Cells(table, first, errors)
            for row in rows[1:]:
                for key in STYLE_KEYS:
                    if row.get(key) and row.get(key) != first.get(key):
                        errors.append(
                            RowError(
                                row.number,
                                table.header(key),
                                _("Differs from row %(row)s of the same style (“%(value)s”).")
                                % {"row": first.number, "value": first.get(key)},
                            )
                        )
            cells.text("style_code", max_length=40)
            customer = None
            if customer_code := first.get("customer_code"):
                customer = customers.get(customer_code)
                if customer is None:
                    cells.error(
                        "customer_code", _("Unknown customer “%(code)s”.") % {"code": customer_code}
                    )
            values: dict[str, Any] = {
                "code": code,
                "name": cells.text("style_name", required=True, max_length=200),
                "customer": customer,
                "category": cells.choice("category", StyleCategory, default=StyleCategory.OTHER),
                "season": cells.text("season", max_length=20),
            }
            grid_code = cells.text("size_grid", required=True, max_length=32)
            sizes = cells.codes("sizes")
            if grid_code in grids:
                have = grid_sizes.get(grids[grid_code].pk, [])
                if sizes and sizes != have:
                    cells.error(
                        "sizes",
                        _(
                            "Size grid %(grid)s already has the sizes %(have)s; leave sizes empty "
                            "or give the same."
                        )
                        % {"grid": grid_code, "have": LIST_SEPARATOR.join(have)},
                    )
            elif grid_code:
                self._check_new_grid(cells, grid_code, sizes, new_grids, new_grid_rows)
            existing = styles.get(code)
            if (
                existing is not None
                and code in with_orders
                and grid_code
                and existing.size_grid_id != getattr(grids.get(grid_code), "pk", None)
            ):
                cells.error("size_grid", _("The style has orders; its size grid cannot change."))
            colours = cells.codes("colours") if first.get("colours") else None
            for colour in colours or []:
                if len(colour) > 32:
                    cells.error("colours", _("A colour code has at most 32 characters."))
            colour_codes.update(colours or [])
            plan = StylePlan(first.number, code, values, grid_code, colours)
            plan.operations = self._operations(table, rows, errors)
            plans.append(plan)
        known_colours = set(
            Colour.objects.filter(code__in=colour_codes).values_list("code", flat=True)
        )
        return (
            Plan(plans, new_grids, sorted(colour_codes - known_colours)),
            sorted(errors, key=lambda e: e.row),
        )

    @staticmethod
    def _check_new_grid(
        cells: Cells,
        grid_code: str,
        sizes: list[str],
        new_grids: dict[str, list[str]],
        new_grid_rows: dict[str, int],
    ) -> None:
        if not sizes:
            cells.error(
                "size_grid",
                _("Unknown size grid “%(grid)s”; give its sizes (e.g. S|M|L) to create it.")
                % {"grid": grid_code},
            )
            return
        repeated = sorted({s for s in sizes if sizes.count(s) > 1})
        if repeated:
            cells.error("sizes", _("Repeated sizes: %(sizes)s.") % {"sizes": ", ".join(repeated)})
        if any(len(s) > 16 for s in sizes):
            cells.error("sizes", _("A size has at most 16 characters."))
        if grid_code in new_grids and new_grids[grid_code] != sizes:
            cells.error(
                "sizes",
                _("Size grid %(grid)s has other sizes on row %(row)s.")
                % {"grid": grid_code, "row": new_grid_rows[grid_code]},
            )
        new_grids.setdefault(grid_code, sizes)
        new_grid_rows.setdefault(grid_code, cells.row.number)

    @staticmethod
    def _operations(table: Table, rows: list[Row], errors: list[RowError]) -> list[OperationPlan]:
        operations: list[OperationPlan] = []
        seen: dict[int, int] = {}
        for row in rows:
            if row.is_blank(OP_KEYS):
                continue
            cells = Cells(table, row, errors)
            sequence = cells.integer("op_no", required=True, minimum=1, maximum=100_000)
            if sequence is not None:
                if sequence in seen:
                    cells.error(
                        "op_no",
                        _("Operation %(no)s is repeated; it is already on row %(row)s.")
                        % {"no": sequence, "row": seen[sequence]},
                    )
                seen.setdefault(sequence, row.number)
            values = {
                "sequence": sequence,
                "name": cells.text("operation", required=True, max_length=200),
                "section": cells.choice("section", Section, default=Section.ASSEMBLY),
                "machine_type": cells.choice("machine", MachineType),
                "smv": cells.decimal("smv", places=3, max_digits=7, required=True, positive=True),
                "piece_rate": cells.decimal(
                    "piece_rate", places=4, max_digits=10, default=Decimal("0")
                ),
                "skill_grade": cells.integer("skill_grade", default=2, minimum=1, maximum=5),
            }
            after: list[int] = []
            for text in cells.codes("after"):
                if not text.isdigit():
                    cells.error("after", _("“%(ref)s” is not an operation number.") % {"ref": text})
                else:
                    after.append(int(text))
            operations.append(OperationPlan(row.number, values, after))
        for op in operations:
            sequence = op.values["sequence"]
            for ref in op.after:
                if ref == sequence:
                    errors.append(
                        RowError(
                            op.number,
                            table.header("after"),
                            _("An operation cannot come after itself."),
                        )
                    )
                elif ref not in seen:
                    errors.append(
                        RowError(
                            op.number,
                            table.header("after"),
                            _("There is no operation %(ref)s in this style's bulletin.")
                            % {"ref": ref},
                        )
                    )
        graph = {op.values["sequence"]: op.after for op in operations if op.values["sequence"]}
        looped = _has_cycle(graph)
        if looped is not None and looped in seen:
            errors.append(
                RowError(
                    seen[looped],
                    table.header("after"),
                    _("Operation %(no)s is part of a precedence loop.") % {"no": looped},
                )
            )
        return operations

    # --- writing ---------------------------------------------------------------------------

    def write(self, plan: Plan, *, table: Table, by: Any) -> ImportResult:
        tenant = require_tenant()
        errors: list[RowError] = []
        result = ImportResult(self.kind, rows=len(table.rows))
        for code, sizes in plan.new_grids.items():
            grid = SizeGrid.objects.create(tenant=tenant, code=code, name=code)
            Size.objects.bulk_create(
                [
                    Size(tenant=tenant, grid=grid, code=size, position=position)
                    for position, size in enumerate(sizes, start=1)
                ]
            )
        Colour.objects.bulk_create(
            [Colour(tenant=tenant, code=code, name=code) for code in plan.new_colours]
        )
        grids = {
            g.code: g for g in SizeGrid.objects.filter(code__in={s.grid_code for s in plan.styles})
        }
        colours = {
            c.code: c
            for c in Colour.objects.filter(
                code__in={code for s in plan.styles for code in s.colours or []}
            )
        }
        existing = {s.code: s for s in Style.objects.filter(code__in=[s.code for s in plan.styles])}
        operations = 0
        for item in plan.styles:
            style = existing.get(item.code)
            if style is None:
                style = Style(tenant=tenant)
                result.created += 1
            else:
                result.updated += 1
            for name, value in item.values.items():
                setattr(style, name, value)
            style.size_grid = grids[item.grid_code]
            if not clean(style, table=table, row=item.number, fields=STYLE_FIELDS, errors=errors):
                continue
            style.save()
            if item.colours is not None:
                wanted = [colours[code] for code in item.colours]
                StyleColour.objects.filter(style=style).exclude(colour__in=wanted).delete()
                have = set(
                    StyleColour.objects.filter(style=style).values_list("colour_id", flat=True)
                )
                StyleColour.objects.bulk_create(
                    [
                        StyleColour(tenant=tenant, style=style, colour=colour)
                        for colour in wanted
                        if colour.pk not in have
                    ]
                )
            operations += self._replace_bulletin(style, item, table, errors)
        if errors:
            raise TableError(sorted(errors, key=lambda e: e.row))
        result.details["operations"] = operations
        return result

    @staticmethod
    def _replace_bulletin(
        style: Style, item: StylePlan, table: Table, errors: list[RowError]
    ) -> int:
        tenant = require_tenant()
        wanted = {op.values["sequence"]: op for op in item.operations}
        current = {op.sequence: op for op in Operation.objects.filter(style=style)}
        OperationDependency.objects.filter(operation__style=style).delete()
        for sequence, operation in current.items():
            if sequence in wanted:
                continue
            try:
                with transaction.atomic():
                    operation.delete()
            except ProtectedError:
                errors.append(
                    RowError(
                        item.number,
                        table.header("op_no"),
                        _("Operation %(no)s of style %(style)s is in use and cannot be removed.")
                        % {"no": sequence, "style": style.code},
                    )
                )
        saved: dict[int, Operation] = {}
        for sequence, op in wanted.items():
            operation = current.get(sequence) or Operation(tenant=tenant, style=style)
            for name, value in op.values.items():
                setattr(operation, name, value)
            if clean(operation, table=table, row=op.number, fields=OP_FIELDS, errors=errors):
                operation.save()
                saved[sequence] = operation
        OperationDependency.objects.bulk_create(
            [
                OperationDependency(
                    tenant=tenant, operation=saved[sequence], predecessor=saved[ref]
                )
                for sequence, op in wanted.items()
                for ref in sorted(set(op.after))
                if sequence in saved and ref in saved
            ]
        )
        return len(saved)

    # --- export ----------------------------------------------------------------------------

    def export_rows(self) -> Iterable[Sequence[Any]]:
        styles = (
            Style.objects.select_related("customer", "size_grid")
            .prefetch_related("size_grid__sizes", "style_colours__colour", "operations")
            .order_by("code")
        )
        after: dict[int, list[int]] = defaultdict(list)
        for operation_id, sequence in OperationDependency.objects.order_by(
            "predecessor__sequence"
        ).values_list("operation_id", "predecessor__sequence"):
            after[operation_id].append(sequence)
        for style in styles:
            head = [
                style.code,
                style.name,
                style.customer.code if style.customer else "",
                style.category,
                style.season,
                style.size_grid.code,
                LIST_SEPARATOR.join(
                    s.code for s in sorted(style.size_grid.sizes.all(), key=lambda s: s.position)
                ),
                LIST_SEPARATOR.join(sorted(sc.colour.code for sc in style.style_colours.all())),
            ]
            ops = sorted(style.operations.all(), key=lambda op: op.sequence)
            if not ops:
                yield [*head, "", "", "", "", "", "", "", ""]
            for op in ops:
                yield [
                    *head,
                    op.sequence,
                    op.name,
                    op.section,
                    op.machine_type,
                    op.smv,
                    op.piece_rate,
                    op.skill_grade,
                    LIST_SEPARATOR.join(str(n) for n in after.get(op.pk, [])),
                ]
