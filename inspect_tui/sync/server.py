"""The hub on HTTP: a small Starlette app served by uvicorn.

Every route but ``/v1/health`` and ``/v1/enrol`` needs ``Authorization: Bearer <token>``,
the device token issued at enrolment (the hub keeps only its SHA-256). Database work runs
in the thread pool: merges one at a time behind the hub's lock, reads on each thread's own
connection beside them, so a large push does not hold up other devices' pulls. Transport
security is the organisation's TLS proxy in front.

At the edge: every body and query value is parsed by a pydantic model (a malformed one is
a 4xx with one line, never a 500); bodies are read against a size limit (small before
authentication) and a read timeout; a client that goes away is one log line.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from typing import Annotated, Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, StrictInt, StrictStr, ValidationError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from ..store.events import MalformedEvent
from ..store.sync import Device
from .access_log import AccessLog, note_device, refused
from .errors import InvalidEvents, PolicyError
from .hub import MAX_PULL, MAX_PUSH, Hub

API = "/v1"
MAX_BODY = 32 * 1024 * 1024  # an authenticated device's batch
MAX_OPEN_BODY = 16 * 1024  # before authentication (enrolment)
READ_TIMEOUT = 30.0  # seconds to send a whole body
log = logging.getLogger("inspect_tui.hub")

Seq = Annotated[StrictInt, Field(ge=0, le=2**53)]
DeviceKey = Annotated[StrictStr, Field(min_length=1, max_length=64)]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EnrolBody(_Body):
    code: Annotated[StrictStr, Field(max_length=64)]
    device: Annotated[StrictStr, Field(max_length=64)]
    sign_key: Annotated[StrictStr, Field(max_length=64)]
    box_key: Annotated[StrictStr, Field(max_length=64)]


class PushBody(_Body):
    # Rows stay loosely typed here: the policy and the validator name the event at fault.
    rows: Annotated[list[list[Any]], Field(max_length=MAX_PUSH)]


class PullBody(_Body):
    vector: Annotated[dict[DeviceKey, Seq], Field(max_length=100_000)]
    limit: Annotated[StrictInt, Field(ge=1, le=MAX_PULL)] = 1000


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


async def _read(request: Request, limit: int, timeout: float = READ_TIMEOUT) -> bytes:
    size = request.headers.get("content-length")
    if size is not None and (not size.isdigit() or int(size) > limit):
        raise _Refused(413, f"request too large (limit {limit} bytes); send smaller batches")
    raw = bytearray()
    try:
        async with asyncio.timeout(timeout):
            async for part in request.stream():
                raw += part
                if len(raw) > limit:
                    raise _Refused(413, f"request too large (limit {limit} bytes); send "
                                        "smaller batches")
    except TimeoutError:
        raise _Refused(408, f"request body not received within {timeout:g} s") from None
    return bytes(raw)


async def _parse(request: Request, model: type[_Body], limit: int,
                 timeout: float = READ_TIMEOUT) -> Any:
    raw = await _read(request, limit, timeout)
    try:
        return model.model_validate_json(raw)
    except ValidationError as exc:
        err = exc.errors()[0]
        where = ".".join(str(p) for p in err.get("loc", ()))[:80]
        raise _Refused(400 if err.get("type") == "json_invalid" else 422,
                       f"malformed request{' at ' + where if where else ''}: "
                       f"{err.get('msg', 'invalid')[:200]}") from None


Handler = Callable[[Request, Device], Awaitable[Response]]


def _guarded(handler: Callable[[Request], Awaitable[Response]]
             ) -> Callable[[Request], Awaitable[Response]]:
    """Every refusal as a one-line 4xx; a client gone mid-request as one log line."""
    async def endpoint(request: Request) -> Response:
        try:
            return await handler(request)
        except _Refused as exc:
            refused(request, exc.status, str(exc))
            return _error(exc.status, str(exc))
        except PolicyError as exc:
            refused(request, 403, str(exc), event=exc.event_id)
            return _error(403, str(exc))
        except (InvalidEvents, MalformedEvent) as exc:
            refused(request, 422, str(exc), event=getattr(exc, "event_id", None))
            return _error(422, str(exc))
        except ClientDisconnect:
            # One line from the access log ("dropped"), not a traceback.
            raise
    return endpoint


def create_app(hub: Hub, read_timeout: float | None = None) -> Starlette:
    """The sync API on ``hub``. ``read_timeout``: seconds to send a whole body (else
    :data:`READ_TIMEOUT`)."""
    timeout = READ_TIMEOUT if read_timeout is None else read_timeout

    def authed(handler: Handler) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            scheme, _, token = request.headers.get("authorization", "").partition(" ")
            peer = request.client.host if request.client else ""
            if scheme.lower() != "bearer" or not token:
                await run_in_threadpool(hub.authenticate, "", peer)
                refused(request, 401, "missing device token")
                return _error(401, "missing device token")
            device = await run_in_threadpool(hub.authenticate, token.strip(), peer)
            if device is None:
                refused(request, 401, "unknown, expired or revoked device token")
                return _error(401, "unknown, expired or revoked device token")
            note_device(request, device.device)
            return await handler(request, device)
        return _guarded(endpoint)

    async def health(request: Request) -> Response:
        return JSONResponse({"ok": True, "hub": hub.id})

    async def enrol(request: Request) -> Response:
        data = await _parse(request, EnrolBody, MAX_OPEN_BODY, timeout)
        result = await run_in_threadpool(hub.claim, data.code, data.device, data.sign_key,
                                         data.box_key)
        return JSONResponse(result)

    async def vector(request: Request, device: Device) -> Response:
        ours = await run_in_threadpool(hub.vector)
        scope = await run_in_threadpool(hub.scope, device)
        return JSONResponse({"hub": hub.id, "vector": ours, "role": device.role,
                             "scope": scope})

    async def push(request: Request, device: Device) -> Response:
        data = await _parse(request, PushBody, MAX_BODY, timeout)
        new, have = await run_in_threadpool(hub.push, device, data.rows)
        return JSONResponse({"new": new, "have": have})

    async def pull(request: Request, device: Device) -> Response:
        data = await _parse(request, PullBody, MAX_OPEN_BODY * 64, timeout)
        got = await run_in_threadpool(hub.pull, device, data.vector, data.limit)
        # A page of thousands of rows is encoded off the event loop, and by orjson: the
        # standard encoder took most of a pull's time at the hub.
        body = await run_in_threadpool(orjson.dumps, {
            "rows": got.rows, "more": got.more, "remaining": got.remaining,
            "vector": got.vector, "covered": got.covered, "scope": got.scope})
        return Response(body, media_type="application/json")

    async def renew(request: Request, device: Device) -> Response:
        return JSONResponse(await run_in_threadpool(hub.renew, device))

    routes = [
        Route(f"{API}/health", health, methods=["GET"]),
        Route(f"{API}/enrol", _guarded(enrol), methods=["POST"]),
        Route(f"{API}/vector", authed(vector), methods=["GET"]),
        Route(f"{API}/push", authed(push), methods=["POST"]),
        Route(f"{API}/pull", authed(pull), methods=["POST"]),
        Route(f"{API}/renew", authed(renew), methods=["POST"]),
    ]
    return Starlette(routes=routes, middleware=[Middleware(AccessLog)])


def serve(hub: Hub, host: str, port: int, log_level: str = "warning", *,
          app: Any = None, forwarded_allow_ips: str | None = None) -> None:
    """Serve the sync API, or ``app`` (an ASGI app that includes it), until stopped."""
    import uvicorn

    # Our request lines replace uvicorn's access log; its own errors reach the handlers
    # the command line set up (log_config=None), one line each. timeout_keep_alive also
    # closes a connection that sends nothing more.
    config = uvicorn.Config(app or create_app(hub), host=host, port=port,
                            log_level=log_level, access_log=False, log_config=None,
                            forwarded_allow_ips=forwarded_allow_ips,
                            timeout_graceful_shutdown=5, timeout_keep_alive=5,
                            h11_max_incomplete_event_size=16 * 1024)
    uvicorn.Server(config).run()
