"""Every write to cut plans and lays, and the cutting of a lay into numbered bundles."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from seamline.catalog.models import Colour, Size, Style
from seamline.cutting.choices import LayStatus, TicketFormat
from seamline.cutting.models import Bundle, CutPlan, Lay, LayRatio, TicketPrint
from seamline.orders.choices import OrderStatus
from seamline.orders.models import Order, OrderLine
from seamline.tenancy.access import signed_in_user
from seamline.tenancy.context import require_tenant
from seamline.tenancy.models import Organization
from seamline.tenancy.services import audit_record

# An order is cut once it is confirmed; after shipping nothing more is cut for it.
CUTTABLE_STATUSES = frozenset({OrderStatus.CONFIRMED, OrderStatus.IN_PRODUCTION})


@transaction.atomic
def cut_plan_create(
    *, order: Order, style: Style, by: Any, bundle_size: int = 20, note: str = ""
) -> CutPlan:
    if order.status not in CUTTABLE_STATUSES:
        raise ValidationError(
            {"order": _("Only confirmed orders and orders in production can be cut.")}
        )
    if not OrderLine.objects.filter(order=order, style=style).exists():
        raise ValidationError({"style": _("This order has no quantities of that style.")})
    if CutPlan.objects.filter(order=order, style=style).exists():
        raise ValidationError({"style": _("This order already has a cut plan for that style.")})
    plan = CutPlan(order=order, style=style, bundle_size=bundle_size, note=note, created_by=by)
    plan.tenant = require_tenant()
    plan.full_clean(validate_unique=False)
    plan.save()
    audit_record(actor=by, action="cutplan.create", obj=plan, summary=str(plan))
    return plan


@transaction.atomic
def cut_plan_update(*, cut_plan: CutPlan, by: Any, bundle_size: int, note: str = "") -> CutPlan:
    """Bundle size may change until the first lay is cut (bundles already made keep theirs)."""
    if bundle_size != cut_plan.bundle_size and cut_plan.lays.filter(status=LayStatus.CUT).exists():
        raise ValidationError({"bundle_size": _("Lays of this plan are already cut into bundles.")})
    cut_plan.bundle_size, cut_plan.note = bundle_size, note
    cut_plan.full_clean(validate_unique=False)
    cut_plan.save(update_fields=["bundle_size", "note"])
    audit_record(actor=by, action="cutplan.update", obj=cut_plan, summary=str(cut_plan))
    return cut_plan


def _check_cuttable(cut_plan: CutPlan) -> None:
    status = Order.objects.filter(pk=cut_plan.order_id).values_list("status", flat=True).first()
    if status not in CUTTABLE_STATUSES:
        raise ValidationError(
            {"order": _("Only confirmed orders and orders in production can be cut.")}
        )


def _check_lay(
    cut_plan: CutPlan, colour: Colour, plies: int, ratios: Mapping[Size, int], shade: str = ""
) -> None:
    errors: dict[str, list[str]] = {}
    if len(shade.strip()) > 40:
        errors.setdefault("shade", []).append(_("A shade / roll has at most 40 characters."))
    ordered = OrderLine.objects.filter(order=cut_plan.order_id, style=cut_plan.style_id)
    if not ordered.filter(colour=colour).exists():
        errors.setdefault("colour", []).append(
            _("The order has no %(colour)s of this style.") % {"colour": colour}
        )
    if not 1 <= plies <= 1000:
        errors.setdefault("plies", []).append(_("A lay has 1 to 1000 plies."))
    grid = cut_plan.style.size_grid_id
    for size, ratio in ratios.items():
        if size.grid_id != grid:
            errors.setdefault("ratios", []).append(
                _("Size %(size)s is not in this style's size grid.") % {"size": size}
            )
        if not 1 <= ratio <= 50:
            errors.setdefault("ratios", []).append(
                _("The ratio of size %(size)s must be 1 to 50.") % {"size": size}
            )
    if not ratios:
        errors.setdefault("ratios", []).append(_("A marker holds at least one size."))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def lay_add(
    *,
    cut_plan: CutPlan,
    colour: Colour,
    plies: int,
    ratios: Mapping[Size, int],
    by: Any,
    shade: str = "",
) -> Lay:
    """A planned lay: `ratios` is the marker, e.g. {S: 1, M: 2, L: 2, XL: 1}."""
    _check_cuttable(cut_plan)
    _check_lay(cut_plan, colour, plies, ratios, shade)
    cut_plan = CutPlan.objects.select_for_update().get(pk=cut_plan.pk)
    number = (cut_plan.lays.aggregate(n=Max("number"))["n"] or 0) + 1
    lay = Lay.objects.create(
        cut_plan=cut_plan, number=number, colour=colour, plies=plies, shade=shade.strip()
    )
    LayRatio.objects.bulk_create(
        [
            LayRatio(tenant_id=lay.tenant_id, lay=lay, size=size, ratio=ratio)
            for size, ratio in ratios.items()
        ]
    )
    audit_record(
        actor=by,
        action="lay.create",
        obj=lay,
        summary=f"{lay}: {colour} × {plies}",
        data={"ratios": {str(size): ratio for size, ratio in ratios.items()}},
    )
    return lay


def _require_planned(lay: Lay) -> None:
    if lay.status != LayStatus.PLANNED:
        raise ValidationError(_("Lay %(number)s is already cut.") % {"number": lay.number})


@transaction.atomic
def lay_update(
    *, lay: Lay, by: Any, colour: Colour, plies: int, ratios: Mapping[Size, int], shade: str = ""
) -> Lay:
    lay = Lay.objects.select_for_update().get(pk=lay.pk)
    _require_planned(lay)
    _check_lay(lay.cut_plan, colour, plies, ratios, shade)
    lay.colour, lay.plies, lay.shade = colour, plies, shade.strip()
    lay.save(update_fields=["colour", "plies", "shade"])
    lay.ratios.all().delete()
    LayRatio.objects.bulk_create(
        [
            LayRatio(tenant_id=lay.tenant_id, lay=lay, size=size, ratio=ratio)
            for size, ratio in ratios.items()
        ]
    )
    audit_record(actor=by, action="lay.update", obj=lay, summary=str(lay))
    return lay


@transaction.atomic
def lay_delete(*, lay: Lay, by: Any) -> None:
    lay = Lay.objects.select_for_update().get(pk=lay.pk)
    _require_planned(lay)
    audit_record(actor=by, action="lay.delete", obj=lay, summary=str(lay))
    lay.delete()


def bundle_ply_runs(plies: int, bundle_size: int) -> list[tuple[int, int]]:
    """Ply ranges of one stack of pieces: (1, 20), (21, 40), (41, 50) for 50 plies by 20."""
    return [
        (start, min(start + bundle_size - 1, plies)) for start in range(1, plies + 1, bundle_size)
    ]


@transaction.atomic
def lay_cut(*, lay: Lay, by: Any) -> list[Bundle]:
    """Cut a planned lay: every marker piece of a size is a stack `plies` high, tied into
    bundles of consecutive plies (so a bundle is one shade). Bundle numbers run on per factory.
    """
    lay = Lay.objects.select_for_update().select_related("cut_plan").get(pk=lay.pk)
    _require_planned(lay)
    _check_cuttable(lay.cut_plan)
    # Bundle numbers are per factory: hold the factory's row while numbering.
    Organization.objects.select_for_update().get(pk=lay.tenant_id)
    number = Bundle.objects.aggregate(n=Max("number"))["n"] or 0
    plan = lay.cut_plan
    bundles: list[Bundle] = []
    for ratio in lay.ratios.select_related("size").order_by("size__position"):
        for _copy in range(ratio.ratio):
            for ply_from, ply_to in bundle_ply_runs(lay.plies, plan.bundle_size):
                number += 1
                bundles.append(
                    Bundle(
                        tenant_id=lay.tenant_id,
                        number=number,
                        lay=lay,
                        order_id=plan.order_id,
                        style_id=plan.style_id,
                        colour_id=lay.colour_id,
                        size=ratio.size,
                        quantity=ply_to - ply_from + 1,
                        ply_from=ply_from,
                        ply_to=ply_to,
                        shade=lay.shade,
                    )
                )
    Bundle.objects.bulk_create(bundles)
    lay.status, lay.cut_at, lay.cut_by = LayStatus.CUT, timezone.now(), by
    lay.save(update_fields=["status", "cut_at", "cut_by"])
    audit_record(
        actor=by,
        action="lay.cut",
        obj=lay,
        summary=_("%(lay)s cut into %(count)d bundles") % {"lay": lay, "count": len(bundles)},
        data={"first": bundles[0].number if bundles else None, "last": number},
    )
    return bundles


@transaction.atomic
def lays_add(
    *,
    cut_plan: CutPlan,
    colour: Colour,
    lays: Sequence[tuple[Mapping[Size, int], int]],
    by: Any,
    shade: str = "",
) -> list[Lay]:
    """Several planned lays of one colour at once (a suggested plan): all of them or none.

    `lays` holds (marker, plies) pairs; sizes with ratio 0 are left out of the marker.
    """
    if not lays:
        raise ValidationError({"lays": _("There are no lays to add.")})
    return [
        lay_add(
            cut_plan=cut_plan,
            colour=colour,
            plies=plies,
            ratios={size: ratio for size, ratio in ratios.items() if ratio},
            by=by,
            shade=shade,
        )
        for ratios, plies in lays
    ]


@transaction.atomic
def ticket_print_record(*, lay: Lay, format: str, by: Any) -> TicketPrint:
    """Log one printing of a cut lay's bundle tickets: copy 1, then reprints 2, 3, ..."""
    if format not in TicketFormat.values:
        raise ValidationError({"format": _("Print tickets as A4 sheets or thermal labels.")})
    lay = Lay.objects.select_for_update().get(pk=lay.pk)
    if lay.status != LayStatus.CUT:
        raise ValidationError(
            _("Lay %(number)s is not cut yet: cut it before printing its tickets.")
            % {"number": lay.number}
        )
    copy = (lay.ticket_prints.aggregate(n=Max("copy"))["n"] or 0) + 1
    printed = TicketPrint.objects.create(
        lay=lay,
        copy=copy,
        format=format,
        printed_by=signed_in_user(by),
    )
    audit_record(
        actor=by,
        action="lay.tickets_print",
        obj=lay,
        summary=_("%(lay)s: tickets printed, copy %(copy)d") % {"lay": lay, "copy": copy},
        data={"copy": copy, "format": format},
    )
    return printed
