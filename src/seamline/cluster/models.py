"""The virtual industrial cluster.

Two kinds of rows, by whose books they are in:
- a cluster's own rows (members, cluster orders, bids, allocations, deliveries, ledger) have
  the cluster operator as tenant; a brand or a factory reads them only through
  ``cluster.access``, which lets each party see the rows that name it, never more;
- a member's own rows (its capacity profile, the link from its order to an allocation)
  are in that member's tenant.
Nothing points across tenants by foreign key except to the organization itself: a
factory's order and the allocation it fulfils know each other by the allocation's
``ref`` (a UUID), written on both sides.
"""

from __future__ import annotations

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from seamline.catalog.choices import MachineType
from seamline.cluster.choices import (
    AccountKind,
    AllocationMode,
    AllocationStatus,
    BidStatus,
    ClusterOrderStatus,
    MemberRole,
    MemberStatus,
    TransactionKind,
)
from seamline.orders.models import Order
from seamline.tenancy.models import Organization, TenantModel

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _price(label: StrOrPromise, **extra: Any) -> models.DecimalField[Any, Any]:
    """A price per garment or per minute: four decimals, never negative."""
    validators = [MinValueValidator(Decimal("0"))]
    return models.DecimalField(
        label, max_digits=12, decimal_places=4, validators=validators, **extra
    )


def _pct(label: StrOrPromise) -> models.DecimalField[Any, Any]:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )


def _money(label: StrOrPromise) -> models.DecimalField[Any, Any]:
    return models.DecimalField(label, max_digits=14, decimal_places=2, default=Decimal("0"))


class Cluster(TenantModel):
    """A virtual cluster run by its operator (the tenant)."""

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(_("short name"), max_length=40)
    description = models.TextField(_("description"), blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cluster")
        verbose_name_plural = _("clusters")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "code"], name="cluster_unique_code"),
        ]

    def __str__(self) -> str:
        return self.name


class ClusterMember(TenantModel):
    """An organization's place in a cluster: invited by the operator, then active or not."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="members")
    organization = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("organization")
    )
    role = models.CharField(_("role"), max_length=16, choices=MemberRole.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=MemberStatus.choices, default=MemberStatus.INVITED
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(_("invited at"), auto_now_add=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cluster member")
        verbose_name_plural = _("cluster members")
        ordering = ["cluster", "role", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "cluster", "organization"], name="clustermember_unique"
            ),
        ]
        indexes = [models.Index(fields=["organization", "status"])]

    def __str__(self) -> str:
        return f"{self.cluster_id}: {self.organization_id} ({self.role})"


class CapacityProfile(TenantModel):
    """A factory's capabilities and capacity, kept by the factory and read by its clusters."""

    capabilities = models.JSONField(_("capabilities"), default=list, blank=True)  # Capability
    style_notes = models.TextField(_("styles it makes"), blank=True)
    lines = models.PositiveIntegerField(_("sewing lines"), default=0)
    operators_per_line = models.PositiveIntegerField(_("operators per line"), default=0)
    certifications = models.JSONField(_("certifications"), default=list, blank=True)  # [str]
    city = models.CharField(_("city"), max_length=100, blank=True)
    province = models.CharField(_("province"), max_length=100, blank=True)
    min_order_qty = models.PositiveIntegerField(_("minimum order quantity"), default=0)
    cost_per_minute = _price(_("cost per standard minute"), default=Decimal("0"))
    # Share of promised dates missed lately, 0..1: the allocation's lateness risk.
    late_share = models.DecimalField(
        _("late deliveries share"), max_digits=5, decimal_places=4, default=Decimal("0")
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("capacity profile")
        verbose_name_plural = _("capacity profiles")
        constraints = [
            models.UniqueConstraint(fields=["tenant"], name="capacityprofile_one_per_tenant"),
        ]

    def __str__(self) -> str:
        return f"profile of {self.tenant_id}"


class MachineCount(TenantModel):
    """How many machines of one type the factory has (its machine park)."""

    profile = models.ForeignKey(CapacityProfile, on_delete=models.CASCADE, related_name="machines")
    machine_type = models.CharField(_("machine"), max_length=10, choices=MachineType.choices)
    count = models.PositiveIntegerField(_("count"))

    class Meta:
        verbose_name = _("machines of a type")
        verbose_name_plural = _("machine park")
        ordering = ["machine_type"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "profile", "machine_type"], name="machinecount_unique"
            ),
        ]


