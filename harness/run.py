"""Run a command with real servers started for it, then stop them.

    python -m harness.run --postgres --redis -- pytest -q

exports DATABASE_URL (and TEST_REDIS_URL) for the command, returns its exit
code, and tears the servers down whatever happens.
"""

import argparse
import contextlib
import os
import subprocess
import sys

from harness.services import PostgresServer, RedisServer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument(
        "--postgres", action="store_true", help="start PostgreSQL, export DATABASE_URL"
    )
    parser.add_argument("--redis", action="store_true", help="start Redis, export TEST_REDIS_URL")
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("give the command to run after --")
    env = dict(os.environ)
    with contextlib.ExitStack() as stack:
        if args.postgres:
            env["DATABASE_URL"] = stack.enter_context(PostgresServer()).url
            print(f"[tooling] PostgreSQL at {env['DATABASE_URL']}", flush=True)
        if args.redis:
            env["TEST_REDIS_URL"] = stack.enter_context(RedisServer()).url
            print(f"[tooling] Redis at {env['TEST_REDIS_URL']}", flush=True)
        return subprocess.call(command, env=env)


if __name__ == "__main__":
    sys.exit(main())
