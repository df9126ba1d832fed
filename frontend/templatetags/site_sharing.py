"""Link-preview tags for the page head (see frontend.sharing)."""

import json

from django import template
from django.core.exceptions import DisallowedHost
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from frontend import sharing

register = template.Library()

# As Django's json_script: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag(takes_context=True)
def share_image(context) -> dict:
    request = context.get("request")
    if request is None:  # the bare 500 page
        return {}
    try:
        return sharing.share_image(
            request=request, profile=context.get("profile"), photo_url=context.get("photo_url", "")
        )
    except DisallowedHost:  # the 400 page for a request with a bad Host: no absolute URLs
        return {}


@register.simple_tag(takes_context=True)
def structured_data(context, image_url: str):
    """A JSON-LD block: Person on the home page, CreativeWork on a project page, else nothing."""
    request, profile, project = (
        context.get("request"),
        context.get("profile"),
        context.get("project"),
    )
    if request is None:
        return ""
    if project is not None:
        data = sharing.project_data(
            request=request, project=project, profile=profile, image_url=image_url
        )
    elif profile is not None:
        data = sharing.person_data(request=request, profile=profile, image_url=image_url)
    else:
        return ""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped JSON
