"""The laptop side: enrol with a hub, sync over HTTP, export and import bundles.

A sync pushes this device's events the hub lacks, then pulls what this device lacks, in
batches. Every batch is merged (or accepted by the hub) in one transaction and merging is
idempotent, so a dropped connection costs only the batch in flight: the retry asks the hub
what it holds and carries on from there.

Before anything leaves the device, its events are frozen (``mark_sent``): a sent event is
never folded into a later edit, so the hub and the laptop never hold two versions of one
event id.
"""

from __future__ import annotations

import logging
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from ..store import EventStore, meta, now_iso
from ..store.events import MalformedEvent
from ..store.sync import (
    ENTITY_RUN,
    count_own,
    open_conflicts,
    own_rows,
    rows_missing_from,
    same_edit,
)
from .errors import BundleError, SyncError
from .secrets import KEYS, TOKEN, for_store

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
"""``progress(phase, done, total)`` with phase ``"send"`` or ``"receive"``."""

PUSH_BATCH = 1000
PULL_BATCH = 5000
MERGE_ROWS = 50_000  # rows received merged in one transaction (each commit costs a checkpoint)
RETRY_DELAYS = (0.2, 0.5, 1.0, 2.0, 4.0, 8.0)


@dataclass(frozen=True)
class SyncSummary:
    sent: int
    received: int
    conflicts: int
    at: str
    hub: str = ""
    removed: tuple[str, ...] = ()  # inspections we are no longer a member of, now gone

    def line(self) -> str:
        where = f" with {self.hub}" if self.hub else ""
        plural = "" if self.conflicts == 1 else "s"
        text = (f"Synced{where}: sent {self.sent}, received {self.received}, "
                f"{self.conflicts} open conflict{plural}")
        if self.removed:
            text += (f"; removed {len(self.removed)} inspection(s) you are no longer a "
                     f"member of ({', '.join(i[:8] for i in self.removed)})")
        return text


def _store_of(target: Any) -> EventStore:
    """A private connection to the same database: sync may run in a worker thread."""
    if isinstance(target, str | Path):
        return EventStore(target)
    store = getattr(target, "store", target)
    return EventStore(store.path)


def last_sync(service: Any) -> str | None:
    """When this device last finished a sync or imported a hub bundle (ISO time), if ever."""
    store = getattr(service, "store", service)
    return meta.last_sync(store)


@dataclass(frozen=True)
class SyncStatus:
    hub: str | None
    role: str | None
    last_sync: str | None
    unacknowledged: int  # this device's events the hub is not known to hold
    conflicts: int
    quarantined: int = 0  # events kept but not applied: they failed validation


def status(service: Any) -> SyncStatus:
    """What the TUI or ``sync status`` shows: the hub, the last sync, what is still here only."""
    store = getattr(service, "store", service)
    acked = meta.hub_vector(store).get(store.device, 0)
    mine = store.version_vector().get(store.device, 0)
    link = meta.read_hub_link(store)
    return SyncStatus(link.url, link.role, meta.last_sync(store),
                      count_own(store, acked, mine), open_conflicts(store),
                      store.quarantine_count())


def hub_host(url: str | None) -> str:
    """``host:port`` of a hub address, for the log: never a path or credentials in it."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url or "")
        host = parts.hostname or "-"
        return f"{host}:{parts.port}" if parts.port else host
    except ValueError:
        return "-"


def hub_url(service: Any) -> str | None:
    store = getattr(service, "store", service)
    return meta.read_hub_link(store).url


def device_keys(store: EventStore):
    """This device's key pair, from the keyring or its secrets file (made the first time)."""
    from .keys import KeyPair

    secrets = for_store(store)
    text = secrets.get(KEYS)
    if text:
        return KeyPair.from_json(text)
    keys = KeyPair.generate()
    secrets.set(KEYS, keys.to_json())
    return KeyPair.from_json(secrets.get(KEYS) or "")


def device_token(store: EventStore) -> str | None:
    return for_store(store).get(TOKEN)


def _freeze(store: EventStore) -> int:
    """Mark this device's events as sent; return the highest sequence now frozen."""
    store.mark_sent()
    return meta.sent_upto(store)


