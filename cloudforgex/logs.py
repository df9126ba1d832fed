"""Log formatting: a request id on every line, JSON for containers and Lambda."""

import atexit
import json
import logging
import os
import queue
import sys
import threading
from datetime import UTC, datetime

from cloudforgex.request_context import current_request_id

_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime", "request_id"}


class RequestIdFilter(logging.Filter):
    """Stamp each record with the id of the request being served ("-" outside one)."""

    def filter(self, record: logging.LogRecord) -> bool:
        # django.request logs a 4xx/5xx after the middleware stack has unwound
        # (and the context with it), but hands over the request itself.
        request = getattr(record, "request", None)
        record.request_id = current_request_id() or getattr(request, "id", None) or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line, with any ``extra=`` fields kept as keys."""

    def format(self, record: logging.LogRecord) -> str:
        payload = {
            "time": datetime.fromtimestamp(record.created, tz=UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", "-"),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                payload[key] = value
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


class QueuedStreamHandler(logging.Handler):
    """A StreamHandler whose writing is done by one background thread per process.

    Why: a plain StreamHandler holds its lock across ``write()``, a syscall that
    releases the GIL. Under gthread with dozens of request threads, the others
    pile up on that lock and each then waits for the GIL again: in the
    64-client model benchmark the access-log lock was the single biggest wait,
    halving throughput. Here ``emit`` only puts the record on a queue.

    Records are formatted by the writer thread (the request-id filter has
    already run in the request's thread). On Lambda, where a frozen process
    would strand queued lines, and under gevent (one thread, no convoy), it
    writes synchronously. Lines still queued at
    exit are written by an ``atexit`` hook.
    """

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream if stream is not None else sys.stderr
        self.synchronous = bool(os.environ.get("AWS_LAMBDA_FUNCTION_NAME")) or _gevent_patched()
        self._queue: queue.SimpleQueue | None = None
        self._writer: threading.Thread | None = None
        self._pid: int | None = None
        self._start_lock = threading.Lock()

    def emit(self, record: logging.LogRecord) -> None:
        if self.synchronous:
            self._write(record)
            return
        if self._pid != os.getpid():  # first use, or first use after a fork
            self._start_writer()
        self._queue.put(record)

    def _start_writer(self) -> None:
        with self._start_lock:
            if self._pid == os.getpid():
                return
            self._queue = queue.SimpleQueue()
            self._writer = threading.Thread(
                target=self._drain, args=(self._queue,), name="log-writer", daemon=True
            )
            self._writer.start()
            self._pid = os.getpid()
            atexit.register(self._stop)

    def _drain(self, records: queue.SimpleQueue) -> None:
        while (record := records.get()) is not None:
            if hasattr(record, "done"):
                record.done.set()
                continue
            self._write(record)

    def _write(self, record: logging.LogRecord) -> None:
        try:
            self.stream.write(self.format(record) + "\n")
            self.stream.flush()
        except Exception:  # never let a broken stream take a request down
            self.handleError(record)

    def _stop(self) -> None:
        if self._writer and self._pid == os.getpid() and self._writer.is_alive():
            self._queue.put(None)
            self._writer.join(timeout=5)

    def flush(self) -> None:
        if self.synchronous or self._pid != os.getpid() or not self._writer.is_alive():
            return  # nothing queued can be waiting (e.g. at exit, after _stop)
        # Wait (briefly) until what was queued before this call is written.
        done = threading.Event()
        marker = logging.makeLogRecord({})
        marker.done = done
        self._queue.put(marker)
        done.wait(timeout=2)

    def close(self) -> None:
        self._stop()
        super().close()


def _gevent_patched() -> bool:
    monkey = sys.modules.get("gevent.monkey")
    return bool(monkey and monkey.is_module_patched("threading"))
