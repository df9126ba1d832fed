"""Shared fixtures. App-specific factories live in tests/<app>/factories.py."""

import os

import pytest
from rest_framework.test import APIClient

from harness.services import PostgresServer, RedisServer


@pytest.fixture
def api_client() -> APIClient:
    return APIClient()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache (throttles, EVE's response cache)."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(scope="session")
def redis_url():
    """A real Redis: the one harness.run started, or a private one for this session."""
    if os.environ.get("TEST_REDIS_URL"):
        yield os.environ["TEST_REDIS_URL"]
        return
    with RedisServer() as server:
        yield server.url


@pytest.fixture(scope="module")
def postgres():
    """A real PostgreSQL of the module's own, so a test that stops it disturbs no other module."""
    with PostgresServer() as server:
        yield server
