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
    """``fields``: every refused field and why (``provider.urn`` -> message), so that a
    form can show each error beside its field at once rather than one at a time."""

    def __init__(self, message: str, fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.fields = fields or {}


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


def field_errors(exc: ValidationError) -> dict[str, str]:
    """Every pydantic error as ``{location: message}``, the first per location; an error
    of the whole model (two fields that disagree) has the location ``""``."""
    fields: dict[str, str] = {}
    for err in exc.errors():
        loc = ".".join(str(p) for p in err["loc"] if p != "__root__")
        fields.setdefault(loc, err["msg"].removeprefix("Value error, "))
    return fields
