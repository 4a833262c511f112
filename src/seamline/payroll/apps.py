from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PayrollConfig(AppConfig):
    name = "seamline.payroll"
    label = "payroll"
    verbose_name = _("Payroll")

    def ready(self) -> None:
        # The phone's earnings of the day are priced as the pay slip will price them.
        from seamline.payroll.rates import scan_prices
        from seamline.shopfloor import earnings

        earnings.use_pricer(scan_prices)
