from django.apps import AppConfig


class EveConfig(AppConfig):
    name = "eve"
    verbose_name = "EVE assistant"
