import logging

from django.apps import AppConfig
from django.conf import settings
from django.core.checks import Tags, register

logger = logging.getLogger("cloudforgex.checks")


class CloudForgeXConfig(AppConfig):
    name = "cloudforgex"
    verbose_name = "CloudForgeX"

    def ready(self) -> None:
        from cloudforgex.checks import deploy_checks, shared_cache_problem

        # Deploy-only: `manage.py check --deploy` (CI, before a release) fails on them.
        register(deploy_checks, Tags.security, deploy=True)
        # And every production process says so in its log, should nobody run it.
        problem = shared_cache_problem(
            cache_backend=settings.CACHES["default"]["BACKEND"],
            processes=settings.SERVER_PROCESSES,
            on_lambda=settings.ON_LAMBDA,
        )
        if problem and not settings.DEBUG:
            logger.warning(
                "%s Throttles and the daily token budget are per process: set REDIS_URL "
                "(or DJANGO_DATABASE_CACHE=true on Lambda).",
                problem,
            )
