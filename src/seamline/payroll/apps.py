from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "seamline.payroll"
    label = "payroll"
    verbose_name = _("Payroll")

    def ready(self) -> None:
        # The phone's earnings of the day are priced as the pay slip will price them.
        from django.db.models.signals import pre_save

        from seamline.catalog.models import Operation
        from seamline.payroll.rates import scan_prices
        from seamline.payroll.signals import keep_approved_rates
        from seamline.shopfloor import earnings

        earnings.use_pricer(scan_prices)
        # Editing the bulletin's rate never reprices an approved period.
        pre_save.connect(keep_approved_rates, sender=Operation, dispatch_uid="payroll-rates")
