"""Retention (purge_chat_logs), the admin screens, and content-version invalidation."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from eve.models import ChatLog, ContentVersion, KnowledgeEntry, TokenUsage, WastefulTerm
from eve.selectors import content_version_get


def _log(created_at):
    log = ChatLog.objects.create(message="m", source="guard")
    ChatLog.objects.filter(pk=log.pk).update(created_at=created_at)
    return log


def test_purge_deletes_only_rows_past_retention(db, settings):
    """purge_chat_logs removes rows older than EVE_LOG_RETENTION_DAYS and keeps the rest."""
    settings.EVE_LOG_RETENTION_DAYS = 30
    now = timezone.now()
    old, edge, fresh = (
        _log(now - dt.timedelta(days=31)),
        _log(now - dt.timedelta(days=29)),
        _log(now),
    )
    out = StringIO()
    call_command("purge_chat_logs", stdout=out)
    assert set(ChatLog.objects.values_list("pk", flat=True)) == {edge.pk, fresh.pk}
    assert "Deleted 1" in out.getvalue()
    call_command("purge_chat_logs", "--days", "0", stdout=StringIO())
    assert ChatLog.objects.count() == 0
    assert old.pk not in ChatLog.objects.values_list("pk", flat=True)


def test_default_wasteful_terms_are_seeded(db):
    """The migration seeds greetings, filler, test words and probes in several languages."""
    terms = set(WastefulTerm.objects.values_list("term", flat=True))
    assert {"hi", "hola", "bonjour", "howzit", "hallo", "ola", "test", "are you real"} <= terms
    kinds = set(WastefulTerm.objects.values_list("kind", flat=True))
    assert kinds == {"greeting", "filler", "test", "probe"}


@pytest.mark.parametrize(
    "make",
    [
        lambda: KnowledgeEntry.objects.create(title="New", body="Fact."),
        lambda: WastefulTerm.objects.create(term="zorg", kind="filler"),
        lambda: __import__("portfolio.models").models.Skill.objects.create(
            name="Go", category="Code"
        ),
        lambda: __import__("certificates.models").models.Certificate.objects.create(
            name="X", slug="x"
        ),
    ],
)
def test_any_content_save_or_delete_bumps_the_version(db, make):
    """Saving or deleting content moves the version that keys cached answers."""
    start = content_version_get()
    obj = make()
    assert content_version_get() == start + 1
    obj.delete()
    assert content_version_get() == start + 2


def test_version_row_is_recreated_if_missing(db):
    """Even with the row gone, a save still invalidates."""
    ContentVersion.objects.all().delete()
    KnowledgeEntry.objects.create(title="New", body="Fact.")
    assert content_version_get() >= 1


def test_chat_log_admin_is_read_only_and_shows_the_budget(owner, settings):
    """The owner sees logs and today's budget, and cannot add, edit or delete a log."""
    settings.EVE_DAILY_TOKEN_BUDGET = 1000
    TokenUsage.objects.create(day=timezone.now().date(), input_tokens=300, output_tokens=50)
    log = ChatLog.objects.create(message="What AWS certs?", source="model", input_tokens=300)
    page = owner.get("/admin/eve/chatlog/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "What AWS certs?" in text
    assert "<strong>350</strong> used of" in text and "<strong>650</strong> remaining" in text
    assert owner.get("/admin/eve/chatlog/add/").status_code == 403
    detail = owner.get(f"/admin/eve/chatlog/{log.pk}/change/")
    assert detail.status_code == 200 and b'name="message"' not in detail.content
    assert owner.post(f"/admin/eve/chatlog/{log.pk}/delete/").status_code == 403
    assert owner.get("/admin/eve/chatlog/?source=model&q=AWS").status_code == 200


def test_term_list_is_editable_in_the_admin(owner):
    """Wasteful terms, knowledge and suggestions are edited from their changelists."""
    for path in (
        "/admin/eve/wastefulterm/",
        "/admin/eve/knowledgeentry/",
        "/admin/eve/suggestedquestion/",
    ):
        assert owner.get(path).status_code == 200
    response = owner.post(
        "/admin/eve/wastefulterm/add/", {"term": "yoohoo", "kind": "greeting", "active": "on"}
    )
    assert response.status_code == 302
    assert WastefulTerm.objects.filter(term="yoohoo").exists()
