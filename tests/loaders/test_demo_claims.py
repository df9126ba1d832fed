"""What the demo says about the site is true whichever provider answers."""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("provider", ["knowledge_base", "bedrock"])
def test_how_was_this_site_built_is_true_in_both_modes(api_client, provider):
    """The canned answer names Bedrock as optional and the knowledge base as the other way."""
    call_command("seed_demo", stdout=io.StringIO())
    with override_settings(EVE_PROVIDER=provider):
        reply = api_client.post(
            "/api/chat/", {"message": "How was this site built?"}, format="json"
        ).json()
    assert reply["source"] == "canned"
    text = reply["response"]
    assert "Bedrock** when" in text and "knowledge base" in text
    assert "using **Amazon Bedrock**" not in text
