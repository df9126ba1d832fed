"""Errors the portfolio app raises; the API turns them into friendly JSON."""

from http import HTTPStatus

from cloudforgex.errors import ApiError


class ProfileNotFound(ApiError):
    """No profile has been written yet."""

    status_code = HTTPStatus.NOT_FOUND
    code = "not_found"
    message = "The profile has not been set up yet."


class ProjectNotFound(ApiError):
    """No published project has this slug."""

    status_code = HTTPStatus.NOT_FOUND
    code = "not_found"
    message = "There is no published project at this address."


class ImportFileInvalid(Exception):
    """A CloudForgeX knowledge-base file that cannot be imported; the message names the problem."""


class DemoSeedRefused(Exception):
    """The demo data or demo admin cannot be written in this environment."""
