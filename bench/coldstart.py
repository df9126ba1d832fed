"""Cold start: a fresh process answering its first chat message.

    python -m bench.coldstart wsgi               # cloudforgex.wsgi.application
    python -m bench.coldstart zappa PACKAGE_DIR  # the unzipped Zappa package's handler

The parent (``bench.run``) times from spawning this process to its exit; the
child imports the app, answers one POST /api/chat/ and prints the status.
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


def zappa_first_answer(package_dir: str) -> int:
    sys.path.insert(0, package_dir)
    import handler  # the Zappa package's Lambda entry point

    event = {
        "resource": "/{proxy+}",
        "path": "/api/chat/",
        "httpMethod": "POST",
        "headers": {"Content-Type": "application/json", "Host": "localhost"},
        "multiValueHeaders": {"Content-Type": ["application/json"], "Host": ["localhost"]},
        "queryStringParameters": None,
        "multiValueQueryStringParameters": None,
        "pathParameters": {"proxy": "api/chat/"},
        "stageVariables": None,
        "requestContext": {
            "resourcePath": "/{proxy+}",
            "httpMethod": "POST",
            "stage": "dev",
            "identity": {"sourceIp": "127.0.0.1"},
            "path": "/dev/api/chat/",
        },
        "body": json.dumps({"message": MESSAGE}),
        "isBase64Encoded": False,
    }
    result = handler.lambda_handler(event, None)
    print(result.get("statusCode"), str(result.get("body"))[:120])
    return int(result.get("statusCode", 0))


if __name__ == "__main__":
    status = wsgi_first_answer() if sys.argv[1] == "wsgi" else zappa_first_answer(sys.argv[2])
    sys.exit(0 if status == 200 else 1)