class CapacityWeek(TenantModel):
    """Standard minutes a factory offers in one week (Monday first): derived, then editable."""

    profile = models.ForeignKey(CapacityProfile, on_delete=models.CASCADE, related_name="weeks")
    week_start = models.DateField(_("week of"))
    derived_minutes = models.PositiveIntegerField(_("minutes from lines and calendar"), default=0)
    available_minutes = models.PositiveIntegerField(_("available standard minutes"))
    edited = models.BooleanField(_("edited by hand"), default=False)

    class Meta:
        verbose_name = _("capacity week")
        verbose_name_plural = _("capacity weeks")
        ordering = ["week_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "profile", "week_start"], name="capacityweek_unique"
            ),
        ]


class ClusterOrder(TenantModel):
    """A brand's order published to a cluster: one style, its work content and its grid."""

    cluster = models.ForeignKey(Cluster, on_delete=models.PROTECT, related_name="orders")
    brand = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("brand")
    )
    number = models.CharField(_("cluster order no."), max_length=40)
    brand_reference = models.CharField(_("brand PO"), max_length=60, blank=True)
    style_code = models.CharField(_("style"), max_length=40)
    style_name = models.CharField(_("style name"), max_length=200)
    category = models.CharField(_("category"), max_length=20, blank=True)  # StyleCategory
    description = models.TextField(_("description"), blank=True)
    # [{"code", "name", "machine_type", "smv"}] in sequence: the operation bulletin shared.
    bulletin = models.JSONField(_("operation bulletin"), default=list)
    smv = models.DecimalField(_("SMV per garment"), max_digits=8, decimal_places=3)
    required_capabilities = models.JSONField(_("required capabilities"), default=list, blank=True)
    delivery_date = models.DateField(_("delivery date"))
    currency = models.CharField(_("currency"), max_length=3, default="CNY")
    # What the brand pays per garment.
    target_price = _price(_("brand price per garment"))
    min_batch = models.PositiveIntegerField(_("minimum batch per factory"), default=0)
    # What the brand lets factories see beyond the work itself.
    share_brand_name = models.BooleanField(_("show the brand's name to factories"), default=True)
    share_target_price = models.BooleanField(_("show the price to factories"), default=False)
    # Settlement rules: how the brand's payment for a delivery is split.
    factory_price = _price(_("factory price per garment"))
    commission_pct = _pct(_("operator commission %"))
    channel_fee_pct = _pct(_("shared channel fee %"))
    defect_deduction = _price(_("deduction per defective garment"), default=Decimal("0"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=ClusterOrderStatus.choices,
        default=ClusterOrderStatus.DRAFT,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("cluster order")
        verbose_name_plural = _("cluster orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "number"], name="clusterorder_unique_number"),
            models.CheckConstraint(
                condition=models.Q(target_price__gte=0) & models.Q(factory_price__gte=0),
                name="clusterorder_prices_not_negative",
            ),
        ]
        indexes = [models.Index(fields=["brand", "status"])]

    def __str__(self) -> str:
        return self.number


class ClusterOrderLine(TenantModel):
    """How many garments of one colour and size the brand orders."""

    order = models.ForeignKey(ClusterOrder, on_delete=models.CASCADE, related_name="lines")
    colour = models.CharField(_("colour"), max_length=60)
    size = models.CharField(_("size"), max_length=20)
    position = models.PositiveIntegerField(_("position"), default=0)  # size order in the grid
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("cluster order line")
        verbose_name_plural = _("cluster order lines")
        ordering = ["order", "colour", "position", "size"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "order", "colour", "size"], name="clusterorderline_unique"
            ),
        ]


