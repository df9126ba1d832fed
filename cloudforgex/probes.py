"""Answer the liveness and readiness probes before host validation.

The kubelet calls ``GET /health`` and ``GET /ready`` on the pod's own address
(``Host: 10.1.2.3:8000``), which is never in ``DJANGO_ALLOWED_HOSTS``, over
plain HTTP. Django's host check (``CommonMiddleware``, CSRF) would turn every
probe into a 400 and the pod would never become ready. This middleware sits
near the top of the stack and serves exactly those two paths itself; every
other request still goes through the full stack and the host check. The
probe answers name no host, so accepting any ``Host`` here leaks nothing.

``/ready`` is for the kubelet only: it touches the database and names failing
checks, so a request that came through a proxy (the ingress controller always
adds ``X-Forwarded-For``; the kubelet never does) gets a 404. The Ingress
denies the path too (k8s/ingress.yaml); this holds if that is ever lost.
"""

from cloudforgex import views
from cloudforgex.errors import json_error

_PROBES = {"/health": views.health, "/ready": views.ready}


class ProbeMiddleware:
    """Serve ``/health`` and ``/ready`` for any ``Host`` header, over HTTP or HTTPS."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        probe = _PROBES.get(request.path_info)
        if probe is None:
            return self.get_response(request)
        if probe is views.ready and "HTTP_X_FORWARDED_FOR" in request.META:
            return json_error(404, "not_found")
        return probe(request)
