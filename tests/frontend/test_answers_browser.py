"""Issue 14 on the demo site in a real Chromium: the seven kinds of question visitors got wrong.

Yes/no, the fact asked for, typos, everyday words, a pasted job description,
another language, a summary and a superlative: each is typed into the EVE
widget of the seeded demo site (knowledge_base provider, no AWS) and the
rendered reply leads with the answer.
"""

import pytest

from tests.frontend.conftest import running_site
from tests.frontend.test_chat_browser import ask, open_chat

pytestmark = [pytest.mark.browser, pytest.mark.slow]

JOB = (
    "We are hiring a Senior Platform Engineer. Requirements: strong Terraform skills; "
    "running Kubernetes in production; CI/CD with GitHub Actions; experience with Azure. "
    "Would Jordan be a fit?"
)
# question -> what the first paragraph of EVE's rendered reply must contain
CASES = [
    ("Does Jordan run Kubernetes in production?", ["Yes —", "Karoo Payments"]),
    ("What was the order API's peak throughput?", ["4,800 requests per second"]),
    ("What is his GitHub?", ["https://github.com/jordanreyes-cloud"]),
    ("Wich certfications does he have?", ["certificates"]),
    ("Has he used Terrafrom?", ["Yes —", "Terraform"]),
    ("Which town does Jordan live in?", ["Cape Town"]),
    ("What is he brushing up on these days?", ["Solutions Architect – Professional"]),
    ("¿Jordan tiene experiencia con Kubernetes?", ["Sí —"]),
    ("Summarise Jordan in three bullets", ["Jordan in brief"]),
    ("What is his biggest achievement?", ["doesn't rank them"]),
]


@pytest.fixture(scope="module")
def answers_site(site_template, tmp_path_factory):
    workdir = tmp_path_factory.mktemp("answers-browser") / "site"
    rates = "burst=1000/min,sustained=10000/day,flood=1000/min"
    with running_site(site_template, workdir, EVE_THROTTLE_RATES=rates) as server:
        yield server


def test_the_seven_failure_kinds_are_answered_on_the_demo_site(answers_site, open_page):
    watch = open_chat(open_page, answers_site.url)
    page = watch.page
    for question, expected in CASES:
        text = ask(page, question).inner_text()
        first = text.strip().split("\n")[0]
        for fact in expected:
            assert fact in first, (question, text)
    reply = ask(page, JOB).inner_text()
    assert "Shown in the portfolio" in reply and "Not mentioned in the portfolio" in reply
    assert "Azure" in reply.split("Not mentioned in the portfolio")[1]
    assert "get in touch" in reply and "%" not in reply
    assert watch.csp_violations() == [] and watch.console_errors == []
