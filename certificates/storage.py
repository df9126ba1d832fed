"""Private storage for certificate PDFs, and the only code that signs links to them.

Two backends, chosen by ``settings.STORAGES["certificates"]``:

* ``CertificateS3Storage`` (``CERTIFICATES_BUCKET`` set): django-storages' S3
  backend with private objects. Links are SigV4 presigned GET URLs that make
  S3 answer ``Content-Type: application/pdf`` and ``Content-Disposition:
  inline``. Presigning is local computation with one boto3 client per process.
* ``PrivateFileSystemStorage`` (no bucket): files in a folder outside the
  public media space. Links are Django-signed tokens for our own view
  (``certificates.views.certificate_file``), which checks them again.
"""

import threading
from urllib.parse import urlsplit

from botocore.exceptions import BotoCoreError, ClientError
from django.conf import settings
from django.core import signing
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.functional import LazyObject, empty
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

PDF_CONTENT_TYPE = "application/pdf"
LINK_SALT = "certificates.file-link"

# One presigning client per distinct S3 configuration, shared by all threads
# of the process (boto3 clients are thread-safe; resources are not).
_presign_clients: dict[tuple, object] = {}
_presign_clients_lock = threading.Lock()


def reset_presign_clients() -> None:
    """Forget the per-process boto3 clients (tests switch endpoints between cases)."""
    with _presign_clients_lock:
        _presign_clients.clear()


def inline_disposition(slug: str) -> str:
    """``inline; filename="<slug>.pdf"`` — slugs are ASCII [-a-zA-Z0-9_], safe inside quotes."""
    return f'inline; filename="{slug}.pdf"'


class CertificateS3Storage(S3Storage):
    """Private S3 objects; ``url()`` is always a presigned GET that renders inline as PDF."""

    default_content_type = PDF_CONTENT_TYPE

    def __init__(self, **options):
        endpoint = options.get("endpoint_url", getattr(settings, "AWS_S3_ENDPOINT_URL", None))
        if not endpoint and not options.get("addressing_style"):
            # On AWS, sign for https://<bucket>.s3.<region>.amazonaws.com: botocore's
            # default global host can answer with a 307 to the regional one, which
            # an iframe's CSP frame-src would then block.
            options["addressing_style"] = "virtual"
        super().__init__(**options)

    def get_default_settings(self):
        defaults = super().get_default_settings()
        defaults.update(
            default_acl="private",
            querystring_auth=True,
            querystring_expire=settings.CERTIFICATE_URL_TTL,
            signature_version="s3v4",
            file_overwrite=False,
        )
        return defaults

    def get_object_parameters(self, name):
        params = super().get_object_parameters(name)
        params.setdefault("ContentType", PDF_CONTENT_TYPE)
        return params

    @property
    def presign_client(self):
        """The process-wide boto3 S3 client for this configuration, built on first use."""
        key = (
            self.region_name,
            self.endpoint_url,
            self.access_key,
            self.secret_key,
            self.security_token,
            self.session_profile,
            self.signature_version,
            self.addressing_style,
        )
        client = _presign_clients.get(key)
        if client is None:
            with _presign_clients_lock:
                client = _presign_clients.get(key)
                if client is None:
                    client = self._create_session().client(
                        "s3",
                        region_name=self.region_name,
                        use_ssl=self.use_ssl,
                        endpoint_url=self.endpoint_url,
                        config=self.client_config,
                        verify=self.verify,
                    )
                    _presign_clients[key] = client
        return client

    def url(self, name, parameters=None, expire=None, http_method=None):
        """A presigned GET URL; S3 answers it as an inline PDF. Never a public URL."""
        key = self._normalize_name(clean_name(name))
        params = {
            "ResponseContentType": PDF_CONTENT_TYPE,
            "ResponseContentDisposition": inline_disposition(_stem(name)),
            **(parameters or {}),
            "Bucket": self.bucket_name,
            "Key": key,
        }
        return self.presign_client.generate_presigned_url(
            "get_object",
            Params=params,
            ExpiresIn=self.querystring_expire if expire is None else expire,
            HttpMethod=http_method,
        )

    def certificate_url(self, *, name: str, slug: str, expires_in: int, preview: bool) -> str:
        return self.url(
            name,
            parameters={"ResponseContentDisposition": inline_disposition(slug)},
            expire=expires_in,
        )

    def frame_origin(self) -> str:
        """Where presigned URLs point (scheme://host[:port]), computed locally once per storage."""
        origin = self.__dict__.get("_frame_origin")
        if origin is None:
            try:
                parts = urlsplit(self.url("origin-probe.pdf", expire=1))
                origin = f"{parts.scheme}://{parts.netloc}"
            except Exception:  # no credentials yet: a page must still render
                origin = _s3_origin_guess(self)
            self.__dict__["_frame_origin"] = origin
        return origin


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder that no web server serves; the only way in is a signed link to our view."""

    def url(self, name):
        raise ValueError(
            "Certificate files have no public URL; use certificates.storage.certificate_file_url()."
        )

    def certificate_url(self, *, name: str, slug: str, expires_in: int, preview: bool) -> str:
        return signed_file_path(slug=slug, preview=preview)

    def frame_origin(self) -> str:
        return "'self'"


def signed_file_path(*, slug: str, preview: bool = False) -> str:
    """Our own file view's path with a timestamped, tamper-proof token naming the certificate."""
    payload = {"s": slug, "p": 1} if preview else {"s": slug}
    token = signing.dumps(payload, salt=LINK_SALT, compress=True)
    return reverse("certificates:file", kwargs={"token": token})


