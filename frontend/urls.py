from django.contrib.sitemaps.views import sitemap
from django.urls import path

from frontend import views
from frontend.sitemaps import SITEMAPS

app_name = "frontend"
urlpatterns = [
    path("", views.home, name="home"),
    path("projects/<slug:slug>/", views.project_detail, name="project-detail"),
    path("resume.pdf", views.resume, name="resume"),
    path("photo", views.profile_photo, name="photo"),
    path("robots.txt", views.robots_txt, name="robots"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
]
