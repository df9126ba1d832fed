from django import template

from cloudforgex.markdown import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(value: str):
    """Render owner-written Markdown safely (see cloudforgex.markdown)."""
    return render_markdown(value)
