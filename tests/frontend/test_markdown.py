"""The server-side Markdown subset: escapes everything, renders only the allowlist."""

from cloudforgex.markdown import render_markdown


def test_escapes_markup_and_renders_the_allowlist():
    """Owner text can format with Markdown but cannot inject HTML."""
    html = render_markdown(
        '**Bold** and *it* with `<b>code</b>`\n\n- one\n- two <img src=x onerror="x()">'
    )
    assert html.startswith(
        "<p><strong>Bold</strong> and <em>it</em> with <code>&lt;b&gt;code&lt;/b&gt;</code></p>"
    )
    assert "<ul><li>one</li><li>two &lt;img src=x onerror=&quot;x()&quot;&gt;</li></ul>" in html
    assert "<img" not in html


def test_links_only_for_http_and_mailto():
    """Safe links open in a new tab without an opener; javascript: links stay plain text."""
    html = render_markdown(
        "[site](https://a.example) [mail](mailto:a@b.c) [x](javascript:alert(1))"
    )
    assert '<a href="https://a.example" rel="noopener noreferrer" target="_blank">site</a>' in html
    assert '<a href="mailto:a@b.c"' in html
    assert "javascript:" in html and 'href="javascript:' not in html


def test_a_list_right_after_a_bold_line_is_a_list():
    """ "**Current**" then "- item" lines with no blank line between: a heading line and a real list."""
    html = render_markdown("**Current**\n- AWS SAA\n- CKA\nAfter the list\n1. first\n2. second")
    assert html == (
        "<p><strong>Current</strong></p><ul><li>AWS SAA</li><li>CKA</li></ul>"
        "<p>After the list</p><ol><li>first</li><li>second</li></ol>"
    )


def test_site_paths_link_in_the_same_tab_only_when_asked():
    """EVE's replies link site paths like the widget does; owner text and //host never do."""
    source = "[Resume API](/projects/serverless-resume/) and [evil](//evil.example/x)"
    html = render_markdown(source, site_paths=True)
    assert '<a href="/projects/serverless-resume/">Resume API</a>' in html
    assert 'href="//evil' not in html
    assert 'href="/projects' not in render_markdown(source)
