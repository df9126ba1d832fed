"""eve.sources drives what EVE reads: signals, snapshot records and links come from one table."""

from __future__ import annotations

import pytest
from django.db.models.signals import post_delete, post_save
from django.test import override_settings
from django.urls import clear_url_caches, path

from eve import links
from eve.snapshot_cache import content_snapshot_get
from eve.sources import SOURCES, content_models

# An API-only deployment: the site's pages are not mounted, so there is nothing to link to.
urlpatterns = [path("health", lambda request: None, name="health")]


def test_every_source_model_invalidates_answers_when_saved_or_deleted():
    """Each model in the table has the content-version receivers connected (no model forgotten)."""
    assert len(content_models()) == len(SOURCES)
    for model in content_models():
        uid = f"eve-content-version-{model._meta.label_lower}"
        for signal, suffix in ((post_save, "save"), (post_delete, "delete")):
            connected = {entry[0][0] for entry in signal.receivers}
            assert f"{uid}-{suffix}" in connected, model


def test_every_source_is_read_into_the_snapshot(portfolio):
    """Each source that builds records contributes to the index in the table's order."""
    groups = [record.group for record in content_snapshot_get().index.records]
    assert groups.index("project") < groups.index("certificate") < groups.index("knowledge")
    assert groups[-1] == "profile"
    assert {source.name for source in SOURCES} >= {"projects", "certificates", "profile"}


@pytest.mark.django_db
def test_links_come_from_the_sites_named_routes(portfolio):
    """Citations point where the site's routes say: project pages, home sections, the résumé."""
    records = {record.group: record for record in content_snapshot_get().index.records}
    project = records["project"]
    assert project.url == f"/projects/{project.slug}/"
    assert records["profile"].url == "/#about"
    assert records["experience"].url == "/#experience"
    assert links.resume_link() == "/resume.pdf"


@pytest.mark.django_db
def test_without_the_site_mounted_eve_links_nothing(portfolio):
    """An API-only URLconf: EVE cites without links rather than inventing paths."""
    clear_url_caches()
    try:
        with override_settings(ROOT_URLCONF=__name__):
            assert links.project_link(type("P", (), {"slug": "x"})) is None
            assert links.home_section_link(links.ABOUT) is None
    finally:
        clear_url_caches()
