"""EVE's admin as the owner meets it: tags one per line, and the widget's chip count said out loud."""

import pytest
from django.contrib.auth import get_user_model

from eve.models import KnowledgeEntry, SuggestedQuestion

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner_client(client):
    owner = get_user_model().objects.create_superuser("owner", "o@example.com", "pw-owner-123")
    client.force_login(owner)
    return client


def test_knowledge_tags_are_typed_one_per_line(owner_client):
    """The tags box takes plain lines (no JSON) and shows saved tags the same way."""
    response = owner_client.post(
        "/admin/eve/knowledgeentry/add/",
        {
            "title": "Education",
            "body": "BSc Computer Science.",
            "tags": "degree\n  university \n\nBSc",
            "order": 0,
            "published": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:1500]
    entry = KnowledgeEntry.objects.get(title="Education")
    assert entry.tags == ["degree", "university", "BSc"]
    form = owner_client.get(f"/admin/eve/knowledgeentry/{entry.pk}/change/").content.decode()
    assert "degree\nuniversity\nBSc</textarea>" in form
    assert "valid JSON" not in form


def test_suggested_questions_list_says_how_many_chips_show(owner_client):
    """The owner reads how the widget offers the questions: N as chips, the rest behind "More"."""
    for number in range(5):
        SuggestedQuestion.objects.create(question=f"Question {number}?", order=number)
    html = owner_client.get("/admin/eve/suggestedquestion/").content.decode()
    assert f"the first {SuggestedQuestion.CHIPS_SHOWN} as chips" in html
    assert "5 questions are active now" in html
