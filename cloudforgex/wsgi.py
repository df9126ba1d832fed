"""WSGI entry point for gunicorn and Zappa."""

import json
import os

from django.core.wsgi import get_wsgi_application

from cloudforgex.metrics import wsgi_wrap

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudforgex.settings")

_NO_HOST = json.dumps({"error": "The request has no Host header.", "code": "bad_request"}).encode()


def host_required(app):
    """Answer 400 to a request without a ``Host`` header.

    Django would fall back to the server's own name (SERVER_NAME), which can
    be an allowed host (127.0.0.1), and serve a request HTTP/1.1 forbids. Done
    here rather than in a middleware because Django's test client sends no
    Host either: only real servers come through this wrapper.
    """

    def application(environ, start_response):
        if not environ.get("HTTP_HOST"):
            start_response(
                "400 Bad Request",
                [("Content-Type", "application/json"), ("Content-Length", str(len(_NO_HOST)))],
            )
            return [_NO_HOST]
        return app(environ, start_response)

    return application


# With METRICS_PORT set (the container), requests to that port get the
# Prometheus scrape (before the Host check: scrapers need none); all others
# reach Django. Zappa does not use this module.
application = wsgi_wrap(host_required(get_wsgi_application()))
