from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "seamline.web"
    label = "web"
