"""CloudForgeX settings, read from the environment.

Every knob has a safe default for a laptop (SQLite, local-memory cache, the
knowledge-base provider, local private files). Production mode
(``DJANGO_DEBUG=false``) refuses to start without a real secret key and
allowed hosts; see ``cloudforgex.checks`` for the fail-fast rules.
"""

import logging
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

from cloudforgex.api_paths import API_PATH_REGEX
from cloudforgex.checks import (
    DEFAULT_DATABASE_CA_BUNDLE,
    ImproperlyConfiguredForProduction,
    database_tls_problems,
    production_settings_problems,
)
from cloudforgex.csp import connect_src, deferred_source
from cloudforgex.secret_key import development_secret_key

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
# A .env file is a convenience for local work only; real deployments set the
# environment directly (ConfigMap/Secret, Lambda environment variables).
if (BASE_DIR / ".env").is_file():
    env.read_env(str(BASE_DIR / ".env"))


def _secret(name: str, default: str = "") -> str:
    """``name`` from the environment, or the contents of the file ``name_FILE`` points at.

    Kubernetes mounts the Secret as files (never as environment variables, which
    leak into child processes, crash dumps and ``/proc/<pid>/environ``).
    """
    path = env.str(f"{name}_FILE", default="")
    if not path:
        return env.str(name, default=default)
    try:
        return Path(path).read_text().strip()
    except OSError as exc:
        raise ImproperlyConfigured(f"{name}_FILE={path} cannot be read ({exc.strerror}).") from exc


# ------------------------------------------------------------------- core
DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = _secret("DJANGO_SECRET_KEY")
if DEBUG and not SECRET_KEY:
    # Random per install, kept out of git (see cloudforgex.secret_key); production
    # has no default at all and refuses to start without DJANGO_SECRET_KEY.
    SECRET_KEY = development_secret_key(
        Path(env.str("DJANGO_DEV_SECRET_KEY_FILE", default=str(BASE_DIR / ".dev-secret-key")))
    )
ALLOWED_HOSTS = env.list(
    "DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"] if DEBUG else []
)
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

ROOT_URLCONF = "cloudforgex.urls"
WSGI_APPLICATION = "cloudforgex.wsgi.application"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Admin lives under an unguessable prefix in production (e.g. "manage-7f3a/").
ADMIN_URL = (_secret("ADMIN_URL").strip("/") or "admin") + "/"

INSTALLED_APPS = [
    # First, so its admin/base_site.html (the model-failure banner) wins over Django's.
    "eve",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "axes",
    "cloudforgex",
    "portfolio",
    "certificates",
    "loaders",
    "frontend",
]

