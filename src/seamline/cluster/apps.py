from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClusterConfig(AppConfig):
    name = "seamline.cluster"
    label = "cluster"
    verbose_name = _("Cluster")

    def ready(self) -> None:
        from seamline.cluster import receivers  # noqa: F401 - connects the signal receivers
