"""Errors the portfolio app raises; the API turns them into friendly JSON."""

from cloudforgex.errors import NotFound


class ProfileNotFound(NotFound):
    """No profile has been written yet."""

    message = "The profile has not been set up yet."


class ProjectNotFound(NotFound):
    """No published project has this slug."""

    message = "There is no published project at this address."
