"""Page forms of the catalog. Plain forms: querysets are set per request, inside the tenant."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from seamline.catalog.choices import MachineType, MaterialKind, Section, StyleCategory, Unit
from seamline.catalog.models import Colour, Customer, Material, Operation, Size, SizeGrid, Style

MAX_PICTURE_BYTES = 5 * 1024 * 1024
ZERO = Decimal("0")


def _blank(choices: list[tuple[str, Any]], label: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class StyleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    customer: forms.ModelChoiceField[Customer] = forms.ModelChoiceField(
        label=_("Customer"), queryset=None, required=False, empty_label=_("All customers")
    )
    category = forms.ChoiceField(
        label=_("Category"),
        choices=_blank(StyleCategory.choices, _("All categories")),
        required=False,
    )
    season = forms.CharField(label=_("Season"), required=False, max_length=20)
    active = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All")), ("1", _("Active")), ("0", _("Inactive"))],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.order_by("name")  # type: ignore[attr-defined]

    def filters(self) -> dict[str, Any]:
        """The selector's filters from the valid fields (a bad one is left out, not fatal)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        data = self.cleaned_data
        customer = data.get("customer")
        return {
            "search": data.get("q", "").strip(),
            "customer_id": customer.pk if customer else None,
            "category": data.get("category", ""),
            "season": data.get("season", "").strip(),
            "active": {"1": True, "0": False}.get(data.get("active", "")),
        }


