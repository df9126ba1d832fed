"""A new owner's first hour in a real Chromium: edit a demo project in the admin, remove the demo."""

import subprocess

import pytest
from playwright.sync_api import expect

from tests.frontend import servers
from tests.frontend.conftest import running_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]

OWNER = (
    "from django.contrib.auth import get_user_model; "
    "get_user_model().objects.create_superuser('owner', 'owner@example.com', 'pw-owner-12345')"
)
MY_SUMMARY = "My own words: the portfolio you are looking at, rebuilt by me."


def test_remove_demo_after_an_owner_edit_keeps_the_edited_row(
    site_template, tmp_path_factory, open_page
):
    """The owner edits one demo project in the admin; remove_demo names it, keeps it, and removes the rest."""
    workdir = tmp_path_factory.mktemp("owner-browser") / "site"
    with running_site(site_template, workdir, shell_code=OWNER) as server:
        watch = open_page({"width": 1366, "height": 900})
        page = watch.page
        page.goto(server.url + "/admin/login/")
        page.fill("input[name=username]", "owner")
        page.fill("input[name=password]", "pw-owner-12345")
        page.click("input[type=submit]")
        page.goto(server.url + "/admin/portfolio/project/?q=cloudforgex")
        page.locator("#result_list a", has_text="CloudForgeX").first.click()
        page.fill("textarea[name=summary], input[name=summary]", MY_SUMMARY)
        page.click("input[name=_save]")
        expect(page.locator(".messagelist .success")).to_be_visible()

        result = subprocess.run(
            [servers.PYTHON, "manage.py", "remove_demo"],
            cwd=servers.ROOT,
            env=server.env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        assert 'project "cloudforgex": summary changed' in result.stdout

        page.goto(server.url + "/")
        cards = page.locator("#projects .project-card")
        assert cards.count() == 1 and MY_SUMMARY in cards.first.inner_text()
        assert page.locator("#projects .project-list-item").count() == 0
        assert page.locator("#certifications").count() == 0
        assert page.locator("#experience").count() == 0
        assert page.locator("h1").inner_text() == "CloudForgeX"  # the demo profile went too
        assert page.request.get(server.url + "/api/certificates/").json() == []
        assert watch.csp_violations() == [] and watch.page_errors == []
