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


@migrations()
def m0005_quarantine(db: Database) -> None:
    """Events that failed validation on the way in (or were found invalid here): kept in
    the log, so nothing is lost and the version vector still advances past them, but not
    applied to heads or state."""
    db.executescript(
        """
        CREATE TABLE quarantine (
            event_id TEXT PRIMARY KEY,
            reason TEXT NOT NULL,
            at TEXT NOT NULL,
            raw TEXT  -- the row as received, when the log holds it with a null value
        );
        """
    )


@migrations()
def m0005_token_expiry(db: Database) -> None:
    """Device tokens expire and are renewed by a sync: the current token's expiry, and the
    renewed token offered but not yet used (it replaces the current one at first use).
    Tokens issued before this expire 30 days after the upgrade."""
    db.executescript(
        """
        ALTER TABLE sync_devices ADD COLUMN token_expires TEXT;
        ALTER TABLE sync_devices ADD COLUMN next_token_hash TEXT;
        ALTER TABLE sync_devices ADD COLUMN next_token_expires TEXT;
        UPDATE sync_devices
           SET token_expires = strftime('%Y-%m-%dT%H:%M:%fZ', 'now', '+30 days');
        CREATE INDEX sync_devices_next_token ON sync_devices (next_token_hash);
        """
    )


@migrations()
def m0006_audit(db: Database) -> None:
    """The hub's audit trail: append-only, each record hash-chained to the one before.

    The triggers stop an ordinary edit or delete; the chain (checked by
    ``inspect-tui hub audit verify``) shows one made by any other means.
    """
    db.executescript(
        """
        CREATE TABLE audit (
            seq INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            kind TEXT NOT NULL,
            device TEXT,
            inspections TEXT NOT NULL DEFAULT '[]',
            detail TEXT NOT NULL DEFAULT '{}',
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        );
        CREATE INDEX audit_device ON audit (device, seq);
        CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
            SELECT RAISE(ABORT, 'the audit trail is append-only');
        END;
        CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
            SELECT RAISE(ABORT, 'the audit trail is append-only');
        END;
        """
    )


@migrations()
def m0007_members(db: Database) -> None:
    """Need-to-know on the hub: who created each inspection, each manager's team (none:
    the manager sees every inspection), and which inspections each device was last told
    it may hold (so its unsent edits of one it has just lost still reach the hub)."""
    db.executescript(
        """
        CREATE TABLE inspection_origin (
            inspection_id TEXT PRIMARY KEY,
            device TEXT NOT NULL,
            name TEXT NOT NULL,
            at TEXT NOT NULL
        );
        CREATE TABLE manager_teams (
            manager TEXT NOT NULL,
            inspector TEXT NOT NULL,
            PRIMARY KEY (manager, inspector)
        ) WITHOUT ROWID;
        CREATE TABLE device_scope (
            device TEXT NOT NULL,
            inspection_id TEXT NOT NULL,
            PRIMARY KEY (device, inspection_id)
        ) WITHOUT ROWID;
        """
    )


@migrations()
def m0008_redactions(db: Database) -> None:
    """Redactions received: for each event a redaction names, its new value and why.

    Kept so that a target arriving after its redaction (by bundle, say) is redacted as
    it lands; ``applied`` once its value has been replaced here.
    """
    db.executescript(
        """
        CREATE TABLE redactions (
            event_id TEXT PRIMARY KEY,
            redaction_id TEXT NOT NULL,
            value TEXT NOT NULL,
            note TEXT NOT NULL,
            applied INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX redactions_pending ON redactions (applied);
        """
    )


@migrations()
def m0010_web_accounts(db: Database) -> None:
    """The hub's review site: managers' web accounts, their sessions and sign-in attempts.

    Secrets are stored only as hashes: the one-time sign-in code and session tokens as
    SHA-256 (they are long and random), passwords as argon2. Only a hub uses these tables.
    """
    db.executescript(
        """
        CREATE TABLE web_accounts (
            id TEXT PRIMARY KEY,
            name TEXT NOT NULL,
            login TEXT NOT NULL UNIQUE,
            role TEXT NOT NULL,
            code_hash TEXT UNIQUE,
            password_hash TEXT,
            created_at TEXT NOT NULL,
            disabled INTEGER NOT NULL DEFAULT 0
        );
        CREATE TABLE web_sessions (
            token_hash TEXT PRIMARY KEY,
            account TEXT NOT NULL REFERENCES web_accounts (id),
            csrf TEXT NOT NULL,
            created_at TEXT NOT NULL,
            last_seen TEXT NOT NULL,
            expires_at TEXT NOT NULL
        );
        CREATE INDEX web_sessions_account ON web_sessions (account);
        -- Every sign-in attempt, by the login typed (known or not): failures since the
        -- last success slow the next attempt down and then lock the login out.
        CREATE TABLE web_signins (
            seq INTEGER PRIMARY KEY,
            login TEXT NOT NULL,
            at TEXT NOT NULL,
            ok INTEGER NOT NULL
        );
        CREATE INDEX web_signins_login ON web_signins (login, seq);
        -- What managers do on the site is in the hub's hash-chained audit trail.
        """
    )
