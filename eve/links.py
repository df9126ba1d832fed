"""The site's public links EVE cites, resolved from the site's named routes in one place.

EVE never spells a site path: each link is a route name from ``frontend/urls.py``
(plus, for the home page's sections, the section's id in its template). When
the site's URLs are not mounted (an API-only deployment), there is nothing to
link to and the link is ``None``: the citation and answer name the thing
without a link.
"""

from django.urls import NoReverseMatch, reverse

HOME = "frontend:home"
PROJECT = "frontend:project-detail"
RESUME = "frontend:resume"

# Section ids on the home page (frontend/templates/frontend/home.html).
ABOUT = "about"
EXPERIENCE = "experience"
SKILLS = "skills"
CERTIFICATIONS = "certifications"


def site_link(route: str, *, section: str = "", **kwargs) -> str | None:
    """The path of a named route (``#section`` appended), or None when the site is not mounted."""
    try:
        path = reverse(route, kwargs=kwargs or None)
    except NoReverseMatch:
        return None
    return f"{path}#{section}" if section else path


def home_section_link(section: str) -> str | None:
    """A section of the home page, e.g. ``home_section_link(ABOUT)`` -> "/#about"."""
    return site_link(HOME, section=section)


def project_link(project) -> str | None:
    return site_link(PROJECT, slug=project.slug)


def resume_link() -> str | None:
    return site_link(RESUME)
