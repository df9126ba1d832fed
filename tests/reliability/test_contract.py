"""Schemathesis fuzzes every operation of our own /api/schema/: no 5xx, no off-schema response.

In-process (WSGI) against a seeded database: valid inputs (positive mode) and
invalid ones (negative mode), each response checked for status code, content
type and body against the documented schema.
"""

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from bench.content import load_content
from tests.reliability.leaks import assert_no_leak

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
MAX_EXAMPLES = 25


def _schema(mode: str):
    from cloudforgex.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
    schema.config.generation.update(modes=[mode], max_examples=MAX_EXAMPLES, deterministic=True)
    return schema


@pytest.fixture
def seeded(db, settings):
    """Content in the test transaction, kept open across requests as Django's test client does."""
    settings.EVE_THROTTLE_RATES = {"burst": "1000000/min", "sustained": "100000000/day"}
    load_content(records=30)
    # Schemathesis calls the WSGI app directly; without this, the end of each
    # request would close the test's database connection (and its transaction).
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


# Loaded at collection: generating the schema reads code, not the database.
positive = _schema("positive")
negative = _schema("negative")
_SETTINGS = settings(
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
)


@positive.parametrize()
@_SETTINGS
def test_valid_requests_get_documented_responses(case, seeded):
    """Valid requests to every operation: never a 5xx, always the documented status and shape."""
    response = case.call_and_validate(checks=CHECKS)
    assert_no_leak(response.content)


@negative.parametrize()
@_SETTINGS
def test_invalid_requests_get_documented_errors(case, seeded):
    """Invalid requests to every operation: a documented 4xx in JSON, never a 5xx."""
    response = case.call_and_validate(checks=CHECKS)
    assert_no_leak(response.content)
