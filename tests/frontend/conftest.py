"""Browser-test fixtures: one collectstatic + seed per session, one Chromium per session."""

import contextlib
import shutil
from pathlib import Path

import pytest

from tests.frontend import servers

ARTIFACTS = servers.ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Records CSP violations in the page itself (init scripts are exempt from the page's CSP).
RECORD_CSP_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(event.violatedDirective + " " + event.blockedURI);
});
"""


@pytest.fixture(scope="session")
def site_template(tmp_path_factory) -> tuple[Path, Path]:
    """(template workdir with a migrated, seeded SQLite file, collected static root)."""
    base = tmp_path_factory.mktemp("site")
    template, static_root = base / "template", base / "static"
    template.mkdir()
    env = servers.base_env(template, static_root)
    servers.manage(env, "migrate", "--noinput")
    servers.manage(env, "seed_demo")
    servers.manage(env, "collectstatic", "--noinput")
    return template, static_root


@pytest.fixture(scope="session")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path("/usr/bin/chromium").exists():
        pytest.skip("Debian's chromium is not installed")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


class PageWatch:
    """A page plus everything that went wrong in it: console errors, page errors, CSP violations."""

    def __init__(self, page):
        self.page = page
        self.console_errors: list[str] = []
        self.page_errors: list[str] = []
        page.on(
            "console",
            lambda message: message.type == "error" and self.console_errors.append(message.text),
        )
        page.on("pageerror", lambda error: self.page_errors.append(str(error)))

    def csp_violations(self) -> list[str]:
        return self.page.evaluate("window.__cspViolations || []")


@pytest.fixture
def open_page(browser):
    """Factory: a fresh browser context and page (viewport optional) that records problems."""
    contexts = []

    def factory(viewport: dict | None = None, **options) -> PageWatch:
        context = browser.new_context(
            viewport=viewport or {"width": 1280, "height": 900}, **options
        )
        context.add_init_script(RECORD_CSP_VIOLATIONS)
        contexts.append(context)
        return PageWatch(context.new_page())

    yield factory
    for context in contexts:
        context.close()


@contextlib.contextmanager
def running_site(site_template, workdir: Path, *, shell_code: str = "", **env_overrides: str):
    """A seeded copy of the site served on a free port; ``shell_code`` runs first (manage.py shell)."""
    workdir = copy_site(site_template, workdir)
    env = servers.base_env(workdir, site_template[1], **env_overrides)
    env.pop("AWS_PROFILE", None)
    if shell_code:
        servers.manage(env, "shell", "-c", shell_code)
    with servers.django_server(env, workdir / "server.log") as server:
        yield server


def copy_site(site_template, workdir: Path) -> Path:
    template, _static = site_template
    if workdir.exists():
        shutil.rmtree(workdir)
    servers.seeded_site(template, workdir)
    return workdir
