"""Publish and order rules every visitor-facing query relies on."""

import pytest
from django.db import IntegrityError

from portfolio.models import Experience, Project, Skill
from tests.portfolio.factories import experience_create, project_create, skill_create

pytestmark = pytest.mark.django_db


def test_published_excludes_unpublished_rows_of_every_model():
    """published() hides unpublished projects, experience and skills."""
    shown = project_create(title="Shown")
    project_create(title="Hidden", published=False)
    experience_create(company="Visible Co")
    experience_create(company="Secret Co", published=False)
    skill_create(name="Terraform")
    skill_create(name="COBOL", published=False)
    assert list(Project.objects.published()) == [shown]
    assert [e.company for e in Experience.objects.published()] == ["Visible Co"]
    assert [s.name for s in Skill.objects.published()] == ["Terraform"]


def test_featured_is_a_subset_of_published_when_chained():
    """A featured but unpublished project is not featured on the site."""
    project_create(title="Draft", featured=True, published=False)
    live = project_create(title="Live", featured=True)
    assert list(Project.objects.published().featured()) == [live]


def test_projects_order_by_order_then_title():
    """Smaller order first; ties broken alphabetically."""
    project_create(title="Zeta", order=1)
    project_create(title="Alpha", order=2)
    project_create(title="Beta", order=1)
    assert [p.title for p in Project.objects.all()] == ["Beta", "Zeta", "Alpha"]


def test_experience_orders_by_order_then_creation():
    """Experience with equal order keeps the order it was entered in."""
    experience_create(company="Second", order=5)
    experience_create(company="First", order=0)
    experience_create(company="Third", order=5)
    assert [e.company for e in Experience.objects.all()] == ["First", "Second", "Third"]


def test_skill_name_is_unique_within_a_category():
    """The same skill cannot appear twice in one category (but may in another)."""
    skill_create(name="Python", category="Languages")
    skill_create(name="Python", category="Automation")
    with pytest.raises(IntegrityError):
        skill_create(name="Python", category="Languages")


def test_project_absolute_url_is_its_page():
    """A project links to its own page on the site."""
    assert project_create(slug="eks-platform").get_absolute_url() == "/projects/eks-platform/"
