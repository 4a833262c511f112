"""The cutting room: every factory has the brand's tee and jean patterns; the first one has
the confirmed tee order planned against fabric, on markers nested for that plan."""

from __future__ import annotations

from decimal import Decimal

from seamline.catalog.models import Material, Style
from seamline.catalog.patterns import pattern_import_polygons
from seamline.cutting.choices import FabricDirection
from seamline.cutting.marker_runner import run_next
from seamline.cutting.models import CutPlan
from seamline.cutting.room import (
    RoomPlan,
    room_apply,
    room_nest_markers,
    room_plan,
    room_settings_update,
)
from seamline.cutting.services import cut_plan_create
from seamline.demo.build.context import DemoContext, FactoryData
from seamline.demo.data.patterns import jean_pattern, tee_pattern
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order
from seamline.tenancy.choices import Role

PATTERNS = {"LL-T2701": ("tee", tee_pattern), "LL-J2703": ("jean", jean_pattern)}
PATTERN_NAME = "Production pattern"
PLANNED_FACTORY = "hongmian"
PLANNED_STYLE = "LL-T2701"
FABRIC = "FAB-SJ180"
# Seconds of nesting per marker: enough for a fair marker, short enough for a quick start.
NEST_S = 3
NEST_ROUNDS = 4


def load_cutting_room(ctx: DemoContext, factory: FactoryData) -> None:
    """Run inside `tenant_context(factory.org)`, after the orders."""
    planner = ctx.staff[(factory.spec.key, Role.PLANNER)]
    for code, (_kind, draft) in PATTERNS.items():
        style = factory.styles.get(code)
        if style is not None:
            pattern_import_polygons(style=style, name=PATTERN_NAME, document=draft(), by=planner)
    if factory.spec.key == PLANNED_FACTORY:
        _plan_confirmed_order(factory, planner)


def _plan_confirmed_order(factory: FactoryData, planner: object) -> None:
    style = factory.styles[PLANNED_STYLE]
    order = _confirmed_order(style)
    if order is None:
        return
    cut_plan = CutPlan.objects.filter(order=order, style=style).first() or cut_plan_create(
        order=order, style=style, by=planner, bundle_size=30
    )
    fabric = Material.objects.get(code=FABRIC)
    cut_plan = room_settings_update(
        cut_plan=cut_plan,
        fabric_width_mm=int(fabric.width_cm or 180) * 10,
        max_plies=80,
        max_marker_length_mm=9000,
        overcut_pct=Decimal("3.0"),
        cost_per_lay=Decimal("45.00"),
        fabric_price=fabric.unit_price.quantize(Decimal("0.01")),
        end_allowance_mm=20,
        by=planner,
    )
    # Nest the plan's markers and plan again on their true lengths, until the plan asks for
    # no new marker (a few rounds at most), and keep it: lays ready to spread and cut.
    plan = room_plan(cut_plan, time_limit_s=2)
    for _round in range(NEST_ROUNDS):
        if not _nest(cut_plan, plan, planner):
            break
        plan = room_plan(cut_plan, time_limit_s=2)
    room_apply(cut_plan=cut_plan, plan=plan, by=planner)


def _nest(cut_plan: CutPlan, plan: RoomPlan, planner: object) -> bool:
    """Nest every marker of `plan` not nested yet; False when there was none."""
    queued = room_nest_markers(
        cut_plan=cut_plan,
        plan=plan,
        by=planner,
        time_limit_s=NEST_S,
        direction=FabricDirection.TWO_WAY,
        spacing_mm=Decimal("2.0"),
    )
    while run_next() is not None:
        pass
    return bool(queued)


def _confirmed_order(style: Style) -> Order | None:
    return (
        Order.objects.filter(status=OrderStatus.CONFIRMED, lines__style=style)
        .distinct()
        .order_by("delivery_date")
        .first()
    )
