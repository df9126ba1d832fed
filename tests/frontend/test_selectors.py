"""EVE's live stats as the home page computes them."""

import pytest

from eve.models import ChatLog
from frontend.selectors import chat_stats

pytestmark = pytest.mark.django_db


def test_no_chats_yet_means_no_numbers():
    """An empty log shows zero questions and no invented latency or share."""
    stats = chat_stats()
    assert stats.questions_answered == 0
    assert (
        stats.median_latency_ms is None
        and stats.median_latency_display == "—"
        and stats.share_without_model_percent is None
    )


def test_median_of_an_odd_count_and_share_without_model():
    """The median is the middle latency; guard blocks are not counted as answers."""
    for source, latency in [("model", 2000), ("canned", 10), ("cache", 50)]:
        ChatLog.objects.create(message="q", source=source, latency_ms=latency)
    ChatLog.objects.create(message="hi", source="guard", blocked="too_short", latency_ms=0)
    stats = chat_stats()
    assert stats.questions_answered == 3
    assert stats.median_latency_ms == 50
    assert stats.share_without_model_percent == 67
    assert stats.median_latency_display == "50 ms"


def test_median_of_an_even_count_above_a_second():
    """With an even count the median is the mean of the middle two, shown in seconds."""
    for latency in (1000, 1200, 1600, 9000):
        ChatLog.objects.create(message="q", source="model", latency_ms=latency)
    stats = chat_stats()
    assert stats.median_latency_ms == 1400 and stats.median_latency_display == "1.4 s"
    assert stats.share_without_model_percent == 0
