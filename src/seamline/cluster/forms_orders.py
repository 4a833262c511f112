"""Forms of the cluster order pages: a brand's new order, a factory's bid, a run's mode."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from seamline.catalog.models import Style
from seamline.cluster import access
from seamline.cluster.choices import AllocationMode, Capability, MemberRole
from seamline.cluster.models import Cluster
from seamline.web.forms import DateInput

MONEY = {"max_digits": 12, "decimal_places": 4, "min_value": Decimal("0")}
PCT = {"max_digits": 5, "decimal_places": 2, "min_value": Decimal("0"), "max_value": Decimal("100")}


def parse_lines(text: str) -> tuple[list[tuple[str, str, int]], list[str]]:
    """Rows "colour, size, quantity" (comma, semicolon or tab) -> lines and row errors."""
    lines: list[tuple[str, str, int]] = []
    errors: list[str] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        row = raw.strip()
        if not row:
            continue
        parts = [p.strip() for p in row.replace(";", ",").replace("\t", ",").split(",")]
        if len(parts) != 3:
            errors.append(
                _("line %(n)s: write colour, size, quantity separated by commas.") % {"n": number}
            )
            continue
        colour, size, quantity = parts
        if not quantity.isdigit():
            errors.append(
                _("line %(n)s: quantity must be a whole number of 1 or more.") % {"n": number}
            )
            continue
        lines.append((colour, size, int(quantity)))
    return lines, errors


class ClusterOrderForm(forms.Form):
    cluster = forms.ModelChoiceField(label=_l("Cluster"), queryset=Cluster.unscoped.none())
    style = forms.ModelChoiceField(
        label=_l("Style"),
        queryset=Style.objects.none(),
        help_text=_l("A style of your catalog with its operation bulletin."),
    )
    lines = forms.CharField(
        label=_l("Quantities"),
        widget=forms.Textarea(attrs={"rows": 6, "placeholder": "Navy, M, 250"}),
        help_text=_l("One row per colour and size: colour, size, quantity."),
    )
    delivery_date = forms.DateField(label=_l("Delivery date"), widget=DateInput())
    target_price = forms.DecimalField(label=_l("Brand price per garment"), **MONEY)  # type: ignore[arg-type]
    factory_price = forms.DecimalField(label=_l("Factory price per garment"), **MONEY)  # type: ignore[arg-type]
    commission_pct = forms.DecimalField(
        label=_l("Operator commission (percent)"),
        initial=Decimal("0"),
        **PCT,  # type: ignore[arg-type]
    )
    channel_fee_pct = forms.DecimalField(
        label=_l("Shared channel fee (percent)"),
        initial=Decimal("0"),
        **PCT,  # type: ignore[arg-type]
    )
    defect_deduction = forms.DecimalField(
        label=_l("Deduction per defective garment"),
        initial=Decimal("0"),
        **MONEY,  # type: ignore[arg-type]
    )
    required_capabilities = forms.MultipleChoiceField(
        label=_l("Required capabilities"),
        choices=Capability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_batch = forms.IntegerField(label=_l("Minimum batch per factory"), min_value=0, initial=0)
    share_brand_name = forms.BooleanField(
        label=_l("Show our name to factories"), required=False, initial=True
    )
    share_target_price = forms.BooleanField(label=_l("Show our price to factories"), required=False)
    brand_reference = forms.CharField(label=_l("Our PO"), max_length=60, required=False)
    description = forms.CharField(
        label=_l("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cluster"].queryset = access.active_clusters(MemberRole.BRAND).order_by(  # type: ignore[attr-defined]
            "name"
        )
        self.fields["style"].queryset = (  # type: ignore[attr-defined]
            Style.objects.filter(is_active=True, operations__isnull=False)
            .distinct()
            .order_by("code")
        )

    def clean_lines(self) -> list[tuple[str, str, int]]:
        lines, errors = parse_lines(self.cleaned_data["lines"])
        if errors:
            raise forms.ValidationError(errors)
        return lines


class BidForm(forms.Form):
    quantity = forms.IntegerField(label=_l("Quantity"), min_value=1)
    unit_price = forms.DecimalField(label=_l("Price per garment"), **MONEY)  # type: ignore[arg-type]
    ready_date = forms.DateField(label=_l("Ready by"), widget=DateInput())
    note = forms.CharField(label=_l("Note"), max_length=300, required=False)


class RunForm(forms.Form):
    mode = forms.ChoiceField(label=_l("Mode"), choices=AllocationMode.choices)


class AnswerForm(forms.Form):
    accept = forms.TypedChoiceField(
        label=_l("Answer"),
        choices=[("1", _l("Accept")), ("0", _l("Decline"))],
        coerce=lambda value: value == "1",
    )