MIDDLEWARE = [
    "cloudforgex.middleware.RequestIdMiddleware",
    # Kubelet probes arrive as http://<pod-ip>:8000/health: answer them before
    # the host check and the HTTPS redirect (see cloudforgex.probes).
    "cloudforgex.probes.ProbeMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "cloudforgex.middleware.ApiErrorMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Refuses uploads and large bodies from anyone but staff before CSRF reads them.
    "cloudforgex.bodies.RequestBodyPolicyMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "cloudforgex.middleware.ContentSecurityPolicyMiddleware",
    "cloudforgex.middleware.PermissionsPolicyMiddleware",
    # Axes must be last: it turns a locked-out login into a friendly page.
    "axes.middleware.AxesMiddleware",
]

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# --------------------------------------------------------------- database
# SQLite file by default; DATABASE_URL (postgres://...) for anything shared.
DATABASES = {
    "default": env.db_url_config(
        _secret("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")
    ),
}
# A function outside any VPC (Zappa stage "lean") reaches PostgreSQL over the
# internet: a verified certificate and host name, or the process refuses to start.
DATABASE_REQUIRE_TLS = env.bool("DATABASE_REQUIRE_TLS", default=False)
if DATABASE_REQUIRE_TLS:
    _ca_bundle = BASE_DIR / env.str("DATABASE_CA_BUNDLE", default=DEFAULT_DATABASE_CA_BUNDLE)
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("sslrootcert", str(_ca_bundle))
    if _tls_problems := database_tls_problems(database=DATABASES["default"]):
        raise ImproperlyConfigured(" ".join(_tls_problems))
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The connect timeout keeps /ready from hanging when the database is away.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", env.int("DATABASE_CONNECT_TIMEOUT", default=3)
    )
    # A reused connection is health-checked first (a pooled one as the pool hands
    # it out), so a database restart never reaches a request.
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    DATABASE_POOL_MAX_SIZE = env.int("DATABASE_POOL_MAX_SIZE", default=0)
    if DATABASE_POOL_MAX_SIZE:
        # One pool per process, shared by all its requests: what a gevent worker
        # serving dozens of chats at once needs (k8s/gunicorn.conf.py turns it on).
        # A request holds a connection only while it uses the database (EVE hands
        # it back during the model call), so a few per process are plenty.
        from psycopg_pool.base import AttemptWithBackoff

        # The pool retries a failed connection after 1, 2, 4, 8... seconds, so
        # after a 20-second database outage a worker would go on answering 503
        # for up to 16 seconds more. Retry every second instead.
        AttemptWithBackoff.DELAY_BACKOFF = 1.0
        DATABASES["default"]["CONN_MAX_AGE"] = 0  # the pool keeps them instead
        DATABASES["default"]["OPTIONS"]["pool"] = {
            "min_size": min(env.int("DATABASE_POOL_MIN_SIZE", default=2), DATABASE_POOL_MAX_SIZE),
            "max_size": DATABASE_POOL_MAX_SIZE,
            # Waiting longer than this for a free connection is an outage: answer 503.
            "timeout": env.float("DATABASE_POOL_TIMEOUT", default=3.0),
        }
    else:
        DATABASES["default"].setdefault(
            "CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60)
        )
elif DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the site read while EVE writes its log rows.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

# ------------------------------------------------------------------ cache
# Throttling, the response cache and the content version live here. Without
# REDIS_URL each process has its own memory cache, which is fine for one
# process; several processes (gunicorn workers, pods, Lambdas) need Redis.
REDIS_URL = _secret("REDIS_URL")
# The password may travel apart from the URL (Kubernetes: the Secret's
# REDIS_PASSWORD file, which the Redis pod reads too), so it is written once.
REDIS_PASSWORD = _secret("REDIS_PASSWORD")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "cloudforgex.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cfx",
            "OPTIONS": {
                # Fail fast when Redis is down: chat degrades instead of hanging.
                "socket_connect_timeout": 0.5,
                "socket_timeout": 0.5,
                **({"password": REDIS_PASSWORD} if REDIS_PASSWORD else {}),
            },
        }
    }
elif env.bool("DJANGO_DATABASE_CACHE", default=False):
    # Lambda without ElastiCache: the database is the one store every
    # instance shares. Create the table once: `zappa manage <stage> createcachetable`.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "cfx_cache",
            "KEY_PREFIX": "cfx",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "cloudforgex",
        }
    }

# How many processes serve requests: gunicorn workers (k8s/gunicorn.conf.py), and
# on Lambda as many instances as there are concurrent requests. With more than
# one, throttles and the token budget need the shared cache above: `manage.py
# check --deploy` refuses otherwise (cloudforgex.checks).
SERVER_PROCESSES = int(
    env.str("GUNICORN_WORKERS", default="") or env.str("WEB_CONCURRENCY", default="") or 1
)
ON_LAMBDA = bool(env.str("AWS_LAMBDA_FUNCTION_NAME", default=""))

# ------------------------------------------------------------------- auth
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Admin brute force: lock a username+IP pair after 5 failures for an hour.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 1
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# Behind the ingress every REMOTE_ADDR is the controller's: axes must key on the
# client the throttles see (X-Forwarded-For with NUM_PROXIES, IPv6 by /64), or
# five wrong passwords from anyone would lock the owner out everywhere.
AXES_CLIENT_IP_CALLABLE = "cloudforgex.clients.client_ip"

