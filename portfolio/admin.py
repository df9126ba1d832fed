"""The owner's admin for the portfolio: friendly lists, one-click publishing, link previews."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html

from portfolio.forms import HTTPS_URL_FIELDS, ProfileAdminForm, ProjectAdminForm
from portfolio.models import Experience, Profile, Project, Skill


def link_preview(url: str, label: str | None = None):
    """A clickable link opening in a new tab, or a dash when empty."""
    if not url:
        return "—"
    return format_html(
        '<a href="{}" target="_blank" rel="noopener noreferrer">{}</a>', url, label or url
    )


def _set_flag(modeladmin, request, queryset, *, field: str, value: bool, verb: str) -> None:
    count = 0
    for obj in queryset:
        # save() per row (not update()) so auto timestamps and content-change signals fire.
        if getattr(obj, field) != value:
            setattr(obj, field, value)
            obj.save()
            count += 1
    noun = (
        queryset.model._meta.verbose_name
        if count == 1
        else queryset.model._meta.verbose_name_plural
    )
    modeladmin.message_user(request, f"{count} {noun} {verb}.", messages.SUCCESS)


@admin.action(description="Publish selected (visible on the site and to EVE)")
def publish_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, field="published", value=True, verb="published")


@admin.action(description="Unpublish selected (hidden from the site and EVE)")
def unpublish_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, field="published", value=False, verb="unpublished")


@admin.action(description="Feature selected on the home page")
def feature_selected(modeladmin, request, queryset):
    _set_flag(modeladmin, request, queryset, field="featured", value=True, verb="featured")


@admin.action(description="Stop featuring selected")
def unfeature_selected(modeladmin, request, queryset):
    _set_flag(
        modeladmin, request, queryset, field="featured", value=False, verb="no longer featured"
    )


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    form = ProfileAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = ["name", "headline", "location", "email", "updated_at"]
    readonly_fields = ["links_preview", "photo_preview", "updated_at"]
    fieldsets = [
        (None, {"fields": ["name", "headline", "location", "bio"]}),
        (
            "Contact",
            {
                "fields": ["email", "linkedin_url", "github_url", "website_url", "links_preview"],
                "description": "Leave any of these empty to hide it on the site.",
            },
        ),
        (
            "Photo",
            {
                "fields": ["photo", "photo_alt", "photo_preview"],
                "description": "Shown beside your name on the site and in link previews.",
            },
        ),
        ("Résumé", {"fields": ["resume", "updated_at"]}),
    ]

    def has_add_permission(self, request):
        # The site has exactly one profile: edit it rather than adding another.
        return super().has_add_permission(request) and not Profile.objects.exists()

    @admin.display(description="As visitors see it")
    def photo_preview(self, obj):
        if obj is None or not obj.photo:
            return "— (your initials are shown instead)"
        return format_html(
            '<img src="{}?v={}" alt="{}" width="120" height="120" style="object-fit: cover; '
            'border-radius: 16px">',
            reverse("frontend:photo"),
            int(obj.updated_at.timestamp()),
            obj.photo_alt,
        )

    @admin.display(description="Check your links")
    def links_preview(self, obj):
        if obj is None or obj.pk is None:
            return "—"
        links = [
            link_preview(url, label)
            for url, label in [
                (f"mailto:{obj.email}" if obj.email else "", obj.email),
                (obj.linkedin_url, "LinkedIn"),
                (obj.github_url, "GitHub"),
                (obj.website_url, "Website"),
            ]
            if url
        ]
        if not links:
            return "—"
        return format_html(" · ".join(["{}"] * len(links)), *links)


@admin.register(Experience)
class ExperienceAdmin(admin.ModelAdmin):
    list_display = ["role", "company", "period", "order", "published"]
    list_display_links = ["role"]
    list_editable = ["order", "published"]
    list_filter = ["published"]
    search_fields = ["role", "company", "summary"]
    actions = [publish_selected, unpublish_selected]
    fields = ["company", "role", "period", "summary", "order", "published"]


@admin.register(Skill)
class SkillAdmin(admin.ModelAdmin):
    list_display = ["name", "category", "order", "published"]
    list_editable = ["category", "order", "published"]
    list_filter = ["published", "category"]
    search_fields = ["name", "category"]
    actions = [publish_selected, unpublish_selected]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    form = ProjectAdminForm
    formfield_overrides = HTTPS_URL_FIELDS
    list_display = [
        "title",
        "category",
        "tech_summary",
        "github_link",
        "live_link",
        "order",
        "featured",
        "published",
    ]
    list_editable = ["order", "featured", "published"]
    list_filter = ["published", "featured", "category"]
    search_fields = ["title", "summary", "description", "category"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["github_link", "live_link", "created_at", "updated_at"]
    actions = [publish_selected, unpublish_selected, feature_selected, unfeature_selected]
    fieldsets = [
        (None, {"fields": ["title", "slug", "summary", "description", "category"]}),
        ("Technology and results", {"fields": ["tech_stack", "highlights"]}),
        ("Links", {"fields": ["github_url", "github_link", "live_url", "live_link"]}),
        ("On the site", {"fields": ["featured", "order", "published"]}),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    @admin.display(description="Tech stack")
    def tech_summary(self, obj):
        stack = obj.tech_stack if isinstance(obj.tech_stack, list) else []
        shown = ", ".join(str(item) for item in stack[:4])
        return f"{shown}, +{len(stack) - 4} more" if len(stack) > 4 else shown or "—"

    @admin.display(description="GitHub")
    def github_link(self, obj):
        return link_preview(obj.github_url, "GitHub ↗") if obj else "—"

    @admin.display(description="Live site")
    def live_link(self, obj):
        return link_preview(obj.live_url, "Open ↗") if obj else "—"