class Bid(TenantModel):
    """A factory's offer for part of a published order: how many, at what price, by when."""

    order = models.ForeignKey(ClusterOrder, on_delete=models.CASCADE, related_name="bids")
    factory = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("factory")
    )
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit_price = _price(_("price per garment"))
    ready_date = models.DateField(_("ready by"))
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=BidStatus.choices, default=BidStatus.OPEN
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("bid")
        verbose_name_plural = _("bids")
        ordering = ["order", "unit_price", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "order", "factory"], name="bid_one_per_factory"
            ),
        ]


class AllocationRun(TenantModel):
    """One run of the allocation engine for an order: its proposal, figures and reasons."""

    order = models.ForeignKey(ClusterOrder, on_delete=models.CASCADE, related_name="runs")
    mode = models.CharField(_("mode"), max_length=8, choices=AllocationMode.choices)
    status = models.CharField(_("solver status"), max_length=16)
    objective = models.DecimalField(_("objective"), max_digits=18, decimal_places=4)
    bound = models.DecimalField(_("lower bound"), max_digits=18, decimal_places=4)
    runtime_ms = models.PositiveIntegerField(_("runtime (ms)"), default=0)
    unplaced = models.PositiveIntegerField(_("garments not placed"), default=0)
    # Per factory considered: {"factory": org id, "name", "codes": [...], figures...}.
    explanation = models.JSONField(_("why"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation run")
        verbose_name_plural = _("allocation runs")
        ordering = ["-created_at", "-pk"]


class Allocation(TenantModel):
    """The share of a cluster order given to one factory; once accepted it is an order in
    the factory's own books, linked by ``ref``. Progress is a copy the factory side keeps
    up to date from its own data chain (see ``cluster.progress``)."""

    ref = models.UUIDField(_("reference"), default=uuid.uuid4, editable=False)
    order = models.ForeignKey(ClusterOrder, on_delete=models.CASCADE, related_name="allocations")
    run = models.ForeignKey(
        AllocationRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="allocations"
    )
    factory = models.ForeignKey(
        Organization, on_delete=models.PROTECT, related_name="+", verbose_name=_("factory")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_price = _price(_("factory price per garment"))
    ready_date = models.DateField(_("ready by"))
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=AllocationStatus.choices,
        default=AllocationStatus.PROPOSED,
    )
    reason = models.JSONField(_("why"), default=dict, blank=True)  # this factory's explanation
    factory_order_number = models.CharField(_("factory's order no."), max_length=40, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    cut = models.PositiveIntegerField(_("cut"), default=0)
    sewn = models.PositiveIntegerField(_("sewn"), default=0)
    finished = models.PositiveIntegerField(_("finished"), default=0)
    shipped = models.PositiveIntegerField(_("shipped"), default=0)
    progress_at = models.DateTimeField(_("progress as of"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("allocation")
        verbose_name_plural = _("allocations")
        ordering = ["order", "factory__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "ref"], name="allocation_unique_ref"),
        ]
        indexes = [models.Index(fields=["factory", "status"]), models.Index(fields=["ref"])]

    def __str__(self) -> str:
        return f"{self.order_id} → {self.factory_id}: {self.quantity}"


class AllocationLine(TenantModel):
    """The allocation's garments by colour and size."""

    allocation = models.ForeignKey(Allocation, on_delete=models.CASCADE, related_name="lines")
    colour = models.CharField(_("colour"), max_length=60)
    size = models.CharField(_("size"), max_length=20)
    position = models.PositiveIntegerField(_("position"), default=0)
    quantity = models.PositiveIntegerField(_("quantity"))

    class Meta:
        verbose_name = _("allocation line")
        verbose_name_plural = _("allocation lines")
        ordering = ["allocation", "colour", "position", "size"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "allocation", "colour", "size"], name="allocationline_unique"
            ),
        ]


class ClusterLink(TenantModel):
    """In the factory's books: this order of ours fulfils that cluster allocation."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="cluster_links")
    allocation_ref = models.UUIDField(_("allocation reference"))
    cluster_name = models.CharField(_("cluster"), max_length=200)
    cluster_order_number = models.CharField(_("cluster order no."), max_length=40)

    class Meta:
        verbose_name = _("cluster link")
        verbose_name_plural = _("cluster links")
        constraints = [
            models.UniqueConstraint(fields=["tenant", "allocation_ref"], name="clusterlink_unique"),
            # An order fulfils one allocation.
            models.UniqueConstraint(fields=["tenant", "order"], name="clusterlink_one_per_order"),
        ]


class Delivery(TenantModel):
    """Garments of an allocation the brand received; settling it posts to the ledger."""

    allocation = models.ForeignKey(Allocation, on_delete=models.PROTECT, related_name="deliveries")
    client_id = models.UUIDField(_("client id"))  # a retried report has one effect
    quantity = models.PositiveIntegerField(
        _("garments delivered"), validators=[MinValueValidator(1)]
    )
    defective = models.PositiveIntegerField(_("defective at receiving"), default=0)
    delivered_on = models.DateField(_("delivered on"))
    reference = models.CharField(_("shipment reference"), max_length=60, blank=True)
    settled_at = models.DateTimeField(_("settled at"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["-delivered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "client_id"], name="delivery_unique_client"),
            models.CheckConstraint(
                condition=models.Q(defective__lte=models.F("quantity")),
                name="delivery_defective_within_quantity",
            ),
        ]


class LedgerAccount(TenantModel):
    """An account of a cluster's ledger; a member's account names the member."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="accounts")
    kind = models.CharField(_("kind"), max_length=20, choices=AccountKind.choices)
    organization = models.ForeignKey(
        Organization, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("ledger account")
        verbose_name_plural = _("ledger accounts")
        ordering = ["cluster", "kind", "organization__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["tenant", "cluster", "kind", "organization"],
                condition=models.Q(organization__isnull=False),
                name="ledgeraccount_unique_member",
            ),
            # The cluster's own accounts (no member): one of each kind.
            models.UniqueConstraint(
                fields=["tenant", "cluster", "kind"],
                condition=models.Q(organization__isnull=True),
                name="ledgeraccount_unique_own",
            ),
        ]


class LedgerTransaction(TenantModel):
    """One balanced posting: its entries' debits equal their credits to the cent."""

    cluster = models.ForeignKey(Cluster, on_delete=models.CASCADE, related_name="transactions")
    kind = models.CharField(_("kind"), max_length=20, choices=TransactionKind.choices)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.PROTECT, related_name="transactions"
    )
    client_id = models.UUIDField(_("client id"))
    memo = models.CharField(_("memo"), max_length=300, blank=True)
    posted_on = models.DateField(_("posted on"))
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("ledger transaction")
        verbose_name_plural = _("ledger transactions")
        ordering = ["posted_on", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["tenant", "client_id"], name="ledgertx_unique_client"),
        ]


class LedgerEntry(TenantModel):
    """One side of a posting: a debit or a credit to one account, never both."""

    transaction = models.ForeignKey(
        LedgerTransaction, on_delete=models.CASCADE, related_name="entries"
    )
    account = models.ForeignKey(LedgerAccount, on_delete=models.PROTECT, related_name="entries")
    debit = _money(_("debit"))
    credit = _money(_("credit"))
    memo = models.CharField(_("memo"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("ledger entry")
        verbose_name_plural = _("ledger entries")
        ordering = ["transaction", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(debit__gt=0) & models.Q(credit=0))
                | (models.Q(debit=0) & models.Q(credit__gt=0)),
                name="ledgerentry_one_side",
            ),
        ]
