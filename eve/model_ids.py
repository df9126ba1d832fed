"""``EVE_MODEL_ID`` read: a model id, an inference-profile id, or an ARN of either.

The Claude 4.x family on Bedrock is called through cross-region inference
profiles (``eu.…``, ``us.…``, ``global.…``). Bedrock then routes each request
to one of the profile's destination regions, so an IAM policy must allow the
profile in the home region *and* the foundation model in every destination
region. ``invoke_resource_arns`` lists exactly those ARNs; the committed Lambda
policies are checked against it, and ``manage.py doctor`` prints it.
"""

from __future__ import annotations

from dataclasses import dataclass

# Destination regions of the system-defined geo profiles, as AWS's "Supported
# Regions and models for inference profiles" page lists them for Claude Haiku
# 4.5 (checked 2026-12-01). `aws bedrock get-inference-profile
# --inference-profile-identifier <id>` shows the live list for another model.
PROFILE_DESTINATIONS = {
    "eu": ("eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"),
    "us": ("us-east-1", "us-east-2", "us-west-1", "us-west-2"),
    "apac": (
        "ap-northeast-1",
        "ap-northeast-2",
        "ap-northeast-3",
        "ap-south-1",
        "ap-south-2",
        "ap-southeast-1",
        "ap-southeast-2",
        "ap-southeast-4",
    ),
    "jp": ("ap-northeast-1", "ap-northeast-3"),
    "au": ("ap-southeast-2", "ap-southeast-4"),
}
GLOBAL_PREFIX = "global"


@dataclass(frozen=True)
class ModelRef:
    """What ``EVE_MODEL_ID`` names: the foundation model and, if any, the profile prefix."""

    base_model_id: str  # e.g. anthropic.claude-haiku-4-5-20251001-v1:0
    profile_prefix: str = ""  # "eu", "us", "global", ... or "" for a bare model id
    profile_region: str = ""  # the region in an inference-profile ARN, if one was given
    account: str = ""  # the account in an inference-profile ARN, if one was given

    @property
    def is_profile(self) -> bool:
        return bool(self.profile_prefix)

    @property
    def profile_id(self) -> str:
        return f"{self.profile_prefix}.{self.base_model_id}" if self.profile_prefix else ""


def model_ref_parse(model_id: str) -> ModelRef:
    """Split a model id, profile id or ARN into its parts (never raises)."""
    value = model_id.strip()
    region = account = ""
    if value.startswith("arn:"):
        parts = value.split(":", 5)
        if len(parts) == 6:
            region, account = parts[3], parts[4]
            value = parts[5].split("/", 1)[-1]
    prefix, _, rest = value.partition(".")
    if rest and (prefix in PROFILE_DESTINATIONS or prefix == GLOBAL_PREFIX):
        return ModelRef(rest, prefix, region, account)
    return ModelRef(value)


def invoke_resource_arns(*, model_id: str, region: str, account: str) -> dict[str, list[str]]:
    """The ARNs a role must be allowed to invoke: ``{"profile": [...], "models": [...]}``.

    A bare model id is one foundation-model ARN in ``region``. A geo profile is
    the profile's ARN in the calling region plus the foundation model in each
    destination region; a global profile may route to any commercial region,
    which AWS expresses as the region-less foundation-model ARN.
    """
    ref = model_ref_parse(model_id)
    if not ref.is_profile:
        return {
            "profile": [],
            "models": [f"arn:aws:bedrock:{region}::foundation-model/{ref.base_model_id}"],
        }
    profile = (
        f"arn:aws:bedrock:{ref.profile_region or region}:{ref.account or account}"
        f":inference-profile/{ref.profile_id}"
    )
    if ref.profile_prefix == GLOBAL_PREFIX:
        models = [f"arn:aws:bedrock:::foundation-model/{ref.base_model_id}"]
    else:
        models = [
            f"arn:aws:bedrock:{destination}::foundation-model/{ref.base_model_id}"
            for destination in PROFILE_DESTINATIONS[ref.profile_prefix]
        ]
    return {"profile": [profile], "models": models}
