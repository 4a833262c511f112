"""Forms only parse input; the services decide and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.shopfloor.choices import PayType
from seamline.shopfloor.models import Line
from seamline.web.forms import DateInput


class LineForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    target_per_hour = forms.IntegerField(label=_("Target pieces per hour"), min_value=0, initial=0)
    working_minutes_per_day = forms.IntegerField(
        label=_("Working minutes per day"), min_value=0, max_value=1440, initial=480
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class WorkerForm(forms.Form):
    code = forms.CharField(label=_("Employee no."), max_length=20)
    name = forms.CharField(label=_("Name"), max_length=100)
    line = forms.ModelChoiceField(
        label=_("Line"), queryset=Line.objects.none(), required=False, empty_label=_("No line")
    )
    skill_grade = forms.IntegerField(
        label=_("Skill grade"),
        min_value=1,
        max_value=5,
        initial=2,
        help_text=_("1 = helper ... 5 = most skilled"),
    )
    pay_type = forms.ChoiceField(
        label=_("Pay type"), choices=PayType.choices, initial=PayType.PIECE
    )
    hourly_rate = forms.DecimalField(
        label=_("Hourly rate"), min_value=Decimal("0"), max_digits=10, decimal_places=2, initial=0
    )
    phone = forms.CharField(label=_("Phone"), max_length=30, required=False)
    hired_on = forms.DateField(label=_("Hired on"), required=False, widget=DateInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = Line.objects.order_by("code")  # type: ignore[attr-defined]


ACTIVE_CHOICES = [("active", _("Active")), ("inactive", _("Inactive")), ("all", _("Everyone"))]


class WorkerFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    line = forms.ModelChoiceField(
        label=_("Line"), queryset=Line.objects.none(), required=False, empty_label=_("Any line")
    )
    active = forms.ChoiceField(label=_("Show"), choices=ACTIVE_CHOICES, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = Line.objects.order_by("code")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        active = {"inactive": False, "all": None}.get(data.get("active") or "active", True)
        return {
            "search": data.get("q") or "",
            "line_id": data["line"].pk if data.get("line") else None,
            "active": active,
        }
