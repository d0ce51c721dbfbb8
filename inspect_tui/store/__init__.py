"""SQLite storage: the event log, heads and materialised state. No SQL outside this package."""

from . import meta  # noqa: E402  (imports .events)
from .database import StoreError
from .events import Edit, Event, EventStore, FieldValue, now_iso

__all__ = ["Edit", "Event", "EventStore", "FieldValue", "StoreError", "meta", "now_iso"]
