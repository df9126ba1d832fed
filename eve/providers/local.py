"""The ``knowledge_base`` provider: deterministic answers composed from retrieved records.

It never invents: it answers the kind of question asked from the records'
own fields, lists them (with links), or says plainly that it does not know
and where to ask (``eve.answers.compose``). It is also every failure's fallback.
"""

from __future__ import annotations

import logging

from eve.answers.compose import answer_compose, records_listing
from eve.providers.base import Grounding, ProviderReply

logger = logging.getLogger(__name__)


class KnowledgeBaseProvider:
    name = "knowledge_base"
    costs_tokens = False

    def complete(self, *, system: str, messages: list[dict], grounding: Grounding) -> ProviderReply:
        return knowledge_base_reply(grounding)


def knowledge_base_reply(grounding: Grounding) -> ProviderReply:
    try:
        text = answer_compose(found=grounding.found, owner=grounding.owner)
    except Exception:  # composing is heuristics over any content: a bug costs the lead, not a 500
        logger.exception("eve: composing the knowledge-base answer failed")
        text = records_listing(found=grounding.found, owner=grounding.owner)
    return ProviderReply(text=text, model_id="")
