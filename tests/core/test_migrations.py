"""Models and migrations agree: no model change is left without its migration."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_no_missing_migrations():
    """`makemigrations --check` finds nothing to write for any app."""
    try:
        call_command("makemigrations", "--check", "--dry-run", verbosity=1)
    except SystemExit as exit_:  # raised when a migration would be created
        pytest.fail(f"makemigrations --check found model changes without migrations ({exit_}).")
