"""DATABASE_REQUIRE_TLS (Zappa stage "lean"): verify-full against a real PostgreSQL speaking TLS, or no start.

The server's certificate comes from a throwaway CA made here; the app trusts
only the bundle DATABASE_CA_BUNDLE names, so the shipped RDS bundle (which did
not sign it) is refused at the handshake, and a URL that would not verify is
refused before any connection.
"""

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from cloudforgex.checks import DEFAULT_DATABASE_CA_BUNDLE
from harness.services import PostgresServer
from tests.settings_probe import settings_probe

pytestmark = [pytest.mark.deploy, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
CONNECT = (
    "import django; django.setup(); from django.db import connection; "
    "connection.ensure_connection(); print('tls', connection.connection.info.pgconn.ssl_in_use)"
)


def _cert(subject: str, key, issuer=None, issuer_key=None, *, ca: bool, names=()):
    now = dt.datetime.now(dt.UTC)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer or name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + dt.timedelta(days=1))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    )
    if names:
        builder = builder.add_extension(x509.SubjectAlternativeName(list(names)), critical=False)
    return builder.sign(issuer_key or key, hashes.SHA256())


@pytest.fixture(scope="module")
def tls_postgres(tmp_path_factory):
    """PostgreSQL with ssl=on and a certificate for "localhost" signed by a CA made here."""
    certs = tmp_path_factory.mktemp("certs")
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("cloudforgex test CA", ca_key, ca=True)
    server_key = ec.generate_private_key(ec.SECP256R1())
    server = _cert(
        "localhost", server_key, ca.subject, ca_key, ca=False, names=[x509.DNSName("localhost")]
    )
    (certs / "ca.pem").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    with PostgresServer() as pg:
        (pg.datadir / "server.crt").write_bytes(server.public_bytes(serialization.Encoding.PEM))
        key = pg.datadir / "server.key"
        key.write_bytes(
            server_key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.TraditionalOpenSSL,
                serialization.NoEncryption(),
            )
        )
        key.chmod(0o600)
        if os.geteuid() == 0:
            for path in (key, pg.datadir / "server.crt"):
                shutil.chown(path, "postgres", "postgres")
        with (pg.datadir / "postgresql.conf").open("a") as conf:
            conf.write("ssl = on\nssl_cert_file = 'server.crt'\nssl_key_file = 'server.key'\n")
        pg.pause()
        pg.resume()
        yield {"server": pg, "ca": certs / "ca.pem"}


def _connect(url: str, **env_overrides: str) -> subprocess.CompletedProcess:
    env = {"DATABASE_REQUIRE_TLS": "true", "DATABASE_URL": url, **env_overrides}
    return settings_probe(CONNECT, without=("DATABASE_", "DJANGO_"), env=env)


def _url(pg: PostgresServer, sslmode: str) -> str:
    return f"postgres://{pg.user}@localhost:{pg.port}/{pg.database}?sslmode={sslmode}"


def test_verify_full_connects_over_tls_with_the_configured_bundle(tls_postgres):
    pg = tls_postgres["server"]
    result = _connect(_url(pg, "verify-full"), DATABASE_CA_BUNDLE=str(tls_postgres["ca"]))
    assert result.returncode == 0, result.stderr[-2000:]
    assert result.stdout.split() == ["tls", "True"]


def test_a_certificate_the_bundle_did_not_sign_is_refused(tls_postgres):
    """With the shipped RDS bundle, a server certificate from another CA fails the handshake."""
    pg = tls_postgres["server"]
    assert (ROOT / DEFAULT_DATABASE_CA_BUNDLE).is_file()
    result = _connect(_url(pg, "verify-full"))
    assert result.returncode != 0
    assert "certificate verify failed" in result.stderr


def test_the_host_name_is_checked(tls_postgres):
    """127.0.0.1 is not the name on the certificate: verify-full refuses it."""
    pg = tls_postgres["server"]
    url = f"postgres://{pg.user}@127.0.0.1:{pg.port}/{pg.database}?sslmode=verify-full"
    result = _connect(url, DATABASE_CA_BUNDLE=str(tls_postgres["ca"]))
    assert result.returncode != 0
    assert "does not match host name" in result.stderr or "server certificate" in result.stderr


@pytest.mark.parametrize("sslmode", ["disable", "prefer", "require", "verify-ca"])
def test_anything_short_of_verify_full_is_refused_before_connecting(tls_postgres, sslmode):
    pg = tls_postgres["server"]
    result = _connect(_url(pg, sslmode), DATABASE_CA_BUNDLE=str(tls_postgres["ca"]))
    assert result.returncode != 0
    assert "sslmode=verify-full" in result.stderr
    assert "ImproperlyConfigured" in result.stderr
