"""The new-marker form: garments per size of the pattern, fabric width, direction, spacing and
the time budget. It only parses; `markers.marker_create` decides."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Size
from seamline.cutting.choices import FabricDirection
from seamline.cutting.markers import (
    MAX_RATIO,
    MAX_TIME_S,
    MAX_WIDTH_MM,
    MIN_TIME_S,
    MIN_WIDTH_MM,
    NO_GARMENTS,
)

DEFAULT_TIME_LIMIT_S = 60


def ratio_field_name(size: Size) -> str:
    return f"ratio_{size.pk}"


class MarkerForm(forms.Form):
    fabric_width_mm = forms.IntegerField(
        label=_("Fabric width (mm)"),
        min_value=MIN_WIDTH_MM,
        max_value=MAX_WIDTH_MM,
        help_text=_("Usable width between the selvedges."),
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "step": 1}),
    )
    direction = forms.ChoiceField(
        label=_("Fabric direction"),
        choices=FabricDirection.choices,
        initial=FabricDirection.TWO_WAY,
    )
    spacing_mm = forms.DecimalField(
        label=_("Spacing (mm)"),
        min_value=Decimal("0"),
        max_value=Decimal("50"),
        max_digits=4,
        decimal_places=1,
        initial=Decimal("2.0"),
        help_text=_("Kept between pieces and from the selvedges."),
    )
    time_limit_s = forms.IntegerField(
        label=_("Time budget (s)"),
        min_value=MIN_TIME_S,
        max_value=MAX_TIME_S,
        initial=DEFAULT_TIME_LIMIT_S,
        help_text=_("Nesting stops after this many seconds with the best marker found."),
    )

    def __init__(self, *args: Any, sizes: list[Size], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sizes = sizes
        for size in sizes:
            self.fields[ratio_field_name(size)] = forms.IntegerField(
                label=_("Garments of size %(size)s") % {"size": size.code},
                min_value=0,
                max_value=MAX_RATIO,
                required=False,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": MAX_RATIO, "step": 1, "inputmode": "numeric"}
                ),
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.sizes and not any(data.get(ratio_field_name(size)) for size in self.sizes):
            self.add_error(None, NO_GARMENTS)
        return data

    def ratio_fields(self) -> list[forms.BoundField]:
        return [self[ratio_field_name(size)] for size in self.sizes]

    def setting_fields(self) -> list[forms.BoundField]:
        names = ("fabric_width_mm", "direction", "spacing_mm", "time_limit_s")
        return [self[name] for name in names]

    def ratio(self) -> dict[Size, int]:
        """Size -> garments as entered (blank is 0); the service drops zeros."""
        return {
            size: int(self.cleaned_data.get(ratio_field_name(size)) or 0) for size in self.sizes
        }

    def marker(self) -> dict[str, Any]:
        """The keyword arguments of `marker_create` from this form."""
        data = self.cleaned_data
        return {
            "ratio": self.ratio(),
            "fabric_width_mm": data["fabric_width_mm"],
            "direction": data["direction"],
            "spacing_mm": data["spacing_mm"],
            "time_limit_s": data["time_limit_s"],
        }


def initial_from_query(query: Mapping[str, str], sizes: list[Size]) -> dict[str, Any]:
    """Prefill from a link such as `?ratio=S:1,M:2&width=1500` (the cutting room sends one).

    Sizes not in `sizes` and values that are not whole numbers are left out.
    """
    initial: dict[str, Any] = {}
    by_code = {size.code.casefold(): size for size in sizes}
    for part in (query.get("ratio") or "").split(","):
        code, sep, count = part.partition(":")
        size = by_code.get(code.strip().casefold())
        if sep and size is not None and count.strip().isdigit():
            initial[ratio_field_name(size)] = min(int(count), MAX_RATIO)
    width = (query.get("width") or "").strip()
    if width.isdigit():
        initial["fabric_width_mm"] = int(width)
    direction = (query.get("direction") or "").strip()
    if direction in FabricDirection.values:
        initial["direction"] = direction
    return initial
