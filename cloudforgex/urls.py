"""Root URLs: probes, admin, the JSON API (with its schema and docs) and the site."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularSwaggerSplitView

from cloudforgex import views
from cloudforgex.api_paths import API_PREFIX
from cloudforgex.openapi import SchemaView

admin.site.site_header = "CloudForgeX"
admin.site.site_title = "CloudForgeX admin"
admin.site.index_title = "Your portfolio and EVE"

urlpatterns = [
    path("health", views.health, name="health"),
    path("ready", views.ready, name="ready"),
    path(settings.ADMIN_URL, admin.site.urls),
    path(f"{API_PREFIX}schema/", SchemaView.as_view(), name="api-schema"),
    path(
        f"{API_PREFIX}docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api-schema"),
        name="api-docs",
    ),
    path(API_PREFIX, include("portfolio.urls")),
    path("", include("eve.urls")),
    path("", include("certificates.urls")),
    # Anything else under /api/ is a JSON 404, never the site's HTML page.
    re_path(rf"^{API_PREFIX}", views.page_not_found),
    path("", include("frontend.urls")),
]

handler400 = "cloudforgex.views.bad_request"
handler404 = "cloudforgex.views.page_not_found"
handler500 = "cloudforgex.views.server_error"
