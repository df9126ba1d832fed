"""Per-client rate limits shared by chat and certificate links.

Every test runs twice: on the local-memory cache (development, one process)
and on a real Redis, where a check is one atomic script call.
"""

import itertools
import threading
import time

import pytest
from django.test import Client, RequestFactory

from cloudforgex.throttling import ClientRateLimits

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["locmem", "redis"], autouse=True)
def backend(request, settings):
    if request.param == "redis":
        redis_url = request.getfixturevalue("redis_url")
        settings.CACHES = {
            "default": {
                "BACKEND": "cloudforgex.cache.RedisCache",
                # A database of its own: the cache is flushed around every test.
                "LOCATION": redis_url.rsplit("/", 1)[0] + "/5",
                "KEY_PREFIX": "cfx-throttle-test",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield request.param
    cache.clear()


_ASKED = itertools.count()


def _chat(client: Client):
    # A different question each time: a repeated one is answered from the cache,
    # which costs nothing and so is never limited (see tests/eve/test_throttle.py).
    question = {"message": f"What Terraform projects has he built (question {next(_ASKED)})?"}
    return client.post("/api/chat/", question, content_type="application/json")


def _certificate_link(client: Client):
    return client.post(
        "/api/certificates/no-such-certificate/url/", {}, content_type="application/json"
    )


def test_certificate_links_never_spend_the_chat_allowance(settings):
    """A visitor who used up chat can still open certificates, and the other way round."""
    settings.EVE_THROTTLE_RATES = {"burst": "2/min", "sustained": "100/day"}
    client = Client()
    assert [_chat(client).status_code for _ in range(3)] == [200, 200, 429]
    # Not throttled: the unknown slug is the answer (404), counted in its own bucket.
    assert [_certificate_link(client).status_code for _ in range(3)] == [404, 404, 429]


def test_the_tighter_rate_decides_and_retry_after_says_how_long(settings):
    """With a daily cap below the burst rate, the daily cap refuses, with a long wait."""
    settings.EVE_THROTTLE_RATES = {"burst": "10/min", "sustained": "2/day"}
    client = Client()
    statuses = [_chat(client).status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    refused = _chat(client)
    assert int(refused["Retry-After"]) > 3600


def test_limits_are_per_client(settings):
    settings.EVE_THROTTLE_RATES = {"burst": "1/min", "sustained": "100/day"}
    assert _chat(Client(REMOTE_ADDR="203.0.113.1")).status_code == 200
    assert _chat(Client(REMOTE_ADDR="203.0.113.1")).status_code == 429
    assert _chat(Client(REMOTE_ADDR="203.0.113.2")).status_code == 200


def test_a_zero_rate_refuses_rather_than_unlimits(settings):
    """ "burst=0/min" is an off switch for chat, not an unlimited rate."""
    settings.EVE_THROTTLE_RATES = {"burst": "0/min", "sustained": "100/day", "flood": "100/min"}
    assert _chat(Client()).status_code == 429


@pytest.mark.parametrize("backend", ["redis"], indirect=True)  # atomicity is Redis's job
def test_racing_requests_cannot_overspend_the_limit_on_redis(backend, settings):
    """Twenty simultaneous checks for one client: Redis lets exactly the burst through."""
    settings.EVE_THROTTLE_RATES = {"burst": "5/min", "sustained": "100/day"}
    request = RequestFactory().post("/api/chat/", REMOTE_ADDR="198.51.100.9")
    start = threading.Barrier(20)
    results = []

    def check():
        start.wait()
        results.append(ClientRateLimits().allow_request(request, None))

    threads = [threading.Thread(target=check) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results.count(True) == 5


def test_the_window_slides_and_refused_requests_are_not_counted(settings):
    """After the window passes the client may ask again; knocking while refused costs nothing."""
    settings.EVE_THROTTLE_RATES = {"burst": "2/s", "sustained": "100/day"}
    client = Client()
    assert [_chat(client).status_code for _ in range(4)] == [200, 200, 429, 429]
    time.sleep(1.1)
    assert [_chat(client).status_code for _ in range(3)] == [200, 200, 429]


def test_ipv6_clients_are_limited_by_their_64(settings):
    """Rotating addresses inside one /64 does not buy more chats; another /64 is another client."""
    settings.EVE_THROTTLE_RATES = {"burst": "2/min", "sustained": "100/day"}
    statuses = [
        _chat(Client(REMOTE_ADDR=f"2001:db8:aa:bb::{n + 1:x}")).status_code for n in range(3)
    ]
    assert statuses == [200, 200, 429]
    assert _chat(Client(REMOTE_ADDR="2001:db8:aa:bc::1")).status_code == 200


def test_ipv6_behind_a_proxy_is_keyed_by_its_64(settings):
    """The same /64 rule applies to the address the trusted proxy forwarded."""
    settings.NUM_PROXIES = 1
    settings.EVE_THROTTLE_RATES = {"burst": "1/min", "sustained": "100/day"}
    first = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:db8:1:2::10")
    second = Client(REMOTE_ADDR="10.0.0.2", HTTP_X_FORWARDED_FOR="2001:db8:1:2:ffff::20")
    assert _chat(first).status_code == 200
    assert _chat(second).status_code == 429
