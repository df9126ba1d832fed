"""The ``knowledge_base`` provider: deterministic answers composed from retrieved records.

It never invents: it answers the kind of question asked from the records'
own fields, lists them (with links), or says plainly that it does not know
and where to ask (``eve.answers.compose``). It is also every failure's fallback.
"""

from __future__ import annotations

from eve.answers.compose import answer_compose
from eve.providers.base import Grounding, ProviderReply


class KnowledgeBaseProvider:
    name = "knowledge_base"
    costs_tokens = False

    def complete(self, *, system: str, messages: list[dict], grounding: Grounding) -> ProviderReply:
        return knowledge_base_reply(grounding)


def knowledge_base_reply(grounding: Grounding) -> ProviderReply:
    text = answer_compose(found=grounding.found, owner=grounding.owner)
    return ProviderReply(text=text, model_id="")
