"""The widget's Markdown renderer in a real Chromium: linear on hostile input, lists where models put them.

The module is loaded straight from frontend/static by a plain file server, so
these tests need no Django server. Each render is started in the page and
awaited with a timeout: a backtracking renderer (the old one took a minute on
"**" followed by thirty links) fails here instead of freezing the suite.
"""

import pytest

from tests.frontend import servers

pytestmark = [pytest.mark.browser, pytest.mark.slow]

RENDER_TIMEOUT_MS = 20_000

# Inputs that make regex alternation inside repetition backtrack, and long runs
# of unmatched delimiters that would make a rescanning parser quadratic.
PATHOLOGICAL = {
    "bold then 30 links": "**" + "[a](b)" * 30,
    "bold then 5000 links": "**" + "[a](b)" * 5000,
    "strong-underscore then 30 links": "__" + "[a](b)" * 30,
    "italic then 30 links": "*" + "[a](b)" * 30,
    "underscore then 30 links": "_" + "[a](b)" * 30,
    "links holding delimiters": "**" + "[a*](b_)" * 20_000,
    "open brackets": "[" * 100_000,
    "open link targets": "[a](" * 50_000,
    "stars": "*" * 100_000,
    "star-bracket": "*[" * 50_000,
    "underscored words": "_a" * 50_000,
    "backticks": "`" * 100_000,
    "many lines": ("- **x** " + "*a " * 50 + "\n") * 2_000,
}


@pytest.fixture(scope="module")
def renderer_page(browser, tmp_path_factory):
    """A page on a static server over frontend/static, with markdown.js importable."""
    log = tmp_path_factory.mktemp("markdown-browser") / "static.log"
    with servers.static_server(servers.ROOT / "frontend" / "static", log) as server:
        context = browser.new_context()
        page = context.new_page()
        page.goto(server.url + "/frontend/")
        yield page
        context.close()


def render(page, source: str) -> dict:
    """Render in the page (asynchronously, so a hang is a timeout here) and describe the result."""
    page.evaluate(
        """(source) => {
          window.__rendered = null;
          setTimeout(async () => {
            const { renderMarkdown } = await import("/frontend/js/markdown.js");
            const box = document.createElement("div");
            box.append(renderMarkdown(source));
            window.__rendered = { html: box.innerHTML, text: box.textContent };
          }, 0);
        }""",
        source,
    )
    page.wait_for_function("window.__rendered !== null", timeout=RENDER_TIMEOUT_MS)
    return page.evaluate("window.__rendered")


@pytest.mark.parametrize("source", PATHOLOGICAL.values(), ids=PATHOLOGICAL.keys())
def test_pathological_input_renders_in_linear_time(renderer_page, source):
    """Every hostile shape finishes rendering (a backtracking renderer times out here)."""
    result = render(renderer_page, source)
    assert result["text"].strip()


def test_list_after_a_bold_line_is_a_list(renderer_page):
    """The knowledge-base answer shape: a bold heading line, then "- " items with no blank line."""
    result = render(
        renderer_page,
        "Jordan's certificates:\n\n**Current**\n- AWS SAA (valid until 2028)\n- CKA\n"
        "**Expired**\n- Terraform Associate\n\n1. one\n2. two",
    )
    assert result["html"] == (
        "<p>Jordan's certificates:</p><p><strong>Current</strong></p>"
        "<ul><li>AWS SAA (valid until 2028)</li><li>CKA</li></ul>"
        "<p><strong>Expired</strong></p><ul><li>Terraform Associate</li></ul>"
        "<ol><li>one</li><li>two</li></ol>"
    )


@pytest.mark.parametrize(
    ("source", "html"),
    [
        (
            "**bold** and *it* and __b2__ and _i2_",
            "<p><strong>bold</strong> and <em>it</em> and <strong>b2</strong> and <em>i2</em></p>",
        ),
        ("snake_case_name and 2*3*4 stay", "<p>snake_case_name and 2*3*4 stay</p>"),
        ("`a*b*` then *x*", "<p><code>a*b*</code> then <em>x</em></p>"),
        (
            "**[a*b](https://e.example/x_y)**",
            '<p><strong><a href="https://e.example/x_y" rel="noopener noreferrer" target="_blank">a*b</a></strong></p>',
        ),
        ("***x***", "<p>*<strong>x</strong>*</p>"),
        ("** not bold", "<p>** not bold</p>"),
        (
            "[js](javascript:alert(1)) [rel](x/y) [site](/p/)",
            '<p>js) rel <a href="/p/">site</a></p>',
        ),
        ("- item\n  continued\n- next", "<ul><li>item<br>continued</li><li>next</li></ul>"),
        ("# Title\nline", "<p><strong>Title</strong><br>line</p>"),
    ],
)
def test_inline_and_block_syntax(renderer_page, source, html):
    """The allowlisted subset, as the widget shows it (unsafe targets keep only their words)."""
    assert render(renderer_page, source)["html"] == html
