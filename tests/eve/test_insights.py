"""The EVE insights page: staff only, and every number equal to the rows the test wrote."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from certificates.models import Certificate, CertificateAccess
from eve.models import ChatFeedback, ChatLog
from tests.eve.factories import log_row

OWNER_PAGES = [
    "/admin/eve/chatlog/insights/",
    "/admin/eve/chatlog/inbox/",
    "/admin/eve/chatlog/try/",
    "/admin/eve/chatlog/export/chat-logs.csv",
    "/admin/eve/chatlog/export/feedback.csv",
]


@pytest.mark.parametrize("path", OWNER_PAGES)
def test_anonymous_visitors_are_sent_to_the_admin_login(client, db, path):
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/?next=")


@pytest.mark.parametrize("path", OWNER_PAGES)
def test_signed_in_non_staff_get_403(client, django_user_model, path):
    client.force_login(django_user_model.objects.create_user("visitor", password="pw-123456"))
    assert client.get(path).status_code == 403


@pytest.mark.parametrize("path", OWNER_PAGES)
def test_staff_need_permission_to_read_chat_logs(client, django_user_model, path):
    """Staff without eve.view_chatlog get 403; with it, the page."""
    user = django_user_model.objects.create_user("editor", password="pw-123456", is_staff=True)
    client.force_login(user)
    assert client.get(path).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_chatlog"))
    client.force_login(django_user_model.objects.get(pk=user.pk))
    assert client.get(path).status_code == 200


def test_the_admin_index_links_the_owner_pages(owner):
    page = owner.get("/admin/").content.decode()
    for path in (
        "/admin/eve/chatlog/insights/",
        "/admin/eve/chatlog/inbox/",
        "/admin/eve/chatlog/try/",
    ):
        assert f'href="{path}"' in page


@pytest.fixture
def period_rows(db):
    """A known mix: today, yesterday, and rows outside the 7- and 30-day periods."""
    for message in ("hi", "lol"):
        log_row(message=message, source="guard", blocked="wasteful", citations=[], latency_ms=1)
    for latency in (10, 20, 30):
        log_row(
            message="What is his strongest skill?",
            source="canned",
            citations=[],
            latency_ms=latency,
        )
    log_row(message="what is his STRONGEST skill", source="cache", latency_ms=40)
    log_row(message="Which projects use Terraform?", latency_ms=50)
    log_row(message="Which projects use Terraform", latency_ms=60)
    for latency in (700, 800):
        log_row(
            message="Tell me about the EKS platform",
            source="model",
            input_tokens=400,
            output_tokens=100,
            cost_usd=Decimal("0.000225"),
            latency_ms=latency,
            citations=[
                {"kind": "project", "title": "EKS Platform Blueprint", "slug": "eks", "url": None}
            ],
        )
    log_row(
        message="Anything on Azure?", degraded=True, fallback_reason="timeout:read", latency_ms=900
    )
    yesterday = log_row(
        days_ago=1,
        message="Tell me about the EKS platform",
        source="model",
        input_tokens=300,
        output_tokens=100,
        cost_usd=Decimal("0.000200"),
        latency_ms=1000,
    )
    ChatFeedback.objects.create(chat_log=yesterday, helpful=False, comment="too long")
    ChatFeedback.objects.create(
        chat_log=ChatLog.objects.filter(source="canned").first(), helpful=True
    )
    log_row(days_ago=10, message="Old question", latency_ms=5)
    log_row(days_ago=45, message="Older question", source="model", input_tokens=1000, latency_ms=5)
    certificate = Certificate.objects.create(
        name="Certified Kubernetes Administrator",
        slug="cka",
        issuer="CNCF",
        issued_on=dt.date(2024, 1, 1),
    )
    for _ in range(3):
        CertificateAccess.objects.create(certificate=certificate)
    CertificateAccess.objects.create(
        certificate=certificate, created_at=timezone.now() - dt.timedelta(days=20)
    )


def test_insights_numbers_equal_the_rows_written(owner, period_rows):
    response = owner.get("/admin/eve/chatlog/insights/?days=7")
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.questions == 12  # 11 today + 1 yesterday; ten days ago is outside 7 days
    assert summary.answered == 10  # the two guard blocks are not answers
    assert summary.without_model == 6  # canned 3 + cache 1 + knowledge base 2
    assert response.context["summary"].share_without_model == 0.6
    assert summary.tokens == 2 * 500 + 400
    assert summary.cost_usd == Decimal("0.000650")
    assert (summary.helpful, summary.not_helpful) == (1, 1)

    today = response.context["rows"][-1]
    assert today.day == timezone.now().date()
    assert today.counts == {
        "guard": 2,
        "canned": 3,
        "cache": 1,
        "knowledge_base": 2,
        "model": 2,
        "degraded": 1,
    }
    assert (today.tokens, today.cost_usd) == (1000, Decimal("0.000450"))
    yesterday = response.context["rows"][-2]
    assert yesterday.counts["model"] == 1 and yesterday.tokens == 400
    assert len(response.context["rows"]) == 7

    top = {group.key: group.count for group in response.context["top_questions"]}
    assert top["what is his strongest skill"] == 4  # canned + cache, case and "?" ignored
    assert top["which projects use terraform"] == 2
    assert top["tell me about the eks platform"] == 3
    assert "hi" not in top
    cited = {title: count for _, title, count in response.context["top_cited"]}
    assert cited == {"Serverless Resume API": 5, "EKS Platform Blueprint": 2}
    assert response.context["top_certificates"] == [("Certified Kubernetes Administrator", 3)]

    page = response.content.decode()
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in page
    assert 'id="eve-daily"' in page and "<script" not in page.split('id="content"')[1]


def test_latency_median_and_p95(owner, period_rows):
    """Nearest-rank percentiles over the answered rows (guard blocks excluded)."""
    summary = owner.get("/admin/eve/chatlog/insights/?days=7").context["summary"]
    # canned 10 20 30, cache 40, knowledge base 50 60, model 700 800, degraded 900, yesterday 1000
    assert summary.median_latency_ms == 50  # rank ceil(0.5 * 10) = 5
    assert summary.p95_latency_ms == 1000  # rank ceil(0.95 * 10) = 10


def test_a_longer_period_includes_older_rows(owner, period_rows):
    summary = owner.get("/admin/eve/chatlog/insights/?days=90").context["summary"]
    assert summary.questions == 14
    assert owner.get("/admin/eve/chatlog/insights/?days=30").context["summary"].questions == 13
    assert owner.get("/admin/eve/chatlog/insights/?days=banana").context["days"] == 30


def test_empty_period_renders(owner, db):
    response = owner.get("/admin/eve/chatlog/insights/")
    assert response.status_code == 200
    assert response.context["summary"].median_latency_ms is None


def test_daily_table_columns_line_up_with_the_headers(owner, period_rows):
    """The screen-reader table has one cell per how-answered column, in the chart's order."""
    page = owner.get("/admin/eve/chatlog/insights/?days=7").content.decode()
    today = timezone.now().date().isoformat()
    row = page.split(f'<th scope="row">{today}</th>')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    # guard, canned, cache, knowledge base, model, degraded, total, tokens, cost
    assert cells == ["2", "3", "1", "2", "2", "1", "11", "1000", "0.0005"]
