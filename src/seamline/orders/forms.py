"""Forms only parse input; the services decide and write."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Colour, Customer, Size, Style
from seamline.orders.choices import OrderStatus
from seamline.web.forms import DateInput


class OrderForm(forms.Form):
    number = forms.CharField(label=_("Order no."), max_length=40)
    customer = forms.ModelChoiceField(label=_("Customer"), queryset=Customer.objects.none())
    customer_po = forms.CharField(label=_("Customer PO"), max_length=60, required=False)
    delivery_date = forms.DateField(label=_("Delivery date"), widget=DateInput)
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        min_length=3,
        required=False,
        help_text=_("Three letters, e.g. CNY or USD; empty takes the customer's currency."),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.order_by("name")  # type: ignore[attr-defined]


class OrderFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    status = forms.ChoiceField(
        label=_("Status"), required=False, choices=[("", _("Any status")), *OrderStatus.choices]
    )
    customer = forms.ModelChoiceField(
        label=_("Customer"),
        required=False,
        queryset=Customer.objects.none(),
        empty_label=_("Any customer"),
    )
    style = forms.ModelChoiceField(
        label=_("Style"), required=False, queryset=Style.objects.none(), empty_label=_("Any style")
    )
    delivery_from = forms.DateField(label=_("Delivery from"), required=False, widget=DateInput)
    delivery_to = forms.DateField(label=_("Delivery to"), required=False, widget=DateInput)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["style"].queryset = Style.objects.order_by("code")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "search": data.get("q") or "",
            "status": data.get("status") or "",
            "customer_id": data["customer"].pk if data.get("customer") else None,
            "style_id": data["style"].pk if data.get("style") else None,
            "delivery_from": data.get("delivery_from"),
            "delivery_to": data.get("delivery_to"),
            "overdue": bool(data.get("overdue")),
        }


def cell_name(colour_id: int, size_id: int) -> str:
    return f"qty_{colour_id}_{size_id}"


class MatrixForm(forms.Form):
    """One number input per colour x size of a style, plus the style's unit price."""

    unit_price = forms.DecimalField(
        label=_("Unit price"), min_value=Decimal("0"), max_digits=12, decimal_places=4
    )

    def __init__(
        self,
        *args: Any,
        colours: list[Colour],
        sizes: list[Size],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.colours = colours
        self.sizes = sizes
        for colour in colours:
            for size in sizes:
                label = _("Colour %(colour)s, size %(size)s") % {
                    "colour": colour.code,
                    "size": size.code,
                }
                self.fields[cell_name(colour.pk, size.pk)] = forms.IntegerField(
                    label=label,
                    min_value=0,
                    required=False,
                    widget=forms.NumberInput(
                        attrs={"min": 0, "step": 1, "inputmode": "numeric", "aria-label": label}
                    ),
                )

    def quantities(self) -> dict[tuple[int, int], int]:
        return {
            (colour.pk, size.pk): self.cleaned_data.get(cell_name(colour.pk, size.pk)) or 0
            for colour in self.colours
            for size in self.sizes
        }

    def rows(self) -> list[dict[str, Any]]:
        """The bound fields laid out as the table shows them."""
        return [
            {
                "colour": colour,
                "cells": [self[cell_name(colour.pk, size.pk)] for size in self.sizes],
            }
            for colour in self.colours
        ]


class TransitionForm(forms.Form):
    to = forms.ChoiceField(choices=OrderStatus.choices)
    note = forms.CharField(max_length=300, required=False)
