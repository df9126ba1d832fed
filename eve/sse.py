"""Server-Sent Events for the chat reply: ``delta`` events with text, then one ``done`` event.

``done`` carries exactly the bytes a plain JSON request gets, so a client can
treat the stream as "the JSON answer, with a preview while it is produced".
Each event's data is one line of JSON (JSON escapes newlines), which keeps the
framing trivial for any SSE parser.
"""

from __future__ import annotations

import contextlib
import json
import logging
from collections.abc import Callable, Iterable, Iterator

from django.http import StreamingHttpResponse

from cloudforgex.errors import error_body
from cloudforgex.request_context import reset_request_id, set_request_id

logger = logging.getLogger(__name__)

EVENT_STREAM = "text/event-stream"


def wants_event_stream(request) -> bool:
    """The client asked for SSE (the widget does; the original client and curl do not)."""
    return EVENT_STREAM in request.headers.get("Accept", "")


def sse_event(name: str, data: bytes) -> bytes:
    return b"event: " + name.encode() + b"\ndata: " + data + b"\n\n"


def event_stream_response(
    items: Iterable[object], *, done: Callable[[object], bytes], request_id: str
) -> StreamingHttpResponse:
    """Stream ``items``: each ``str`` becomes a ``delta``, anything else the ``done`` (via ``done``).

    Proxies must pass each event on at once: ``X-Accel-Buffering: no`` turns
    nginx's (the Ingress controller's) buffering off for this response only,
    and nothing compresses it (no GZipMiddleware; a compressor would hold
    bytes back until its block fills).
    """
    response = StreamingHttpResponse(
        _events(items, done=done, request_id=request_id),
        content_type=f"{EVENT_STREAM}; charset=utf-8",
    )
    if hasattr(items, "close"):
        # Closing the response closes ``items`` even if the body was never read
        # (closing an unstarted ``_events`` runs none of its ``finally``).
        response._resource_closers.append(items.close)
    response["Cache-Control"] = "no-cache, no-transform"
    response["X-Accel-Buffering"] = "no"
    return response


def _events(items: Iterable[object], *, done, request_id: str) -> Iterator[bytes]:
    # The request-id middleware has returned by the time the body is iterated.
    token = set_request_id(request_id)
    iterator = iter(items)
    try:
        for item in iterator:
            if isinstance(item, str):
                if item:
                    yield sse_event("delta", json.dumps({"text": item}).encode())
            else:
                yield sse_event("done", done(item))
    except Exception:
        # Never a broken stream: the client gets an error event it can show.
        logger.exception("eve: chat stream failed")
        yield sse_event("error", json.dumps(error_body("server_error")).encode())
    finally:
        close = getattr(iterator, "close", None)
        if close is not None:
            close()  # a visitor who left: the pipeline logs the partial reply
        with contextlib.suppress(ValueError):  # iterated from another context (ASGI)
            reset_request_id(token)
