"""Forms of the payroll pages: they only parse input; the services decide and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from seamline.catalog.models import Operation
from seamline.payroll.choices import AdjustmentKind, PayCycle
from seamline.quality.choices import Severity
from seamline.shopfloor.models import Worker
from seamline.web.forms import DateInput


class PeriodOpenForm(forms.Form):
    """The first time only: a day of the first period (its cycle decides the bounds)."""

    day = forms.DateField(
        label=_("A day of the first period"),
        required=False,
        widget=DateInput(),
        help_text=_("The first period is the one of your pay cycle that contains this day."),
    )


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300, required=False)


class PaidForm(forms.Form):
    reference = forms.CharField(
        label=_("Payment reference"),
        max_length=100,
        help_text=_("The bank batch, transfer number or cash book page."),
    )


class AdjustmentForm(forms.Form):
    """A bonus, penalty, advance or deduction for one worker; the worker by employee no."""

    worker = forms.CharField(
        label=_("Employee no."),
        max_length=20,
        widget=forms.TextInput(attrs={"list": "pay-workers", "autocomplete": "off"}),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=AdjustmentKind.choices)
    amount = forms.DecimalField(
        label=_("Amount"),
        min_value=Decimal("0.01"),
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0.01", "inputmode": "decimal"}),
        max_digits=12,
        decimal_places=2,
        help_text=_("Always positive; the kind says whether it adds or takes off."),
    )
    reason = forms.CharField(label=_("Reason"), max_length=300)

    def clean_worker(self) -> Worker:
        code = self.cleaned_data["worker"].strip()
        # The select shows "code name"; the employee no. is the first word.
        code = code.split()[0] if code else code
        worker = Worker.objects.filter(code__iexact=code).first()
        if worker is None:
            raise forms.ValidationError(
                _("No worker has employee no. %(code)s."), params={"code": code}, code="unknown"
            )
        return worker


class RateForm(forms.Form):
    """An operation's piece rate from a day on."""

    operation = forms.ModelChoiceField(label=_("Operation"), queryset=Operation.objects.none())
    effective_from = forms.DateField(
        label=pgettext_lazy("first day of a rate", "From"), widget=DateInput()
    )
    rate = forms.DecimalField(
        label=_("Piece rate"),
        min_value=Decimal("0"),
        max_digits=10,
        decimal_places=4,
        widget=forms.NumberInput(attrs={"step": "0.0001", "min": "0", "inputmode": "decimal"}),
    )
    note = forms.CharField(label=_("Note"), max_length=200, required=False)

    def __init__(self, *args: Any, operations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["operation"]
        field.queryset = (  # type: ignore[attr-defined]
            operations if operations is not None else Operation.objects.select_related("style")
        )
        field.label_from_instance = (  # type: ignore[attr-defined]
            lambda op: f"{op.sequence} {op.name}"
        )


def _multiplier(label: Any) -> forms.DecimalField:
    return forms.DecimalField(
        label=label,
        min_value=Decimal("0.5"),
        max_value=Decimal("3"),
        max_digits=5,
        decimal_places=3,
        widget=forms.NumberInput(attrs={"step": "0.001", "min": "0.5", "max": "3"}),
    )


class SettingsForm(forms.Form):
    cycle = forms.ChoiceField(label=_("Pay cycle"), choices=PayCycle.choices)
    minimum_hourly_wage = forms.DecimalField(
        label=_("Minimum hourly wage"),
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0"}),
        help_text=_(
            "Piece workers earning less than this per attended hour get a top-up; 0 = none."
        ),
    )
    grade_1 = _multiplier(_("Grade 1 multiplier"))
    grade_2 = _multiplier(_("Grade 2 multiplier"))
    grade_3 = _multiplier(_("Grade 3 multiplier"))
    grade_4 = _multiplier(_("Grade 4 multiplier"))
    grade_5 = _multiplier(_("Grade 5 multiplier"))
    defect_deduction = forms.DecimalField(
        label=_("Deduction per defect"),
        required=False,
        min_value=Decimal("0"),
        max_digits=8,
        decimal_places=2,
        widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
        help_text=_(
            "The quality rule: taken off a worker's pay for each defect an inspection "
            "attributes to them, on the day it was found; 0 = off. At most 20 per cent of the "
            "slip's gross pay, and never below the guaranteed minimum wage."
        ),
    )
    defect_deduction_severities = forms.MultipleChoiceField(
        label=_("Severities that count"),
        choices=Severity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Defects of the other severities are not deducted."),
    )

    FIELDS = (
        "cycle",
        "minimum_hourly_wage",
        "grade_1",
        "grade_2",
        "grade_3",
        "grade_4",
        "grade_5",
        "defect_deduction",
        "defect_deduction_severities",
    )

    def clean_defect_deduction(self) -> Decimal:
        value: Decimal | None = self.cleaned_data.get("defect_deduction")
        return value if value is not None else Decimal("0")  # blank: the rule is off

    @classmethod
    def for_settings(cls, current: Any, data: Any = None) -> SettingsForm:
        return cls(data, initial={name: getattr(current, name) for name in cls.FIELDS})
