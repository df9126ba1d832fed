"""Fail-fast rules for production settings.

Kept apart from settings.py so the rules are testable on their own.
"""

from django.core.exceptions import ImproperlyConfigured

MIN_SECRET_KEY_LENGTH = 50


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
