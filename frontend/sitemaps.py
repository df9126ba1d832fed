"""sitemap.xml: the home page and every published project."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portfolio.selectors import project_list


class HomeSitemap(Sitemap):
    priority = 1.0
    changefreq = "weekly"

    def items(self):
        return ["frontend:home"]

    def location(self, item):
        return reverse(item)


class ProjectSitemap(Sitemap):
    priority = 0.7
    changefreq = "monthly"

    def items(self):
        return project_list()

    def lastmod(self, project):
        return project.updated_at


SITEMAPS = {"home": HomeSitemap, "projects": ProjectSitemap}
