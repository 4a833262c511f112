"""Forms of the cluster's member pages: a new cluster, an invitation, the capacity profile
and a week's available minutes. They parse; the services in `members` and `profiles` judge."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.choices import MachineType
from seamline.cluster.choices import Capability, MemberRole
from seamline.cluster.models import CapacityProfile
from seamline.web.forms import DateInput

MACHINE_PREFIX = "machine_"


class ClusterForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.SlugField(
        label=_("Short name"), max_length=40, help_text=_("Letters, digits and hyphens.")
    )
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="CNY")


class InviteForm(forms.Form):
    organization = forms.CharField(
        label=_("Organization"),
        max_length=60,
        help_text=_("The organization's short name, as it appears in its address."),
    )
    role = forms.ChoiceField(label=_("Joins as"), choices=MemberRole.choices)


class ProfileForm(forms.Form):
    capabilities = forms.MultipleChoiceField(
        label=_("What the factory makes"),
        choices=Capability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    style_notes = forms.CharField(
        label=_("Styles it makes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    lines = forms.IntegerField(label=_("Sewing lines"), min_value=0)
    operators_per_line = forms.IntegerField(label=_("Operators per line"), min_value=0)
    certifications = forms.CharField(
        label=_("Certifications"),
        required=False,
        help_text=_("Separated by commas, e.g. BSCI, OEKO-TEX."),
    )
    city = forms.CharField(label=_("City"), max_length=100, required=False)
    province = forms.CharField(label=_("Province"), max_length=100, required=False)
    min_order_qty = forms.IntegerField(label=_("Minimum order quantity"), min_value=0)
    cost_per_minute = forms.DecimalField(
        label=_("Cost per standard minute"), min_value=Decimal("0"), decimal_places=4
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in MachineType.choices:
            self.fields[MACHINE_PREFIX + code] = forms.IntegerField(
                label=label, min_value=0, required=False
            )

    @classmethod
    def of(cls, profile: CapacityProfile, machines: dict[str, int]) -> ProfileForm:
        initial: dict[str, Any] = {
            "capabilities": profile.capabilities,
            "style_notes": profile.style_notes,
            "lines": profile.lines,
            "operators_per_line": profile.operators_per_line,
            "certifications": ", ".join(profile.certifications),
            "city": profile.city,
            "province": profile.province,
            "min_order_qty": profile.min_order_qty,
            "cost_per_minute": profile.cost_per_minute,
        }
        initial.update({MACHINE_PREFIX + code: n for code, n in machines.items()})
        return cls(initial=initial)

    def profile_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if not name.startswith(MACHINE_PREFIX)]

    def machine_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name.startswith(MACHINE_PREFIX)]

    def service_kwargs(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "capabilities": data["capabilities"],
            "style_notes": data["style_notes"],
            "lines": data["lines"],
            "operators_per_line": data["operators_per_line"],
            "certifications": [c for c in data["certifications"].split(",") if c.strip()],
            "city": data["city"],
            "province": data["province"],
            "min_order_qty": data["min_order_qty"],
            "cost_per_minute": data["cost_per_minute"],
            "machines": {
                name.removeprefix(MACHINE_PREFIX): data[name] or 0
                for name in self.fields
                if name.startswith(MACHINE_PREFIX)
            },
        }


class WeekForm(forms.Form):
    week_start = forms.DateField(label=_("Week of"), widget=DateInput())
    minutes = forms.IntegerField(label=_("Available standard minutes"), min_value=0)
