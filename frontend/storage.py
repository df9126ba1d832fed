"""Static files storage that also fingerprints the site's ES module imports.

Django can rewrite ``import ... from "./chat.js"`` to the hashed file name,
but its switch applies to every ``*.js`` file, and third-party bundles
(Swagger UI, the admin) contain strings that look like imports of files that
do not exist. Scoping the same patterns to ``frontend/js/*.js`` fingerprints
our modules (so a one-year cache never serves a stale import) and leaves the
others alone.
"""

from django.contrib.staticfiles.storage import ManifestStaticFilesStorage
from whitenoise.storage import CompressedManifestStaticFilesStorage

_MODULE_IMPORTS = (
    "frontend/js/*.js",
    ManifestStaticFilesStorage._js_module_import_aggregation_patterns[1],
)


class SiteStaticFilesStorage(CompressedManifestStaticFilesStorage):
    """WhiteNoise's hashed + compressed storage, with the site's module imports hashed too."""

    patterns = (*CompressedManifestStaticFilesStorage.patterns, _MODULE_IMPORTS)


class ExportStaticFilesStorage(ManifestStaticFilesStorage):
    """Hashed files for ``export_site`` (the static host compresses on its own)."""

    patterns = (*ManifestStaticFilesStorage.patterns, _MODULE_IMPORTS)