# --- HTTP ---------------------------------------------------------------------------------

class _Transient(Exception):
    """A failure worth retrying: the connection dropped or the hub is restarting."""


class _Refused(SyncError):
    """The hub understood the request and said no (a role or a malformed event)."""


@cache
def _tls() -> Any:
    """The TLS settings httpx would make for each client (its default verification),
    made once: loading the trusted certificates is a fifth of a second per client, which
    fifty syncs at once would pay fifty times over."""
    import httpx

    return httpx.create_ssl_context()


def _client(url: str, token: str | None = None, transport: Any = None):
    import httpx

    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return httpx.Client(base_url=url.rstrip("/"), headers=headers, timeout=60.0,
                        transport=transport, verify=_tls())


def _call(http: Any, method: str, path: str, body: Any = None) -> dict[str, Any]:
    import httpx
    import orjson

    try:
        # orjson both ways: a pull page or a push batch is thousands of rows, and the
        # standard library's JSON was a second of a 200,000-event pull.
        response = http.request(method, path, content=orjson.dumps(body),
                                headers={"Content-Type": "application/json"}) \
            if body is not None else http.request(method, path)
    except httpx.TransportError as exc:
        raise _Transient(str(exc) or type(exc).__name__) from None
    if response.status_code >= 500:
        raise _Transient(f"hub error {response.status_code}")
    try:
        data = orjson.loads(response.content)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise SyncError(f"{response.url} did not answer as an inspect-tui hub "
                        f"(HTTP {response.status_code}): check the address")
    if response.status_code == 401:
        raise SyncError(f"the hub refused this device: {data.get('error', 'unauthorised')} "
                        "(enrol again with `inspect-tui sync --hub URL --enrol CODE`)")
    if response.status_code >= 400:
        raise _Refused(f"the hub refused: {data.get('error', response.status_code)}")
    return data


def enrol(target: Any, url: str, code: str, transport: Any = None) -> str:
    """Enrol this device with the hub at ``url`` using a one-time code; return its role."""
    store = _store_of(target)
    try:
        keys = device_keys(store)
        with _client(url, transport=transport) as http:
            try:
                data = _call(http, "POST", "/v1/enrol", {
                    "code": code, "device": store.device, "sign_key": keys.sign_public,
                    "box_key": keys.box_public})
            except _Transient as exc:
                raise SyncError(f"cannot reach the hub at {url}: {exc}") from None
        if meta.read_hub_link(store).hub_id not in (None, data["hub"]):
            # A different hub: what the old one acknowledged says nothing about this one.
            meta.forget_hub_vector(store)
        for_store(store).set(TOKEN, data["token"])
        meta.write_hub_link(store, meta.HubLink(
            url.rstrip("/"), data["hub"], data["hub_sign_key"], data["hub_box_key"],
            data["role"]))
        # The hub decides the role; the local profile follows it so that the service does
        # not let an inspector's device write what the hub would refuse.
        meta.set_profile_role(store, str(data["role"]))
        # Likewise the name: the hub refuses an event written under any other than the one
        # this device is enrolled for.
        meta.write_profile(store, str(data["name"]), str(data["role"]))
        store.reauthor_unsent(str(data["name"]))
        log.info("enrolled device=%s with hub=%s role=%s", store.device, hub_host(url),
                 data["role"])
        return str(data["role"])
    finally:
        store.close()


