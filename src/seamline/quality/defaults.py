"""The defect catalogue a factory starts with: the common defects of sewn garments."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from seamline.quality.choices import DefectCategory, Severity
from seamline.quality.models import DefectType
from seamline.tenancy.context import require_tenant

# code, name (translated when seeded), category, usual severity
DEFAULT_DEFECTS: list[tuple[str, str, str, str]] = [
    ("SKIP", gettext_noop("Skipped stitch"), DefectCategory.SEWING, Severity.MAJOR),
    ("BRKN", gettext_noop("Broken stitch"), DefectCategory.SEWING, Severity.MAJOR),
    ("OPEN", gettext_noop("Open seam"), DefectCategory.SEWING, Severity.MAJOR),
    ("SPI", gettext_noop("Uneven stitch density"), DefectCategory.SEWING, Severity.MINOR),
    ("PUCK", gettext_noop("Puckering"), DefectCategory.SEWING, Severity.MINOR),
    ("RAW", gettext_noop("Raw edge"), DefectCategory.SEWING, Severity.MAJOR),
    ("HEM", gettext_noop("Uneven hem"), DefectCategory.SEWING, Severity.MINOR),
    ("STAIN", gettext_noop("Stain"), DefectCategory.FABRIC, Severity.MAJOR),
    ("HOLE", gettext_noop("Hole / fabric flaw"), DefectCategory.FABRIC, Severity.MAJOR),
    ("SHADE", gettext_noop("Shading"), DefectCategory.FABRIC, Severity.MAJOR),
    (
        "MEAS",
        gettext_noop("Measurement out of tolerance"),
        DefectCategory.MEASUREMENT,
        Severity.MAJOR,
    ),
    ("THRD", gettext_noop("Untrimmed thread"), DefectCategory.FINISHING, Severity.MINOR),
    ("PRESS", gettext_noop("Pressing mark"), DefectCategory.FINISHING, Severity.MINOR),
    # A missing care or content label breaks labelling law in most markets: critical.
    ("LABEL", gettext_noop("Wrong or missing label"), DefectCategory.TRIMS, Severity.CRITICAL),
]


@transaction.atomic
def seed_defect_catalogue() -> int:
    """Create the default defect types when the active tenant's catalogue is empty; how many
    were created (0 when it had some already)."""
    tenant = require_tenant()
    if DefectType.objects.exists():
        return 0
    made = DefectType.objects.bulk_create(
        [
            DefectType(tenant=tenant, code=code, name=_(name), category=category, severity=severity)
            for code, name, category, severity in DEFAULT_DEFECTS
        ],
        ignore_conflicts=True,
    )
    return len(made)
