"""``python -m tests.tooling.run`` is ``python -m harness.run`` (kept for muscle memory)."""

import sys

from harness.run import main

if __name__ == "__main__":
    sys.exit(main())