def sync_now(service: Any, progress: Progress | None = None, *, hub: str | None = None,
             enrol_code: str | None = None, transport: Any = None,
             retry_delays: tuple[float, ...] = RETRY_DELAYS) -> SyncSummary:
    """Push what the hub lacks, pull what we lack; return the summary.

    Safe to call from a worker thread (it opens its own connection). A dropped connection
    is retried with back-off; what was exchanged before a final failure stays applied, and
    the next call carries on from there.
    """
    if enrol_code:
        enrol(service, hub or hub_url(service) or "", enrol_code, transport=transport)
    store = _store_of(service)
    state: _Exchange | None = None
    url: str | None = hub
    try:
        link = meta.read_hub_link(store)
        url = hub or link.url
        token = device_token(store)
        if url and link.hub_id and not token:
            raise SyncError(f"no device token for this database in {for_store(store).where}"
                            ": a copied database cannot sync; enrol this device again "
                            "with `inspect-tui sync --hub URL --enrol CODE`")
        if not url or not token:
            raise SyncError("this device is not enrolled with a hub: run "
                            "`inspect-tui sync --hub URL --enrol CODE` once")
        if hub and hub.rstrip("/") != link.url:
            meta.set_hub_url(store, hub.rstrip("/"))
        state = _Exchange(store, progress or (lambda phase, done, total: None))
        with _client(url, token, transport) as http:
            for attempt in range(len(retry_delays) + 1):
                try:
                    state.run(http)
                    _renew_token(store, http)
                    break
                except _Transient as exc:
                    if not state.contacted:
                        # Unreachable from the start: offline is normal, say so at once.
                        raise SyncError(
                            f"cannot reach the hub at {url} ({exc}); your work is safe on "
                            "this device: sync later, or carry a bundle "
                            "(`inspect-tui sync export -o FILE`)") from None
                    if attempt == len(retry_delays):
                        raise SyncError(
                            f"lost the hub at {url} ({exc}); sent {state.sent}, received "
                            f"{state.received} so far: run sync again to carry on") from None
                    time.sleep(retry_delays[attempt])
        at = now_iso()
        meta.set_last_sync(store, at)
        if state.refused:
            raise SyncError(f"{state.refused} (sent {state.sent}, received {state.received})")
        summary = SyncSummary(state.sent, state.received, open_conflicts(store), at, url,
                              tuple(state.removed))
        log.info("sync hub=%s sent=%d received=%d conflicts=%d outcome=ok", hub_host(url),
                 summary.sent, summary.received, summary.conflicts)
        return summary
    except SyncError as exc:
        sent, received = (state.sent, state.received) if state else (0, 0)
        log.warning("sync hub=%s sent=%d received=%d outcome=failed: %s", hub_host(url),
                    sent, received, exc)
        raise
    finally:
        store.close()


class _Exchange:
    """One sync's progress, kept across retries."""

    def __init__(self, store: EventStore, progress: Progress):
        self.store = store
        self.progress = progress
        self.sent = 0
        self.received = 0
        self.first_have: int | None = None
        self.contacted = False
        self.refused = ""
        self.removed: list[str] = []

    def run(self, http: Any) -> None:
        store, device = self.store, self.store.device
        upto = _freeze(store)
        reply = _call(http, "GET", "/v1/vector")
        hub_vector = reply["vector"]
        self.contacted = True
        _widen_scope(store, reply.get("scope"))
        have = int(hub_vector.get(device, 0))
        if have > store.version_vector().get(device, 0):
            # New edits here would reuse event ids the hub already holds with other values.
            raise SyncError(
                f"the hub holds {have} events from this device but this database has only "
                f"{store.version_vector().get(device, 0)}: it was restored from a backup or "
                "copied from another laptop. Nothing was sent; ask for help before editing")
        if self.first_have is None:
            self.first_have = have
        total = count_own(store, have, upto)
        done = 0
        self.progress("send", 0, total)
        while have < upto:
            batch = list(_own_rows_batch(store, have, upto, PUSH_BATCH))
            if not batch:
                break
            try:
                reply = _call(http, "POST", "/v1/push", {"rows": batch})
            except _Refused as exc:
                # Still receive: the managers' approvals and others' edits should arrive
                # even while this device's own batch is refused.
                self.refused = str(exc)
                break
            new_have = int(reply["have"])
            if new_have <= have:
                raise SyncError("the hub did not accept this device's events "
                                f"(it holds up to {new_have}, sent from {have + 1})")
            done += new_have - have
            have = new_have
            self.sent = have - self.first_have
            self.progress("send", min(done, total), total)
        self.sent = max(0, have - self.first_have)
        done, total = 0, None
        held = store.version_vector(own_floor=False)
        receiver = Receiver(store, held)
        # Batches are fetched ahead, one after another, while those already here are
        # checked and merged, so the hub's work (and the wire) overlaps ours. Where each
        # batch starts is known from the rows before it and what the hub says it covered.
        # A few batches go to a transaction: each commit rewrites the indexes' pages, so
        # fewer, larger ones cost less. What arrived is merged before a failure is passed
        # on, so a dropped connection still costs only the batch in flight.
        fetcher = _Fetcher(http, _pull_vector(store))
        buffered: list[Any] = []
        last: dict[str, Any] = {}

        def flush() -> None:
            nonlocal buffered, done
            if not last:
                return
            self.received += receiver.merge(buffered, checked=True)
            done += len(buffered)
            buffered = []
            self.progress("receive", min(done, total or 0), total or 0)
            # What the hub covered is noted only once those rows are merged (one commit).
            with store.transaction():
                meta.note_hub_vector(store, last["vector"])
                if isinstance(last.get("covered"), dict):
                    meta.note_pulled_vector(store, last["covered"])
            last.clear()

        with fetcher:
            while True:
                try:
                    reply = fetcher.next()
                except BaseException:
                    flush()
                    raise
                rows = reply["rows"]
                if total is None:
                    total = len(rows) + int(reply["remaining"])
                    self.progress("receive", 0, total)
                try:
                    # Each page is checked as it comes, while the next ones are fetched.
                    receiver.check(rows)
                except SyncError:
                    flush()
                    raise
                buffered.extend(rows)
                last.update(reply)
                final = not (reply["more"] and rows)
                if final or len(buffered) >= MERGE_ROWS:
                    flush()
                if final:
                    break
        scope = reply.get("scope")
        meta.set_sync_scope(store, scope)
        self.removed = remove_out_of_scope(store, scope)


