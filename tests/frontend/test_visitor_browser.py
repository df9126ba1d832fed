"""What a visitor notices, in a real Chromium: chips, lists, sources, certificate links, sharing, layout."""

import base64
import json
import re
import time
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from tests.frontend.conftest import running_site
from tests.frontend.test_chat_browser import ask, open_chat

pytestmark = [pytest.mark.browser, pytest.mark.slow]

# Short enough to watch a link expire, long enough to load the PDF first.
LINK_TTL = 3
DESKTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("visitor-browser") / "site"
    with running_site(site_template, workdir, CERTIFICATE_URL_TTL=str(LINK_TTL)) as server:
        yield server


def test_every_active_suggestion_is_reachable(site, open_page):
    """The first chips show; "More questions" reveals the rest; together they are every active one."""
    watch = open_chat(open_page, site.url)
    page = watch.page
    active = [
        item["question"] for item in page.request.get(site.url + "/api/suggested-questions/").json()
    ]
    assert len(active) == 9
    chips = page.locator("#eve-chips .chip[data-question]")
    expect(chips).to_have_count(len(active))
    visible = [chips.nth(i).inner_text() for i in range(chips.count()) if chips.nth(i).is_visible()]
    assert 0 < len(visible) < len(active)
    more = page.locator("#eve-chips .chip-more")
    assert more.is_visible() and str(len(active) - len(visible)) in more.inner_text()
    assert more.get_attribute("aria-expanded") == "false"
    more.click()
    assert more.get_attribute("aria-expanded") == "true"
    shown = [chips.nth(i).inner_text() for i in range(chips.count()) if chips.nth(i).is_visible()]
    assert shown == active
    for index in range(chips.count()):  # each one really is within the panel's scrollable area
        chips.nth(index).scroll_into_view_if_needed()
        assert chips.nth(index).is_visible()
    assert watch.csp_violations() == [] and watch.page_errors == []


def test_certificate_answer_renders_list_items_and_a_compact_sources_line(site, open_page):
    """The knowledge-base certificate answer shows real <li> items; sources don't repeat the reply's links."""
    watch = open_chat(open_page, site.url)
    page = watch.page
    reply = ask(page, "Which AWS certifications does Jordan hold?")
    body = reply.locator(".msg-body")
    assert body.locator("ul > li").count() >= 2
    assert not re.search(r"^- ", body.inner_text(), re.M)  # no literal dashes
    sources = body.locator(".msg-sources")
    sources.wait_for()
    assert sources.inner_text().startswith("Sources:")
    in_reply = set(
        body.locator("p a, li a").evaluate_all(
            "links => links.filter(a => !a.closest('.msg-sources')).map(a => a.href)"
        )
    )
    in_sources = set(sources.locator("a").evaluate_all("links => links.map(a => a.href)"))
    assert not in_reply & in_sources
    assert sources.locator("button").count() >= 1  # certificates still open in the viewer
    assert watch.csp_violations() == [] and watch.page_errors == []


def _view_first_certificate(page):
    with page.expect_response(
        lambda r: r.url.endswith("/url/") and r.request.method == "POST"
    ) as issued:
        page.locator("#certifications [data-view-certificate]").first.click()
    page.locator("#viewer-frame").wait_for(state="visible")
    return issued.value.json()["url"]


