"""The cutting room's forms: they parse; the room's services decide and write."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Size
from seamline.cutting.choices import FabricDirection
from seamline.cutting.models import CutPlan
from seamline.cutting.room import SETTINGS_FIELDS, LayPlan

MAX_PLANNED_LAYS = 200


class RoomStyleForm(forms.Form):
    """Which style of the order to open the cutting room for."""

    style = forms.IntegerField(label=_("Style"), min_value=1)


class RoomSettingsForm(forms.Form):
    fabric_width_mm = forms.IntegerField(
        label=_("Fabric width (mm)"),
        min_value=300,
        max_value=4000,
        required=False,
        help_text=_("Usable width between the selvedges."),
    )
    max_plies = forms.IntegerField(label=_("Max plies per lay"), min_value=1, max_value=1000)
    max_marker_length_mm = forms.IntegerField(
        label=_("Table length (mm)"),
        min_value=500,
        max_value=50000,
        help_text=_("The longest marker the cutting table takes."),
    )
    overcut_pct = forms.DecimalField(
        label=_("Over-cut allowed (%)"),
        min_value=Decimal("0"),
        max_value=Decimal("20"),
        max_digits=4,
        decimal_places=1,
    )
    cost_per_lay = forms.DecimalField(
        label=_("Cost per lay"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=2,
        help_text=_("Spreading and cutting labour of one lay."),
    )
    fabric_price = forms.DecimalField(
        label=_("Fabric price per metre"), min_value=Decimal("0"), max_digits=10, decimal_places=2
    )
    end_allowance_mm = forms.IntegerField(
        label=_("End allowance per ply (mm)"),
        min_value=0,
        max_value=500,
        help_text=_("Fabric lost at both ends of every ply."),
    )

    @classmethod
    def for_plan(cls, plan: CutPlan, data: Any = None) -> RoomSettingsForm:
        return cls(data, initial={name: getattr(plan, name) for name in SETTINGS_FIELDS})


class PlannedLaysForm(forms.Form):
    """A proposed plan posted back: its lays as JSON, as the room page wrote them."""

    lays = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, colours: list[Colour], sizes: list[Size], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colours = {str(colour.pk): colour for colour in colours}
        self.sizes = {str(size.pk): size for size in sizes}

    def clean_lays(self) -> list[LayPlan]:
        """`[{"colour": <id>, "plies": 30, "ratios": {"<size id>": 2}, "length": 3120}, ...]`."""
        bad = forms.ValidationError(_("The proposed plan could not be read; propose it again."))
        try:
            raw = json.loads(self.cleaned_data["lays"])
        except ValueError:
            raise bad from None
        if not isinstance(raw, list) or not 0 < len(raw) <= MAX_PLANNED_LAYS:
            raise bad
        lays: list[LayPlan] = []
        for item in raw:
            if not isinstance(item, dict):
                raise bad
            colour = self.colours.get(str(item.get("colour")))
            plies, ratios, length = item.get("plies"), item.get("ratios"), item.get("length")
            if colour is None or not isinstance(plies, int) or not isinstance(ratios, dict):
                raise bad
            if length is not None and not isinstance(length, int):
                raise bad
            ratio: dict[Size, int] = {}
            for key, n in ratios.items():
                if str(key) not in self.sizes or not isinstance(n, int) or n < 0:
                    raise bad
                if n:
                    ratio[self.sizes[str(key)]] = n
            lays.append(LayPlan(colour=colour, ratio=ratio, plies=plies, marker_length_mm=length))
        return lays


class NestForm(PlannedLaysForm):
    direction = forms.ChoiceField(
        label=_("Fabric direction"),
        choices=FabricDirection.choices,
        initial=FabricDirection.TWO_WAY,
    )
    time_limit_s = forms.IntegerField(
        label=_("Time budget per marker (s)"), min_value=2, max_value=1800, initial=60
    )


def planned_lays_json(lays: list[LayPlan]) -> str:
    return json.dumps(
        [
            {
                "colour": lay.colour.pk,
                "plies": lay.plies,
                "ratios": {str(size.pk): n for size, n in lay.ratio.items()},
                "length": lay.marker_length_mm,
            }
            for lay in lays
        ]
    )
