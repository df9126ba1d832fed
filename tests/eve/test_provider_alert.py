"""The owner is told in the admin, not just the logs, when the model keeps failing for their reason."""

from __future__ import annotations

import pytest

QUESTIONS = [
    "What has he built with Kubernetes?",
    "Where did he study?",
    "Is he open to remote work?",
]
ADMIN_PAGES = ["/admin/", "/admin/portfolio/project/", "/admin/eve/chatlog/"]
BANNER = 'id="eve-provider-alert"'


@pytest.fixture(params=["locmem", "redis"])
def shared_cache(request, settings):
    """The banner state lives in the default cache: Redis (shared by every process) in production."""
    if request.param == "redis":
        settings.CACHES = {
            "default": {
                "BACKEND": "cloudforgex.cache.RedisCache",
                # A database of its own: clearing it disturbs no other test.
                "LOCATION": request.getfixturevalue("redis_url").rsplit("/", 1)[0] + "/9",
                "KEY_PREFIX": "alert-test",
            }
        }
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", "pw-123456")
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("mode", "sentence"),
    [
        ("end_of_life", "the model has reached its end of life"),
        ("access_denied", "access to the model is not enabled for this account and region"),
        ("validation", "EVE_MODEL_ID is not a model or inference profile"),
    ],
)
def test_an_owner_fixable_failure_shows_a_banner_until_a_call_succeeds(
    portfolio, chat, fake_bedrock, admin_client, shared_cache, mode, sentence
):
    """Visitors keep getting 200 KB answers; every admin page says why until the model answers."""
    for page in ADMIN_PAGES:
        assert BANNER not in admin_client.get(page).content.decode()
    fake_bedrock.set_mode(mode)
    response = chat(QUESTIONS[0])
    assert response.status_code == 200 and response.json()["degraded"] is True
    for page in ADMIN_PAGES:
        text = admin_client.get(page).content.decode()
        assert BANNER in text, page
        assert f"EVE cannot reach its model: {sentence}" in text
        assert "visitors get knowledge-base answers" in text
    fake_bedrock.set_mode("ok")
    assert chat(QUESTIONS[1]).json()["source"] == "model"
    for page in ADMIN_PAGES:
        assert BANNER not in admin_client.get(page).content.decode()


def test_a_retired_model_id_raises_the_banner(
    portfolio, chat, fake_bedrock, admin_client, shared_cache, settings
):
    """The old default (Claude 3 Haiku) answers end of life: the owner is told so."""
    settings.EVE_MODEL_ID = "anthropic.claude-3-haiku-20240307-v1:0"
    assert chat(QUESTIONS[0]).json()["degraded"] is True
    assert "the model has reached its end of life" in admin_client.get("/admin/").content.decode()


@pytest.mark.parametrize("mode", ["throttle", "server_error", "hang"])
def test_passing_failures_raise_no_banner(
    portfolio, chat, fake_bedrock, admin_client, shared_cache, mode
):
    """Throttling, outages and timeouts pass by themselves: no banner for the owner to act on."""
    fake_bedrock.set_mode(mode)
    assert chat(QUESTIONS[0]).json()["degraded"] is True
    assert BANNER not in admin_client.get("/admin/").content.decode()


def test_visitors_never_see_the_banner(portfolio, chat, fake_bedrock, client, shared_cache):
    """The site's own pages do not carry it (nor does the admin login page)."""
    fake_bedrock.set_mode("access_denied")
    chat(QUESTIONS[0])
    assert BANNER not in client.get("/").content.decode()
    assert BANNER not in client.get("/admin/login/").content.decode()
