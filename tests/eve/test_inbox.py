"""The unanswered-questions inbox, and the owner turning a question into content."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

from eve.models import ChatFeedback, InboxDismissal, KnowledgeEntry, SuggestedQuestion
from tests.eve.factories import log_row

INBOX = "/admin/eve/chatlog/inbox/"


def _groups(client) -> dict:
    return {group.key: group for group in client.get(INBOX).context["groups"]}


def test_unanswered_questions_are_grouped_with_counts_and_reasons(owner, db):
    """Don't-know, weak retrieval, degraded and thumbs-down rows land here; good answers do not."""
    dont_know = "I don't have that information in Thabo's portfolio. You're welcome to ask."
    log_row(message="Does he speak Japanese?", response=dont_know, citations=[], days_ago=2)
    last = log_row(message="does he speak japanese", response=dont_know, citations=[])
    log_row(message="Anything on Azure?", degraded=True, fallback_reason="timeout:read")
    disliked = log_row(message="Which projects use Terraform?")
    ChatFeedback.objects.create(chat_log=disliked, helpful=False, comment="<b>missed one</b>")
    log_row(message="Which projects use Kubernetes?")  # a good answer
    log_row(message="What is his strongest skill?", source="canned", citations=[])  # canned: fine
    log_row(message="asdf", source="guard", blocked="wasteful", citations=[])

    groups = _groups(owner)
    assert set(groups) == {
        "does he speak japanese",
        "anything on azure",
        "which projects use terraform",
    }
    japanese = groups["does he speak japanese"]
    assert (japanese.count, japanese.dont_know, japanese.weak) == (2, 2, 2)
    assert japanese.last_seen == last.created_at
    assert groups["anything on azure"].degraded == 1
    assert groups["which projects use terraform"].thumbs_down == 1
    page = owner.get(INBOX).content.decode()
    assert "Answer with a knowledge entry" in page and "Dismiss" in page
    assert "<b>missed one</b>" not in page and "&lt;b&gt;missed one&lt;/b&gt;" in page


def test_dismiss_is_persisted_until_the_question_comes_back(owner, db):
    log_row(
        message="Does he speak Japanese?", response="I don't have that information.", citations=[]
    )
    response = owner.post(
        f"{INBOX}dismiss/", {"question_key": "does he speak japanese", "days": "30"}
    )
    assert response.status_code == 302
    assert InboxDismissal.objects.filter(question_key="does he speak japanese").exists()
    assert _groups(owner) == {}
    log_row(
        message="Does he speak JAPANESE??", response="I don't have that information.", citations=[]
    )
    assert _groups(owner)["does he speak japanese"].count == 1  # only the new ask
    assert owner.get(f"{INBOX}dismiss/").status_code == 405


def _href(page: str, label: str) -> str:
    match = re.search(r'<a class="button" href="([^"]+)">' + re.escape(label), page)
    assert match, f"no {label!r} link"
    return html.unescape(match.group(1))


def test_owner_answers_an_unanswered_question_and_the_next_visitor_gets_a_grounded_answer(
    owner, portfolio, chat
):
    question = "Does Thabo speak Japanese?"
    first = chat(question).json()
    # EVE says it has nothing on Japanese (perhaps offering related records instead).
    assert first["source"] == "knowledge_base" and "I don't have" in first["response"]
    assert "JLPT" not in first["response"]

    page = owner.get(INBOX).content.decode()
    add_url = _href(page, "Answer with a knowledge entry")
    query = parse_qs(urlsplit(add_url).query)
    assert query["title"] == [question] and "japanese" in query["tags"][0].split("\n")
    form = owner.get(add_url)
    assert form.status_code == 200
    assert form.context["adminform"].form.initial["title"] == question
    assert f'value="{question}"' in html.unescape(form.content.decode())

    saved = owner.post(
        add_url,
        {
            "title": question,
            "body": "Thabo speaks conversational Japanese (JLPT N3) from two years in Osaka.",
            "tags": query["tags"][0],
            "order": 0,
            "published": "on",
        },
    )
    assert saved.status_code == 302, saved.context["adminform"].form.errors
    entry = KnowledgeEntry.objects.get(title=question)
    assert "japanese" in entry.tags

    second = chat("does thabo speak japanese").json()
    assert "I don't have" not in second["response"]
    assert "JLPT N3" in second["response"]
    assert {"kind": "knowledge", "title": question} in [
        {"kind": c["kind"], "title": c["title"]} for c in second["citations"]
    ]
    assert "does thabo speak japanese" not in _groups(owner)  # answered: out of the inbox


def test_make_it_a_suggested_question_prefills_the_question(owner, db):
    log_row(
        message="What's his notice period?", response="I don't have that information.", citations=[]
    )
    page = owner.get(INBOX).content.decode()
    add_url = _href(page, "Make it a suggested question with a canned answer")
    form = owner.get(add_url)
    assert form.context["adminform"].form.initial["question"] == "What's his notice period?"
    owner.post(
        add_url,
        {
            "question": "What's his notice period?",
            "answer": "One month.",
            "order": 1,
            "active": "on",
        },
    )
    assert SuggestedQuestion.objects.get().answer == "One month."
    assert _groups(owner) == {}
