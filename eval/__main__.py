"""``make eval``: score EVE on the labelled set and print the table (``--failures`` for details).

Runs against a fresh in-memory test database with the test settings, the
knowledge_base provider and the throttles off, so it needs no services.
"""

from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__)
    parser.add_argument("--failures", action="store_true", help="print every failing case")
    parser.add_argument("--kind", help="only this kind of question")
    args = parser.parse_args(argv)

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cloudforgex.settings_test")
    os.environ.pop("DATABASE_URL", None)  # always a throwaway SQLite test database
    import logging

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import setup_test_environment

    from eval import harness

    logging.disable(logging.INFO)  # one line per reply would bury the table
    settings.EVE_PROVIDER = "knowledge_base"
    settings.EVE_THROTTLE_RATES = {"burst": "100000/min", "sustained": "1000000/day"}
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        cases = harness.cases_load()
        if args.kind:
            cases = [case for case in cases if case.kind == args.kind]
        outcomes = harness.evaluation_run(cases)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
    if args.failures:
        print(harness.failures_text(outcomes))
        print()
    print(harness.table_markdown(harness.table_build(outcomes)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
