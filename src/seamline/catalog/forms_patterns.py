"""The pattern import form: a name and a DXF-AAMA / ASTM D6673 or polygon JSON file."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from seamline.catalog.patterns import MAX_FILE_BYTES

EXTENSIONS = (".dxf", ".json")


class PatternUploadForm(forms.Form):
    name = forms.CharField(
        label=_("Pattern name"),
        max_length=100,
        help_text=_("Importing the same name again replaces that pattern's pieces."),
    )
    file = forms.FileField(
        label=_("Pattern file"),
        help_text=_("DXF-AAMA / ASTM D6673 export of the pattern CAD (.dxf), or polygon JSON."),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(EXTENSIONS)}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith(EXTENSIONS):
            raise ValidationError(_("Choose a .dxf or .json file."))
        if upload.size is not None and upload.size > MAX_FILE_BYTES:
            raise ValidationError(
                _("The file is larger than %(mb)s MB.") % {"mb": MAX_FILE_BYTES // 2**20}
            )
        return upload