class StyleForm(forms.Form):
    code = forms.CharField(label=_("Style code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    customer: forms.ModelChoiceField[Customer] = forms.ModelChoiceField(
        label=_("Customer"), queryset=None, required=False, empty_label=_("(none)")
    )
    category = forms.ChoiceField(
        label=_("Category"), choices=StyleCategory.choices, initial=StyleCategory.OTHER
    )
    season = forms.CharField(
        label=_("Season"), max_length=20, required=False, help_text=_("e.g. SS27")
    )
    size_grid: forms.ModelChoiceField[SizeGrid] = forms.ModelChoiceField(
        label=_("Size grid"), queryset=None
    )
    colours: forms.ModelMultipleChoiceField[Colour] = forms.ModelMultipleChoiceField(
        label=_("Colours"), queryset=None, required=False, widget=forms.CheckboxSelectMultiple
    )
    picture = forms.ImageField(
        label=_("Picture"), required=False, help_text=_("JPEG, PNG or WebP, up to 5 MB.")
    )
    clear_picture = forms.BooleanField(label=_("Remove the picture"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)

    def __init__(self, *args: Any, style: Style | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["customer"].queryset = Customer.objects.order_by("name")  # type: ignore[attr-defined]
        self.fields["size_grid"].queryset = SizeGrid.objects.order_by("code")  # type: ignore[attr-defined]
        self.fields["colours"].queryset = Colour.objects.order_by("code")  # type: ignore[attr-defined]
        if style is None or not style.picture:
            del self.fields["clear_picture"]

    def clean_picture(self) -> Any:
        picture = self.cleaned_data.get("picture")
        if picture and picture.size > MAX_PICTURE_BYTES:
            raise ValidationError(_("The picture is larger than 5 MB."))
        image = getattr(picture, "image", None) if picture else None
        if image is not None and image.format not in {"JPEG", "PNG", "WEBP", "GIF"}:
            raise ValidationError(_("Upload a JPEG, PNG, WebP or GIF picture."))
        return picture

    @staticmethod
    def initial_for(style: Style, colours: list[Colour]) -> dict[str, Any]:
        return {
            "code": style.code,
            "name": style.name,
            "customer": style.customer_id,
            "category": style.category,
            "season": style.season,
            "size_grid": style.size_grid_id,
            "colours": [c.pk for c in colours],
            "description": style.description,
            "is_active": style.is_active,
        }


class OperationForm(forms.Form):
    name = forms.CharField(label=_("Operation"), max_length=200)
    section = forms.ChoiceField(
        label=_("Section"), choices=Section.choices, initial=Section.ASSEMBLY
    )
    machine_type = forms.ChoiceField(
        label=_("Machine"), choices=_blank(MachineType.choices, "---------")
    )
    smv = forms.DecimalField(
        label=_("SMV (min)"),
        max_digits=7,
        decimal_places=3,
        min_value=Decimal("0.001"),
        help_text=_("Standard minute value: minutes a trained operator needs per piece."),
    )
    piece_rate = forms.DecimalField(
        label=_("Piece rate"), max_digits=10, decimal_places=4, min_value=ZERO, initial=ZERO
    )
    skill_grade = forms.IntegerField(
        label=_("Skill grade"),
        initial=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
        help_text=_("1 = helper ... 5 = most skilled"),
    )
    predecessors: forms.ModelMultipleChoiceField[Operation] = forms.ModelMultipleChoiceField(
        label=_("After operations"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The operations that must be done before this one."),
    )

    position = forms.IntegerField(
        label=_("Insert as no."),
        min_value=1,
        required=False,
        help_text=_("Leave empty to add at the end of the bulletin."),
    )

    def __init__(
        self, *args: Any, style: Style, operation: Operation | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        others = Operation.objects.filter(style=style).order_by("sequence")
        if operation is not None:
            others = others.exclude(pk=operation.pk)
            del self.fields["position"]
        self.fields["predecessors"].queryset = others  # type: ignore[attr-defined]

    @staticmethod
    def initial_for(operation: Operation) -> dict[str, Any]:
        return {
            "name": operation.name,
            "section": operation.section,
            "machine_type": operation.machine_type,
            "smv": operation.smv,
            "piece_rate": operation.piece_rate,
            "skill_grade": operation.skill_grade,
            "predecessors": [p.pk for p in operation.depends_on.all()],
        }


class MoveForm(forms.Form):
    position = forms.IntegerField(min_value=1)


class BomLineForm(forms.Form):
    """A BOM line; one optional field per size of the style's grid overrides the consumption."""

    material: forms.ModelChoiceField[Material] = forms.ModelChoiceField(
        label=_("Material"), queryset=None
    )
    consumption = forms.DecimalField(
        label=_("Consumption per garment"), max_digits=10, decimal_places=4, min_value=ZERO
    )
    wastage_pct = forms.DecimalField(
        label=_("Wastage %"), max_digits=5, decimal_places=2, min_value=ZERO, initial=ZERO
    )
    placement = forms.CharField(
        label=_("Placement"), max_length=100, required=False, help_text=_("e.g. body, collar")
    )

    def __init__(self, *args: Any, sizes: list[Size], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = Material.objects.order_by("code")  # type: ignore[attr-defined]
        self.sizes = sizes
        for size in sizes:
            self.fields[f"size_{size.pk}"] = forms.DecimalField(
                label=_("Consumption for size %(size)s") % {"size": size.code},
                max_digits=10,
                decimal_places=4,
                min_value=ZERO,
                required=False,
            )

    def size_consumptions(self) -> dict[Size, Decimal | None]:
        return {size: self.cleaned_data.get(f"size_{size.pk}") for size in self.sizes}

    @staticmethod
    def initial_for(line: Any) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "material": line.material_id,
            "consumption": line.consumption,
            "wastage_pct": line.wastage_pct,
            "placement": line.placement,
        }
        for override in line.size_overrides.all():
            initial[f"size_{override.size_id}"] = override.consumption
        return initial


class MaterialForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=40)
    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=MaterialKind.choices)
    unit = forms.ChoiceField(label=_("Unit"), choices=Unit.choices)
    width_cm = forms.DecimalField(
        label=_("Usable width (cm)"), max_digits=6, decimal_places=1, min_value=ZERO, required=False
    )
    composition = forms.CharField(label=_("Composition"), max_length=120, required=False)
    supplier = forms.CharField(label=_("Supplier"), max_length=200, required=False)
    unit_price = forms.DecimalField(
        label=_("Unit price"), max_digits=12, decimal_places=4, min_value=ZERO, initial=ZERO
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)


class CustomerForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=200)
    country = forms.CharField(
        label=_("Country"), max_length=2, required=False, help_text=_("Two letters, e.g. CN")
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, required=False)
    contact = forms.CharField(label=_("Contact"), max_length=200, required=False)


class ColourForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    hex = forms.CharField(
        label=_("Swatch"), max_length=7, required=False, help_text=_("#RRGGBB, e.g. #1F3A93")
    )


class SizeGridForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=32)
    name = forms.CharField(label=_("Name"), max_length=100)
    sizes = forms.CharField(
        label=_("Sizes, in order"),
        max_length=1000,
        help_text=_("Separated by spaces or commas, e.g. XS S M L XL"),
    )

    def clean_sizes(self) -> list[str]:
        return [code for code in re.split(r"[\s,;]+", self.cleaned_data["sizes"]) if code]
