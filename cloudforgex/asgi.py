"""ASGI entry point (not used by the shipped deploy paths, kept for completeness)."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudforgex.settings")

application = get_asgi_application()
