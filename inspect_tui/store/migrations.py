"""Schema migrations (sqlite-utils ``Migrations``), explicit DDL from the first one on."""

from __future__ import annotations

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

migrations = Migrations("inspect_tui")


@migrations()
def m0001_initial(db: Database) -> None:
    db.executescript(
        """
        CREATE TABLE meta (
            key TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );
        -- The event log: the source of truth. Immutable once it has left the device.
        CREATE TABLE events (
            id TEXT PRIMARY KEY,
            inspection_id TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            value TEXT NOT NULL,
            replaces TEXT NOT NULL DEFAULT '[]',
            author TEXT NOT NULL,
            device TEXT NOT NULL,
            device_seq INTEGER NOT NULL,
            at TEXT NOT NULL,
            UNIQUE (device, device_seq)
        );
        CREATE INDEX events_inspection ON events (inspection_id);
        CREATE INDEX events_field ON events (entity_id, field);
        -- Which known event replaces which: an event named here is never a head.
        CREATE TABLE superseded (
            event_id TEXT NOT NULL,
            by_event TEXT NOT NULL,
            PRIMARY KEY (event_id, by_event)
        ) WITHOUT ROWID;
        -- The current values of each field: one head is a value, several are a conflict.
        CREATE TABLE heads (
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            event_id TEXT NOT NULL,
            PRIMARY KEY (entity_id, field, event_id)
        ) WITHOUT ROWID;
        CREATE INDEX heads_event ON heads (event_id);
        -- Materialised state, updated in the same transaction as the log.
        CREATE TABLE state (
            entity_id TEXT NOT NULL,
            field TEXT NOT NULL,
            inspection_id TEXT NOT NULL,
            entity TEXT NOT NULL,
            value TEXT NOT NULL,
            event_id TEXT NOT NULL,
            conflict INTEGER NOT NULL DEFAULT 0,
            PRIMARY KEY (entity_id, field)
        ) WITHOUT ROWID;
        CREATE INDEX state_inspection ON state (inspection_id, entity);
        """
    )


@migrations()
def m0002_sync(db: Database) -> None:
    """Sync: the hub's enrolled devices and one-time enrolment codes.

    Laptops carry the tables too (empty); their own sync settings live in ``meta``.
    """
    db.executescript(
        """
        -- A device enrolled at this hub: its role decides what it may write.
        CREATE TABLE sync_devices (
            device TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            token_hash TEXT NOT NULL UNIQUE,
            sign_key TEXT NOT NULL,
            box_key TEXT NOT NULL,
            enrolled_at TEXT NOT NULL,
            vector TEXT NOT NULL DEFAULT '{}',
            last_seen TEXT,
            revoked INTEGER NOT NULL DEFAULT 0
        );
        -- One-time enrolment codes, stored hashed; used_at is set when a device claims one.
        CREATE TABLE sync_enrolments (
            code_hash TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            role TEXT NOT NULL,
            created_at TEXT NOT NULL,
            used_at TEXT,
            device TEXT
        );
        """
    )


@migrations()
def m0003_home_cache(db: Database) -> None:
    """The home list's last computed line per inspection, shown before it is recomputed.

    A cache only: rebuilt from the state whenever the list is recomputed, never synced.
    """
    db.executescript(
        """
        CREATE TABLE home_cache (
            inspection_id TEXT PRIMARY KEY,
            summary TEXT NOT NULL
        );
        """
    )


@migrations()
def m0004_home_cache_stale(db: Database) -> None:
    """A change to an inspection's state drops its cached home line in the same
    transaction, whatever wrote it (a save, a merge, another process): a line still in the
    cache was computed from the state as it is now."""
    db.executescript(
        """
        CREATE TRIGGER home_cache_state_insert AFTER INSERT ON state BEGIN
            DELETE FROM home_cache WHERE inspection_id = NEW.inspection_id;
        END;
        CREATE TRIGGER home_cache_state_update AFTER UPDATE ON state BEGIN
            DELETE FROM home_cache WHERE inspection_id IN (OLD.inspection_id,
                                                           NEW.inspection_id);
        END;
        CREATE TRIGGER home_cache_state_delete AFTER DELETE ON state BEGIN
            DELETE FROM home_cache WHERE inspection_id = OLD.inspection_id;
        END;
        """
    )
