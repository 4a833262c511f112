"""Forms of the balancing pages: propose a balance, move a share, place a worker."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Operation, Style
from seamline.shopfloor.models import Line, LineLayout, Worker


class ProposeForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Line"), queryset=Line.objects.none())
    style = forms.ModelChoiceField(label=_("Style"), queryset=Style.objects.none())
    target_per_hour = forms.IntegerField(
        label=_("Target output per hour"), min_value=1, required=False
    )
    head_count = forms.IntegerField(
        label=_("Or: number of operators"), min_value=1, max_value=200, required=False
    )
    present_workers = forms.BooleanField(
        label=_("Place today's present workers (measured skills)"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = Line.objects.filter(is_active=True).order_by("code")  # type: ignore[attr-defined]
        self.fields["style"].queryset = Style.objects.order_by("code")  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("target_per_hour") is None) == (data.get("head_count") is None):
            self.add_error(
                "target_per_hour",
                _("Give either a target output per hour or a number of operators, not both."),
            )
        return data


class MoveForm(forms.Form):
    """Move a percentage of an operation from one operator position to another."""

    operation = forms.ModelChoiceField(label=_("Operation"), queryset=Operation.objects.none())
    percent = forms.DecimalField(
        label=_("Percentage to move"),
        min_value=Decimal("0.01"),
        max_value=Decimal("100"),
        decimal_places=2,
    )
    from_slot = forms.IntegerField(label=_("From operator no."), min_value=1)
    to_slot = forms.IntegerField(label=_("To operator no."), min_value=1)

    def __init__(self, *args: Any, layout: LineLayout, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["operation"]
        field.queryset = Operation.objects.filter(style_id=layout.style_id).order_by("sequence")  # type: ignore[attr-defined]
        field.label_from_instance = lambda op: f"{op.sequence} {op.name}"  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    slot = forms.IntegerField(label=_("Operator no."), min_value=1)
    worker = forms.ModelChoiceField(
        label=_("Worker"), queryset=Worker.objects.none(), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["worker"]
        field.queryset = Worker.objects.filter(is_active=True).order_by("code")  # type: ignore[attr-defined]
        field.label_from_instance = lambda w: f"{w.code} {w.name}"  # type: ignore[attr-defined]
