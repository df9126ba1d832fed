"""The owner's portfolio: profile, experience, skills and projects."""

from django.db import models
from django.urls import reverse


class PublishedQuerySet(models.QuerySet):
    """Shared filters for anything a visitor can see."""

    def published(self):
        return self.filter(published=True)


def profile_photo_upload_to(instance: "Profile", filename: str) -> str:
    """One name per kind: the uploader's file name never reaches storage."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "img"
    return f"profile/photo.{extension}"


class Profile(models.Model):
    """The owner of the site. There is exactly one."""

    name = models.CharField(max_length=120, help_text="Your name as visitors should see it.")
    headline = models.CharField(
        max_length=200,
        help_text='One line under your name, e.g. "Cloud engineer · AWS · Kubernetes".',
    )
    location = models.CharField(
        max_length=120, blank=True, help_text='e.g. "Cape Town, South Africa".'
    )
    bio = models.TextField(
        blank=True, help_text="A few paragraphs about you. Markdown is fine. EVE reads this too."
    )
    email = models.EmailField(
        blank=True, help_text="Shown as a mailto link in the contact section."
    )
    linkedin_url = models.URLField("LinkedIn URL", blank=True)
    github_url = models.URLField("GitHub URL", blank=True)
    website_url = models.URLField("Other website", blank=True)
    resume = models.FileField(
        "résumé", upload_to="resume/", blank=True, help_text="A PDF visitors can download."
    )
    photo = models.FileField(
        upload_to=profile_photo_upload_to,
        blank=True,
        help_text=(
            "Optional. A square PNG, JPEG or WebP of you, at least 160 px wide, under 2 MB. "
            "Shown beside your name and when the site is shared; without one, your initials are."
        ),
    )
    photo_alt = models.CharField(
        "photo description",
        max_length=200,
        blank=True,
        help_text='What the photo shows, for screen readers, e.g. "Jordan smiling on a hike".',
    )
    # Measured from the upload so the page reserves the photo's space (no layout shift).
    photo_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    photo_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "profile"
        verbose_name_plural = "profile"

    def __str__(self) -> str:
        return self.name


class Experience(models.Model):
    company = models.CharField(max_length=120)
    role = models.CharField(max_length=160, help_text='Your title, e.g. "Cloud Engineer".')
    period = models.CharField(max_length=80, help_text='Free text, e.g. "2022 – present".')
    summary = models.TextField(blank=True, help_text="What you did and achieved there.")
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    published = models.BooleanField(
        default=True, help_text="Untick to hide it from the site and EVE."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "id"]
        verbose_name_plural = "experience"

    def __str__(self) -> str:
        return f"{self.role} at {self.company}"


class Skill(models.Model):
    name = models.CharField(max_length=80)
    category = models.CharField(
        max_length=80, help_text='Skills are grouped by this on the site, e.g. "Cloud", "IaC".'
    )
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    published = models.BooleanField(
        default=True, help_text="Untick to hide it from the site and EVE."
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PublishedQuerySet.as_manager()

    class Meta:
        ordering = ["order", "category", "name"]
        constraints = [
            models.UniqueConstraint(fields=["name", "category"], name="unique_skill_per_category")
        ]

    def __str__(self) -> str:
        return self.name


class ProjectQuerySet(PublishedQuerySet):
    def featured(self):
        return self.filter(featured=True)


class Project(models.Model):
    title = models.CharField(max_length=160)
    slug = models.SlugField(
        max_length=80,
        unique=True,
        help_text="The project's address on the site: /projects/your-slug/. Letters, numbers and hyphens.",
    )
    summary = models.CharField(
        max_length=300, help_text="One or two sentences shown on the project card."
    )
    description = models.TextField(blank=True, help_text="The full story. Markdown is fine.")
    tech_stack = models.JSONField(
        default=list, blank=True, help_text="Technologies used, one per line (e.g. Terraform)."
    )
    highlights = models.JSONField(default=list, blank=True, help_text="Key results, one per line.")
    category = models.CharField(max_length=80, blank=True, help_text='e.g. "Serverless", "DevOps".')
    github_url = models.URLField("GitHub URL", blank=True)
    live_url = models.URLField("live URL", blank=True)
    featured = models.BooleanField(
        default=False, help_text="Featured projects appear on the home page."
    )
    order = models.PositiveIntegerField(default=0, help_text="Smaller numbers come first.")
    published = models.BooleanField(
        default=True, help_text="Untick to hide it from the site and EVE."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["order", "title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("frontend:project-detail", kwargs={"slug": self.slug})
