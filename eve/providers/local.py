"""The ``knowledge_base`` provider: deterministic answers composed from retrieved records.

It never invents: it lists what retrieval found (with links) or says plainly
that it does not know and where to ask. It is also every failure's fallback.
"""

from __future__ import annotations

from eve.prompts import knowledge_answer_build
from eve.providers.base import Grounding, ProviderReply


class KnowledgeBaseProvider:
    name = "knowledge_base"
    costs_tokens = False

    def complete(self, *, system: str, messages: list[dict], grounding: Grounding) -> ProviderReply:
        return knowledge_base_reply(grounding)


def knowledge_base_reply(grounding: Grounding) -> ProviderReply:
    text = knowledge_answer_build(
        owner=grounding.owner,
        found=grounding.found,
    )
    return ProviderReply(text=text, model_id="")
