from django.apps import AppConfig, apps


class EveConfig(AppConfig):
    name = "eve"
    verbose_name = "EVE assistant"

    # Everything EVE reads: saving or deleting any of these invalidates cached
    # answers and every process's snapshot (guard vocabulary, index, canned).
    CONTENT_MODELS = [
        "portfolio.Profile",
        "portfolio.Experience",
        "portfolio.Skill",
        "portfolio.Project",
        "certificates.Certificate",
        "eve.KnowledgeEntry",
        "eve.SuggestedQuestion",
        "eve.WastefulTerm",
    ]

    def ready(self):
        from eve import signals

        signals.connect([apps.get_model(label) for label in self.CONTENT_MODELS])
