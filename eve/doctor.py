"""``manage.py doctor``: is this deployment able to serve, and will EVE reach its model?

Each check returns one ``Finding`` (a line of output). Nothing here prints a
secret: no URLs with passwords, no keys, only names and plain sentences.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import DEFAULT_CACHE_ALIAS, cache, caches
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from certificates.storage import certificate_bucket_problems
from eve.alerts import OWNER_FIXABLE
from eve.exceptions import ProviderError
from eve.model_ids import model_ref_parse
from eve.providers.bedrock import model_lifecycle_get, model_probe

OK, WARN, FAIL, SKIP = "ok", "warn", "FAIL", "skip"
DEFAULT_ADMIN_URL = "admin/"
SHARED_CACHES = ("RedisCache", "DatabaseCache")

# What each Bedrock failure means, for the owner (the banner's sentences, and more).
BEDROCK_SENTENCES = {
    **OWNER_FIXABLE,
    "bedrock:ThrottlingException": "Bedrock throttled the call (quota reached); try again shortly",
    "bedrock:ServiceUnavailableException": "Bedrock is temporarily unavailable; try again shortly",
    "bedrock:InternalServerException": "Bedrock failed internally; try again shortly",
    "bedrock:ModelNotReadyException": "the model is not ready yet; try again shortly",
    "unreachable": (
        "Bedrock is unreachable from here: check the bedrock-runtime VPC endpoint or the NAT "
        "gateway (and EVE_BEDROCK_ENDPOINT_URL)"
    ),
    "timeout:connect": (
        "connecting to Bedrock timed out: check the bedrock-runtime VPC endpoint or the NAT gateway"
    ),
    "timeout:read": "Bedrock did not answer within EVE_READ_TIMEOUT",
    "malformed_reply": "Bedrock's reply could not be read",
    "empty_reply": "the model answered with no text",
}


@dataclass(frozen=True)
class Finding:
    status: str
    check: str
    detail: str

    @property
    def failed(self) -> bool:
        return self.status == FAIL

    def line(self) -> str:
        return f"{self.status:<4}  {self.check:<12}  {self.detail}"


def bedrock_sentence(reason: str) -> str:
    return BEDROCK_SENTENCES.get(reason, f"the call failed ({reason})")


def database_check() -> Finding:
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except Exception as exc:
        return Finding(FAIL, "database", f"unreachable ({type(exc).__name__})")
    if pending:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _ in pending[:3])
        return Finding(FAIL, "database", f"{len(pending)} migration(s) not applied: {names}")
    return Finding(OK, "database", f"reachable ({connection.vendor}), all migrations applied")


def cache_check() -> Finding:
    backend = type(caches[DEFAULT_CACHE_ALIAS]).__name__
    try:
        cache.set("doctor:probe", "1", 30)
        round_trip = cache.get("doctor:probe") == "1"
        cache.delete("doctor:probe")
    except Exception as exc:
        return Finding(FAIL, "cache", f"{backend} unreachable ({type(exc).__name__})")
    if not round_trip:
        return Finding(FAIL, "cache", f"{backend} did not return what was stored")
    if backend not in SHARED_CACHES:
        if settings.DEBUG:
            return Finding(OK, "cache", f"{backend} (one process only: fine for development)")
        return Finding(
            FAIL,
            "cache",
            f"{backend} is per process: throttles, the answer cache and the model alert are not "
            "shared; set REDIS_URL or DJANGO_DATABASE_CACHE=true",
        )
    return Finding(OK, "cache", f"{backend}, shared by every process")


def bucket_check() -> Finding:
    if not settings.CERTIFICATES_BUCKET:
        return Finding(SKIP, "bucket", "no CERTIFICATES_BUCKET: files stay in the private folder")
    try:
        problems = certificate_bucket_problems()
    except Exception as exc:
        return Finding(FAIL, "bucket", f"could not be checked ({type(exc).__name__})")
    if problems:
        return Finding(FAIL, "bucket", "; ".join(problems))
    return Finding(
        OK,
        "bucket",
        f"{settings.CERTIFICATES_BUCKET} reachable, public access blocked, links presign",
    )


def admin_url_check() -> Finding:
    if settings.ADMIN_URL == DEFAULT_ADMIN_URL:
        if settings.DEBUG:
            return Finding(OK, "admin URL", "/admin/ (the default: fine for development)")
        return Finding(
            FAIL, "admin URL", "/admin/ is the default that bots probe: set ADMIN_URL in production"
        )
    return Finding(OK, "admin URL", "not the default")


def bedrock_checks() -> list[Finding]:
    """One minimal Converse call; then the model's lifecycle if the role may read it."""
    if settings.EVE_PROVIDER != "bedrock":
        return [Finding(SKIP, "bedrock", f"EVE_PROVIDER is {settings.EVE_PROVIDER}")]
    model = settings.EVE_MODEL_ID
    try:
        reply = model_probe()
    except ProviderError as exc:
        findings = [Finding(FAIL, "bedrock", f"{model}: {bedrock_sentence(exc.reason)}")]
    else:
        tokens = reply.input_tokens + reply.output_tokens
        findings = [Finding(OK, "bedrock", f"{model} answered ({tokens} tokens)")]
    findings.append(_lifecycle_finding(model_ref_parse(model).base_model_id))
    return findings


def _lifecycle_finding(base_model_id: str) -> Finding:
    try:
        lifecycle = model_lifecycle_get(base_model_id)
    except ProviderError as exc:
        if exc.reason == "bedrock:AccessDeniedException":
            return Finding(
                SKIP, "lifecycle", "not checked: the role may not call bedrock:GetFoundationModel"
            )
        if exc.reason == "bedrock:ResourceNotFoundException":
            return Finding(FAIL, "lifecycle", f"{base_model_id} is not a Bedrock model here")
        return Finding(SKIP, "lifecycle", f"not checked: {bedrock_sentence(exc.reason)}")
    status = str(lifecycle.get("status", "unknown")).upper()
    end = lifecycle.get("endOfLifeTime")
    end_text = f", end of life {end:%Y-%m-%d}" if hasattr(end, "strftime") else ""
    if status == "ACTIVE":
        return Finding(OK, "lifecycle", f"{base_model_id} is Active{end_text}")
    if status == "LEGACY":
        return Finding(
            WARN, "lifecycle", f"{base_model_id} is Legacy{end_text}: move to an Active model"
        )
    return Finding(FAIL, "lifecycle", f"{base_model_id} is {status}{end_text}")


def doctor_findings() -> list[Finding]:
    """Every check, in the order an operator would fix them."""
    return [
        database_check(),
        cache_check(),
        bucket_check(),
        admin_url_check(),
        *bedrock_checks(),
    ]
