"""Forms of the scan review and attendance pages: they parse input; the services decide."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.shopfloor.attendance import MAX_BREAK, NOTE_MAX
from seamline.shopfloor.choices import ScanStatus
from seamline.shopfloor.corrections import REASON_MAX
from seamline.shopfloor.models import Line
from seamline.web.forms import DateInput


class TimeInput(forms.TimeInput):
    """A browser time picker (HH:MM, 24 hours, whatever the language)."""

    input_type = "time"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%H:%M")


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=REASON_MAX,
        widget=forms.TextInput(attrs={"maxlength": REASON_MAX}),
    )


class ScanFilterForm(forms.Form):
    bundle = forms.IntegerField(label=_("Bundle no."), required=False, min_value=1)
    worker = forms.CharField(label=_("Employee no."), required=False, max_length=20)
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput)
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Any status")), *ScanStatus.choices],
    )

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "bundle": data.get("bundle"),
            "worker": data.get("worker") or "",
            "day": data.get("day"),
            "status": data.get("status") or "",
        }


class AttendanceDayForm(forms.Form):
    day = forms.DateField(label=_("Day"), required=False, widget=DateInput)
    line = forms.ModelChoiceField(
        label=_("Line"), queryset=Line.objects.none(), required=False, empty_label=_("All lines")
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = Line.objects.order_by("code")  # type: ignore[attr-defined]


class ClockForm(forms.Form):
    action = forms.ChoiceField(choices=[("in", _("Clock in")), ("out", _("Clock out"))])
    line = forms.IntegerField(required=False)


class AttendanceForm(forms.Form):
    clock_in = forms.TimeField(label=_("Clock-in"), widget=TimeInput)
    clock_out = forms.TimeField(
        label=_("Clock-out"),
        widget=TimeInput,
        required=False,
        help_text=_("Leave empty while the worker is still in."),
    )
    break_minutes = forms.IntegerField(
        label=_("Break (min)"), min_value=0, max_value=MAX_BREAK, initial=0
    )
    note = forms.CharField(label=_("Note"), max_length=NOTE_MAX, required=False)


def parse_day(value: str | None, default: dt.date) -> dt.date:
    """A YYYY-MM-DD query value, or `default` when it is missing or malformed."""
    try:
        return dt.date.fromisoformat(value or "")
    except ValueError:
        return default
