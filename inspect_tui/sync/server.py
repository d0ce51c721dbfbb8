"""The hub on HTTP: a small Starlette app served by uvicorn.

Every route but ``/v1/health`` and ``/v1/enrol`` needs ``Authorization: Bearer <token>``,
the device token issued at enrolment (the hub keeps only its SHA-256). Database work runs
in the thread pool behind the hub's lock, so many laptops can be connected at once while
merges stay one at a time. Transport security is the organisation's TLS proxy in front.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..store.events import MalformedEvent
from ..store.sync import Device
from .errors import PolicyError
from .hub import Hub

API = "/v1"
MAX_BODY = 32 * 1024 * 1024


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _body(request: Request) -> Any:
    size = request.headers.get("content-length")
    if size is not None and size.isdigit() and int(size) > MAX_BODY:
        raise _Refused(413, "request too large; send smaller batches")
    raw = bytearray()
    async for part in request.stream():
        raw += part
        if len(raw) > MAX_BODY:
            raise _Refused(413, "request too large; send smaller batches")
    try:
        data = json.loads(raw)
    except ValueError:
        raise _Refused(400, "request body is not JSON") from None
    if not isinstance(data, dict):
        raise _Refused(400, "request body must be a JSON object")
    return data


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


Handler = Callable[[Request, Device], Awaitable[Response]]


def create_app(hub: Hub) -> Starlette:
    def authed(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            if scheme.lower() != "bearer" or not token:
                return _error(401, "missing device token")
            device = await run_in_threadpool(hub.authenticate, token.strip())
            if device is None:
                return _error(401, "unknown or revoked device token")
            try:
                return await handler(request, device)
            except _Refused as exc:
                return _error(exc.status, str(exc))
            except PolicyError as exc:
                return _error(403, str(exc))
            except MalformedEvent as exc:
                return _error(400, str(exc))
        return endpoint

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "hub": hub.id})

    async def enrol(request: Request) -> Response:
        try:
            data = await _body(request)
            result = await run_in_threadpool(
                hub.claim, str(data.get("code", "")), str(data.get("device", "")),
                str(data.get("sign_key", "")), str(data.get("box_key", "")))
        except _Refused as exc:
            return _error(exc.status, str(exc))
        except PolicyError as exc:
            return _error(403, str(exc))
        return JSONResponse(result)

    async def vector(request: Request, device: Device) -> Response:
        ours = await run_in_threadpool(hub.vector)
        return JSONResponse({"hub": hub.id, "vector": ours, "role": device.role})

    async def push(request: Request, device: Device) -> Response:
        data = await _body(request)
        new, have = await run_in_threadpool(hub.push, device, data.get("rows"))
        return JSONResponse({"new": new, "have": have})

    async def pull(request: Request, device: Device) -> Response:
        data = await _body(request)
        theirs = data.get("vector")
        if not isinstance(theirs, dict) or not all(
                isinstance(k, str) and type(v) is int for k, v in theirs.items()):
            raise _Refused(400, "pull: vector must map device ids to sequence numbers")
        rows, more, remaining, ours = await run_in_threadpool(
            hub.pull, device, theirs, data.get("limit", 1000))
        return JSONResponse({"rows": rows, "more": more, "remaining": remaining,
                             "vector": ours})

    routes = [
        Route(f"{API}/health", health, methods=["GET"]),
        Route(f"{API}/enrol", enrol, methods=["POST"]),
        Route(f"{API}/vector", authed(vector), methods=["GET"]),
        Route(f"{API}/push", authed(push), methods=["POST"]),
        Route(f"{API}/pull", authed(pull), methods=["POST"]),
    ]
    return Starlette(routes=routes)


def serve(hub: Hub, host: str, port: int, log_level: str = "warning") -> None:
    import uvicorn

    config = uvicorn.Config(create_app(hub), host=host, port=port, log_level=log_level,
                            timeout_graceful_shutdown=5)
    uvicorn.Server(config).run()
