"""The home page, project pages, the admin and the API docs in a real Chromium under the real CSP."""

import pytest

from tests.frontend import servers
from tests.frontend.conftest import copy_site

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def site(site_template, tmp_path_factory):
    workdir = copy_site(site_template, tmp_path_factory.mktemp("home") / "site")
    env = servers.base_env(workdir, site_template[1])
    with servers.django_server(env, workdir / "server.log") as server:
        yield server


def test_screens(site, open_page, artifacts):
    """Smoke: take screenshots."""
    for name, viewport in {
        "mobile": {"width": 375, "height": 812},
        "desktop": {"width": 1366, "height": 900},
    }.items():
        watch = open_page(viewport)
        watch.page.goto(site.url + "/")
        watch.page.screenshot(path=str(artifacts / f"home-{name}.png"), full_page=True)
        print(name, watch.console_errors, watch.page_errors, watch.csp_violations())
