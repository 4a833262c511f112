from django.db import models
from django.utils.translation import gettext_lazy as _


class MemberRole(models.TextChoices):
    BRAND = "brand", _("Brand")
    FACTORY = "factory", _("Factory")


class MemberStatus(models.TextChoices):
    INVITED = "invited", _("Invited")
    ACTIVE = "active", _("Active")
    DECLINED = "declined", _("Declined")
    LEFT = "left", _("Left")


class Capability(models.TextChoices):
    """What a factory can make or do; a cluster order names the ones it needs."""

    KNITS = "knits", _("Knits")
    WOVENS = "wovens", _("Wovens")
    DENIM = "denim", _("Denim")
    OUTERWEAR = "outerwear", _("Outerwear")
    SPORTSWEAR = "sportswear", _("Sportswear")
    CHILDRENSWEAR = "childrenswear", _("Childrenswear")
    LINGERIE = "lingerie", _("Underwear / lingerie")
    EMBROIDERY = "embroidery", _("Embroidery")
    PRINTING = "printing", _("Printing")
    WASHING = "washing", _("Garment washing")


class ClusterOrderStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")  # factories see it and may bid
    ALLOCATED = "allocated", _("Allocated")  # every piece offered or accepted
    IN_PRODUCTION = "in_production", _("In production")
    DELIVERED = "delivered", _("Delivered")
    CLOSED = "closed", _("Closed")
    CANCELLED = "cancelled", _("Cancelled")


class BidStatus(models.TextChoices):
    OPEN = "open", _("Open")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")


class AllocationMode(models.TextChoices):
    COST = "cost", _("Lowest cost and risk")
    FAIR = "fair", _("Spread fairly")


class AllocationStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposed")  # in a run, not yet offered
    OFFERED = "offered", _("Offered")  # waiting for the factory
    ACCEPTED = "accepted", _("Accepted")  # an order in the factory's own books
    DECLINED = "declined", _("Declined")
    CANCELLED = "cancelled", _("Cancelled")


class AccountKind(models.TextChoices):
    """Accounts of a cluster's ledger; member accounts carry the member organization."""

    BRAND_RECEIVABLE = "brand_receivable", _("Receivable from brand")
    FACTORY_PAYABLE = "factory_payable", _("Payable to factory")
    COMMISSION = "commission", _("Operator commission")
    CHANNEL_FEES = "channel_fees", _("Channel fees")
    OPERATOR_MARGIN = "operator_margin", _("Operator margin")
    CASH = "cash", _("Cluster bank account")


class TransactionKind(models.TextChoices):
    DELIVERY = "delivery", _("Delivery settled")
    BRAND_PAYMENT = "brand_payment", _("Payment from brand")
    FACTORY_PAYMENT = "factory_payment", _("Payment to factory")
