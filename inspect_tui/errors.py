"""Errors the service raises, each with a message fit to show a user on one line."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pydantic stays out of the UI's start-up: only the service needs it
    from pydantic import ValidationError


class ServiceError(Exception):
    """Something the user asked for cannot be done; the message says why."""


class NotFound(ServiceError):
    pass


class Invalid(ServiceError):
    pass


class Forbidden(ServiceError):
    pass


def describe_validation(exc: ValidationError, prefix: str = "") -> str:
    """The first pydantic error as ``field: message`` on one line."""
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        msg = err["msg"].removeprefix("Value error, ")
        parts.append(f"{loc}: {msg}" if loc else msg)
    text = "; ".join(parts)
    return f"{prefix}{text}" if prefix else text
