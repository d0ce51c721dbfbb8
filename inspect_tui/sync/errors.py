"""Sync errors: one line each, fit to show a user."""

from __future__ import annotations

from ..errors import ServiceError


class SyncError(ServiceError):
    """A sync that could not finish; what was already exchanged stays applied."""


class BundleError(SyncError):
    """A bundle refused whole: nothing from it was applied."""


class PolicyError(SyncError):
    """Events a device is not allowed to write; the whole batch is refused.

    ``event_id`` names the event refused, where there is one, for the hub's log."""

    def __init__(self, message: str, event_id: str | None = None):
        super().__init__(message)
        self.event_id = event_id


class InvalidEvents(SyncError):
    """A batch with an event no one may write (it breaks the validator); refused whole.

    ``event_id`` names the first event refused, for the hub's log."""

    def __init__(self, message: str, event_id: str | None = None):
        super().__init__(message)
        self.event_id = event_id
