"""Domain errors: each carries the HTTP status it maps to and a message a person can act on."""

from __future__ import annotations


class DomainError(Exception):
    status_code = 400

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class Unauthorized(DomainError):
    """Who is asking is not known (or their credential is not valid)."""

    status_code = 401


class Forbidden(DomainError):
    status_code = 403


class NotFound(DomainError):
    status_code = 404


class InvalidSubmission(DomainError):
    status_code = 422


class Conflict(DomainError):
    status_code = 409


class ChallengeFormatError(DomainError):
    """A challenge folder does not follow the format (an author's mistake, not a user's)."""

    status_code = 500
