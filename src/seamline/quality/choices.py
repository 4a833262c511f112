from django.db import models
from django.utils.translation import gettext_lazy as _


class InspectionKind(models.TextChoices):
    INLINE = "inline", _("Inline (roving QC at an operation)")
    END_OF_LINE = "end_of_line", _("End of line")
    FINAL = "final", _("Final (AQL)")


class Outcome(models.TextChoices):
    PASS = "pass", _("Pass")
    REWORK = "rework", _("Rework")
    REJECT = "reject", _("Reject")


class Severity(models.TextChoices):
    CRITICAL = "critical", _("Critical")
    MAJOR = "major", _("Major")
    MINOR = "minor", _("Minor")


class DefectCategory(models.TextChoices):
    SEWING = "sewing", _("Sewing")
    FABRIC = "fabric", _("Fabric")
    MEASUREMENT = "measurement", _("Measurement")
    FINISHING = "finishing", _("Finishing and pressing")
    TRIMS = "trims", _("Trims and accessories")
    OTHER = "other", _("Other")


class DefectLocation(models.TextChoices):
    FRONT = "front", _("Front")
    BACK = "back", _("Back")
    COLLAR = "collar", _("Collar / neck")
    SLEEVE = "sleeve", _("Sleeve")
    CUFF = "cuff", _("Cuff")
    POCKET = "pocket", _("Pocket")
    PLACKET = "placket", _("Placket / fly")
    WAISTBAND = "waistband", _("Waistband")
    SIDE_SEAM = "side_seam", _("Side seam")
    HEM = "hem", _("Hem")
    LABEL = "label", _("Label")
    OTHER = "other", _("Other")
