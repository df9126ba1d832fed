"""Invoke an unzipped Zappa package's ``handler.lambda_handler`` like the Lambda runtime does.

Run with ``python -I -S lambda_invoke.py PACKAGE_DIR RESULTS_FILE`` (no
site-packages: only the package and the standard library are importable, as
in /var/task). Reads a JSON list of events on stdin and writes the handler's
return values, as a JSON list, to RESULTS_FILE (Zappa prints to stdout).
"""

import json
import sys
import uuid


class LambdaContext:
    """The few context attributes Zappa's handler reads."""

    function_name = "cloudforgex-dev"
    function_version = "$LATEST"
    memory_limit_in_mb = 1024
    invoked_function_arn = "arn:aws:lambda:eu-west-1:123456789012:function:cloudforgex-dev"

    def __init__(self) -> None:
        self.aws_request_id = str(uuid.uuid4())

    @staticmethod
    def get_remaining_time_in_millis() -> int:
        return 30_000


def main() -> None:
    package = sys.argv[1]
    sys.path.insert(0, package)
    events = json.load(sys.stdin)
    import handler  # the package's own zip-root handler.py

    results = [handler.lambda_handler(event, LambdaContext()) for event in events]
    with open(sys.argv[2], "w") as out:
        json.dump(results, out)


if __name__ == "__main__":
    main()
