from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CuttingConfig(AppConfig):
    name = "seamline.cutting"
    label = "cutting"
    verbose_name = _("Cutting")
