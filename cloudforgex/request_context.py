"""The id of the request being served, readable from anywhere (logs, EVE)."""

from contextvars import ContextVar

_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)


def current_request_id() -> str | None:
    return _request_id.get()


def set_request_id(value: str | None):
    """Set the id; returns a token for ``reset_request_id``."""
    return _request_id.set(value)


def reset_request_id(token) -> None:
    _request_id.reset(token)
