"""Forms of the shipment pages: header, filters, dispatch, delivery, documents."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Customer
from seamline.shipping.choices import DocumentKind, ShipmentStatus
from seamline.shipping.models import Shipment
from seamline.shipping.shipments import EDITABLE_FIELDS
from seamline.web.forms import DateInput


class ShipmentForm(forms.Form):
    """The header of a shipment; the customer only when planning a new one."""

    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    number = forms.CharField(
        label=_("Shipment no."),
        max_length=40,
        required=False,
        help_text=_("Leave blank for the next number (SH-year-0001, ...)."),
    )
    ship_date = forms.DateField(label=_("Ship date"), widget=DateInput())
    carrier = forms.CharField(label=_("Carrier"), max_length=100, required=False)
    tracking_number = forms.CharField(label=_("Tracking no."), max_length=100, required=False)
    destination = forms.CharField(label=_("Destination"), max_length=200, required=False)
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def __init__(self, *args: Any, shipment: Shipment | None = None, **kwargs: Any) -> None:
        if shipment is not None:
            kwargs.setdefault(
                "initial",
                {name: getattr(shipment, name) for name in EDITABLE_FIELDS},
            )
        super().__init__(*args, **kwargs)
        if shipment is not None:
            # The customer is fixed once the shipment exists (its cartons are theirs).
            del self.fields["customer"]
            self.fields["number"].required = True
            self.fields["number"].help_text = ""
        else:
            self.fields["customer"].queryset = Customer.objects.order_by("code")  # type: ignore[attr-defined]


class ShipmentFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("All"))] + list(ShipmentStatus.choices),
    )
    customer = forms.ModelChoiceField(
        label=_("Customer"), required=False, queryset=Customer.objects.none()
    )
    q = forms.CharField(label=_("Search"), required=False, max_length=100)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.order_by("code")  # type: ignore[attr-defined]


class DispatchForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking no."), required=False, max_length=100)


class DeliverForm(forms.Form):
    at = forms.DateTimeField(
        label=_("Delivered at"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=_("Leave blank for now."),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Document"), choices=DocumentKind.choices)
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "PDF, picture (PNG, JPEG, GIF, WebP), Excel (XLSX, XLS) or Word (DOCX); at most 10 MB."
        ),
    )
