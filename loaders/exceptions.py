"""Errors the loaders raise; their management commands turn them into clear refusals."""


class ImportFileInvalid(Exception):
    """A CloudForgeX knowledge-base file that cannot be imported; the message names the problem."""


class DemoSeedRefused(Exception):
    """The demo data or demo admin cannot be written in this environment."""
