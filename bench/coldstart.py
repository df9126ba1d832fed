"""Cold start: a fresh process answering its first chat message.

    python -m bench.coldstart wsgi

The parent (``bench.run``) times from spawning this process to its exit; the
child imports cloudforgex.wsgi, answers one POST /api/chat/ and prints the
status. The Zappa handler's cold start is measured by ``bench.zappa_cold``.
"""

from __future__ import annotations

import io
import json
import sys

MESSAGE = "What Terraform projects has he built?"


def wsgi_first_answer() -> int:
    from cloudforgex.wsgi import application

    body = json.dumps({"message": MESSAGE}).encode()
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/api/chat/",
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "HTTP_HOST": "localhost",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    statuses = []
    chunks = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    payload = b"".join(chunks)
    print(statuses[0], payload[:120].decode(errors="replace"))
    return int(statuses[0].split()[0])


if __name__ == "__main__":
    sys.exit(0 if wsgi_first_answer() == 200 else 1)
