"""Forms only parse input; the services decide and write."""

from __future__ import annotations

import json
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Size, Style
from seamline.cutting.models import CutPlan, Lay
from seamline.orders.models import Order

MAX_SUGGESTED_LAYS = 100


class PlanCreateForm(forms.Form):
    order = forms.ModelChoiceField(label=_("Order"), queryset=Order.objects.none())
    style = forms.ModelChoiceField(label=_("Style"), queryset=Style.objects.none())
    bundle_size = forms.IntegerField(
        label=_("Bundle size"),
        initial=20,
        min_value=1,
        max_value=500,
        help_text=_("Pieces per bundle; the last bundle of a ply run takes the rest."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["order"].queryset = Order.objects.all()  # type: ignore[attr-defined]
        self.fields["style"].queryset = Style.objects.all()  # type: ignore[attr-defined]


class PlanHeaderForm(forms.Form):
    bundle_size = forms.IntegerField(
        label=_("Bundle size"),
        min_value=1,
        max_value=500,
        help_text=_("Pieces per bundle; the last bundle of a ply run takes the rest."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    @classmethod
    def for_plan(cls, plan: CutPlan, data: Any = None) -> PlanHeaderForm:
        return cls(data, initial={"bundle_size": plan.bundle_size, "note": plan.note})


def ratio_name(size: Size) -> str:
    return f"ratio_{size.pk}"


class LayForm(forms.Form):
    """A lay: colour, plies, shade, and one ratio input per size of the style's grid."""

    colour = forms.ModelChoiceField(label=_("Colour"), queryset=Colour.objects.none())
    plies = forms.IntegerField(label=_("Plies"), min_value=1, max_value=1000)
    shade = forms.CharField(label=_("Shade / roll"), max_length=40, required=False)

    def __init__(self, *args: Any, colours: list[Colour], sizes: list[Size], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sizes = sizes
        field = self.fields["colour"]
        field.queryset = Colour.objects.filter(pk__in=[c.pk for c in colours])  # type: ignore[attr-defined]
        if len(colours) == 1 and not self.is_bound:
            self.initial.setdefault("colour", colours[0].pk)
        for size in sizes:
            label = _("Ratio of size %(size)s") % {"size": size.code}
            self.fields[ratio_name(size)] = forms.IntegerField(
                label=label,
                min_value=0,
                max_value=50,
                required=False,
                widget=forms.NumberInput(
                    attrs={"min": 0, "max": 50, "step": 1, "inputmode": "numeric"}
                ),
            )

    @classmethod
    def for_lay(cls, lay: Lay, *, colours: list[Colour], sizes: list[Size]) -> LayForm:
        initial: dict[str, Any] = {"colour": lay.colour_id, "plies": lay.plies, "shade": lay.shade}
        initial.update({f"ratio_{r.size_id}": r.ratio for r in lay.ratios.all()})
        return cls(initial=initial, colours=colours, sizes=sizes)

    def ratio_fields(self) -> list[tuple[Size, forms.BoundField]]:
        return [(size, self[ratio_name(size)]) for size in self.sizes]

    def ratios(self) -> dict[Size, int]:
        """The marker: sizes with a ratio above 0."""
        found = {size: self.cleaned_data.get(ratio_name(size)) or 0 for size in self.sizes}
        return {size: ratio for size, ratio in found.items() if ratio}

    def lay(self) -> dict[str, Any]:
        """What `lay_add` and `lay_update` take from the form: colour, plies, shade, ratios."""
        data = self.cleaned_data
        return {
            "colour": data["colour"],
            "plies": data["plies"],
            "shade": data["shade"],
            "ratios": self.ratios(),
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.sizes and not any(data.get(ratio_name(size)) for size in self.sizes):
            self.add_error(
                ratio_name(self.sizes[0]),
                _("Give the marker ratio of at least one size (garments of it per marker)."),
            )
        return data


class SuggestForm(forms.Form):
    """What the cutting table allows, for the lay suggestion of one colour."""

    colour = forms.ModelChoiceField(label=_("Colour"), queryset=Colour.objects.none())
    max_plies = forms.IntegerField(
        label=_("Max plies"),
        initial=60,
        min_value=1,
        max_value=1000,
        help_text=_("The highest lay the table and the knife allow."),
    )
    max_garments = forms.IntegerField(
        label=_("Max garments per marker"),
        initial=6,
        min_value=1,
        max_value=50,
        help_text=_("How many garments fit on one marker (the table's length)."),
    )
    tolerance_pct = forms.IntegerField(
        label=_("Tolerance %"),
        initial=0,
        min_value=0,
        max_value=20,
        required=False,
        help_text=_("How far the cut of a size may be from the quantity, in percent."),
    )

    def __init__(self, *args: Any, colours: list[Colour], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["colour"].queryset = Colour.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in colours]
        )


class SuggestedLaysForm(forms.Form):
    """The proposed lays posted back to be added: colour, shade and the lays as JSON."""

    colour = forms.ModelChoiceField(label=_("Colour"), queryset=Colour.objects.none())
    shade = forms.CharField(label=_("Shade / roll"), max_length=40, required=False)
    lays = forms.CharField(label=_("Lays"), widget=forms.HiddenInput)

    def __init__(self, *args: Any, colours: list[Colour], sizes: list[Size], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.sizes = {str(size.pk): size for size in sizes}
        self.fields["colour"].queryset = Colour.objects.filter(  # type: ignore[attr-defined]
            pk__in=[c.pk for c in colours]
        )

    def clean_lays(self) -> list[tuple[dict[Size, int], int]]:
        """`[{"plies": 30, "ratios": {"<size id>": 2, ...}}, ...]`."""
        bad = forms.ValidationError(_("The proposed lays could not be read; suggest them again."))
        try:
            raw = json.loads(self.cleaned_data["lays"])
        except ValueError:
            raise bad from None
        if not isinstance(raw, list) or not 0 < len(raw) <= MAX_SUGGESTED_LAYS:
            raise bad
        lays: list[tuple[dict[Size, int], int]] = []
        for item in raw:
            if not isinstance(item, dict):
                raise bad
            plies, ratios = item.get("plies"), item.get("ratios")
            if not isinstance(plies, int) or not isinstance(ratios, dict):
                raise bad
            marker: dict[Size, int] = {}
            for key, ratio in ratios.items():
                if str(key) not in self.sizes or not isinstance(ratio, int) or ratio < 0:
                    raise bad
                if ratio:
                    marker[self.sizes[str(key)]] = ratio
            lays.append((marker, plies))
        return lays


def suggestion_json(lays: list[tuple[dict[Size, int], int]]) -> str:
    return json.dumps(
        [
            {"plies": plies, "ratios": {str(size.pk): ratio for size, ratio in marker.items()}}
            for marker, plies in lays
        ]
    )