# ----------------------------------------------------------- i18n / time
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# ---------------------------------------------------------- static/media
STATIC_URL = env.str("DJANGO_STATIC_URL", default="static/")
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Certificate PDFs never live under MEDIA_ROOT: only a signed link reaches them.
PRIVATE_MEDIA_ROOT = Path(
    env.str("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private_media"))
)

CERTIFICATES_BUCKET = env.str("CERTIFICATES_BUCKET", default="")
CERTIFICATE_URL_TTL = env.int("CERTIFICATE_URL_TTL", default=300)
CERTIFICATE_MAX_UPLOAD_BYTES = env.int("CERTIFICATE_MAX_UPLOAD_BYTES", default=10 * 1024 * 1024)
AWS_REGION = env.str("AWS_REGION", default="eu-west-1")
AWS_S3_ENDPOINT_URL = env.str("AWS_S3_ENDPOINT_URL", default="") or None


def _private_s3(backend: str, *, location: str, **options) -> dict:
    """A private prefix of the certificates bucket: no public ACL, SigV4 signed access only."""
    return {
        "BACKEND": backend,
        "OPTIONS": {
            "bucket_name": CERTIFICATES_BUCKET,
            "region_name": AWS_REGION,
            "endpoint_url": AWS_S3_ENDPOINT_URL,
            "default_acl": "private",
            "querystring_auth": True,
            "signature_version": "s3v4",
            "file_overwrite": False,
            "location": location,
            **options,
        },
    }


if CERTIFICATES_BUCKET:
    # S3Storage subclass: presigned inline-PDF links, one boto3 client per process.
    _certificate_storage = _private_s3(
        "certificates.storage.CertificateS3Storage",
        location="certificates",
        querystring_expire=CERTIFICATE_URL_TTL,
    )
    # Uploaded media (the résumé) sits in the same bucket under media/: Lambda
    # and pods have no lasting disk. The site streams it through /resume.pdf.
    _default_storage = _private_s3("storages.backends.s3.S3Storage", location="media")
else:
    _certificate_storage = {
        "BACKEND": "certificates.storage.PrivateFileSystemStorage",
        "OPTIONS": {"location": PRIVATE_MEDIA_ROOT / "certificates", "base_url": None},
    }
    _default_storage = {"BACKEND": "django.core.files.storage.FileSystemStorage"}

STORAGES = {
    "default": _default_storage,
    "certificates": _certificate_storage,
    "staticfiles": {
        # WhiteNoise's hashed + compressed storage; also hashes the site's ES module imports.
        "BACKEND": "frontend.storage.SiteStaticFilesStorage"
        if not DEBUG
        else "django.contrib.staticfiles.storage.StaticFilesStorage",
    },
}
WHITENOISE_MAX_AGE = 31536000 if not DEBUG else 0
# Behind API Gateway's stage prefix the browser needs /dev/static/... (set
# DJANGO_STATIC_URL=/dev/static/), but Zappa strips the stage into SCRIPT_NAME,
# so WhiteNoise sees PATH_INFO /static/...: it matches on the last segment only.
WHITENOISE_STATIC_PREFIX = "/" + STATIC_URL.strip("/").rsplit("/", 1)[-1] + "/"

# -------------------------------------------------------------------- API
# Request bodies (cloudforgex.bodies, mirrored per path in k8s/ingress.yaml):
# the API takes 16 KiB, anyone else's forms 64 KiB, and only signed-in staff
# under ADMIN_URL may upload (a certificate PDF plus the form around it).
# Anyone else's large body (an upload) is refused before a byte of it is read.
API_MAX_BODY_BYTES = 16 * 1024
PUBLIC_MAX_BODY_BYTES = 64 * 1024
STAFF_UPLOAD_MAX_BODY_BYTES = CERTIFICATE_MAX_UPLOAD_BYTES + 2 * 1024 * 1024
# Non-file form fields Django reads into memory (admin forms).
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DJANGO_DATA_UPLOAD_MAX_MEMORY_SIZE", default=2_621_440)
# Staff uploads stay in memory: the pod's /tmp is a small memory-backed volume
# whose overflow evicts the pod, while the body is already capped above.
FILE_UPLOAD_MAX_MEMORY_SIZE = STAFF_UPLOAD_MAX_BODY_BYTES
NUM_PROXIES = env.int("NUM_PROXIES", default=0)

REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "cloudforgex.errors.api_exception_handler",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "NUM_PROXIES": NUM_PROXIES,
    "DEFAULT_THROTTLE_RATES": {},
}

SPECTACULAR_SETTINGS = {
    "TITLE": "CloudForgeX API",
    "DESCRIPTION": "The portfolio's content and EVE, its AI assistant, as JSON.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # Every operation gets a summary and an example (cloudforgex.openapi).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "cloudforgex.openapi.add_summaries_and_examples",
    ],
}

# ------------------------------------------------------------------- CORS
# Only listed origins may call the API from a browser (e.g. the site exported
# to S3/CloudFront calling API Gateway).
CORS_ALLOWED_ORIGINS = env.list("CORS_ALLOWED_ORIGINS", default=[])
CORS_URLS_REGEX = API_PATH_REGEX
CORS_ALLOW_METHODS = ["GET", "POST", "OPTIONS"]
CORS_PREFLIGHT_MAX_AGE = 600
# Let a cross-origin widget read how long to wait and which request failed.
CORS_EXPOSE_HEADERS = ["Retry-After", "X-Request-ID"]

# -------------------------------------------------------------------- CSP
# The site's pages call the API at SITE_API_BASE (empty = same origin; the
# exported static site sets its own). Scripts only from our origin, never
# inline; frames only from where certificate PDFs live. style-src allows
# inline styles because the admin and Swagger UI use them; scripts never.
SITE_API_BASE = env.str("SITE_API_BASE", default="")
CONTENT_SECURITY_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self' 'unsafe-inline'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": connect_src(SITE_API_BASE),
    # Where certificate PDFs live (S3 or our own origin): only the certificates app knows.
    "frame-src": deferred_source("certificates.storage.certificate_frame_origin"),
    "object-src": "'none'",
    "base-uri": "'none'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}

# -------------------------------------------------------------------- EVE
EVE_PROVIDER = env.str("EVE_PROVIDER", default="knowledge_base")
# Claude Haiku 4.5 through the EU cross-region inference profile: Active on
# Bedrock, callable from eu-west-1, and the requests stay inside the EU (see
# the README for the choice). A model id, inference-profile id or ARN works.
EVE_MODEL_ID = env.str("EVE_MODEL_ID", default="eu.anthropic.claude-haiku-4-5-20251001-v1:0")
EVE_BEDROCK_ENDPOINT_URL = env.str("EVE_BEDROCK_ENDPOINT_URL", default="") or None
EVE_MAX_TOKENS = env.int("EVE_MAX_TOKENS", default=400)
EVE_CONNECT_TIMEOUT = env.float("EVE_CONNECT_TIMEOUT", default=2.0)
EVE_READ_TIMEOUT = env.float("EVE_READ_TIMEOUT", default=12.0)
EVE_MAX_ATTEMPTS = env.int("EVE_MAX_ATTEMPTS", default=2)
EVE_DAILY_TOKEN_BUDGET = env.int("EVE_DAILY_TOKEN_BUDGET", default=200_000)
# Optional cap in US dollars per calendar month (UTC); empty means no monthly cap.
EVE_MONTHLY_BUDGET = env.float("EVE_MONTHLY_BUDGET", default=None)
# US dollars per million tokens, for the default model (README: source and date).
EVE_PRICE_INPUT_PER_MTOK = env.float("EVE_PRICE_INPUT_PER_MTOK", default=1.10)
EVE_PRICE_OUTPUT_PER_MTOK = env.float("EVE_PRICE_OUTPUT_PER_MTOK", default=5.50)
# Model calls in flight per process; more get the knowledge-base answer (degraded)
# at once instead of queueing. 64 matches the Bedrock client's connection pool.
EVE_MAX_CONCURRENT_MODEL_CALLS = env.int("EVE_MAX_CONCURRENT_MODEL_CALLS", default=64)
# Bedrock's control plane (GetFoundationModel, used by `manage.py doctor` only).
EVE_BEDROCK_CONTROL_ENDPOINT_URL = env.str("EVE_BEDROCK_CONTROL_ENDPOINT_URL", default="") or None
EVE_THROTTLE_RATES = env.dict(
    "EVE_THROTTLE_RATES", default={"burst": "6/min", "sustained": "60/day"}
)
EVE_MIN_CHARS = env.int("EVE_MIN_CHARS", default=5)
EVE_MAX_CHARS = env.int("EVE_MAX_CHARS", default=1000)
EVE_CACHE_TTL = env.int("EVE_CACHE_TTL", default=24 * 3600)
EVE_LOG_RETENTION_DAYS = env.int("EVE_LOG_RETENTION_DAYS", default=30)
EVE_CONTEXT_RECORDS = env.int("EVE_CONTEXT_RECORDS", default=4)
# Past turns a model call carries (estimated tokens); oldest turns are dropped first.
EVE_HISTORY_TOKENS = env.int("EVE_HISTORY_TOKENS", default=600)

