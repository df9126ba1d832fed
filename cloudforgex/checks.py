"""Fail-fast rules for production settings.

Kept apart from settings.py so the rules are testable on their own.
"""

from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50
# Relative to the project root: Amazon RDS's CAs, shipped in the Lambda package.
DEFAULT_DATABASE_CA_BUNDLE = "cloudforgex/tls/rds-ca-bundle.pem"


class ImproperlyConfiguredForProduction(ImproperlyConfigured):
    """Production mode was asked for without the settings it cannot run without."""


def production_settings_problems(*, secret_key: str, allowed_hosts: list[str]) -> list[str]:
    """Return one sentence per setting that makes production mode unsafe."""
    problems = []
    if not secret_key or secret_key.startswith("django-insecure"):
        problems.append("Set DJANGO_SECRET_KEY to a long random value.")
    elif len(secret_key) < MIN_SECRET_KEY_LENGTH or len(set(secret_key)) < 5:
        problems.append(
            f"DJANGO_SECRET_KEY must be at least {MIN_SECRET_KEY_LENGTH} random characters."
        )
    if not allowed_hosts:
        problems.append("Set DJANGO_ALLOWED_HOSTS to the site's host names (comma separated).")
    elif "*" in allowed_hosts:
        problems.append("DJANGO_ALLOWED_HOSTS must name real hosts, not '*'.")
    return problems


# ------------------------------------------------- `manage.py check --deploy`
# Backends whose data lives inside one process: each worker would enforce its
# own throttle and its own daily token budget.
PER_PROCESS_CACHES = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
)
DEFAULT_ADMIN_URL = "admin/"


def shared_cache_problem(*, cache_backend: str, processes: int, on_lambda: bool) -> str | None:
    """Why this cache cannot hold limits shared by every process, or None when it can."""
    if cache_backend not in PER_PROCESS_CACHES:
        return None
    if on_lambda:
        return "Lambda runs many instances at once, but the cache is per process."
    if processes > 1:
        return f"{processes} worker processes would each keep their own cache."
    return None


def deploy_checks(app_configs=None, **kwargs) -> list:
    """Production problems Django's own deployment checklist does not know about."""
    from django.conf import settings
    from django.core.checks import Error

    errors = []
    problem = shared_cache_problem(
        cache_backend=settings.CACHES["default"]["BACKEND"],
        processes=settings.SERVER_PROCESSES,
        on_lambda=settings.ON_LAMBDA,
    )
    if problem:
        errors.append(
            Error(
                f"{problem} Throttles and the daily token budget would not be shared.",
                hint="Set REDIS_URL (or DJANGO_DATABASE_CACHE=true on Lambda).",
                id="cloudforgex.E001",
            )
        )
    if settings.ADMIN_URL == DEFAULT_ADMIN_URL:
        errors.append(
            Error(
                "The admin is at the default /admin/, the first address every scanner tries.",
                hint='Set ADMIN_URL to an unguessable prefix, e.g. "manage-7f3a9c/".',
                id="cloudforgex.E002",
            )
        )
    return errors


def database_tls_problems(*, database: dict) -> list[str]:
    """With ``DATABASE_REQUIRE_TLS``: PostgreSQL, ``sslmode=verify-full`` and a CA bundle on disk.

    A function outside any VPC reaches its database across the internet, so
    anything short of a verified certificate and host name is refused.
    """
    if database.get("ENGINE") != "django.db.backends.postgresql":
        return ["DATABASE_REQUIRE_TLS needs a postgres:// DATABASE_URL."]
    options = database.get("OPTIONS", {})
    problems = []
    if options.get("sslmode") != "verify-full":
        problems.append(
            "DATABASE_URL must end in ?sslmode=verify-full (TLS, certificate and host checked)."
        )
    bundle = Path(options.get("sslrootcert") or "")
    if not bundle.is_file() or b"-----BEGIN CERTIFICATE-----" not in bundle.read_bytes():
        problems.append(
            f"The database CA bundle {bundle} is missing: see README "
            '"The lean stage" for where to get it, then build the package again.'
        )
    return problems
