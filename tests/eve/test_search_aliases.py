"""Typo tolerance and the owner-editable alias list: what a visitor types still finds the record."""

from __future__ import annotations

from eve.models import ContentVersion, SearchAlias
from eve.snapshot_cache import content_snapshot_get
from eve.spelling import Speller


def test_speller_corrects_typos_and_leaves_known_or_short_words_alone():
    """One edit for short words, transpositions count as one, known and short words untouched."""
    speller = Speller({"terraform": 3, "kubernetes": 2, "certifications": 1, "hand": 1})
    assert speller.correct("terrafrom") == "terraform"
    assert speller.correct("kubernets") == "kubernetes"
    assert speller.correct("certfications") == "certifications"
    assert speller.correct("terraform") == "terraform"
    assert speller.correct("hana") == "hana"  # four letters: a word the portfolio lacks
    assert speller.correct("azure") == "azure"  # nothing close enough


def test_index_rewrites_typos_against_the_content(portfolio):
    """Misspelt words find their record; a technology the portfolio lacks is still missing."""
    index = content_snapshot_get().index
    found = index.lookup("Has he used Terrafrom and Kubernets?", limit=4)
    assert "terraform" in found.question and "kubernetes" in found.question
    assert found.records and not found.missing
    assert index.lookup("Does he know Azure?", limit=4).missing == ("azure",)


def test_default_aliases_are_seeded(db):
    """The migration seeds common synonyms and acronyms for the owner to edit."""
    terms = dict(SearchAlias.objects.values_list("term", "means"))
    assert terms["k8s"] == "kubernetes"
    assert terms["brushing up on"] == "currently learning"
    assert terms["town"] == "location"


def test_an_owner_alias_changes_what_is_found(portfolio):
    """A new alias takes effect on the next question (saving it bumps the content version)."""
    question = "Any lakehouse work?"
    assert content_snapshot_get().index.lookup(question, limit=4).records == []
    before = ContentVersion.objects.get(pk=1).version
    SearchAlias.objects.create(term="lakehouse", means="dynamodb")
    assert ContentVersion.objects.get(pk=1).version > before
    found = content_snapshot_get().index.lookup(question, limit=4)
    assert found.records[0].slug == "serverless-resume"
    SearchAlias.objects.filter(term="lakehouse").update(active=False)
    SearchAlias.objects.get(term="k8s").save()  # any save bumps the version
    assert content_snapshot_get().index.lookup(question, limit=4).records == []


def test_aliases_are_edited_in_the_admin_next_to_the_wasteful_terms(owner):
    index = owner.get("/admin/eve/")
    assert b"Search aliases" in index.content and b"Wasteful-prompt terms" in index.content
    assert owner.get("/admin/eve/searchalias/").status_code == 200
    response = owner.post(
        "/admin/eve/searchalias/add/",
        {"term": "cloud native", "means": "kubernetes", "active": "on"},
    )
    assert response.status_code == 302
    assert SearchAlias.objects.filter(term="cloud native", means="kubernetes").exists()
