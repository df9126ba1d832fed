"""Conversations: a server-issued id, follow-ups that know what the thread is about, honest caching."""

from __future__ import annotations

import itertools
import re

import pytest

from eve import selectors
from eve.conversations import conversation_id_issue, conversation_id_verified
from eve.models import ChatLog
from eve.services import chat_logs_purge
from tests.eve.conftest import CHAT_URL

ID_SHAPE = re.compile(r"^[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{22}$")
SERVERLESS_STACK = ("AWS Lambda", "API Gateway", "DynamoDB", "Costs under $1 a month")
EKS_STACK = ("Helm", "Argo CD", "Karpenter")


@pytest.fixture
def say(api_client):
    """Send a message (optionally in a conversation); returns the reply body."""

    def send(message: str, conversation_id: str | None = None, **payload) -> dict:
        if conversation_id is not None:
            payload["conversation_id"] = conversation_id
        response = api_client.post(CHAT_URL, {"message": message, **payload}, format="json")
        assert response.status_code == 200, response.content
        return response.json()

    return send


def test_every_reply_carries_an_issued_id_that_continues_the_thread(portfolio, say):
    """The first reply issues an opaque id; sending it back keeps the same conversation."""
    first = say("Tell me about the Serverless Resume API")
    assert ID_SHAPE.match(first["conversation_id"])
    second = say("What stack did it use?", first["conversation_id"])
    assert second["conversation_id"] == first["conversation_id"]
    other = say("Tell me about the Serverless Resume API")
    assert other["conversation_id"] != first["conversation_id"]
    rows = ChatLog.objects.filter(conversation_id=first["conversation_id"])
    assert rows.count() == 2


def test_guard_blocks_and_canned_answers_carry_the_id_too(portfolio, say):
    """Every 200, even a nudge or a canned answer, names its conversation."""
    assert ID_SHAPE.match(say("hi")["conversation_id"])
    assert ID_SHAPE.match(say("What is Thabo's strongest skill?")["conversation_id"])


@pytest.mark.parametrize(
    "forged",
    [
        "abc",
        "1",
        "x" * 64,
        "AAAAAAAAAAAAAAAAAAAAAA.AAAAAAAAAAAAAAAAAAAAAA",
        "",
    ],
)
def test_unknown_or_forged_ids_start_a_fresh_conversation(portfolio, say, forged):
    """An id this server never issued gets a new id and no history."""
    body = say("What stack did it use?", forged)
    assert body["conversation_id"] != forged and ID_SHAPE.match(body["conversation_id"])
    assert conversation_id_verified(forged) == ""


def test_a_tampered_id_never_joins_someone_elses_thread(portfolio, say):
    """Changing one character of a real id (or re-signing it) does not reach that thread."""
    victim = say("Tell me about the Serverless Resume API")["conversation_id"]
    token, signature = victim.split(".")
    flipped = "A" if signature[0] != "A" else "B"
    for forged in (f"{token}.{flipped}{signature[1:]}", f"{token[:-1]}x.{signature}"):
        body = say("What stack did it use?", forged)
        assert body["conversation_id"] not in (victim, forged)
        assert "DynamoDB" not in body["response"]  # nothing from the victim's thread
    assert ChatLog.objects.filter(conversation_id=victim).count() == 1


def test_ids_are_signed_with_the_secret_key(settings):
    """Rotating the secret key (with the old one as a fallback) keeps live conversations."""
    issued = conversation_id_issue()
    assert conversation_id_verified(issued) == issued
    old = settings.SECRET_KEY
    settings.SECRET_KEY = "another-secret-" + "y" * 40
    assert conversation_id_verified(issued) == ""
    settings.SECRET_KEY_FALLBACKS = [old]
    assert conversation_id_verified(issued) == issued


def test_session_id_is_accepted_as_an_alias(portfolio, say):
    """Old clients send session_id: an issued id there continues the thread (and is still logged)."""
    first = say("Tell me about the Serverless Resume API")
    body = say("What stack did it use?", session_id=first["conversation_id"])
    assert body["conversation_id"] == first["conversation_id"]
    assert all(part in body["response"] for part in SERVERLESS_STACK)
    assert ChatLog.objects.order_by("-id").first().session_id == first["conversation_id"][:64]


def test_knowledge_base_follow_up_answers_from_the_threads_project(portfolio, say):
    """ "What stack did it use?" after a project answers with that project's stack and highlights."""
    first = say("Tell me about the Serverless Resume API")
    assert first["citations"][0]["slug"] == "serverless-resume"
    selectors._snapshot = None  # as if another worker answered the next turn
    body = say("What stack did it use?", first["conversation_id"])
    assert body["source"] == "knowledge_base"
    assert all(part in body["response"] for part in SERVERLESS_STACK), body["response"]
    assert not any(part in body["response"] for part in EKS_STACK)
    assert body["citations"][0]["slug"] == "serverless-resume"
    # The same words with no thread are not about that project.
    alone = say("What stack did it use?")
    assert "DynamoDB" not in alone["response"]


def test_follow_up_about_a_job_says_how_long(portfolio, say):
    """ "How long was he there?" after the current job answers with that job's period."""
    first = say("What is his current role?")
    assert first["citations"][0]["title"] == "Senior Cloud Engineer at Acme Bank"
    body = say("How long was he there?", first["conversation_id"])
    assert "2022 – present" in body["response"] and "Acme Bank" in body["response"]
    assert "Hoodie Labs" not in body["response"]


def test_a_new_topic_mid_thread_is_answered_on_its_own(portfolio, say):
    """A follow-up without a reference ("Where did he study?") is not bent toward the thread."""
    first = say("Tell me about the Serverless Resume API")
    body = say("Where did he study?", first["conversation_id"])
    assert "University of Cape Town" in body["response"]
    assert "DynamoDB" not in body["response"]


