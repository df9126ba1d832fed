from django.apps import AppConfig


class EveConfig(AppConfig):
    name = "eve"
    verbose_name = "EVE assistant"

    def ready(self):
        # Everything EVE reads (eve.sources): saving or deleting any of it invalidates
        # cached answers and every process's snapshot (guard vocabulary, index, canned).
        from eve import signals
        from eve.sources import content_models

        signals.connect(content_models())
