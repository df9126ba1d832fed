"""The ``bedrock`` provider: Amazon Bedrock's Converse and ConverseStream APIs through boto3.

The only module that talks to Bedrock. The client is built once per process
(per distinct configuration) because creating a boto3 client costs tens of
milliseconds; boto3 clients are safe to share between threads. Timeouts and
standard-mode retries come from settings, and every failure becomes a
``ProviderError`` whose reason ends up in ``ChatLog.fallback_reason``.
"""

from __future__ import annotations

import contextlib
import functools
import logging
from collections.abc import Generator

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectTimeoutError,
    EndpointConnectionError,
    NoCredentialsError,
    ReadTimeoutError,
)
from botocore.parsers import ResponseParserError
from django.conf import settings
from urllib3 import exceptions as urllib3_exceptions

from eve.exceptions import ProviderError
from eve.providers.base import Grounding, ProviderReply

logger = logging.getLogger(__name__)

TEMPERATURE = 0.2
# One process may wait on many model calls at once (gthread workers); the
# default pool of 10 connections would queue the rest.
MAX_POOL_CONNECTIONS = 64


@functools.lru_cache(maxsize=4)
def _client(region: str, endpoint_url: str | None, connect: float, read: float, attempts: int):
    config = Config(
        connect_timeout=connect,
        read_timeout=read,
        # total_max_attempts counts the first call too (max_attempts counts only retries),
        # so EVE_MAX_ATTEMPTS=2 means one call plus at most one retry.
        retries={"mode": "standard", "total_max_attempts": max(attempts, 1)},
        max_pool_connections=MAX_POOL_CONNECTIONS,
    )
    session = boto3.session.Session()
    return session.client(
        "bedrock-runtime", region_name=region, endpoint_url=endpoint_url, config=config
    )


def bedrock_client():
    """The process-wide ``bedrock-runtime`` client for the current settings."""
    return _client(
        settings.AWS_REGION,
        settings.EVE_BEDROCK_ENDPOINT_URL,
        settings.EVE_CONNECT_TIMEOUT,
        settings.EVE_READ_TIMEOUT,
        settings.EVE_MAX_ATTEMPTS,
    )


class BedrockProvider:
    name = "bedrock"
    costs_tokens = True

    def complete(
        self,
        *,
        system: str,
        messages: list[dict],
        grounding: Grounding,
        max_tokens: int | None = None,
    ) -> ProviderReply:
        model_id = settings.EVE_MODEL_ID
        with bedrock_errors():
            response = bedrock_client().converse(
                **_request(model_id, system, messages, max_tokens=max_tokens)
            )
        return _reply(response, model_id)

    def stream(
        self, *, system: str, messages: list[dict], grounding: Grounding
    ) -> Generator[str, None, ProviderReply]:
        """ConverseStream: yield the text as it arrives, return the whole reply and its usage.

        A failure at any point (before the first piece or mid-stream: an exception
        event, a read timeout between chunks, a dropped connection) raises
        ``ProviderError``; the caller has already shown what came before it.
        """
        model_id = settings.EVE_MODEL_ID
        pieces: list[str] = []
        usage: dict = {}
        with bedrock_errors():
            response = bedrock_client().converse_stream(**_request(model_id, system, messages))
            retried = response.get("ResponseMetadata")  # its retries, for the settlement
            events = response["stream"]
            try:
                for event in events:
                    text = _delta_text(event)
                    if text:
                        pieces.append(text)
                        yield text
                    elif "metadata" in event:
                        usage = event["metadata"].get("usage") or {}
            finally:
                events.close()  # a visitor who left stops the model's stream too
        return _reply(
            {
                "output": {"message": {"content": [{"text": "".join(pieces)}]}},
                "usage": usage,  # the stream's metadata event: what the reply is settled at
                "ResponseMetadata": retried or {},
            },
            model_id,
        )


def _request(
    model_id: str, system: str, messages: list[dict], *, max_tokens: int | None = None
) -> dict:
    """Converse's arguments; ``max_tokens`` below ``EVE_MAX_TOKENS`` for doctor's probe."""
    return {
        "modelId": model_id,
        "system": [{"text": system}],
        "messages": messages,
        "inferenceConfig": {
            "maxTokens": max_tokens or settings.EVE_MAX_TOKENS,
            "temperature": TEMPERATURE,
        },
    }


def _delta_text(event: dict) -> str:
    delta = event.get("contentBlockDelta", {}).get("delta", {})
    return delta.get("text", "") if isinstance(delta, dict) else ""


