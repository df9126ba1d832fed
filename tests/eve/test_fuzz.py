"""Hypothesis: no input makes the guard raise or the chat endpoint answer 500."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eve.guard import GuardVocabulary, check_message
from eve.text import match_key, normalise_message
from tests.eve.conftest import CHAT_URL

VOCABULARY = GuardVocabulary.build(
    topic_texts=["Terraform", "AWS Lambda", "Kubernetes"],
    terms=[("hi", "greeting"), ("are you real", "probe"), ("test", "test")],
)
FUZZ = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(), children, max_size=4)
    ),
    max_leaves=10,
)


@FUZZ
@given(st.text(max_size=3000))
def test_guard_never_raises(text):
    """Any Unicode at all: normalisation and the guard return a verdict."""
    message = normalise_message(text)
    verdict = check_message(message, vocabulary=VOCABULARY, min_chars=5, max_chars=1000)
    assert verdict.blocked in {None, "too_short", "too_long", "wasteful"}
    assert "\x00" not in message and message == message.strip()
    match_key(message)


@pytest.mark.slow
@FUZZ
@given(st.text(max_size=1200))
def test_endpoint_never_500s_on_any_message(db, api_client, text):
    """Any message string: a 200 reply or a 400 for an empty one, always JSON."""
    response = api_client.post(CHAT_URL, {"message": text}, format="json")
    assert response.status_code in (200, 400), response.content[:200]
    body = response.json()
    assert body.get("status") == "success" or body["code"] == "empty_message"


@pytest.mark.slow
@FUZZ
@given(st.one_of(st.binary(max_size=2000), json_values.map(lambda v: json.dumps(v).encode())))
def test_endpoint_never_500s_on_any_body(db, api_client, body):
    """Any bytes or any JSON value as the body: never a 500, always a JSON answer."""
    response = api_client.generic("POST", CHAT_URL, body, content_type="application/json")
    assert response.status_code in (200, 400), response.content[:200]
    assert "code" in response.json() or response.json()["status"] == "success"
