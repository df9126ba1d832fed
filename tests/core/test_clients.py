"""Which client a request comes from: the same answer for throttles, axes and logs."""

import pytest
from django.test import RequestFactory

from cloudforgex.clients import client_hash, client_ip


def _request(remote_addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.mark.parametrize(
    ("remote_addr", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("2001:db8:1:2:3:4:5:6", "2001:db8:1:2::"),
        ("2001:0db8:0001:0002::", "2001:db8:1:2::"),
        ("::ffff:198.51.100.7", "198.51.100.7"),
    ],
)
def test_client_is_the_address_or_the_ipv6_64(settings, remote_addr, expected):
    settings.NUM_PROXIES = 0
    assert client_ip(_request(remote_addr)) == expected


def test_without_trusted_proxies_forwarded_for_is_ignored(settings):
    settings.NUM_PROXIES = 0
    assert client_ip(_request("203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_with_one_proxy_the_last_forwarded_entry_is_the_client(settings):
    settings.NUM_PROXIES = 1
    assert client_ip(_request("10.0.0.2", "1.2.3.4, 198.51.100.1")) == "198.51.100.1"
    assert client_ip(_request("10.0.0.2", "2001:db8::1")) == "2001:db8::"


def test_garbage_in_forwarded_for_falls_back_to_the_proxy_address(settings):
    """Axes stores the client in an inet column: it never receives anything but an address."""
    settings.NUM_PROXIES = 2
    assert client_ip(_request("10.0.0.2", "not-an-ip, <script>")) == "10.0.0.2"


def test_client_hash_is_the_same_across_one_64(settings):
    settings.NUM_PROXIES = 0
    assert client_hash(_request("2001:db8:9::1")) == client_hash(_request("2001:db8:9::2"))
    assert client_hash(_request("2001:db8:9::1")) != client_hash(_request("2001:db8:a::1"))
