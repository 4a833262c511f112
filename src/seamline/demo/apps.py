from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "seamline.demo"
    label = "demo"
    verbose_name = "Demo data"
