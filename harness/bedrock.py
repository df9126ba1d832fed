"""A fake Amazon Bedrock Runtime speaking the Converse wire format, on 127.0.0.1.

boto3's ``bedrock-runtime`` client uses the rest-json protocol: ``converse``
is ``POST /model/{modelId}/converse`` (model id URL-encoded) with a JSON body,
and errors are read from the ``x-amzn-ErrorType`` header (or ``__type`` in the
body) plus a ``message``. Point ``EVE_BEDROCK_ENDPOINT_URL`` at ``server.url``
and the real provider talks to this server instead of AWS.

Usable from tests and from the benchmark::

    with FakeBedrock() as bedrock:
        bedrock.mode = "throttle"   # ok | delay | throttle | validation | access_denied |
                                    # server_error | end_of_life | malformed | hang
        bedrock.retired_models      # ids answered with end of life whatever the mode
        bedrock.latencies = [1.0]   # extra seconds for the next requests, one each
        bedrock.lifecycles[...]     # GetFoundationModel's answers (GET /foundation-models/{id})
        ...
        bedrock.requests            # every request received, body parsed
        bedrock.set_stream(first_token_delay=1.0, chunk_delay=0.2)  # ConverseStream pacing

Threads serve requests concurrently (a 1 s ``delay`` with 64 clients takes
~1 s, not 64 s).
"""

from __future__ import annotations

import json
import re
import socket
import struct
import threading
import time
import zlib
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import unquote

ERRORS = {
    "throttle": (429, "ThrottlingException", "Too many requests, please wait before trying again."),
    "validation": (400, "ValidationException", "The provided model identifier is invalid."),
    "access_denied": (
        403,
        "AccessDeniedException",
        "You don't have access to the model with the specified model ID.",
    ),
    "server_error": (500, "InternalServerException", "The server encountered an internal error."),
    "end_of_life": (
        404,
        "ResourceNotFoundException",
        "This model version has reached the end of its life. Please refer to the AWS "
        "documentation for more details.",
    ),
}
MODES = ("ok", "delay", "hang", "malformed", *ERRORS)


@dataclass
class ReceivedRequest:
    method: str
    path: str
    model_id: str
    headers: dict
    body: dict | None
    received_at: float = field(default_factory=time.time)

    @property
    def system_text(self) -> str:
        return " ".join(block.get("text", "") for block in (self.body or {}).get("system", []))

    @property
    def messages(self) -> list[dict]:
        """The Converse messages as sent (history turns first, the question last)."""
        return list((self.body or {}).get("messages", []))

    @property
    def roles(self) -> list[str]:
        return [message.get("role", "") for message in self.messages]

    @property
    def user_text(self) -> str:
        messages = (self.body or {}).get("messages", [])
        return " ".join(
            block.get("text", "") for message in messages for block in message.get("content", [])
        )


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # Headers and body go out in separate writes; without TCP_NODELAY, Nagle plus the
    # client's delayed ACK adds ~40 ms to every reply.
    disable_nagle_algorithm = True

    def log_message(self, format, *args):  # keep test output quiet
        pass

    def do_POST(self):
        fake = self.server.fake
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
        parts = self.path.split("/")
        model_id = unquote(parts[2]) if len(parts) > 3 and parts[1] == "model" else ""
        received = ReceivedRequest("POST", self.path, model_id, dict(self.headers), body)
        with fake.lock:
            fake.requests.append(received)
            mode, delay = fake.mode, fake.delay
        operation = parts[3] if len(parts) == 4 and parts[1] == "model" else ""
        if operation not in ("converse", "converse-stream"):
            return self._error(404, "ResourceNotFoundException", "Unknown operation.")
        refusal = fake.model_refusal(model_id)
        if refusal:
            return self._error(*refusal)
        if mode == "hang":
            fake.stopping.wait(fake.hang_seconds)
            return self._send(200, b"{}")
        latency = fake.next_latency()
        if delay or latency:
            time.sleep(delay + latency)
        if mode in ERRORS:
            return self._error(*ERRORS[mode])
        if mode == "malformed":
            return self._send(200, b'{"output": {"message": {"role": "assistant", "content": 42')
        if operation == "converse-stream":
            return converse_stream_send(self, fake, received)
        return self._send(200, json.dumps(fake.converse_reply(received)).encode())

    def do_GET(self):
        """The control plane's GetFoundationModel (``GET /foundation-models/{id}``), for doctor."""
        fake = self.server.fake
        parts = self.path.split("?")[0].split("/")
        model_id = unquote(parts[2]) if len(parts) == 3 else ""
        with fake.lock:
            fake.requests.append(
                ReceivedRequest("GET", self.path, model_id, dict(self.headers), None)
            )
        if parts[1:2] != ["foundation-models"] or not model_id:
            return self._error(404, "ResourceNotFoundException", "Unknown operation.")
        if fake.control_mode in ERRORS:
            return self._error(*ERRORS[fake.control_mode])
        details = fake.foundation_model(model_id)
        if details is None:
            return self._error(
                404, "ResourceNotFoundException", f"Could not find model {model_id}."
            )
        return self._send(200, json.dumps({"modelDetails": details}).encode())

    def _error(self, status: int, error_type: str, message: str):
        body = json.dumps({"message": message}).encode()
        self._send(status, body, {"x-amzn-ErrorType": f"{error_type}:http://internal.amazon.com/"})

    def _send(self, status: int, body: bytes, headers: dict | None = None):
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("x-amzn-RequestId", "fake-0000")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256
    fake: FakeBedrock


