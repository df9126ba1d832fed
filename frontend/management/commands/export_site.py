"""``manage.py export_site OUTDIR --api-base URL``: the site as static files for S3/CloudFront.

The pages are rendered by the real views (so they match the live site), the
site's static files are written with content hashes, and every page carries
``<meta name="api-base">`` pointing at the API plus a ``<meta>`` CSP that lets
it call (and frame certificates from) that API and nothing else.
"""

import re
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.staticfiles.finders import AppDirectoriesFinder
from django.core.management.base import BaseCommand, CommandError
from django.test import Client, override_settings
from django.utils.html import escape

from cloudforgex.csp import origin_of
from frontend.storage import ExportStaticFilesStorage
from portfolio.selectors import project_list

SELF = "'self'"
# Directives a <meta> policy cannot carry (browsers ignore them and log an error).
_HEADER_ONLY_DIRECTIVES = {"frame-ancestors", "report-uri", "report-to", "sandbox"}


class Command(BaseCommand):
    help = "Write the site as static HTML with hashed assets, calling the API at --api-base."

    def add_arguments(self, parser):
        parser.add_argument("outdir", help="Folder to write (created if missing).")
        parser.add_argument(
            "--api-base", required=True, help="The API's origin, e.g. https://api.example.com"
        )
        parser.add_argument(
            "--site-url",
            default="",
            help="Where the static site will live (for canonical links and sitemap.xml).",
        )

    def handle(self, *args, outdir: str, api_base: str, site_url: str, **options):
        api_origin = _checked_origin(api_base, "--api-base")
        site_origin = _checked_origin(site_url, "--site-url") if site_url else ""
        out = Path(outdir).resolve()
        static_root = out / "static"
        host = urlsplit(site_origin).netloc or "localhost"
        storages = {
            **settings.STORAGES,
            "staticfiles": {
                "BACKEND": "frontend.storage.ExportStaticFilesStorage",
                "OPTIONS": {"location": str(static_root), "base_url": "/static/"},
            },
        }
        with override_settings(
            STORAGES=storages,
            STATIC_URL="/static/",
            STATIC_ROOT=str(static_root),
            SITE_API_BASE=api_base.rstrip("/"),
            DEBUG=False,
            ALLOWED_HOSTS=[host.split(":")[0]],
            SECURE_SSL_REDIRECT=False,
        ):
            count = _collect_static(static_root)
            client = _SiteClient(host=host, secure=site_origin.startswith("https:"))
            policy = _meta_policy(api_origin)
            pages = {"/": "index.html"}
            for project in project_list():
                pages[project.get_absolute_url()] = (
                    f"{project.get_absolute_url().strip('/')}/index.html"
                )
            for path, target in pages.items():
                self._write(out / target, _page(client, path, 200, policy, site_origin))
            self._write(
                out / "404.html", _page(client, "/__export_missing__/", 404, policy, site_origin)
            )
            robots = client.get("/robots.txt").content.decode()
            if site_origin:
                self._write(out / "sitemap.xml", client.get("/sitemap.xml").content.decode())
            else:
                robots = re.sub(r"(?m)^Sitemap:.*\n?", "", robots)
            self._write(out / "robots.txt", robots)
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {len(pages) + 1} pages and {count} static files to {out} "
                f"(API at {api_origin})."
            )
        )
        if not site_origin:
            self.stdout.write("No --site-url given: canonical links and sitemap.xml were left out.")

    def _write(self, path: Path, text: str) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")


class _SiteClient(Client):
    """A test client that asks for every page as the static site's own host and scheme."""

    def __init__(self, *, host: str, secure: bool):
        super().__init__(HTTP_HOST=host)
        self.secure = secure

    def get(self, path, *args, **kwargs):
        return super().get(path, *args, secure=self.secure, **kwargs)


def _checked_origin(url: str, option: str) -> str:
    origin = origin_of(url)
    if not origin or urlsplit(url).scheme not in ("http", "https"):
        raise CommandError(f"{option} must be an absolute http(s) URL, got {url!r}.")
    return origin


def _collect_static(static_root: Path) -> int:
    """Copy the site's own static files and write their hashed names (no admin or Swagger files)."""
    storage = ExportStaticFilesStorage(location=str(static_root), base_url="/static/")
    found = {}
    for path, source in AppDirectoriesFinder(app_names=["frontend"]).list(["*.map"]):
        if storage.exists(path):
            storage.delete(path)
        with source.open(path) as handle:
            storage.save(path, handle)
        found[path] = (source, path)
    for name, _hashed, processed in storage.post_process(found):
        if isinstance(processed, Exception):
            raise CommandError(f"Could not hash {name}: {processed}")
    return len(found)


def _meta_policy(api_origin: str) -> str:
    """The site's CSP for a <meta> tag: API calls and certificate frames go to the API's side."""
    directives = {
        name: str(value)
        for name, value in settings.CONTENT_SECURITY_POLICY.items()
        if name not in _HEADER_ONLY_DIRECTIVES
    }
    frame = str(settings.CONTENT_SECURITY_POLICY.get("frame-src", "'self'"))
    directives["connect-src"] = f"'self' {api_origin}"
    # The owner's photo is served by the API's side too.
    directives["img-src"] = f"{directives.get('img-src', SELF)} {api_origin}"
    # Local signed certificate links live on the API's origin, not the static host.
    directives["frame-src"] = api_origin if frame == "'self'" else frame
    return "; ".join(f"{name} {value}" for name, value in directives.items())


def _page(client: _SiteClient, path: str, status: int, policy: str, site_origin: str) -> str:
    response = client.get(path)
    if response.status_code != status:
        raise CommandError(f"{path} answered {response.status_code}, expected {status}.")
    html = response.content.decode()
    meta = f'<meta http-equiv="Content-Security-Policy" content="{escape(policy)}">'
    html = html.replace('<meta charset="utf-8">', f'<meta charset="utf-8">\n  {meta}', 1)
    if not site_origin:
        # Without the site's address there is no true absolute URL to share.
        html = re.sub(
            r'\s*<link rel="canonical"[^>]*>|\s*<meta property="og:(?:url|image)[^>]*>'
            r'|\s*<meta name="twitter:image[^>]*>'
            r'|\s*<script type="application/ld\+json">.*?</script>',
            "",
            html,
            flags=re.S,
        )
    return html