class _Fetcher:
    """Pull replies fetched ahead on a thread of their own, in order: by default as many
    as one merge takes, so that while one is merged the next is fetched (with fewer, the
    merge waited for pages that could have come while it wrote).

    ``with`` it: leaving stops the thread (a batch in flight is let finish) and waits for
    it. :meth:`next` returns the next reply, or raises what fetching it raised."""

    def __init__(self, http: Any, vector: dict[str, int],
                 ahead: int = MERGE_ROWS // PULL_BATCH):
        import queue
        import threading

        self.http, self.vector = http, vector
        self.replies: queue.Queue = queue.Queue(maxsize=ahead)
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._run, name="pull", daemon=True)

    def __enter__(self) -> _Fetcher:
        self.thread.start()
        return self

    def __exit__(self, *exc: Any) -> None:
        self.stop.set()
        while self.thread.is_alive():
            self._drain()
            self.thread.join(timeout=0.05)

    def next(self) -> dict[str, Any]:
        item = self.replies.get()
        if isinstance(item, BaseException):
            raise item
        return item

    def _drain(self) -> None:
        import queue

        try:
            while True:
                self.replies.get_nowait()
        except queue.Empty:
            pass

    def _put(self, item: Any) -> None:
        import queue

        while not self.stop.is_set():
            try:
                self.replies.put(item, timeout=0.05)
                return
            except queue.Full:
                continue

    def _run(self) -> None:
        vector = self.vector
        try:
            while not self.stop.is_set():
                reply = _call(self.http, "POST", "/v1/pull",
                              {"vector": vector, "limit": PULL_BATCH})
                self._put(reply)
                if not (reply["more"] and reply["rows"]):
                    return
                vector = _next_vector(vector, reply["rows"], reply.get("covered"))
        except BaseException as exc:  # noqa: BLE001 - handed to the thread that merges
            self._put(exc)


def _renew_token(store: EventStore, http: Any) -> None:
    """Swap the device token for a fresh one: tokens expire, and a sync renews them.

    The hub keeps the old token valid until the new one is first used, so a reply lost
    here leaves the device with a token that still works.
    """
    data = _call(http, "POST", "/v1/renew", {})
    token = data.get("token")
    if isinstance(token, str) and token:
        for_store(store).set(TOKEN, token)
        http.headers["Authorization"] = f"Bearer {token}"