class FakeBedrock:
    """Start with ``start()`` or as a context manager; ``url`` is its endpoint."""

    def __init__(self, *, mode: str = "ok", delay: float = 0.0, hang_seconds: float = 30.0):
        self.mode = mode
        self.delay = delay
        self.hang_seconds = hang_seconds
        self.reply_text = "EVE here: {first_fact}"
        # Model ids Bedrock has retired: Converse answers ResourceNotFoundException (end of life).
        self.retired_models: set[str] = {"anthropic.claude-3-haiku-20240307-v1:0"}
        # Model ids (bare, not inference profiles) GetFoundationModel knows, with their lifecycle.
        self.lifecycles: dict[str, dict] = {}
        # The control plane's own mode: "ok" or one of ERRORS (e.g. "access_denied").
        self.control_mode = "ok"
        # Extra seconds before each reply, taken in order one per request (then none).
        self.latencies: list[float] = []
        # ConverseStream (see converse_stream_send): pacing, and an optional failure.
        self.first_token_delay = 0.0
        self.chunk_delay = 0.0
        self.chunk_words = 2
        self.stream_failure = ""  # "" | "exception" (an exception event) | "cut" (connection drops)
        self.stream_fail_after = 1  # text chunks sent before the failure
        self.chunks_sent: list[float] = []  # time.time() of every text chunk written
        self.requests: list[ReceivedRequest] = []
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self._server: _Server | None = None
        self._thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        assert self._server is not None, "start() the fake first"
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def set_mode(self, mode: str, *, delay: float = 0.0) -> None:
        assert mode in MODES, f"unknown mode {mode!r}; one of {MODES}"
        with self.lock:
            self.mode, self.delay = mode, delay

    def converse_reply(self, received: ReceivedRequest) -> dict:
        """A Converse reply whose usage is estimated from what was sent (chars / 4)."""
        system = received.system_text
        first_fact = next((line for line in system.splitlines() if line.startswith("[1]")), "")
        text = self.reply_text.format(first_fact=first_fact or "I don't have that information.")
        input_tokens = max(1, (len(system) + len(received.user_text)) // 4)
        output_tokens = max(1, len(text) // 4)
        return {
            "output": {"message": {"role": "assistant", "content": [{"text": text}]}},
            "stopReason": "end_turn",
            "usage": {
                "inputTokens": input_tokens,
                "outputTokens": output_tokens,
                "totalTokens": input_tokens + output_tokens,
            },
            "metrics": {"latencyMs": int(self.delay * 1000) if self.mode == "delay" else 1},
        }

    def model_refusal(self, model_id: str) -> tuple[int, str, str] | None:
        """The error Converse gives for this model id regardless of mode, or None."""
        if model_id in self.retired_models:
            return ERRORS["end_of_life"]
        if not model_id.startswith("arn:") and "." not in model_id:
            return ERRORS["validation"]  # "claude-haiku": neither a model nor a profile id
        return None

    def next_latency(self) -> float:
        with self.lock:
            return self.latencies.pop(0) if self.latencies else 0.0

    def foundation_model(self, model_id: str) -> dict | None:
        """GetFoundationModel's ``modelDetails`` for a bare model id, or None when unknown."""
        lifecycle = self.lifecycles.get(model_id)
        if lifecycle is None:
            return None
        return {
            "modelArn": f"arn:aws:bedrock:eu-west-1::foundation-model/{model_id}",
            "modelId": model_id,
            "modelName": model_id.split(".", 1)[-1],
            "providerName": model_id.split(".", 1)[0].title(),
            "inputModalities": ["TEXT"],
            "outputModalities": ["TEXT"],
            "responseStreamingSupported": True,
            "inferenceTypesSupported": ["INFERENCE_PROFILE"],
            "modelLifecycle": lifecycle,
        }

    def set_stream(
        self,
        *,
        first_token_delay: float = 0.0,
        chunk_delay: float = 0.0,
        chunk_words: int = 2,
        failure: str = "",
        fail_after: int = 1,
    ) -> None:
        assert failure in ("", "exception", "cut"), f"unknown stream failure {failure!r}"
        with self.lock:
            self.first_token_delay, self.chunk_delay = first_token_delay, chunk_delay
            self.chunk_words, self.stream_failure = chunk_words, failure
            self.stream_fail_after = fail_after

    def clear(self) -> None:
        with self.lock:
            self.requests.clear()
            self.chunks_sent.clear()

    def start(self) -> FakeBedrock:
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.fake = self
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        if self._server:
            self._server.shutdown()
            self._server.server_close()
        if self._thread:
            self._thread.join(timeout=5)

    def __enter__(self) -> FakeBedrock:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()


# ------------------------------------------------------------------ ConverseStream
# ``POST /model/{id}/converse-stream`` answers application/vnd.amazon.eventstream:
# binary frames, each a prelude (total length, headers length, CRC32 of those 8
# bytes), headers (name length, name, type 7 = string, value length, value), a JSON
# payload and a CRC32 of everything before it; botocore.eventstream parses and
# checks them. Sent with chunked transfer encoding, one frame per write, paced by
# ``first_token_delay`` and ``chunk_delay`` like a model producing tokens.


def event_frame(event_type: str, payload: dict, *, message_type: str = "event") -> bytes:
    """One AWS event-stream message (``message_type`` "exception" for an error event)."""
    type_header = ":event-type" if message_type == "event" else ":exception-type"
    headers = (
        _frame_header(type_header, event_type)
        + _frame_header(":content-type", "application/json")
        + _frame_header(":message-type", message_type)
    )
    body = json.dumps(payload).encode()
    prelude = struct.pack("!II", 12 + len(headers) + len(body) + 4, len(headers))
    prelude += struct.pack("!I", zlib.crc32(prelude))
    message = prelude + headers + body
    return message + struct.pack("!I", zlib.crc32(message))


def _frame_header(name: str, value: str) -> bytes:
    raw_name, raw_value = name.encode(), value.encode()
    return (
        struct.pack("!B", len(raw_name))
        + raw_name
        + b"\x07"
        + struct.pack("!H", len(raw_value))
        + raw_value
    )


def text_chunks(text: str, words_per_chunk: int) -> list[str]:
    """``text`` in pieces of a few words, whitespace kept, so the pieces join back exactly."""
    tokens = re.findall(r"\s*\S+", text) or [text]
    size = max(1, words_per_chunk)
    return ["".join(tokens[i : i + size]) for i in range(0, len(tokens), size)]


def converse_stream_send(handler: BaseHTTPRequestHandler, fake: FakeBedrock, received) -> None:
    """Answer a ConverseStream request: messageStart, deltas, stop events, usage metadata."""
    try:
        _converse_stream_write(handler, fake, received)
    except (BrokenPipeError, ConnectionResetError):
        handler.close_connection = True  # the caller stopped reading (a visitor left)


def _converse_stream_write(handler: BaseHTTPRequestHandler, fake: FakeBedrock, received) -> None:
    reply = fake.converse_reply(received)
    text = reply["output"]["message"]["content"][0]["text"]
    with fake.lock:
        first_delay, chunk_delay = fake.first_token_delay, fake.chunk_delay
        words, failure, fail_after = fake.chunk_words, fake.stream_failure, fake.stream_fail_after
    handler.send_response(200)
    handler.send_header("Content-Type", "application/vnd.amazon.eventstream")
    handler.send_header("Transfer-Encoding", "chunked")
    handler.send_header("x-amzn-RequestId", "fake-stream-0000")
    handler.end_headers()

    def write(frame: bytes) -> None:
        handler.wfile.write(f"{len(frame):x}\r\n".encode() + frame + b"\r\n")
        handler.wfile.flush()

    write(event_frame("messageStart", {"role": "assistant"}))
    time.sleep(first_delay)
    for number, piece in enumerate(text_chunks(text, words)):
        if failure and number == fail_after:
            if failure == "cut":  # the connection drops mid-message, no terminating chunk
                handler.close_connection = True
                handler.wfile.flush()
                handler.connection.shutdown(socket.SHUT_RDWR)
                return
            write(
                event_frame(
                    "modelStreamErrorException",
                    {"message": "The model stream failed.", "originalStatusCode": 500},
                    message_type="exception",
                )
            )
            handler.wfile.write(b"0\r\n\r\n")
            return
        if number:
            time.sleep(chunk_delay)
        write(event_frame("contentBlockDelta", {"contentBlockIndex": 0, "delta": {"text": piece}}))
        with fake.lock:
            fake.chunks_sent.append(time.time())
    write(event_frame("contentBlockStop", {"contentBlockIndex": 0}))
    write(event_frame("messageStop", {"stopReason": "end_turn"}))
    write(event_frame("metadata", {"usage": reply["usage"], "metrics": {"latencyMs": 1}}))
    handler.wfile.write(b"0\r\n\r\n")
    handler.wfile.flush()