def test_expired_link_opened_in_a_new_tab_shows_a_page_with_a_way_back(site, open_page):
    """After the link's lifetime, the new tab shows a friendly page, not JSON; its button leads home."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.goto(site.url + "/")
    url = _view_first_certificate(page)
    time.sleep(LINK_TTL + 1.5)  # the server's clock must pass the TTL
    tab = page.context.new_page()
    response = tab.goto(url)
    assert response.status == 403
    assert response.headers["content-type"].startswith("text/html")
    assert tab.get_by_role("heading", name="This certificate link has expired").is_visible()
    tab.get_by_role("link", name="Back to the certifications").click()
    tab.wait_for_url(re.compile(r"/#certifications$"))
    assert tab.locator("#certifications").is_visible()
    # An API client asking the same URL still gets the JSON error.
    api = page.request.get(url, headers={"Accept": "application/json"})
    assert api.status == 403 and api.json()["code"] == "link_expired"


def test_modal_disables_open_in_new_tab_when_the_link_expires(site, open_page):
    """At the countdown's end "Open in new tab" is disabled and a fresh link is one click away."""
    watch = open_page(DESKTOP)
    page = watch.page
    page.clock.install()
    page.goto(site.url + "/")
    _view_first_certificate(page)
    open_link = page.locator("#viewer-open")
    assert open_link.get_attribute("href") and open_link.get_attribute("aria-disabled") is None
    page.clock.fast_forward(f"00:{LINK_TTL + 2:02d}")
    expect(open_link).to_have_attribute("aria-disabled", "true")
    assert open_link.get_attribute("href") is None
    assert "expired" in page.locator("#viewer-countdown").inner_text()
    renew = page.locator("#viewer-renew")
    assert renew.is_visible()
    with page.expect_response(lambda r: r.url.endswith("/url/") and r.request.method == "POST"):
        renew.click()
    expect(open_link).not_to_have_attribute("aria-disabled", "true")
    assert open_link.get_attribute("href") and renew.is_hidden()
    assert watch.csp_violations() == [] and watch.page_errors == []


def test_modal_says_when_the_certificate_itself_expired(site, open_page):
    """Viewing an expired certificate, the modal says so with the date; a current one says nothing."""
    page = open_page(DESKTOP).page
    page.goto(site.url + "/")
    certificates = page.request.get(site.url + "/api/certificates/").json()
    expired = next(c for c in certificates if c["is_expired"] and c["has_file"])
    current = next(c for c in certificates if not c["is_expired"] and c["has_file"])
    page.locator(f"[data-view-certificate='{expired['slug']}']").click()
    note = page.locator("#viewer-note")
    note.wait_for(state="visible")
    assert "This certificate expired on" in note.inner_text()
    page.keyboard.press("Escape")
    page.locator(f"[data-view-certificate='{current['slug']}']").click()
    page.locator("#viewer-frame").wait_for(state="visible")
    assert note.is_hidden()


def test_sharing_tags_are_present_with_absolute_urls(site, open_page):
    """Open Graph and Twitter tags name absolute URLs that load; JSON-LD describes the Person."""
    page = open_page(DESKTOP).page
    for path in ("/", None):
        if path is None:  # a project page has its own tags
            path = urlsplit(
                page.locator("#projects .project-card .card-title a").first.get_attribute("href")
            ).path
        page.goto(site.url + path)
        meta = dict(
            page.locator("meta[property^='og:'], meta[name^='twitter:']").evaluate_all(
                "tags => tags.map(t => [t.getAttribute('property') || t.name, t.content])"
            )
        )
        assert meta["og:url"] == site.url + path
        for key in ("og:image", "twitter:image"):
            parts = urlsplit(meta[key])
            assert parts.scheme == "http" and parts.netloc == urlsplit(site.url).netloc
        image = page.request.get(meta["og:image"])
        assert image.ok and image.headers["content-type"].startswith("image/")
        assert meta["og:title"] and meta["og:description"] and meta["twitter:card"]
        data = json.loads(page.locator("script[type='application/ld+json']").text_content())
        if path == "/":
            assert data["@type"] == "Person" and data["name"] == page.locator("h1").inner_text()
        else:
            assert data["@type"] == "CreativeWork" and data["name"] == meta["og:title"]


def test_sections_share_one_left_edge_and_dates_do_not_wrap(site, open_page):
    """About and Experience start where Skills and Projects do; "Expired" stays on one line."""
    page = open_page(DESKTOP).page
    page.goto(site.url + "/")
    edges = {
        section: round(page.locator(f"#{section} .section-title").bounding_box()["x"])
        for section in ("about", "skills", "projects", "experience", "certifications")
    }
    assert len(set(edges.values())) == 1, edges
    assert page.locator(".hero-portrait").is_visible()  # the hero's right half is not empty
    badges = page.locator("#certifications .badge-expired")
    assert badges.count() >= 1
    for badge in badges.all():  # on the issuer's line, not wrapped onto one of its own
        kicker = badge.locator("xpath=..").bounding_box()
        issuer = badge.locator("xpath=../span[1]").bounding_box()
        box = badge.bounding_box()
        assert (
            box["height"] < 30
            and abs(box["y"] + box["height"] / 2 - (issuer["y"] + issuer["height"] / 2)) < 4
        )
        assert (
            box["y"] >= kicker["y"] - 1
            and box["y"] + box["height"] <= kicker["y"] + kicker["height"] + 1
        )
    for date in page.locator(".cert-date").all():
        assert date.bounding_box()["height"] < 30, date.inner_text()


