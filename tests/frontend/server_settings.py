"""Settings for the real server the browser tests start: the project's own, with a private STATIC_ROOT.

Production mode (``DJANGO_DEBUG=false``) is used on purpose so the browser
loads WhiteNoise's hashed, compressed files under the real CSP.
"""

import os
from pathlib import Path

from cloudforgex.settings import *  # noqa: F403

STATIC_ROOT = Path(os.environ["CFX_TEST_STATIC_ROOT"])
