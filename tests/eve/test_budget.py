"""Step 8: reservations, cost in dollars, retries and the monthly budget (fake Bedrock over HTTP)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from eve import budget
from eve.budget import input_tokens_estimate
from eve.models import ChatLog, TokenUsage

QUESTION = "What has he built with Kubernetes?"


def _estimate(request) -> int:
    return input_tokens_estimate(request.system_text, request.user_text)


def test_a_model_answer_costs_its_real_tokens_at_the_configured_prices(
    portfolio, chat, fake_bedrock, settings
):
    """ChatLog and the day's usage carry the dollars: tokens x price per million."""
    settings.EVE_PRICE_INPUT_PER_MTOK = 1.10
    settings.EVE_PRICE_OUTPUT_PER_MTOK = 5.50
    assert chat(QUESTION).json()["source"] == "model"
    log = ChatLog.objects.get()
    expected = (
        Decimal(log.input_tokens) * Decimal("1.10") + log.output_tokens * Decimal("5.50")
    ) / (10**6)
    assert log.cost_usd == expected.quantize(Decimal("0.000001")) > 0
    usage = TokenUsage.objects.get()
    assert (usage.input_tokens, usage.output_tokens, usage.calls) == (
        log.input_tokens,
        log.output_tokens,
        1,
    )
    assert usage.cost_usd == log.cost_usd


def test_a_retry_is_counted_and_charged(portfolio, chat, fake_bedrock, settings):
    """The first attempt times out, the retry answers: two calls, the lost one at its estimate."""
    settings.EVE_MAX_ATTEMPTS = 2
    fake_bedrock.latencies = [1.0]  # > EVE_READ_TIMEOUT (0.5 s): the first attempt times out
    assert chat(QUESTION).json()["source"] == "model"
    assert len(fake_bedrock.requests) == 2
    log = ChatLog.objects.get()
    usage = TokenUsage.objects.get()
    assert usage.calls == 2
    lost = _estimate(fake_bedrock.requests[0]) + settings.EVE_MAX_TOKENS
    assert usage.total_tokens == log.input_tokens + log.output_tokens + lost


def test_a_reservation_holds_every_attempt_and_is_released_after(portfolio, fake_bedrock, settings):
    """While in flight the row holds attempts x (estimate + max tokens); settling gives it back."""
    settings.EVE_MAX_ATTEMPTS = 2
    reservation = budget.reservation_create(input_estimate=300)
    held = TokenUsage.objects.get()
    assert held.total_tokens == 2 * (300 + settings.EVE_MAX_TOKENS) and held.cost_usd > 0
    settled = budget.reservation_settle(reservation, input_tokens=120, output_tokens=30)
    row = TokenUsage.objects.get()
    assert (row.input_tokens, row.output_tokens, row.calls) == (120, 30, 1)
    assert row.cost_usd == settled.cost_usd


def test_a_reservation_that_does_not_fit_is_refused(portfolio, fake_bedrock, settings):
    """Budget 1000: one call's worst case of 700 fits, a second does not, until the first settles."""
    settings.EVE_DAILY_TOKEN_BUDGET = 1000
    settings.EVE_MAX_ATTEMPTS = 1
    first = budget.reservation_create(input_estimate=300)  # 300 + 400
    with pytest.raises(budget.BudgetSpent) as refused:
        budget.reservation_create(input_estimate=300)
    assert refused.value.reason == budget.DAILY_BUDGET_SPENT
    budget.reservation_settle(first, input_tokens=100, output_tokens=50)
    budget.reservation_create(input_estimate=300)  # 150 + 700 fits now


def test_unreachable_bedrock_releases_the_reservation(portfolio, chat, fake_bedrock, settings):
    """Nothing reached Bedrock (no route): nothing is charged, nothing stays reserved."""
    from harness.services import free_port

    settings.EVE_BEDROCK_ENDPOINT_URL = f"http://127.0.0.1:{free_port()}"
    assert chat(QUESTION).json()["degraded"] is True
    usage = TokenUsage.objects.get()
    assert (usage.total_tokens, usage.cost_usd, usage.calls) == (0, 0, 0)


def test_the_monthly_budget_in_dollars_stops_model_calls(portfolio, chat, fake_bedrock, settings):
    """With EVE_MONTHLY_BUDGET spent, answers come from the knowledge base, for free."""
    settings.EVE_MONTHLY_BUDGET = 0.0001  # less than one reservation costs
    body = chat(QUESTION).json()
    assert body["source"] == "knowledge_base" and body["degraded"] is False
    assert fake_bedrock.requests == []
    assert ChatLog.objects.get().fallback_reason == budget.MONTHLY_BUDGET_SPENT


def test_earlier_days_of_the_month_count_towards_the_monthly_budget(db, settings):
    """$0.99 spent on the 3rd leaves less than a reservation of a $1.00 month on the 20th."""
    settings.EVE_MONTHLY_BUDGET = 1.00
    TokenUsage.objects.create(day=dt.date(2026, 5, 3), cost_usd=Decimal("0.999"))
    TokenUsage.objects.create(day=dt.date(2026, 4, 30), cost_usd=Decimal("50"))  # last month
    with pytest.raises(budget.BudgetSpent) as refused:
        budget.reservation_create(input_estimate=300, day=dt.date(2026, 5, 20))
    assert refused.value.reason == budget.MONTHLY_BUDGET_SPENT
    budget.reservation_create(input_estimate=300, day=dt.date(2026, 6, 1))  # a new month


def test_the_usage_admin_shows_spend_in_tokens_and_dollars(admin_client, settings):
    """Today's and this month's spend, and the budgets, in tokens and money."""
    settings.EVE_DAILY_TOKEN_BUDGET = 100_000
    settings.EVE_MONTHLY_BUDGET = 25
    today = timezone.now().date()
    TokenUsage.objects.create(
        day=today, input_tokens=3000, output_tokens=500, cost_usd=Decimal("0.0061")
    )
    if today.day > 1:
        TokenUsage.objects.create(
            day=today - dt.timedelta(days=1),
            input_tokens=1000,
            output_tokens=0,
            cost_usd=Decimal("0.0011"),
        )
    month_cost = "0.0072" if today.day > 1 else "0.0061"
    for path in ("/admin/eve/tokenusage/", "/admin/eve/chatlog/"):
        text = admin_client.get(path).content.decode()
        assert '<strong id="eve-spend-today">$0.0061</strong>' in text
        assert f'<strong id="eve-spend-month">${month_cost}</strong>' in text
        assert "of a monthly budget of $25.00" in text
        assert "<strong>3500</strong> used of\n  100000" in text
        assert "(the daily token budget is at most $0.55)" in text


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("owner", "owner@example.com", "pw-123456")
    client.force_login(user)
    return client
