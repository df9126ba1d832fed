"""EVE_MODEL_ID may be a model id, an inference-profile id, or the ARN of either."""

from __future__ import annotations

import pytest

from eve.model_ids import invoke_resource_arns, model_ref_parse

HAIKU = "anthropic.claude-haiku-4-5-20251001-v1:0"
ACCOUNT = "123456789012"


@pytest.mark.parametrize(
    ("model_id", "base", "prefix"),
    [
        (HAIKU, HAIKU, ""),
        (f"eu.{HAIKU}", HAIKU, "eu"),
        (f"global.{HAIKU}", HAIKU, "global"),
        ("eu.amazon.nova-2-lite-v1:0", "amazon.nova-2-lite-v1:0", "eu"),
        (f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{HAIKU}", HAIKU, "eu"),
        (f"arn:aws:bedrock:eu-west-1::foundation-model/{HAIKU}", HAIKU, ""),
    ],
)
def test_every_form_names_its_foundation_model(model_id, base, prefix):
    ref = model_ref_parse(model_id)
    assert (ref.base_model_id, ref.profile_prefix) == (base, prefix)


def test_a_geo_profile_needs_the_profile_and_the_model_in_each_destination_region():
    arns = invoke_resource_arns(model_id=f"eu.{HAIKU}", region="eu-west-1", account=ACCOUNT)
    assert arns["profile"] == [f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{HAIKU}"]
    regions = {arn.split(":")[3] for arn in arns["models"]}
    assert {"eu-west-1", "eu-central-1", "eu-west-3"} <= regions
    assert all(arn.endswith(f"::foundation-model/{HAIKU}") for arn in arns["models"])


def test_a_bare_model_id_is_one_foundation_model_in_the_home_region():
    arns = invoke_resource_arns(model_id=HAIKU, region="us-east-1", account=ACCOUNT)
    assert arns == {
        "profile": [],
        "models": [f"arn:aws:bedrock:us-east-1::foundation-model/{HAIKU}"],
    }


def test_an_inference_profile_arn_keeps_its_own_region_and_account():
    arn = f"arn:aws:bedrock:eu-central-1:999999999999:inference-profile/eu.{HAIKU}"
    arns = invoke_resource_arns(model_id=arn, region="eu-west-1", account=ACCOUNT)
    assert arns["profile"] == [arn]


def test_the_provider_sends_an_arn_as_the_model_id(portfolio, chat, fake_bedrock, settings):
    """Converse takes the ARN as modelId (URL-encoded in the path); the answer is the model's."""
    arn = f"arn:aws:bedrock:eu-west-1:{ACCOUNT}:inference-profile/eu.{HAIKU}"
    settings.EVE_MODEL_ID = arn
    assert chat("What has he built with Kubernetes?").json()["source"] == "model"
    (request,) = fake_bedrock.requests
    assert request.model_id == arn
