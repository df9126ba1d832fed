"""Log lines: JSON with a request id, written off the request thread, none lost."""

import io
import json
import logging
import os
import threading

from cloudforgex.logs import JsonFormatter, QueuedStreamHandler, RequestIdFilter
from cloudforgex.request_context import reset_request_id, set_request_id


def _logger(stream) -> tuple[logging.Logger, QueuedStreamHandler]:
    handler = QueuedStreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    logger = logging.getLogger(f"cfx-test-{id(stream)}")
    logger.propagate = False
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    return logger, handler


def test_every_line_from_many_threads_is_written_as_json_with_its_request_id():
    stream = io.StringIO()
    logger, handler = _logger(stream)

    def serve(n: int) -> None:
        token = set_request_id(f"req-{n:04d}-abcd")
        try:
            for i in range(25):
                logger.info("chat answered", extra={"source": "cache", "i": i})
        finally:
            reset_request_id(token)

    threads = [threading.Thread(target=serve, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    handler.flush()
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert len(lines) == 200
    assert {line["request_id"] for line in lines} == {f"req-{n:04d}-abcd" for n in range(8)}
    assert all(line["message"] == "chat answered" and line["source"] == "cache" for line in lines)
    handler.close()


def test_a_forked_worker_gets_its_own_writer(tmp_path):
    """gunicorn forks workers after logging is configured; the child must still write."""
    path = tmp_path / "log.jsonl"
    with path.open("w") as stream:
        logger, handler = _logger(stream)
        logger.info("from the master")
        handler.flush()
        pid = os.fork()
        if pid == 0:  # the child: log, flush, leave without running the parent's cleanups
            logger.info("from the worker")
            handler.flush()
            os._exit(0)
        os.waitpid(pid, 0)
        handler.close()
    messages = [json.loads(line)["message"] for line in path.read_text().splitlines()]
    assert messages == ["from the master", "from the worker"]


def test_lambda_writes_synchronously(monkeypatch):
    """A frozen Lambda process must not strand queued lines: no writer thread there."""
    monkeypatch.setenv("AWS_LAMBDA_FUNCTION_NAME", "cloudforgex-dev")
    stream = io.StringIO()
    logger, handler = _logger(stream)
    logger.info("handled")
    assert json.loads(stream.getvalue())["message"] == "handled"
    assert handler._writer is None


def test_flush_after_stop_does_not_wait():
    """At exit logging.shutdown() flushes after our atexit hook stopped the writer: no 2 s stall."""
    stream = io.StringIO()
    logger, handler = _logger(stream)
    logger.info("last words")
    handler._stop()
    handler.flush()  # must not queue a marker no writer will ever answer
    assert handler._queue.empty()
    assert json.loads(stream.getvalue())["message"] == "last words"