def _pull_vector(store: EventStore) -> dict[str, int]:
    """What to ask the hub from: what we hold, raised to what we were told is complete.

    Our own events count as held only where they are: those that went with a removed
    inspection come back if it is shared with us again."""
    vector = store.version_vector(own_floor=False)
    for device, seq in meta.pulled_vector(store).items():
        vector[device] = max(vector.get(device, 0), int(seq))
    return vector


def _widen_scope(store: EventStore, scope: Any) -> None:
    """An inspection newly shared with us has events below what we were told is complete:
    forget that, so the pull fetches them (merging what we hold already costs nothing)."""
    before = meta.sync_scope(store)
    if before is None:
        return
    if scope is None or set(scope) - set(before):
        meta.forget_pulled_vector(store)
        meta.set_sync_scope(store, list(scope) if scope is not None else None)


def remove_out_of_scope(store: EventStore, scope: list[str] | None) -> list[str]:
    """Remove our copy of each inspection we may no longer hold whose edits made here have
    all reached the hub; return the ids removed. One with edits still to send is kept
    (the hub accepts them until it has told us) and goes at the sync after they are sent."""
    from ..store import members

    if scope is None:
        return []
    allowed = set(scope)
    acked = meta.hub_vector(store).get(store.device, 0)
    removed = []
    for iid in sorted(members.held_inspections(store) - allowed):
        if members.own_unsent(store, iid, acked):
            continue
        members.drop_inspection(store, iid)
        removed.append(iid)
    if removed:
        log.info("removed %d inspection(s) this device's user is no longer a member of: %s",
                 len(removed), ", ".join(removed))
    return removed


class Receiver:
    """Merges what the hub sends, each batch checked by the one validator first: an event
    that fails is quarantined (kept in the log, not applied; ``sync status`` lists it).
    Keeps the version vector up to date as it goes, so no batch rescans the log."""

    def __init__(self, store: EventStore, held: dict[str, int]):
        from ..domain.validation import Validator
        from ..store.sync import StoreKnown

        self.store = store
        self.held = held
        self.validator = Validator(StoreKnown(store, held), require_seen=False)
        self.quarantined = 0
        self.reasons: dict[str, str] = {}  # of the rows checked, not yet merged

    def check(self, rows: list[Any]) -> None:
        """Validate rows as they arrive (while later ones are fetched); :meth:`merge`
        applies them, in the same order, with what failed quarantined."""
        reasons = {r.event_id: r.reason for r in self.validator.check(rows)}
        # A row the validator passed has the log's shape; one it refused may not even be
        # storable as a quarantined event, and then nothing of the batch is applied.
        if reasons and not all(_storable(r) for r in rows):
            raise SyncError("the hub sent a malformed event: nothing from this batch was "
                            "applied")
        self.reasons.update(reasons)

    def merge(self, rows: list[Any], checked: bool = False) -> int:
        """Apply ``rows`` (``checked``: every one passed to :meth:`check` already)."""
        if not checked:
            self.check(rows)
        good, reasons, self.reasons = rows, self.reasons, {}
        new = self.store.merge_rows(good, check_json=True, quarantine=reasons,
                                    held=dict(self.held))
        self.validator.forget(row[0] for row in good)  # the store answers for them now
        self.quarantined += len(reasons)
        for row in good:
            if row[9] == self.held.get(row[8], 0) + 1:
                self.held[row[8]] = row[9]
        return new


def _next_vector(vector: dict[str, int], rows: list[Any], covered: Any) -> dict[str, int]:
    """What :func:`_pull_vector` will say once ``rows`` are merged: ``vector`` advanced by
    the rows that continue each device's run, raised to what the hub says it ``covered``
    (the inspections we may not hold leave gaps only it can vouch for)."""
    out = dict(vector)
    for row in rows:
        if isinstance(row, list | tuple) and len(row) == 11 and type(row[9]) is int \
                and row[9] == out.get(row[8], 0) + 1:
            out[row[8]] = row[9]
    if isinstance(covered, dict):
        for device, seq in covered.items():
            if isinstance(seq, int) and seq > out.get(device, 0):
                out[device] = seq
    return out


