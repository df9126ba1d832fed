"""Full paths (mounted at the site root): the certificates API and the local signed-file view."""

from django.urls import path

from certificates import api, views

app_name = "certificates"
urlpatterns = [
    path("api/certificates/", api.CertificateListApi.as_view(), name="list"),
    # <str:slug> (anything but "/") so odd slugs reach the view and get the
    # API's JSON 404; the service validates the slug before any query.
    path("api/certificates/<str:slug>/url/", api.CertificateUrlCreateApi.as_view(), name="url"),
    path("certificates/files/<str:token>/", views.certificate_file, name="file"),
]
