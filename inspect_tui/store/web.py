"""The queries of the hub's review site: web accounts, sessions, sign-in attempts, audit.

The rules (how long a session lasts, when a login locks, how a password is hashed) live in
:mod:`inspect_tui.web.accounts`; this module only stores and fetches.
"""

from __future__ import annotations

from dataclasses import dataclass

from .database import write_transaction
from .events import EventStore, now_iso


@dataclass(frozen=True)
class WebAccount:
    id: str
    name: str
    login: str
    role: str
    has_password: bool
    created_at: str
    disabled: bool


@dataclass(frozen=True)
class WebSession:
    account: WebAccount
    csrf: str
    created_at: str
    last_seen: str
    expires_at: str


_ACCOUNT = "id, name, login, role, password_hash IS NOT NULL, created_at, disabled"


def _account(row: tuple) -> WebAccount:
    return WebAccount(row[0], row[1], row[2], row[3], bool(row[4]), row[5], bool(row[6]))


class WebStore:
    """One hub database's web tables, through that database's connection."""

    def __init__(self, store: EventStore):
        self.store = store
        self.conn = store.conn

    # --- accounts ----------------------------------------------------------------------
    def add_account(self, account_id: str, name: str, login: str, role: str,
                    code_hash: str) -> bool:
        """A new account waiting for its first sign-in; False if ``login`` is taken."""
        with write_transaction(self.conn):
            taken = self.conn.execute("SELECT 1 FROM web_accounts WHERE login = ?",
                                      (login,)).fetchone()
            if taken:
                return False
            self.conn.execute(
                "INSERT INTO web_accounts (id, name, login, role, code_hash, created_at) "
                "VALUES (?, ?, ?, ?, ?, ?)", (account_id, name, login, role, code_hash, now_iso()))
        return True

    def reissue_code(self, login: str, code_hash: str) -> bool:
        """A new one-time code for ``login``: its password is cleared and sessions ended."""
        with write_transaction(self.conn):
            row = self.conn.execute("SELECT id FROM web_accounts WHERE login = ?",
                                    (login,)).fetchone()
            if row is None:
                return False
            self.conn.execute("UPDATE web_accounts SET code_hash = ?, password_hash = NULL, "
                              "disabled = 0 WHERE id = ?", (code_hash, row[0]))
            self.conn.execute("DELETE FROM web_sessions WHERE account = ?", (row[0],))
        return True

    def account(self, account_id: str) -> WebAccount | None:
        row = self.conn.execute(f"SELECT {_ACCOUNT} FROM web_accounts WHERE id = ?",
                                (account_id,)).fetchone()
        return _account(row) if row else None

    def by_login(self, login: str) -> tuple[WebAccount, str | None, str | None] | None:
        """The account, its password hash and its one-time code hash."""
        row = self.conn.execute(
            f"SELECT {_ACCOUNT}, password_hash, code_hash FROM web_accounts WHERE login = ?",
            (login,)).fetchone()
        return (_account(row[:7]), row[7], row[8]) if row else None

    def all_accounts(self) -> list[WebAccount]:
        return [_account(r) for r in self.conn.execute(
            f"SELECT {_ACCOUNT} FROM web_accounts ORDER BY login")]

    def set_password(self, account_id: str, password_hash: str) -> None:
        """The password is set and the one-time code is spent, together."""
        with write_transaction(self.conn):
            self.conn.execute("UPDATE web_accounts SET password_hash = ?, code_hash = NULL "
                              "WHERE id = ?", (password_hash, account_id))

    def rehash_password(self, account_id: str, password_hash: str) -> None:
        with write_transaction(self.conn):
            self.conn.execute("UPDATE web_accounts SET password_hash = ? WHERE id = ? "
                              "AND password_hash IS NOT NULL", (password_hash, account_id))

    # --- sessions ----------------------------------------------------------------------
    def add_session(self, token_hash: str, account_id: str, csrf: str, expires_at: str) -> None:
        now = now_iso()
        with write_transaction(self.conn):
            self.conn.execute(
                "INSERT INTO web_sessions (token_hash, account, csrf, created_at, last_seen, "
                "expires_at) VALUES (?, ?, ?, ?, ?, ?)",
                (token_hash, account_id, csrf, now, now, expires_at))

    def session(self, token_hash: str) -> WebSession | None:
        row = self.conn.execute(
            "SELECT account, csrf, created_at, last_seen, expires_at FROM web_sessions "
            "WHERE token_hash = ?", (token_hash,)).fetchone()
        if row is None:
            return None
        account = self.account(row[0])
        if account is None:
            return None
        return WebSession(account, row[1], row[2], row[3], row[4])

    def touch_session(self, token_hash: str, last_seen: str) -> None:
        with write_transaction(self.conn):
            self.conn.execute("UPDATE web_sessions SET last_seen = ? WHERE token_hash = ?",
                              (last_seen, token_hash))

    def end_session(self, token_hash: str) -> None:
        with write_transaction(self.conn):
            self.conn.execute("DELETE FROM web_sessions WHERE token_hash = ?", (token_hash,))

    def end_expired_sessions(self, now: str) -> int:
        with write_transaction(self.conn):
            return self.conn.execute("DELETE FROM web_sessions WHERE expires_at <= ?",
                                     (now,)).rowcount

    # --- sign-in attempts --------------------------------------------------------------
    def add_signin(self, login: str, ok: bool) -> None:
        with write_transaction(self.conn):
            self.conn.execute("INSERT INTO web_signins (login, at, ok) VALUES (?, ?, ?)",
                              (login, now_iso(), int(ok)))

    def failures_since_success(self, login: str, since: str) -> list[str]:
        """When ``login``'s failed attempts after ``since`` and its last success were made."""
        last_ok = self.conn.execute(
            "SELECT coalesce(max(seq), 0) FROM web_signins WHERE login = ? AND ok = 1",
            (login,)).fetchone()[0]
        return [r[0] for r in self.conn.execute(
            "SELECT at FROM web_signins WHERE login = ? AND ok = 0 AND seq > ? AND at > ? "
            "ORDER BY seq", (login, last_ok, since))]
