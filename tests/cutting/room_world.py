"""An order ready for the cutting room: a style with a pattern of simple rectangles per size,
a cut plan with its fabric limits set, and nested markers on demand.

Create inside `tenant_context(org)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from seamline.catalog.choices import PatternSource
from seamline.catalog.models import Pattern, PatternPiece, Size
from seamline.cutting.choices import FabricDirection, MarkerStatus
from seamline.cutting.models import CutPlan, Marker, MarkerRatio
from seamline.cutting.services import cut_plan_create
from tests.cutting.factories import OrderToCut, order_to_cut

# Per size: (front width, front height) in mm; the back is the same, two sleeves are smaller.
BODY = {"S": (480, 660), "M": (500, 700), "L": (520, 740), "XL": (540, 780)}
SLEEVE = (220, 260)


def rectangle(width: float, height: float) -> list[list[float]]:
    return [[0.0, 0.0], [width, 0.0], [width, height], [0.0, height]]


def garment_area(code: str) -> int:
    """mm² of one garment of size `code` in `pattern_of`'s pieces."""
    width, height = BODY[code]
    return 2 * width * height + 2 * SLEEVE[0] * SLEEVE[1]


def pattern_of(
    order: OrderToCut, *, sizes: tuple[str, ...] | None = None, name: str = "P1"
) -> Pattern:
    """A pattern for the order's style: front, back and a mirrored pair of sleeves per size
    (only the sizes named, when given)."""
    pattern = Pattern.objects.create(style=order.style, name=name, source=PatternSource.POLYGONS)
    for size in order.sizes:
        if sizes is not None and size.code not in sizes:
            continue
        width, height = BODY[size.code]
        for piece, (w, h), quantity, mirrored in (
            ("Front", (width, height), 1, False),
            ("Back", (width, height), 1, False),
            ("Sleeve", SLEEVE, 2, True),
        ):
            PatternPiece.objects.create(
                pattern=pattern,
                size=size,
                name=piece,
                outline=rectangle(w, h),
                quantity=quantity,
                mirrored=mirrored,
                area_mm2=w * h,
            )
    return pattern


@dataclass
class Room:
    made: OrderToCut
    pattern: Pattern
    plan: CutPlan

    def size(self, code: str) -> Size:
        return next(size for size in self.made.sizes if size.code == code)


def room_order(
    *,
    quantities: dict[str, int] | None = None,
    colours: int = 2,
    fabric_width_mm: int | None = 1500,
    max_plies: int = 60,
    max_marker_length_mm: int = 6000,
    by: object = None,
) -> Room:
    """A confirmed order in `colours` colours of sizes S, M, L (`quantities` per size code;
    a size not named is not ordered), the style's pattern, and a cut plan whose cutting
    room is set up (width 1.5 m, table 6 m, 60 plies, 3 % over-cut)."""
    wanted = quantities or {"S": 40, "M": 70, "L": 30}
    made = order_to_cut(
        sizes=("S", "M", "L"),
        colours=colours,
        quantities={code: wanted.get(code, 0) for code in ("S", "M", "L")},
    )
    pattern = pattern_of(made)
    plan = cut_plan_create(order=made.order, style=made.style, by=by)
    CutPlan.objects.filter(pk=plan.pk).update(
        fabric_width_mm=fabric_width_mm,
        max_plies=max_plies,
        max_marker_length_mm=max_marker_length_mm,
        overcut_pct=Decimal("3.0"),
        cost_per_lay=Decimal("30.00"),
        fabric_price=Decimal("20.00"),
        end_allowance_mm=20,
    )
    plan.refresh_from_db()
    return Room(made, pattern, plan)


def nested_marker(
    pattern: Pattern,
    ratio: dict[Size, int],
    *,
    width: int = 1500,
    length_mm: str = "1000.0",
    efficiency_pct: str = "85.00",
    status: str = MarkerStatus.DONE,
) -> Marker:
    """A marker as the runner leaves it once nested (no placements needed by the room)."""
    marker = Marker.objects.create(
        pattern=pattern,
        fabric_width_mm=width,
        direction=FabricDirection.TWO_WAY,
        status=status,
        length_mm=Decimal(length_mm)
        if status in (MarkerStatus.DONE, MarkerStatus.STOPPED)
        else None,
        efficiency_pct=Decimal(efficiency_pct) if status == MarkerStatus.DONE else None,
    )
    for size, n in ratio.items():
        MarkerRatio.objects.create(marker=marker, size=size, ratio=n)
    return marker
