"""The portfolio's JSON API, mounted under /api/ by cloudforgex.urls."""

from django.urls import path

from portfolio import api

app_name = "portfolio"
urlpatterns = [
    path("profile/", api.ProfileDetailApi.as_view(), name="profile"),
    path("projects/", api.ProjectListApi.as_view(), name="project-list"),
    path("projects/<slug:slug>/", api.ProjectDetailApi.as_view(), name="project-detail"),
    path("experience/", api.ExperienceListApi.as_view(), name="experience-list"),
    path("skills/", api.SkillListApi.as_view(), name="skill-list"),
]
