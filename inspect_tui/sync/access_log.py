"""The hub's request log: one structured line per request and per refusal.

A small ASGI middleware (``Starlette(middleware=[Middleware(AccessLog)])``) writes, when a
request ends::

    request method=POST path=/v1/push status=200 ms=12.4 device=3f2a… in=5120 out=31

``device`` is the enrolled device the request authenticated as (the endpoint notes it with
:func:`note_device`), ``-`` when none. The path is the route's own (``/v1/push``), never
the query string, and ``-`` for a path that is no route of ours: a line never carries what
someone typed into a URL (a name, say). Every value is reduced to the characters of our
routes and ids, so a newline in a request cannot forge a line either. A refusal
(:func:`refused`) is its own line with the reason, the device and the event refused. A
client that hangs up mid-request is one line, not a traceback: nothing is left to answer.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from starlette.requests import ClientDisconnect, HTTPConnection

log = logging.getLogger(__name__)

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]

SCOPE_KEY = "inspect_tui.access"
_UNSAFE = re.compile(r"[^A-Za-z0-9._:/-]")


def clean(value: Any, limit: int = 80) -> str:
    """A log field: ``-`` for nothing, else only route and id characters, truncated."""
    if value is None or value == "":
        return "-"
    text = _UNSAFE.sub("?", str(value))
    return text if len(text) <= limit else text[:limit] + "…"


def _fields(scope: Scope) -> dict[str, Any]:
    return scope.setdefault(SCOPE_KEY, {})


def _route(scope: Scope) -> str:
    """The path of the route that matched (set by Starlette's router), else ``-``."""
    return clean(getattr(scope.get("route"), "path", None))


def note_device(connection: HTTPConnection, device: str) -> None:
    """Record the device a request authenticated as, for its request line."""
    _fields(connection.scope)["device"] = device


def refused(connection: HTTPConnection, status: int, reason: str, *,
            device: str | None = None, event: str | None = None) -> None:
    """One line for a refusal: why, which device (the one noted, unless given), which event."""
    device = device or _fields(connection.scope).get("device")
    log.warning("refused status=%d device=%s event=%s path=%s reason: %s", status,
                clean(device), clean(event), _route(connection.scope), reason)


class AccessLog:
    """ASGI middleware: time the request, count its bytes, log one line when it ends."""

    def __init__(self, app: Callable[[Scope, Receive, Send], Awaitable[None]]):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()
        fields = _fields(scope)
        counts = {"status": 0, "in": 0, "out": 0}

        async def counted_receive() -> Message:
            message = await receive()
            if message["type"] == "http.request":
                counts["in"] += len(message.get("body", b""))
            return message

        async def counted_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                counts["status"] = message["status"]
            elif message["type"] == "http.response.body":
                counts["out"] += len(message.get("body", b""))
            await send(message)

        def line(what: str, status: Any) -> str:
            ms = (time.perf_counter() - start) * 1000
            return (f"{what} method={clean(scope.get('method'))} path={_route(scope)} "
                    f"status={status} ms={ms:.1f} device={clean(fields.get('device'))} "
                    f"in={counts['in']} out={counts['out']}")

        try:
            await self.app(scope, counted_receive, counted_send)
        except ClientDisconnect:
            # Nothing to answer and nothing to debug: the client went away mid-request.
            log.info("%s (the client closed the connection)", line("dropped", "-"))
            return
        except Exception:
            log.error("%s", line("request", counts["status"] or 500))
            raise
        log.info("%s", line("request", counts["status"]))
