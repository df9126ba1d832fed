"""Providers by name: ``PROVIDER_LOOKUP`` and one overridable ``get_provider()``."""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

PROVIDER_LOOKUP = {
    "bedrock": "eve.providers.bedrock.BedrockProvider",
    "knowledge_base": "eve.providers.local.KnowledgeBaseProvider",
}


@cache
def _provider(name: str):
    if name not in PROVIDER_LOOKUP:
        raise ValueError(f"EVE_PROVIDER must be one of {sorted(PROVIDER_LOOKUP)}, not {name!r}")
    return import_string(PROVIDER_LOOKUP[name])()


def get_provider(name: str | None = None):
    """The configured provider (``EVE_PROVIDER``), one instance per process."""
    return _provider(name or settings.EVE_PROVIDER)