def _storable(row: Any) -> bool:
    """A row the log can hold as it is (its meaning is the validator's to judge)."""
    if type(row) not in (tuple, list) or len(row) != 11:
        return False
    a, b, c, d, e, f, g, h, i, seq, k = row
    str_ = str
    return (type(seq) is int and 0 < seq <= 2**53 and type(a) is str_ and type(b) is str_
            and type(c) is str_ and type(d) is str_ and type(e) is str_ and type(f) is str_
            and type(g) is str_ and type(h) is str_ and type(i) is str_ and type(k) is str_)


def _own_rows_batch(store: EventStore, after: int, upto: int, limit: int):
    """Up to ``limit`` of this device's rows, and past it the rest of the last row's edit of
    an action (a few at most): the hub judges an action's fields together
    (:mod:`inspect_tui.domain.actions`), so the fields one edit wrote go in one batch."""
    last = None
    for n, row in enumerate(own_rows(store, after, upto)):
        if n >= limit and (n >= limit + ENTITY_RUN or not same_edit(last, row)):
            return
        last = row
        yield list(row)


def export_bundle(target: Any, path: Path | str, everything: bool = False) -> int:
    """Write this device's events the hub has not acknowledged (or all) to a bundle."""
    from .bundle import write_bundle
    from .keys import unb64

    store = _store_of(target)
    try:
        box = meta.read_hub_link(store).hub_box_key
        if not box:
            raise SyncError("this device is not enrolled with a hub, so it has no key to "
                            "encrypt to: run `inspect-tui sync --hub URL --enrol CODE` once")
        keys = device_keys(store)
        upto = _freeze(store)
        ours = store.version_vector()
        ours[store.device] = min(ours.get(store.device, 0), upto)
        if everything:
            rows = rows_missing_from(store, {}, ours)
        else:
            rows = own_rows(store, meta.hub_vector(store).get(store.device, 0), upto)
        return write_bundle(Path(path), rows, sender=store.device, sender_kind="device",
                            sign_key=keys.sign, recipient_box=unb64(box), vector=ours)
    finally:
        store.close()


def import_bundle(target: Any, path: Path | str) -> tuple[int, int]:
    """Apply a bundle the hub made for this device; return (events in it, new)."""
    from .bundle import BundleReader, public_sign_key

    name = Path(path).name
    store = _store_of(target)
    try:
        link = meta.read_hub_link(store)
        hub_id, hub_key = link.hub_id, link.hub_sign_key
        if not hub_id or not hub_key:
            raise SyncError("this device is not enrolled with a hub: run "
                            "`inspect-tui sync --hub URL --enrol CODE` once")

        def sender_key(header: Any) -> Any:
            if header.sender_kind != "hub" or header.sender != hub_id:
                raise BundleError(f"{name}: foreign bundle: made by {header.sender_kind} "
                                  f"{header.sender}, not by this device's hub: refused")
            return public_sign_key(hub_key)

        # The signature over the whole bundle is checked here, before any chunk is parsed.
        reader = BundleReader(Path(path), device_keys(store).box, sender_key)
        from ..domain.validation import Validator
        from ..store.sync import StoreKnown

        held = store.version_vector(own_floor=False)
        validator = Validator(StoreKnown(store, held), require_seen=False)
        reasons: dict[str, str] = {}

        def rows():
            for chunk in reader.chunks(skip=held):
                chunk = [tuple(r) if isinstance(r, list) else r for r in chunk]
                if not all(_storable(r) for r in chunk):
                    raise BundleError(f"{name}: a malformed event; nothing applied")
                for rejection in validator.check(chunk):
                    reasons[rejection.event_id] = rejection.reason
                yield from chunk

        try:
            new = store.merge_rows(rows(), check_json=True, quarantine=reasons)
        except (sqlite3.Error, IndexError, TypeError, MalformedEvent) as exc:
            raise BundleError(f"{name}: events could not be applied ({exc}); "
                              "nothing applied") from None
        meta.note_hub_vector(store, reader.trailer.vector)
        # The hub made it of everything we lacked that we may hold (need-to-know).
        meta.note_pulled_vector(store, reader.trailer.vector)
        meta.set_last_sync(store, now_iso())
        return reader.trailer.count, new
    finally:
        store.close()