def test_phone_nav_keeps_its_links_on_one_row(site, open_page):
    """At 390 px the five section links share one row: "Contact" is not left alone on a second."""
    page = open_page(PHONE).page
    page.goto(site.url + "/")
    tops = page.locator(".nav-links a").evaluate_all(
        "links => links.map(a => Math.round(a.getBoundingClientRect().top))"
    )
    assert len(tops) == 5 and len(set(tops)) == 1, tops
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _plant_photo_code() -> str:
    from tests.portfolio.test_profile_photo import png

    data = base64.b64encode(png(400, 400)).decode()
    return (
        "import base64; from django.core.files.base import ContentFile; "
        "from portfolio.models import Profile; p = Profile.objects.get(); "
        f"p.photo.save('photo.png', ContentFile(base64.b64decode({data!r})), save=False); "
        "p.photo_width = p.photo_height = 400; p.photo_alt = 'Jordan smiling on a hike'; p.save()"
    )


def test_profile_photo_fills_the_hero_and_the_preview(site_template, tmp_path_factory, open_page):
    """With a photo: it loads under the CSP beside the name (phone too), and link previews use it."""
    workdir = tmp_path_factory.mktemp("photo-browser") / "site"
    with running_site(site_template, workdir, shell_code=_plant_photo_code()) as server:
        for viewport in (DESKTOP, PHONE):
            watch = open_page(viewport)
            page = watch.page
            page.goto(server.url + "/")
            photo = page.locator("img.hero-photo")
            assert photo.is_visible() and photo.get_attribute("alt") == "Jordan smiling on a hike"
            page.wait_for_function(
                "() => document.querySelector('img.hero-photo').naturalWidth === 400"
            )
            box = photo.bounding_box()
            assert round(box["width"]) == round(box["height"])  # a square frame, not stretched
            assert watch.csp_violations() == [] and watch.console_errors == []
        image = page.locator("meta[property='og:image']").get_attribute("content")
        assert re.fullmatch(re.escape(server.url) + r"/photo\?v=\d+", image)
        assert page.locator("meta[name='twitter:card']").get_attribute("content") == "summary"
        response = page.request.get(image)
        assert response.ok and response.headers["content-type"] == "image/png"


def test_nine_chip_clicks_in_a_row_all_answer(site_template, tmp_path_factory, open_page):
    """Free (canned) answers never use up the allowance; real questions past the burst still wait."""
    workdir = tmp_path_factory.mktemp("chips-allowance") / "site"
    with running_site(
        site_template, workdir, EVE_THROTTLE_RATES="burst=3/min,sustained=100/day"
    ) as server:
        watch = open_chat(open_page, server.url)
        page = watch.page
        more = page.locator("#eve-chips .chip-more")
        if more.is_visible():
            more.click()
        chips = page.locator("#eve-chips .chip[data-question]")
        questions = [chips.nth(i).get_attribute("data-question") for i in range(chips.count())]
        assert len(questions) == 9
        for question in questions:
            before = page.locator("#eve-log .msg").count()
            page.locator(f'#eve-chips .chip[data-question="{question}"]').click()
            reply = page.locator("#eve-log .msg").nth(before + 1)
            page.wait_for_function(
                "el => el.dataset.state === 'done' || el.classList.contains('msg-error')",
                arg=reply.element_handle(timeout=15000),
                timeout=15000,
            )
            assert "msg-error" not in (reply.get_attribute("class") or ""), question
            assert "Please wait" not in reply.inner_text(), question
        # The burst limit still holds for questions that make EVE work.
        for question in (
            "What AWS services has Jordan used?",
            "Which Terraform projects are there?",
            "What does Jordan do with Kubernetes?",
            "Tell me about the serverless order API",
        ):
            reply = ask(page, question)
        assert "msg-error" in reply.get_attribute("class")
        assert re.search(r"Please wait \d+ seconds? and try again", reply.inner_text())
        assert watch.csp_violations() == [] and watch.page_errors == []
