from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from seamline.config.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    # First: scanners call the API many times a second, and patterns are tried in order.
    path("api/", api.urls),
    path("", include("seamline.web.urls")),
    path("account/", include("seamline.tenancy.urls")),
    path("catalog/", include("seamline.catalog.urls")),
    path("orders/", include("seamline.orders.urls")),
    path("cutting/", include("seamline.cutting.urls")),
    path("shopfloor/", include("seamline.shopfloor.urls")),
    path("payroll/", include("seamline.payroll.urls")),
    path("quality/", include("seamline.quality.urls")),
    path("shipping/", include("seamline.shipping.urls")),
    path("webhooks/", include("seamline.webhooks.urls")),
    path("cluster/", include("seamline.cluster.urls")),
    path("data/", include("seamline.dataio.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
