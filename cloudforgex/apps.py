from django.apps import AppConfig
from django.core.checks import Tags, register


class CloudForgeXConfig(AppConfig):
    name = "cloudforgex"
    verbose_name = "CloudForgeX"

    def ready(self) -> None:
        from cloudforgex.checks import deploy_checks

        # Deploy-only: `manage.py check --deploy` (CI, before a release) fails on them.
        register(deploy_checks, Tags.security, deploy=True)
