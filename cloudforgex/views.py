"""Liveness and readiness probes, and the JSON/HTML error handlers."""

import logging

from django.core.cache import cache
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from cloudforgex.api_paths import is_api_path
from cloudforgex.errors import json_error_for_status

logger = logging.getLogger(__name__)


@never_cache
@require_safe
def health(request):
    """Liveness: the process answers. Touches nothing else, so a database outage never restarts pods."""
    return JsonResponse({"status": "healthy"})


@never_cache
@require_safe
def ready(request):
    """Readiness: the database and the cache answer, and the schema is migrated.

    A pod started by a rolling update before the migration Job finished stays
    out of the Service until its migrations are applied.
    """
    database = _check_database()
    checks = {
        "database": database,
        "migrations": _check_migrations() if database == "ok" else "unknown",
        "cache": _check_cache(),
    }
    failing = [name for name, result in checks.items() if result != "ok"]
    if failing:
        return JsonResponse(
            {
                "status": "unavailable",
                "checks": checks,
                "error": f"Not ready: {', '.join(failing)} not ok.",
                "code": "not_ready",
            },
            status=503,
        )
    return JsonResponse({"status": "ready", "checks": checks})


def _check_database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # any driver error means "not ready", never a 500
        logger.warning("readiness: database check failed: %s", type(exc).__name__)
        connection.close_if_unusable_or_obsolete()
        return "unavailable"
    return "ok"


_migrations_applied = False


def _check_migrations() -> str:
    """ "ok" once every migration this code knows about is applied (then cached for the process)."""
    global _migrations_applied
    if _migrations_applied:
        return "ok"
    try:
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:  # a database error here is "not ready", never a 500
        logger.warning("readiness: migration check failed: %s", type(exc).__name__)
        return "unavailable"
    if pending:
        return "pending"
    _migrations_applied = True
    return "ok"


def _check_cache() -> str:
    try:
        cache.set("cfx:ready", "1", timeout=5)
        if cache.get("cfx:ready") != "1":
            return "unavailable"
    except Exception as exc:  # Redis down or unreachable
        logger.warning("readiness: cache check failed: %s", type(exc).__name__)
        return "unavailable"
    return "ok"


@csrf_exempt  # an unknown /api/ path is a 404 whatever the method, never a CSRF 403
def page_not_found(request, exception=None):
    if is_api_path(request.path_info):
        return json_error_for_status(404)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api_path(request.path_info):
        return json_error_for_status(500)
    return render(request, "500.html", status=500)


def bad_request(request, exception=None):
    if is_api_path(request.path_info):
        return json_error_for_status(400, "That request could not be understood.")
    return render(request, "400.html", status=400)
