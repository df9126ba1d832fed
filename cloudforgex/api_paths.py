"""Where the JSON API lives: one prefix, one test, used by the URLs, the middleware and CORS.

Everything under ``/api/`` and the original client's ``/chat`` answers JSON,
errors included (``cloudforgex.errors``), and is the only place CORS applies.
"""

import re

# Mounted by cloudforgex.urls and each app's urls.py ("api/chat/", "api/certificates/...").
API_PREFIX = "api/"
# The original CloudForgeX client posts to /chat (no prefix, no slash).
CHAT_ALIAS = "chat"

# (?s): a path with a newline in it is still an API path, so it still gets JSON.
API_PATH_REGEX = rf"(?s)^/({re.escape(API_PREFIX)}.*|{CHAT_ALIAS}/?)$"
_API_PATH = re.compile(API_PATH_REGEX)


def is_api_path(path: str) -> bool:
    """True for every path whose answers must be JSON, errors included."""
    return bool(_API_PATH.match(path))
