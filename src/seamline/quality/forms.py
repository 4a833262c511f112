"""Forms of the inspection pages: they only parse input; quality.services decides and writes.

The inspection form names its bundle by number or by a bundle-ticket coupon code
("1234-40": bundle 1234, operation 40 — for an inline inspection the operation comes with
it). Defect rows come as repeated fields (`defect_type`, `count`, `location`,
`defect_operation`), one per row the inspector added with "+"."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from seamline.catalog.models import Operation
from seamline.cutting.coupons import parse_coupon
from seamline.cutting.models import Bundle
from seamline.quality.choices import (
    DefectCategory,
    DefectLocation,
    InspectionKind,
    Outcome,
    Severity,
)
from seamline.quality.models import DefectType
from seamline.quality.services import DefectInput

RECORDED_KIND_CHOICES = [
    (InspectionKind.INLINE.value, InspectionKind.INLINE.label),
    (InspectionKind.END_OF_LINE.value, InspectionKind.END_OF_LINE.label),
]
_NUMBER = {"inputmode": "numeric", "min": "0", "autocomplete": "off"}


def bundle_from_text(text: str) -> tuple[Bundle | None, int | None]:
    """The bundle a typed or scanned text names, and the operation sequence of a coupon code
    ("1234-40") when it is one."""
    text = text.strip().lstrip("#")
    coupon = parse_coupon(text)
    if coupon is not None:
        number, sequence = coupon
        return Bundle.objects.filter(number=number).first(), sequence
    digits = text[1:] if text[:1].isalpha() else text
    if not digits.isdigit() or len(digits) > 9:
        return None, None
    return Bundle.objects.filter(number=int(digits)).first(), None


def operation_of(bundle: Bundle, sequence: int | None) -> Operation | None:
    if sequence is None:
        return None
    return Operation.objects.filter(style_id=bundle.style_id, sequence=sequence).first()


class InspectionForm(forms.Form):
    client_id = forms.CharField(widget=forms.HiddenInput, max_length=64, required=False)
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), choices=RECORDED_KIND_CHOICES, widget=forms.RadioSelect
    )
    bundle = forms.CharField(
        label=gettext_lazy("Bundle"),
        max_length=40,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autofocus": True, "enterkeyhint": "next"}
        ),
        help_text=gettext_lazy("Type the bundle number or scan a coupon of its ticket."),
    )
    operation = forms.IntegerField(
        label=gettext_lazy("Operation no."),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=gettext_lazy("Inline: the operation you are checking."),
    )
    checked_qty = forms.IntegerField(
        label=gettext_lazy("Pieces checked"),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=gettext_lazy("End of line: blank for the whole bundle."),
    )
    defective_qty = forms.IntegerField(
        label=gettext_lazy("Defective pieces"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=gettext_lazy("Blank: one per defect found."),
    )
    rejected_qty = forms.IntegerField(
        label=gettext_lazy("Pieces rejected"),
        required=False,
        min_value=0,
        widget=forms.NumberInput(attrs=_NUMBER),
    )
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), choices=Outcome.choices, widget=forms.RadioSelect
    )
    rework_operation = forms.IntegerField(
        label=gettext_lazy("Back to operation no."),
        required=False,
        min_value=1,
        widget=forms.NumberInput(attrs=_NUMBER),
        help_text=gettext_lazy("Rework: blank for the operation of the first defect."),
    )
    note = forms.CharField(label=gettext_lazy("Note"), max_length=300, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        text = data.get("bundle")
        if not text:
            return data
        bundle, sequence = bundle_from_text(text)
        if bundle is None:
            self.add_error(
                "bundle", _("There is no bundle %(bundle)s in this factory.") % {"bundle": text}
            )
            return data
        data["bundle_obj"] = bundle
        if data.get("operation") is None and data.get("kind") == InspectionKind.INLINE:
            data["operation"] = sequence
        for name in ("operation", "rework_operation"):
            number = data.get(name)
            op = operation_of(bundle, number)
            if number is not None and op is None:
                self.add_error(
                    name,
                    _(
                        "Operation %(operation)s is not in the bulletin of bundle "
                        "%(bundle)s's style."
                    )
                    % {"operation": number, "bundle": bundle.number},
                )
            data[f"{name}_obj"] = op
        return data


def parse_defects(post: QueryDict, bundle: Bundle | None) -> list[DefectInput]:
    """The defect rows of the form (blank rows skipped); a bad row is named by its number."""
    types = post.getlist("defect_type")
    counts = post.getlist("count")
    locations = post.getlist("location")
    operations = post.getlist("defect_operation")
    catalogue = {str(t.pk): t for t in DefectType.objects.all()}
    result = []
    n = 0
    for i, type_id in enumerate(types):
        if not type_id:
            continue
        n += 1
        row = _("Defect %(n)s") % {"n": n}
        defect_type = catalogue.get(type_id)
        if defect_type is None:
            raise ValidationError(_("%(row)s: unknown defect type.") % {"row": row})
        count_text = (counts[i] if i < len(counts) else "").strip() or "1"
        if not count_text.isdigit():
            raise ValidationError(
                _("%(row)s: the number of defects must be a whole number.") % {"row": row}
            )
        location = locations[i] if i < len(locations) else ""
        op_text = (operations[i] if i < len(operations) else "").strip()
        operation = None
        if op_text:
            if not op_text.isdigit() or bundle is None:
                raise ValidationError(
                    _("%(row)s: give the operation by its number.") % {"row": row}
                )
            operation = operation_of(bundle, int(op_text))
            if operation is None:
                raise ValidationError(
                    _(
                        "%(row)s: operation %(operation)s is not in the bulletin of "
                        "bundle %(bundle)s's style."
                    )
                    % {"row": row, "operation": op_text, "bundle": bundle.number}
                )
        result.append(
            DefectInput(
                defect_type=defect_type,
                count=int(count_text),
                location=location,
                operation=operation,
            )
        )
    return result


def defect_rows(post: QueryDict) -> list[dict[str, str]]:
    """The defect rows as typed, to show them again after a refusal."""
    keys = ("defect_type", "count", "location", "defect_operation")
    columns = [post.getlist(key) for key in keys]
    length = max((len(c) for c in columns), default=0)
    rows = []
    for i in range(length):
        row = {
            key: (column[i] if i < len(column) else "")
            for key, column in zip(keys, columns, strict=True)
        }
        if row["defect_type"]:
            rows.append(row)
    return rows


LOCATION_CHOICES = [("", "—"), *DefectLocation.choices]


class InspectionFilters(forms.Form):
    kind = forms.ChoiceField(
        label=gettext_lazy("Kind"), required=False, choices=[("", "—"), *InspectionKind.choices]
    )
    order = forms.CharField(label=gettext_lazy("Order"), required=False, max_length=40)
    line = forms.IntegerField(label=gettext_lazy("Line"), required=False)
    outcome = forms.ChoiceField(
        label=gettext_lazy("Outcome"), required=False, choices=[("", "—"), *Outcome.choices]
    )
    bundle = forms.IntegerField(label=gettext_lazy("Bundle"), required=False, min_value=1)


class DefectTypeForm(forms.Form):
    code = forms.CharField(label=gettext_lazy("Code"), max_length=20)
    name = forms.CharField(label=gettext_lazy("Name"), max_length=100)
    category = forms.ChoiceField(label=gettext_lazy("Category"), choices=DefectCategory.choices)
    severity = forms.ChoiceField(label=gettext_lazy("Usual severity"), choices=Severity.choices)


class DefectTypeEditForm(DefectTypeForm):
    is_active = forms.BooleanField(label=gettext_lazy("Active"), required=False)
