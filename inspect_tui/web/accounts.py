"""Managers' web accounts: enrolment codes, passwords, sessions and sign-in throttling.

A manager is enrolled with a one-time code (``inspect-tui hub enrol NAME --role manager
--web``), signs in the first time with it and sets a password (argon2id). Failed sign-ins
of a login since its last success slow the next attempt down (``delay``) and, at
``lock_after``, lock the login for ``lock_for``; unknown logins are treated the same, so
the answer never tells whether a login exists. Session tokens and codes are random and
stored as SHA-256 only; a session ends after ``idle`` without a request or ``lifetime``
after sign-in, whichever is sooner.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from ..domain.time import parse_stamp, utc_now, utc_stamp
from ..store import EventStore
from ..store.web import WebAccount, WebSession, WebStore
from ..sync.hub import new_code, normalise_code

MIN_PASSWORD = 12
MAX_PASSWORD = 256
_hasher = PasswordHasher()
# Verified against when the login is unknown, so that a miss costs what a hit costs.
_DUMMY = _hasher.hash(secrets.token_urlsafe(16))


class AccountError(Exception):
    """A one-line reason fit to show the person at the keyboard."""


@dataclass(frozen=True)
class Policy:
    idle: timedelta = timedelta(minutes=30)
    lifetime: timedelta = timedelta(hours=8)
    lock_after: int = 5
    lock_for: timedelta = timedelta(minutes=15)
    base_delay: float = 0.5   # seconds before answering, doubled per recent failure
    max_delay: float = 8.0


@dataclass(frozen=True)
class SignIn:
    """What a sign-in attempt came to: ``account`` is set on success, ``locked`` (seconds
    left) when the login is locked out; ``setup`` when the code was used (set a password)."""

    account: WebAccount | None = None
    setup: bool = False
    locked: int = 0


def login_of(name: str) -> str:
    """How a name is typed to sign in: case and runs of spaces do not matter."""
    return " ".join(name.split()).casefold()


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode()).hexdigest()


def _iso(moment: datetime) -> str:
    return utc_stamp(moment)


def _parse(text: str) -> datetime:
    return parse_stamp(text)


def password_problem(password: str, login: str) -> str | None:
    if len(password) < MIN_PASSWORD:
        return f"the password must be at least {MIN_PASSWORD} characters long"
    if len(password) > MAX_PASSWORD:
        return f"the password must be at most {MAX_PASSWORD} characters long"
    if login_of(password) == login:
        return "the password must not be your name"
    return None


class Accounts:
    def __init__(self, store: EventStore, policy: Policy | None = None):
        self.db = WebStore(store)
        self.policy = policy or Policy()

    # --- enrolment ---------------------------------------------------------------------
    def enrol(self, name: str, role: str) -> str:
        """A one-time sign-in code for ``name`` (a new account, or a fresh code that
        replaces the old password of an existing one: how a forgotten password is reset)."""
        name = " ".join(name.split())
        if not name:
            raise AccountError("enrol: give the manager's name")
        if role != "manager":
            raise AccountError("enrol --web: only managers use the review site")
        code = new_code()
        login = login_of(name)
        code_hash = sha256(normalise_code(code))
        if not self.db.add_account(secrets.token_hex(8), name, login, role, code_hash):
            self.db.reissue_code(login, code_hash)
        return code

    # --- signing in --------------------------------------------------------------------
    def delay(self, login: str, now: datetime | None = None) -> float:
        """Seconds to wait before answering an attempt on ``login``."""
        failures = len(self._recent_failures(login, now))
        if not failures:
            return 0.0
        return min(self.policy.base_delay * 2 ** (failures - 1), self.policy.max_delay)

    def locked_for(self, login: str, now: datetime | None = None) -> int:
        """Seconds ``login`` stays locked out, 0 if it is not."""
        now = now or utc_now()
        failures = self._recent_failures(login, now)
        if len(failures) < self.policy.lock_after:
            return 0
        until = _parse(failures[self.policy.lock_after - 1]) + self.policy.lock_for
        return max(1, int((until - now).total_seconds()) + 1) if until > now else 0

    def _recent_failures(self, login: str, now: datetime | None) -> list[str]:
        now = now or utc_now()
        return self.db.failures_since_success(login, _iso(now - self.policy.lock_for))

    def sign_in(self, name: str, secret: str) -> SignIn:
        """Check a password, or the one-time code of an account with no password yet."""
        login = login_of(name)
        locked = self.locked_for(login)
        if locked:
            return SignIn(locked=locked)
        found = self.db.by_login(login) if login else None
        ok, setup = False, False
        if found is None or found[0].disabled:
            _verify(_DUMMY, secret)
        else:
            account, password_hash, code_hash = found
            if password_hash is not None:
                ok = _verify(password_hash, secret)
                if ok and _hasher.check_needs_rehash(password_hash):
                    self.db.rehash_password(account.id, _hasher.hash(secret))
            elif code_hash is not None:
                _verify(_DUMMY, secret)
                ok = setup = secrets.compare_digest(sha256(normalise_code(secret)), code_hash)
        self.db.add_signin(login or "-", ok)
        if not ok:
            return SignIn(locked=self.locked_for(login))
        return SignIn(account=found[0], setup=setup)

    def set_password(self, account: WebAccount, password: str, repeat: str) -> None:
        if password != repeat:
            raise AccountError("the two passwords are not the same")
        problem = password_problem(password, account.login)
        if problem:
            raise AccountError(problem)
        self.db.set_password(account.id, _hasher.hash(password))

    # --- sessions ----------------------------------------------------------------------
    def start_session(self, account: WebAccount) -> str:
        self.end_expired()  # housekeeping: no dead session outlives the next sign-in
        token = secrets.token_urlsafe(32)
        expires = utc_now() + self.policy.lifetime
        self.db.add_session(sha256(token), account.id, secrets.token_urlsafe(32), _iso(expires))
        return token

    def session(self, token: str, now: datetime | None = None) -> WebSession | None:
        """The live session of ``token`` (its idle clock restarted), or None."""
        if not token:
            return None
        now = now or utc_now()
        key = sha256(token)
        found = self.db.session(key)
        if found is None:
            return None
        if (found.account.disabled or _parse(found.expires_at) <= now
                or _parse(found.last_seen) + self.policy.idle <= now):
            self.db.end_session(key)
            return None
        self.db.touch_session(key, _iso(now))
        return found

    def end_session(self, token: str) -> None:
        if token:
            self.db.end_session(sha256(token))

    def end_expired(self) -> int:
        return self.db.end_expired_sessions(_iso(utc_now()))

    def refresh(self, account: WebAccount) -> WebAccount:
        return self.db.account(account.id) or account


def _verify(password_hash: str, secret: str) -> bool:
    try:
        return _hasher.verify(password_hash, secret)
    except (VerificationError, InvalidHashError):
        return False
