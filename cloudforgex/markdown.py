"""A tiny, safe Markdown subset for owner-written text and EVE's replies.

Everything is escaped first; only paragraphs, line lists, **bold**, *italic*,
`code` and [links](https://...) with http(s)/mailto targets come back as
markup. With ``site_paths=True`` a link to a path on this site
(``/projects/x/``, never ``//host``) opens in the same tab, as the chat
widget shows EVE's replies. It mirrors the browser's renderer in
frontend/static/frontend/js/markdown.js, and lives on the ground floor so the
site and EVE's admin pages render Markdown the same way.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_LINK = re.compile(r"\[([^\]\n]+)\]\(((?:https?://|mailto:)[^\s)]+)\)")
_SITE_LINK = re.compile(r"\[([^\]\n]+)\]\((/(?![/\\])[^\s)]*)\)")
_CODE = re.compile(r"`([^`\n]+)`")
_BOLD = re.compile(r"\*\*([^*\n]+)\*\*")
_ITALIC = re.compile(r"(?<![*\w])[*_]([^*_\n]+)[*_](?![*\w])")
_BULLET = re.compile(r"^\s*(?:[-*+]|\d+[.)])\s+")


def _inline(text: str, *, site_paths: bool = False) -> str:
    """Inline markup over already-escaped text."""
    code_spans: list[str] = []

    def keep_code(match: re.Match) -> str:
        code_spans.append(f"<code>{match.group(1)}</code>")
        return f"\x00{len(code_spans) - 1}\x00"

    text = _CODE.sub(keep_code, text)
    text = _LINK.sub(r'<a href="\2" rel="noopener noreferrer" target="_blank">\1</a>', text)
    if site_paths:
        text = _SITE_LINK.sub(r'<a href="\2">\1</a>', text)
    text = _BOLD.sub(r"<strong>\1</strong>", text)
    text = _ITALIC.sub(r"<em>\1</em>", text)
    return re.sub(r"\x00(\d+)\x00", lambda m: code_spans[int(m.group(1))], text)


def render_markdown(source: str, *, site_paths: bool = False) -> SafeString:
    """Escape, then render the allowlisted subset as HTML blocks.

    Line by line, like the widget's renderer: bullet lines make list items even
    right after a bold line or a sentence, other lines join the paragraph, and a
    blank line ends both.
    """
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    list_tag = ""

    def close_blocks() -> None:
        nonlocal list_tag
        if paragraph:
            html.append(f"<p>{'<br>'.join(paragraph)}</p>")
            paragraph.clear()
        if items:
            html.append(f"<{list_tag}>{''.join(items)}</{list_tag}>")
            items.clear()

    for line in (source or "").replace("\r\n", "\n").split("\n"):
        if not line.strip():
            close_blocks()
            continue
        bullet = _BULLET.match(line)
        if bullet:
            tag = "ol" if re.match(r"^\s*\d", line) else "ul"
            if paragraph or (items and tag != list_tag):
                close_blocks()
            list_tag = tag
            items.append(
                f"<li>{_inline(escape(line[bullet.end() :].strip()), site_paths=site_paths)}</li>"
            )
            continue
        if items:
            close_blocks()
        paragraph.append(_inline(escape(line.strip()), site_paths=site_paths))
    close_blocks()
    return mark_safe("".join(html))  # noqa: S308 - built from escaped text only
