"""The provider protocol: ``complete(*, system, messages, grounding) -> ProviderReply``.

A provider may also ``stream`` (same arguments): a generator yielding the text
as it is produced and returning the ``ProviderReply``. One without it is
streamed as a single piece.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from eve.retrieval import Record, Retrieval


@dataclass(frozen=True)
class Grounding:
    """What the answer may use: the question, what retrieval found, and the owner."""

    question: str
    found: Retrieval = field(default_factory=lambda: Retrieval([]))
    owner: object = None

    @property
    def records(self) -> list[Record]:
        return self.found.records


@dataclass(frozen=True)
class ProviderReply:
    text: str
    model_id: str = ""
    input_tokens: int = 0
    output_tokens: int = 0
    attempts: int = 1  # requests sent, retries included (each may be billed)


class Provider(Protocol):
    name: str
    costs_tokens: bool  # True for paid models: the daily budget applies

    def complete(self, *, system: str, messages: list[dict], grounding: Grounding) -> ProviderReply:
        """Answer, or raise ``eve.exceptions.ProviderError`` with a short reason."""
        ...