def signed_file_payload(*, token: str, max_age: int) -> dict:
    """The token's payload; raises ``signing.SignatureExpired`` or ``signing.BadSignature``."""
    payload = signing.loads(token, salt=LINK_SALT, max_age=max_age)
    if not isinstance(payload, dict) or not isinstance(payload.get("s"), str):
        raise signing.BadSignature("unexpected payload")
    return payload


def certificate_file_url(*, name: str, slug: str, expires_in: int, preview: bool = False) -> str:
    """A link to the certificate's PDF valid for ``expires_in`` seconds, from whichever storage is configured.

    Pure local computation (no network, no client construction after the first
    call), so it is what the benchmark times.
    """
    return certificate_storage.certificate_url(
        name=name, slug=slug, expires_in=expires_in, preview=preview
    )


def certificate_frame_origin() -> str:
    """The CSP ``frame-src`` source the certificate iframe loads from.

    ``https://<bucket>.s3.<region>.amazonaws.com`` (or the ``AWS_S3_ENDPOINT_URL``
    origin) with S3, ``'self'`` for local signed links.
    """
    return certificate_storage.frame_origin()


PUBLIC_ACCESS_BLOCK_FLAGS = (
    "BlockPublicAcls",
    "IgnorePublicAcls",
    "BlockPublicPolicy",
    "RestrictPublicBuckets",
)


def certificate_bucket_problems() -> list[str]:
    """What is wrong with the certificate bucket, in plain sentences ([] when it is fine).

    For ``manage.py doctor``: HEAD on the bucket with the configured credentials,
    its public access block read back, and one presigned link computed. Nothing
    is written. Without a bucket (local private folder) there is nothing to check.
    """
    storage = storages["certificates"]
    if not isinstance(storage, CertificateS3Storage):
        return []
    client = storage.connection.meta.client
    bucket = storage.bucket_name
    try:
        client.head_bucket(Bucket=bucket)
    except ClientError as exc:
        status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
        if status == 404:
            return [f"bucket {bucket} does not exist"]
        if status == 403:
            return [f"bucket {bucket} refuses these credentials (s3:ListBucket is needed)"]
        return [f"bucket {bucket} answered {exc.response.get('Error', {}).get('Code')}"]
    except BotoCoreError as exc:
        return [
            f"S3 is unreachable from here ({type(exc).__name__}): check the VPC endpoint or NAT"
        ]
    problems = []
    try:
        config = client.get_public_access_block(Bucket=bucket)["PublicAccessBlockConfiguration"]
        open_flags = [flag for flag in PUBLIC_ACCESS_BLOCK_FLAGS if not config.get(flag)]
        if open_flags:
            problems.append(
                f"bucket {bucket} does not block public access ({', '.join(open_flags)} off)"
            )
    except ClientError as exc:
        code = exc.response.get("Error", {}).get("Code")
        if code == "NoSuchPublicAccessBlockConfiguration":
            problems.append(
                f"bucket {bucket} has no public access block: turn on all four settings"
            )
        else:
            problems.append(
                f"could not read bucket {bucket}'s public access block ({code}): "
                "allow s3:GetBucketPublicAccessBlock"
            )
    try:
        link = storage.url("doctor-probe.pdf", expire=60)
        if "X-Amz-Signature=" not in link:
            problems.append("presigned links are not SigV4-signed")
    except Exception as exc:
        problems.append(f"could not presign a link ({type(exc).__name__})")
    return problems


def _s3_origin_guess(storage: S3Storage) -> str:
    if storage.endpoint_url:
        parts = urlsplit(storage.endpoint_url)
        return f"{parts.scheme}://{parts.netloc}"
    return f"https://{storage.bucket_name}.s3.{storage.region_name or 'us-east-1'}.amazonaws.com"


def _stem(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    return base[:-4] if base.lower().endswith(".pdf") else base


class _CertificateStorage(LazyObject):
    """``storages["certificates"]``, resolved lazily and again whenever STORAGES changes."""

    def _setup(self):
        self._wrapped = storages["certificates"]


certificate_storage = _CertificateStorage()


@receiver(setting_changed)
def _reset_certificate_storage(*, setting, **kwargs):
    if setting in ("STORAGES", "CERTIFICATES_BUCKET", "CERTIFICATE_URL_TTL"):
        certificate_storage._wrapped = empty