def test_guard_blocks_and_canned_answers_do_not_break_the_thread(portfolio, say):
    """A nudge and a canned answer in between: the follow-up still knows the project."""
    conversation = say("Tell me about the EKS Platform Blueprint")["conversation_id"]
    assert say("hi", conversation)["source"] == "guard"
    assert say("What is Thabo's strongest skill?", conversation)["source"] == "canned"
    body = say("What stack did it use?", conversation)
    assert all(part in body["response"] for part in EKS_STACK), body["response"]


def test_follow_ups_are_cached_under_what_they_resolved_to(portfolio, say):
    """The same follow-up words about two projects are two answers; a first turn never gets one."""
    serverless = say("Tell me about the Serverless Resume API")["conversation_id"]
    eks = say("Tell me about the EKS Platform Blueprint")["conversation_id"]
    about_serverless = say("What stack did it use?", serverless)
    about_eks = say("What stack did it use?", eks)
    assert "DynamoDB" in about_serverless["response"]
    assert "Argo CD" in about_eks["response"] and "DynamoDB" not in about_eks["response"]
    # Another conversation about the same project is served from the cache, correctly.
    again = say("Tell me about the Serverless Resume API")["conversation_id"]
    cached = say("What stack did it use?", again)
    assert cached["source"] == "cache" and cached["response"] == about_serverless["response"]
    # A first turn asking the same words is not handed a follow-up's answer.
    first_turn = say("What stack did it use?")
    assert first_turn["response"] != about_serverless["response"]
    assert first_turn["response"] != about_eks["response"]


def test_first_turns_are_cached_as_before(portfolio, say):
    """Two visitors asking the same first question: the second is a cache hit."""
    assert say("What projects use Terraform?")["source"] == "knowledge_base"
    assert say("What projects use Terraform?")["source"] == "cache"


def test_purged_logs_take_the_thread_with_them(portfolio, say):
    """Turns are ChatLog rows: purge_chat_logs removes them and the thread forgets."""
    conversation = say("Tell me about the Serverless Resume API")["conversation_id"]
    assert chat_logs_purge(older_than_days=-1) == 1
    body = say("What stack did it use?", conversation)
    assert "DynamoDB" not in body["response"]


# ---------------------------------------------------------------- the model's history


def test_second_converse_request_carries_the_first_turn(portfolio, say, fake_bedrock):
    """Bedrock gets (user, assistant, user): the first question, EVE's answer, the follow-up."""
    first = say("Tell me about the Serverless Resume API")
    second = say("What did it cost to run?", first["conversation_id"])
    assert second["source"] == "model"
    opening, follow_up = fake_bedrock.requests
    assert opening.roles == ["user"]
    assert follow_up.roles == ["user", "assistant", "user"]
    texts = [message["content"][0]["text"] for message in follow_up.messages]
    assert texts == [
        "Tell me about the Serverless Resume API",
        first["response"],
        "What did it cost to run?",
    ]
    # Retrieval read the follow-up in the light of the thread: the project leads the facts.
    assert "[1] Project Serverless Resume API" in follow_up.system_text


def test_history_stays_within_its_allowance_oldest_dropped_first(
    portfolio, say, fake_bedrock, settings
):
    """With a small EVE_HISTORY_TOKENS only the latest turns go, whole and alternating."""
    settings.EVE_HISTORY_TOKENS = 60
    questions = [
        "Tell me about the Serverless Resume API",
        "Tell me about the EKS Platform Blueprint",
        "What email spam filtering work has he done?",
        "Where did he study?",
    ]
    conversation = None
    for question in questions:
        conversation = say(question, conversation)["conversation_id"]
    last = fake_bedrock.requests[-1]
    roles = last.roles
    assert roles[0] == "user" and roles[-1] == "user"
    assert all(a != b for a, b in itertools.pairwise(roles))
    history = last.messages[:-1]
    assert 2 <= len(history) < 2 * (len(questions) - 1)  # something kept, the oldest dropped
    texts = [message["content"][0]["text"] for message in history]
    assert "Tell me about the Serverless Resume API" not in texts
    assert texts[-2] == "What email spam filtering work has he done?"  # newest pair kept
    assert sum(len(text) for text in texts) // 4 <= 60


def test_guard_blocks_are_not_sent_to_the_model(portfolio, say, fake_bedrock):
    """A nudge in the thread is not part of the model's history."""
    conversation = say("Tell me about the Serverless Resume API")["conversation_id"]
    say("hi", conversation)
    say("What did it cost to run?", conversation)
    texts = [m["content"][0]["text"] for m in fake_bedrock.requests[-1].messages]
    assert "hi" not in texts and len(texts) == 3


@pytest.mark.parametrize("value", [7, None, ["a"], {"id": "x"}, "é" * 500, "a.b" * 100])
def test_odd_conversation_ids_are_a_fresh_start_not_an_error(portfolio, say, value):
    """Any JSON value where the id goes gets a 200 and a newly issued id."""
    body = say("Which projects use Terraform?", conversation_id=value)
    assert ID_SHAPE.match(body["conversation_id"])


def test_idioms_are_not_references(portfolio, say):
    """ "these days" points at nothing; "those" after a listing points at the whole listing."""
    conversation = say("Tell me about the Serverless Resume API")["conversation_id"]
    idiom = say("What is he working on these days?", conversation)
    assert not idiom["response"].startswith("**[Serverless Resume API]")
    listing = say("Which projects use Terraform?")
    cited = [c["title"] for c in listing["citations"] if c["kind"] == "project"]
    assert len(cited) >= 2
    body = say("Tell me more about those", listing["conversation_id"])
    for title in cited:
        assert f"**[{title}]" in body["response"], body["response"]
