"""Sync errors: one line each, fit to show a user."""

from __future__ import annotations

from ..errors import ServiceError


class SyncError(ServiceError):
    """A sync that could not finish; what was already exchanged stays applied."""


class BundleError(SyncError):
    """A bundle refused whole: nothing from it was applied."""


class PolicyError(SyncError):
    """Events a device is not allowed to write; the whole batch is refused."""
