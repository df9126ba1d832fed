"""What a page says about itself when shared: Open Graph, Twitter card and JSON-LD data.

Link previews (LinkedIn, Slack, X) and search engines read these; every URL in
them must be absolute, so they are built against the request's own origin.
"""

from django.templatetags.static import static
from django.urls import reverse

from portfolio.models import Profile, Project

# A branded 1200×630 card for pages without the owner's photo.
CARD_IMAGE = "frontend/img/og-card.png"
CARD_SIZE = (1200, 630)


def share_image(*, request, profile: Profile | None, photo_url: str) -> dict:
    """The preview image: the owner's photo when there is one, else the site's card."""
    if photo_url and profile:
        return {
            "url": request.build_absolute_uri(photo_url),
            "alt": profile.photo_alt or profile.name,
            "width": profile.photo_width,
            "height": profile.photo_height,
            "large": False,  # a portrait reads best as a square "summary" card
        }
    width, height = CARD_SIZE
    name = profile.name if profile else "CloudForgeX"
    return {
        "url": request.build_absolute_uri(static(CARD_IMAGE)),
        "alt": f"{name}'s portfolio",
        "width": width,
        "height": height,
        "large": True,
    }


def person_data(*, request, profile: Profile, image_url: str) -> dict:
    """schema.org Person for the home page, from the profile alone."""
    same_as = [
        url for url in (profile.linkedin_url, profile.github_url, profile.website_url) if url
    ]
    data = {
        "@context": "https://schema.org",
        "@type": "Person",
        "name": profile.name,
        "jobTitle": profile.headline,
        "url": request.build_absolute_uri(reverse("frontend:home")),
        "image": image_url,
    }
    if profile.location:
        data["homeLocation"] = {"@type": "Place", "name": profile.location}
    if profile.email:
        data["email"] = f"mailto:{profile.email}"
    if same_as:
        data["sameAs"] = same_as
    return data


def project_data(*, request, project: Project, profile: Profile | None, image_url: str) -> dict:
    """schema.org CreativeWork for a project page, credited to the owner."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": project.title,
        "description": project.summary,
        "url": request.build_absolute_uri(project.get_absolute_url()),
        "image": image_url,
    }
    if project.tech_stack:
        data["keywords"] = ", ".join(str(item) for item in project.tech_stack)
    if project.github_url:
        data["codeRepository"] = project.github_url
    if profile:
        data["author"] = {"@type": "Person", "name": profile.name}
    return data
