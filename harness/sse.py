"""A small Server-Sent Events client for tests and the benchmark (stdlib only).

``parse_events`` splits a complete body; ``stream_chat`` reads a live chat
stream over ``http.client`` and stamps each event with the time it arrived,
so a test can tell a real stream from a body delivered all at once.
"""

from __future__ import annotations

import http.client
import json
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class Event:
    name: str
    data: str
    arrived_at: float = 0.0  # time.time() when its last line was read

    def json(self):
        return json.loads(self.data)


def parse_events(body: bytes | str) -> list[Event]:
    text = body.decode() if isinstance(body, bytes) else body
    events = []
    for block in text.replace("\r\n", "\n").split("\n\n"):
        event = _event(block.split("\n"))
        if event:
            events.append(event)
    return events


def _event(lines: list[str], arrived_at: float = 0.0) -> Event | None:
    name, data = "message", []
    for line in lines:
        if line.startswith(":") or not line:
            continue
        field, _, value = line.partition(":")
        value = value[1:] if value.startswith(" ") else value
        if field == "event":
            name = value
        elif field == "data":
            data.append(value)
    return Event(name, "\n".join(data), arrived_at) if data else None


def stream_chat(
    port: int,
    payload: dict,
    *,
    path: str = "/api/chat/",
    timeout: float = 30.0,
    headers: dict | None = None,
) -> tuple[int, dict[str, str], list[Event]]:
    """POST ``payload`` asking for SSE; (status, headers, events as they arrived)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request(
            "POST",
            path,
            json.dumps(payload).encode(),
            {
                "Content-Type": "application/json",
                "Accept": "text/event-stream",
                **(headers or {}),
            },
        )
        response = conn.getresponse()
        response_headers = dict(response.getheaders())
        if "text/event-stream" not in response_headers.get("Content-Type", ""):
            return response.status, response_headers, [Event("json", response.read().decode())]
        events, lines = [], []
        while True:
            raw = response.readline()
            if not raw:
                break
            line = raw.decode().rstrip("\r\n")
            if line:
                lines.append(line)
                continue
            event = _event(lines, time.time())
            lines = []
            if event:
                events.append(event)
        return response.status, response_headers, events
    finally:
        conn.close()
