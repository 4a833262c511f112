"""Forms of the webhook endpoint page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from seamline.catalog.models import Customer
from seamline.webhooks.choices import Event


class EndpointForm(forms.Form):
    url = forms.CharField(
        label=_("URL"),
        max_length=500,
        help_text=_("Where events are POSTed: http:// or https://."),
    )
    events = forms.MultipleChoiceField(
        label=_("Events"), choices=Event.choices, widget=forms.CheckboxSelectMultiple
    )
    customer = forms.ModelChoiceField(
        label=_("Only for customer"),
        required=False,
        queryset=Customer.objects.none(),
        help_text=_("Leave blank to receive the events of every customer."),
    )
    description = forms.CharField(label=_("Description"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.order_by("code")  # type: ignore[attr-defined]
