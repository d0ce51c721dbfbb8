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