# --------------------------------------------------------------- security
# Production settings: HTTPS everywhere. SECURE_SSL_REDIRECT can be switched
# off where TLS ends at a load balancer that already redirects.
_TRUST_FORWARDED_PROTO = env.bool("DJANGO_TRUST_X_FORWARDED_PROTO", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if _TRUST_FORWARDED_PROTO else None
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Probes come over plain HTTP from inside the cluster.
SECURE_REDIRECT_EXEMPT = [r"^health$", r"^ready$"]
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
if not DEBUG:
    # __Host- cookies are bound to this exact host over HTTPS with Path=/.
    SESSION_COOKIE_NAME = "__Host-sessionid"
    CSRF_COOKIE_NAME = "__Host-csrftoken"
X_FRAME_OPTIONS = "DENY"
# Powerful browser features the site never uses, off for it and anything it frames.
PERMISSIONS_POLICY = {
    "accelerometer": "()",
    "camera": "()",
    "display-capture": "()",
    "geolocation": "()",
    "gyroscope": "()",
    "magnetometer": "()",
    "microphone": "()",
    "midi": "()",
    "payment": "()",
    "usb": "()",
    "xr-spatial-tracking": "()",
    "browsing-topics": "()",
}
SILENCED_SYSTEM_CHECKS = []
if not DEBUG and not SECURE_SSL_REDIRECT:
    # An explicit DJANGO_SECURE_SSL_REDIRECT=false means the load balancer or
    # API Gateway already refuses plain HTTP; the warning would only be noise.
    SILENCED_SYSTEM_CHECKS.append("security.W008")
if not DEBUG and not SECURE_HSTS_PRELOAD:
    # Preloading is a promise for every subdomain; opting out is a choice.
    SILENCED_SYSTEM_CHECKS.append("security.W021")

# -------------------------------------------------------------------- logs
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOG_LEVEL = env.str("DJANGO_LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "cloudforgex.logs.RequestIdFilter"}},
    "formatters": {
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
        "json": {"()": "cloudforgex.logs.JsonFormatter"},
    },
    "handlers": {
        "console": {
            # Written by a background thread: request threads never wait on stderr.
            "class": "cloudforgex.logs.QueuedStreamHandler",
            "formatter": "json" if LOG_FORMAT == "json" else "text",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.request": {"level": "ERROR"},
        "django.db.backends": {"level": "WARNING"},
        "botocore": {"level": "WARNING"},
        "axes": {"level": "WARNING"},
    },
}
if LOG_FORMAT == "json":
    # Python warnings go through logging too, so every stderr line is JSON.
    logging.captureWarnings(True)

# ------------------------------------------------------------- fail fast
if not DEBUG:
    _problems = production_settings_problems(secret_key=SECRET_KEY, allowed_hosts=ALLOWED_HOSTS)
    if _problems:
        raise ImproperlyConfiguredForProduction(" ".join(_problems))
