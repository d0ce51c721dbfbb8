"""The hub's one ASGI app: the sync API under ``/v1/`` and the review site everywhere else.

Every response, of either, gets ``Cache-Control: no-store`` and the site's security
headers: nothing the hub sends is kept by a browser or a proxy.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .app import CSP

HEADERS = [(b"cache-control", b"no-store"), (b"pragma", b"no-cache"),
           (b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
           (b"x-frame-options", b"DENY"), (b"content-security-policy", CSP.encode()),
           (b"cross-origin-opener-policy", b"same-origin")]
HSTS = (b"strict-transport-security", b"max-age=31536000")


def hub_app(sync_app: Starlette, site_app: Starlette, *, https: bool = True) -> ASGIApp:
    extra = HEADERS + ([HSTS] if https else [])

    async def app(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "lifespan":
            await sync_app(scope, receive, send)
            return
        path: str = scope.get("path", "")
        target = sync_app if path == "/v1" or path.startswith("/v1/") else site_app
        if scope["type"] != "http":
            await target(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {name for name, _ in extra}
                headers: list[Any] = [h for h in message.get("headers", [])
                                      if h[0].lower() not in names]
                message = {**message, "headers": headers + extra}
            await send(message)

        await target(scope, receive, send_with_headers)

    return app
