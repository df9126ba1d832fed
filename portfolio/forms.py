"""Admin form helpers: JSON lists edited as plain text, one item per line."""

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models

from cloudforgex.pdf_upload import validate_pdf_upload
from portfolio.images import resize_photo, validate_photo_upload
from portfolio.models import Profile, Project


class LinesField(forms.Field):
    """A list of short strings shown as a textarea with one item per line.

    Blank lines and surrounding spaces are dropped, so the owner never sees or
    types JSON. Other admins (e.g. EVE's knowledge tags) may reuse it.
    """

    widget = forms.Textarea(attrs={"rows": 5, "cols": 60})

    def __init__(self, *, max_item_length: int = 200, **kwargs):
        self.max_item_length = max_item_length
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return "\n".join(str(item) for item in value)
        return value or ""

    def to_python(self, value) -> list[str]:
        if isinstance(value, list | tuple):
            lines = [str(item) for item in value]
        else:
            lines = str(value or "").splitlines()
        return [line.strip() for line in lines if line.strip()]

    def validate(self, value):
        super().validate(value)
        too_long = [item for item in value if len(item) > self.max_item_length]
        if too_long:
            raise forms.ValidationError(
                "Keep each line under %(limit)s characters: %(line)s…",
                params={"limit": self.max_item_length, "line": too_long[0][:40]},
                code="line_too_long",
            )

    def has_changed(self, initial, data):
        return self.to_python(initial) != self.to_python(data)


# Owners paste addresses without a scheme ("github.com/me"); assume HTTPS, as Django 6 will.
HTTPS_URL_FIELDS = {models.URLField: {"assume_scheme": "https"}}


def https_formfield(db_field, **kwargs):
    """formfield_callback giving every URL field the HTTPS default scheme."""
    if isinstance(db_field, models.URLField):
        kwargs.setdefault("assume_scheme", "https")
    return db_field.formfield(**kwargs)


class ProjectAdminForm(forms.ModelForm):
    tech_stack = LinesField(
        max_item_length=80,
        help_text="One technology per line, e.g. Terraform. Visitors can filter projects by these.",
    )
    highlights = LinesField(
        max_item_length=300,
        help_text="One result per line, e.g. “Cut deploy time from 40 to 6 minutes”.",
    )

    class Meta:
        model = Project
        formfield_callback = https_formfield
        fields = [
            "title",
            "slug",
            "summary",
            "description",
            "category",
            "tech_stack",
            "highlights",
            "github_url",
            "live_url",
            "featured",
            "order",
            "published",
        ]


RESUME_MAX_BYTES = 5 * 1024 * 1024


class ProfileAdminForm(forms.ModelForm):
    """The profile form; the résumé must be a real PDF of reasonable size."""

    class Meta:
        model = Profile
        formfield_callback = https_formfield
        fields = [
            "name",
            "headline",
            "location",
            "bio",
            "email",
            "linkedin_url",
            "github_url",
            "website_url",
            "resume",
            "photo",
            "photo_alt",
        ]
        widgets = {
            "photo": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"})
        }

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "content_type"):  # a new upload, not the stored file
            info = validate_photo_upload(photo)
            # Store the resized copy (upright, no metadata, <= 800 px), never the original bytes.
            resized = resize_photo(photo, info=info)
            photo = SimpleUploadedFile(
                f"photo.{'jpg' if info.kind == 'jpeg' else info.kind}",
                resized.data,
                content_type=info.content_type,
            )
            self.instance.photo_width, self.instance.photo_height = resized.width, resized.height
        elif not photo:
            self.instance.photo_width = self.instance.photo_height = None
        return photo

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("photo") and not (cleaned.get("photo_alt") or "").strip():
            self.add_error(
                "photo_alt", "Describe the photo in a few words for visitors who cannot see it."
            )
        return cleaned

    def clean_resume(self):
        resume = self.cleaned_data.get("resume")
        if resume and hasattr(resume, "content_type"):  # a new upload, not the stored file
            validate_pdf_upload(resume, limit=RESUME_MAX_BYTES, what="résumé")
        return resume
