"""Forms of the ledger pages: record a delivery, record a payment."""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from seamline.cluster.choices import MemberRole, TransactionKind
from seamline.cluster.models import Cluster, ClusterMember
from seamline.tenancy.models import Organization
from seamline.web.forms import DateInput


class DeliveryForm(forms.Form):
    """Garments of one allocation the brand received."""

    quantity = forms.IntegerField(label=_("Garments delivered"), min_value=1)
    defective = forms.IntegerField(label=_("Defective at receiving"), min_value=0, initial=0)
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    reference = forms.CharField(label=_("Shipment reference"), max_length=60, required=False)
    # Made when the form is shown: a double-click or a resent form records one delivery.
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound:
            self.initial.setdefault("delivered_on", timezone.localdate())
            self.initial.setdefault("client_id", uuid.uuid4())


class PaymentForm(forms.Form):
    """Money in from a brand or out to a factory, recorded by the operator."""

    kind = forms.ChoiceField(
        label=_("Payment"),
        choices=[
            (TransactionKind.BRAND_PAYMENT, TransactionKind.BRAND_PAYMENT.label),
            (TransactionKind.FACTORY_PAYMENT, TransactionKind.FACTORY_PAYMENT.label),
        ],
    )
    organization = forms.ModelChoiceField(label=_("Member"), queryset=Organization.objects.none())
    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.01"), max_digits=14, decimal_places=2
    )
    paid_on = forms.DateField(label=_("Paid on"), widget=DateInput())
    memo = forms.CharField(label=_("Memo"), max_length=300, required=False)
    client_id = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, cluster: Cluster, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        members = ClusterMember.unscoped.filter(
            cluster=cluster, role__in=[MemberRole.BRAND, MemberRole.FACTORY]
        ).values("organization_id")
        field = self.fields["organization"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organization.objects.filter(pk__in=members).order_by("name")
        if not self.is_bound:
            self.initial.setdefault("paid_on", timezone.localdate())
            self.initial.setdefault("client_id", uuid.uuid4())
