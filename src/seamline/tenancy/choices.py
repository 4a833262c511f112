from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganizationKind(models.TextChoices):
    FACTORY = "factory", _("Factory")
    BRAND = "brand", _("Brand")
    CLUSTER_OPERATOR = "cluster_operator", _("Cluster operator")


class Role(models.TextChoices):
    OWNER = "owner", _("Owner")
    MANAGER = "manager", _("Manager")
    PLANNER = "planner", _("Planner")
    SUPERVISOR = "supervisor", _("Supervisor")
    INSPECTOR = "inspector", _("Quality inspector")
    WORKER = "worker", _("Worker")
    BRAND_BUYER = "brand_buyer", _("Brand buyer")
    CLUSTER_OPERATOR = "cluster_operator", _("Cluster operator")


class InvitationStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    ACCEPTED = "accepted", _("Accepted")
    REVOKED = "revoked", _("Revoked")
