"""Full paths (mounted at the site root): the certificates API and the local signed-file view."""

from django.urls import path

from certificates import api, views
from cloudforgex.api_paths import API_PREFIX

app_name = "certificates"
urlpatterns = [
    path(f"{API_PREFIX}certificates/", api.CertificateListApi.as_view(), name="list"),
    # <str:slug> (anything but "/") so odd slugs reach the view and get the
    # API's JSON 404; the service validates the slug before any query.
    path(
        f"{API_PREFIX}certificates/<str:slug>/url/",
        api.CertificateUrlCreateApi.as_view(),
        name="url",
    ),
    path("certificates/files/<str:token>/", views.certificate_file, name="file"),
]
