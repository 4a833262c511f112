"""Forms of the final inspection pages: they only parse input; `quality.final` decides."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from seamline.engines.aql import AQL_LABELS, LEVELS
from seamline.quality.final import DEFAULT_AQL_MAJOR, DEFAULT_AQL_MINOR, DEFAULT_LEVEL
from seamline.quality.models import DefectType

LEVEL_CHOICES = [(level, level) for level in LEVELS]
AQL_CHOICES = [(label, label) for label in AQL_LABELS]
CRITICAL_CHOICES = [("0", _("0 (zero tolerance)")), *AQL_CHOICES]
MAX_COUNT = 9999


class PlanFields(forms.Form):
    """Level and AQL per class: the part of a plan the user chooses."""

    level = forms.ChoiceField(
        label=_("Inspection level"), choices=LEVEL_CHOICES, initial=DEFAULT_LEVEL
    )
    aql_critical = forms.ChoiceField(
        label=_("AQL critical"), choices=CRITICAL_CHOICES, initial="0", required=False
    )
    aql_major = forms.ChoiceField(
        label=_("AQL major"), choices=AQL_CHOICES, initial=DEFAULT_AQL_MAJOR
    )
    aql_minor = forms.ChoiceField(
        label=_("AQL minor"), choices=AQL_CHOICES, initial=DEFAULT_AQL_MINOR
    )

    def plan_args(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "level": data["level"],
            "aql_critical": data.get("aql_critical") or None,
            "aql_major": data["aql_major"],
            "aql_minor": data["aql_minor"],
        }


class PlanCalculatorForm(PlanFields):
    lot_size = forms.IntegerField(label=_("Lot size (pieces)"), min_value=2, max_value=10_000_000)

    field_order = ["lot_size", "level", "aql_critical", "aql_major", "aql_minor"]


def parse_cartons(text: str) -> list[int]:
    """ "3, 7 12" -> [3, 7, 12]; a word that is not a carton number is an error."""
    numbers: list[int] = []
    for part in text.replace(",", " ").replace(";", " ").split():
        if not part.isdigit():
            raise ValidationError(
                _("“%(part)s” is not a carton number; list numbers such as 3, 7, 12."),
                params={"part": part},
            )
        numbers.append(int(part))
    return sorted(set(numbers))


class FinalInspectionForm(PlanFields):
    """The sample's defects (one counter per defect type), defective pieces, cartons opened."""

    defective_qty = forms.IntegerField(
        label=_("Defective pieces"),
        min_value=0,
        required=False,
        help_text=_("Pieces with at least one defect. Blank: the number of defects."),
    )
    cartons = forms.CharField(
        label=_("Cartons opened"),
        max_length=2000,
        required=False,
        help_text=_("Carton numbers, separated by commas."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)
    client_id = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, defect_types: list[DefectType], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.defect_types = defect_types
        for defect_type in defect_types:
            self.fields[self.counter_name(defect_type)] = forms.IntegerField(
                label=defect_type.name, min_value=0, max_value=MAX_COUNT, required=False
            )

    @staticmethod
    def counter_name(defect_type: DefectType) -> str:
        return f"defect_{defect_type.pk}"

    def clean_cartons(self) -> list[int]:
        return parse_cartons(self.cleaned_data.get("cartons") or "")

    def counts(self) -> list[tuple[DefectType, int]]:
        """(defect type, count) for every counter above zero."""
        result = []
        for defect_type in self.defect_types:
            count = self.cleaned_data.get(self.counter_name(defect_type)) or 0
            if count:
                result.append((defect_type, count))
        return result
