from django import template

from frontend.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str):
    """Render owner-written Markdown safely (see frontend.markdown)."""
    return render_markdown(value)
