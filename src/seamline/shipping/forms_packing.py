"""Forms of the order packing page: pack solid cartons, pack cartons by a size ratio."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Size, Style
from seamline.shipping.packing import MAX_CARTONS, PackingRow


class CartonSpecForm(forms.Form):
    """How many cartons, and what each weighs and measures."""

    cartons = forms.IntegerField(label=_("Cartons"), min_value=1, max_value=MAX_CARTONS)
    net_kg = forms.DecimalField(
        label=_("N.W. per carton (kg)"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("0"),
    )
    gross_kg = forms.DecimalField(
        label=_("G.W. per carton (kg)"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        initial=Decimal("0"),
    )
    length_cm = forms.IntegerField(label=_("Length (cm)"), min_value=0, max_value=1000, initial=0)
    width_cm = forms.IntegerField(label=_("Width (cm)"), min_value=0, max_value=1000, initial=0)
    height_cm = forms.IntegerField(label=_("Height (cm)"), min_value=0, max_value=1000, initial=0)

    SPEC_FIELDS = ("cartons", "net_kg", "gross_kg", "length_cm", "width_cm", "height_cm")

    def spec_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.SPEC_FIELDS]

    def spec(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "cartons": data["cartons"],
            "net_kg": data["net_kg"],
            "gross_kg": data["gross_kg"],
            "length_cm": data["length_cm"],
            "width_cm": data["width_cm"],
            "height_cm": data["height_cm"],
        }


def _cell_key(row: PackingRow) -> str:
    return f"{row.style.pk}-{row.colour.pk}-{row.size.pk}"


def _line_key(style: Style, colour: Colour) -> str:
    return f"{style.pk}-{colour.pk}"


class PackSolidForm(CartonSpecForm):
    """One size x colour per carton."""

    field_order = ["cell", "pieces_per_carton", "cartons"]

    cell = forms.ChoiceField(label=_("Style / colour / size"))
    pieces_per_carton = forms.IntegerField(
        label=_("Pieces per carton"), min_value=1, max_value=10_000
    )

    def __init__(self, *args: Any, rows: list[PackingRow], **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "solid")
        super().__init__(*args, **kwargs)
        self.cells = {_cell_key(r): r for r in rows if r.ordered}
        self.cell_field().choices = [
            (key, f"{r.style.code} · {r.colour.name} · {r.size.code} ({r.packable})")
            for key, r in self.cells.items()
        ]

    def cell_field(self) -> forms.ChoiceField:
        field = self.fields["cell"]
        assert isinstance(field, forms.ChoiceField)
        return field

    def row(self) -> PackingRow:
        return self.cells[self.cleaned_data["cell"]]


class PackRatioForm(CartonSpecForm):
    """Assorted sizes of one style x colour per carton; a field per size of the order."""

    field_order = ["line"]

    line = forms.ChoiceField(label=_("Style / colour"))

    def __init__(
        self,
        *args: Any,
        rows: list[PackingRow],
        line: tuple[Style, Colour] | None,
        ratio: dict[Size, int],
        **kwargs: Any,
    ) -> None:
        kwargs.setdefault("prefix", "ratio")
        super().__init__(*args, **kwargs)
        self.lines: dict[str, tuple[Style, Colour]] = {}
        for r in rows:
            if r.ordered:
                self.lines.setdefault(_line_key(r.style, r.colour), (r.style, r.colour))
        self.line_field().choices = [
            (key, f"{style.code} · {colour.name}") for key, (style, colour) in self.lines.items()
        ]
        if line is not None:
            self.fields["line"].initial = _line_key(*line)
        self.sizes: list[Size] = sorted(
            {r.size for r in rows if r.ordered}, key=lambda s: (s.grid_id, s.position)
        )
        for size in self.sizes:
            self.fields[f"size_{size.pk}"] = forms.IntegerField(
                label=size.code, min_value=0, max_value=10_000, initial=ratio.get(size, 0)
            )

    def line_field(self) -> forms.ChoiceField:
        field = self.fields["line"]
        assert isinstance(field, forms.ChoiceField)
        return field

    def size_fields(self) -> list[forms.BoundField]:
        return [self[f"size_{size.pk}"] for size in self.sizes]

    def style_colour(self) -> tuple[Style, Colour]:
        return self.lines[self.cleaned_data["line"]]

    def ratio(self) -> dict[Size, int]:
        return {size: self.cleaned_data.get(f"size_{size.pk}") or 0 for size in self.sizes}
