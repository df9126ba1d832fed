"""The admin resists brute force (django-axes lockout) and cross-site form posts (CSRF)."""

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple 42"


@pytest.fixture
def admin_user():
    return get_user_model().objects.create_superuser("owner", "owner@example.com", PASSWORD)


def _login_url() -> str:
    return f"/{settings.ADMIN_URL}login/"


def _try_login(client: Client, username: str, password: str):
    return client.post(
        _login_url(),
        {"username": username, "password": password, "next": f"/{settings.ADMIN_URL}"},
    )


def _logged_in(client: Client) -> bool:
    return client.get(f"/{settings.ADMIN_URL}").status_code == 200


def test_admin_login_works_with_the_right_password(admin_user):
    """Positive control: the lockout tests below mean something only if a login can succeed."""
    client = Client()
    response = _try_login(client, "owner", PASSWORD)
    assert response.status_code == 302
    assert _logged_in(client)


def test_repeated_failures_lock_the_account_out(admin_user):
    """After AXES_FAILURE_LIMIT wrong passwords, even the right one is refused from that client."""
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _try_login(client, "owner", "wrong password")
        assert response.status_code in (200, 403, 429)
        assert not _logged_in(client)
    locked = _try_login(client, "owner", PASSWORD)
    assert locked.status_code in (403, 429), locked.status_code
    assert not _logged_in(client)
    assert b"Traceback" not in locked.content


def test_lockout_is_per_username_and_ip(admin_user):
    """Another IP is not locked out by someone else's failures (no denial of service on the owner)."""
    attacker = Client(REMOTE_ADDR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _try_login(attacker, "owner", "guess")
    owner = Client(REMOTE_ADDR="198.51.100.7")
    assert _try_login(owner, "owner", PASSWORD).status_code == 302
    assert _logged_in(owner)


def test_admin_login_form_requires_a_csrf_token(admin_user):
    """A login POST without the CSRF token is refused with 403."""
    client = Client(enforce_csrf_checks=True)
    response = _try_login(client, "owner", PASSWORD)
    assert response.status_code == 403
    assert not _logged_in(client)


def test_admin_change_form_requires_a_csrf_token(admin_user):
    """A signed-in owner's browser cannot be made to submit admin forms cross-site."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    add_url = f"/{settings.ADMIN_URL}auth/user/add/"
    form = {
        "username": "intruder",
        "password1": "Zx8!long-enough-pass",
        "password2": "Zx8!long-enough-pass",
        "usable_password": "true",
    }
    response = client.post(add_url, form)
    assert response.status_code == 403
    assert not get_user_model().objects.filter(username="intruder").exists()
    # With the token from the form page, the same post is accepted (positive control).
    client.get(add_url)
    token = client.cookies[settings.CSRF_COOKIE_NAME].value
    response = client.post(add_url, {**form, "csrfmiddlewaretoken": token})
    assert response.status_code == 302, response.content[:500]
    assert get_user_model().objects.filter(username="intruder").exists()


INGRESS = "10.244.0.5"  # the ingress controller: REMOTE_ADDR of every visitor on Kubernetes


def test_behind_one_proxy_an_attacker_cannot_lock_the_owner_out(admin_user, settings):
    """Five wrong passwords from one client (same ingress address) leave the owner's login working."""
    settings.NUM_PROXIES = 1
    attacker = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR="203.0.113.9")
    for _ in range(settings.AXES_FAILURE_LIMIT + 1):
        _try_login(attacker, "owner", "guess")
    # Positive control: the attacker's own address is locked...
    assert _try_login(attacker, "owner", PASSWORD).status_code in (403, 429)
    # ...but the owner, coming through the same ingress from elsewhere, is not.
    owner = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR="198.51.100.7")
    assert _try_login(owner, "owner", PASSWORD).status_code == 302
    assert _logged_in(owner)


def test_a_forged_forwarded_for_does_not_escape_the_lockout(admin_user, settings):
    """Entries the client adds in front of the proxy's are ignored: the lockout still holds."""
    settings.NUM_PROXIES = 1
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        forged = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR=f"10.9.9.{n}, 203.0.113.9")
        _try_login(forged, "owner", "guess")
    again = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR="10.1.1.1, 203.0.113.9")
    assert _try_login(again, "owner", PASSWORD).status_code in (403, 429)


def test_an_ipv6_attacker_cannot_rotate_addresses_inside_its_64(admin_user, settings):
    """Each guess from a new address in the same /64 still counts towards one lockout."""
    settings.NUM_PROXIES = 1
    for n in range(settings.AXES_FAILURE_LIMIT + 1):
        rotating = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR=f"2001:db8:5:6::{n + 1:x}")
        _try_login(rotating, "owner", "guess")
    same_net = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR="2001:db8:5:6:abcd::99")
    assert _try_login(same_net, "owner", PASSWORD).status_code in (403, 429)
    other_net = Client(REMOTE_ADDR=INGRESS, HTTP_X_FORWARDED_FOR="2001:db8:5:7::1")
    assert _try_login(other_net, "owner", PASSWORD).status_code == 302