@contextlib.contextmanager
def bedrock_errors():
    """Turn whatever boto3 (or the socket under a stream) raises into a ``ProviderError``."""
    try:
        yield
    except ProviderError:
        raise
    except ClientError as exc:  # EventStreamError too: an exception event mid-stream
        code = exc.response.get("Error", {}).get("Code") or "ClientError"
        raise ProviderError(f"bedrock:{code}", attempts=_attempts(exc.response)) from exc
    except (ReadTimeoutError, urllib3_exceptions.ReadTimeoutError) as exc:
        raise ProviderError("timeout:read") from exc
    except ConnectTimeoutError as exc:  # never reached Bedrock: nothing billed
        raise ProviderError("timeout:connect", attempts=0) from exc
    except EndpointConnectionError as exc:
        raise ProviderError("unreachable", attempts=0) from exc
    except NoCredentialsError as exc:
        raise ProviderError("no_credentials", attempts=0) from exc
    except ResponseParserError as exc:
        raise ProviderError("malformed_reply") from exc
    except (urllib3_exceptions.ProtocolError, urllib3_exceptions.IncompleteRead) as exc:
        raise ProviderError("stream_broken") from exc
    except BotoCoreError as exc:
        raise ProviderError(f"botocore:{type(exc).__name__}") from exc
    except Exception as exc:  # a visitor gets the fallback whatever boto3 throws
        logger.exception("bedrock: unexpected failure")
        raise ProviderError(f"error:{type(exc).__name__}") from exc


def _reply(response, model_id: str) -> ProviderReply:
    """Read Converse's reply; anything missing or odd is a malformed reply, not a crash."""
    try:
        blocks = response["output"]["message"]["content"]
        text = "".join(
            block["text"] for block in blocks if isinstance(block, dict) and "text" in block
        )
        usage = response.get("usage") or {}
        input_tokens = int(usage.get("inputTokens") or 0)
        output_tokens = int(usage.get("outputTokens") or 0)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProviderError("malformed_reply") from exc
    if not text.strip():
        raise ProviderError("empty_reply")
    return ProviderReply(
        text=text.strip(),
        model_id=model_id,
        input_tokens=max(input_tokens, 0),
        output_tokens=max(output_tokens, 0),
        attempts=_attempts(response) or 1,
    )


def _attempts(response: dict) -> int | None:
    """Requests boto3 sent for this call (its retries included), when it says."""
    retries = (response or {}).get("ResponseMetadata", {}).get("RetryAttempts")
    return retries + 1 if isinstance(retries, int) else None


# ------------------------------------------------------- manage.py doctor
# One minimal call and a lifecycle lookup, so an owner learns before visitors
# do that the model is retired, not enabled, or unreachable.

PROBE_MAX_TOKENS = 5


def model_probe() -> ProviderReply:
    """One Converse call of a few tokens to the configured model; raises ``ProviderError``."""
    return BedrockProvider().complete(
        system="Reply with the single word OK.",
        messages=[{"role": "user", "content": [{"text": "OK?"}]}],
        grounding=Grounding(question="OK?"),
        max_tokens=PROBE_MAX_TOKENS,
    )


def model_lifecycle_get(base_model_id: str) -> dict:
    """GetFoundationModel's ``modelLifecycle`` (status, dates); raises ``ProviderError``."""
    client = boto3.session.Session().client(
        "bedrock",
        region_name=settings.AWS_REGION,
        endpoint_url=settings.EVE_BEDROCK_CONTROL_ENDPOINT_URL,
        config=Config(
            connect_timeout=settings.EVE_CONNECT_TIMEOUT,
            read_timeout=settings.EVE_READ_TIMEOUT,
            retries={"mode": "standard", "total_max_attempts": 1},
        ),
    )
    try:
        details = client.get_foundation_model(modelIdentifier=base_model_id)["modelDetails"]
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code") or "ClientError"
        raise ProviderError(f"bedrock:{code}") from exc
    except (ConnectTimeoutError, EndpointConnectionError) as exc:
        raise ProviderError("unreachable") from exc
    except ReadTimeoutError as exc:
        raise ProviderError("timeout:read") from exc
    except NoCredentialsError as exc:
        raise ProviderError("no_credentials") from exc
    except (BotoCoreError, KeyError, TypeError) as exc:
        raise ProviderError(f"error:{type(exc).__name__}") from exc
    return details.get("modelLifecycle") or {}
