"""The review site: managers read, download, approve and return inspections in a browser.

Server-rendered (Starlette and Jinja2 templates, no JavaScript). It reads the hub's
database through :class:`~inspect_tui.service.Service` on a connection of its own, writes
decisions as review events of the hub's own log (so they sync to laptops like any edit),
authored by the signed-in manager. All database work is done one request at a time under
one lock in the thread pool.

Security: sessions in ``Secure; HttpOnly; SameSite=Strict`` cookies (``__Host-`` names),
a CSRF token in every form, ``Cache-Control: no-store`` and a strict CSP on every
response, and plain HTTP refused unless the hub runs with ``--insecure-dev`` (for
127.0.0.1 only). URLs carry only opaque inspection ids; nothing here logs a request.
"""

from __future__ import annotations

import asyncio
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..domain.review import AWAITING_DECISION, display_status
from ..domain.vocab import DISPLAY_STATUSES
from ..errors import ServiceError
from ..service import Service
from ..service.reports import render_report
from ..store.web import WebSession
from . import access
from .accounts import MAX_PASSWORD, AccountError, Accounts, Policy, SignIn, login_of
from .report_html import report_sections
from .review import Decision, decide, inspection_view

HERE = Path(__file__).parent
MAX_FORM = 64 * 1024
MAX_COMMENT = 20_000
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


@dataclass(frozen=True)
class SiteConfig:
    insecure_dev: bool = False
    policy: Policy = Policy()

    @property
    def session_cookie(self) -> str:
        return "inspect-session" if self.insecure_dev else "__Host-inspect-session"

    @property
    def signin_cookie(self) -> str:
        return "inspect-signin" if self.insecure_dev else "__Host-inspect-signin"


class Site:
    """The hub database as the site sees it: one service, one lock."""

    def __init__(self, db_path: Path | str, config: SiteConfig):
        self.service = Service(db_path)
        self.accounts = Accounts(self.service.store, config.policy)
        self.config = config
        self.lock = threading.Lock()

    def close(self) -> None:
        self.service.close()

    async def run(self, fn: Callable[[], Any]) -> Any:
        def locked() -> Any:
            with self.lock:
                return fn()
        return await run_in_threadpool(locked)


def create_site(db_path: Path | str, config: SiteConfig | None = None) -> Starlette:
    config = config or SiteConfig()
    site = Site(db_path, config)
    templates = Jinja2Templates(directory=str(HERE / "templates"))  # .html: autoescaped
    templates.env.globals["status_labels"] = DISPLAY_STATUSES

    def page(request: Request, template: str, status: int = 200, **context: Any) -> Response:
        context.setdefault("session", None)
        return templates.TemplateResponse(request, template, context, status_code=status)

    def cookie(response: Response, name: str, value: str, max_age: int | None) -> None:
        response.set_cookie(name, value, max_age=max_age, path="/", httponly=True,
                            secure=not config.insecure_dev, samesite="strict")

    async def form(request: Request) -> dict[str, str]:
        size = request.headers.get("content-length", "")
        if size.isdigit() and int(size) > MAX_FORM:
            raise _Refused(413, "That form is too large to send.")
        data = await request.form(max_files=0, max_fields=20, max_part_size=MAX_FORM)
        return {k: v for k, v in data.items() if isinstance(v, str)}

    async def current(request: Request) -> WebSession | None:
        token = request.cookies.get(config.session_cookie, "")
        return await site.run(lambda: site.accounts.session(token)) if token else None

    def signed_in(handler: Callable[[Request, WebSession], Awaitable[Response]]
                  ) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            session = await current(request)
            if session is None:
                return RedirectResponse("/sign-in", status_code=303)
            if not session.account.has_password and request.url.path != "/password":
                return RedirectResponse("/password", status_code=303)
            if request.method == "POST":
                try:
                    data = await form(request)
                except _Refused as exc:
                    return page(request, "error.html", exc.status, message=str(exc),
                                session=session)
                if not secrets.compare_digest(data.get("csrf_token", ""), session.csrf):
                    return page(request, "error.html", 403, session=session,
                                message="That form had expired. Go back, reload the page "
                                        "and try again.")
                request.state.form = data
            try:
                return await handler(request, session)
            except ServiceError as exc:
                return page(request, "error.html", 404, message=str(exc), session=session)
        return endpoint

    # --- signing in and out ------------------------------------------------------------
    async def sign_in_page(request: Request) -> Response:
        if await current(request) is not None:
            return RedirectResponse("/", status_code=303)
        return signin_form(request)

    def signin_form(request: Request, error: str = "", name: str = "",
                    status: int = 200) -> Response:
        token = secrets.token_urlsafe(32)
        response = page(request, "sign_in.html", status, csrf=token, error=error, name=name)
        cookie(response, config.signin_cookie, token, 3600)
        return response

    async def sign_in(request: Request) -> Response:
        try:
            data = await form(request)
        except _Refused as exc:
            return signin_form(request, str(exc), status=exc.status)
        expected = request.cookies.get(config.signin_cookie, "")
        if not expected or not secrets.compare_digest(data.get("csrf_token", ""), expected):
            return signin_form(request, "That form had expired: please sign in again.",
                               status=403)
        name = data.get("name", "")[:200]
        secret = data.get("password", "")[:MAX_PASSWORD + 1]
        delay = await site.run(lambda: site.accounts.delay(login_of(name)))
        if delay:
            await asyncio.sleep(delay)
        result: SignIn = await site.run(lambda: site.accounts.sign_in(name, secret))
        if result.account is None:
            await site.run(lambda: access.record(site.accounts.db, "web-signin-failed", None,
                                                 locked=bool(result.locked)))
            if result.locked:
                minutes = max(1, round(result.locked / 60))
                return signin_form(request, "Too many failed sign-ins: this name is locked "
                                   f"for about {minutes} minute{'s' if minutes != 1 else ''}. "
                                   "Ask the hub's administrator if you have forgotten your "
                                   "password.", name, 429)
            return signin_form(request, "That name and password do not match an account.",
                               name, 401)
        account = result.account
        token = await site.run(lambda: site.accounts.start_session(account))
        await site.run(lambda: access.record(site.accounts.db, "web-signin", account,
                                             first=result.setup))
        response = RedirectResponse("/password" if result.setup else "/", status_code=303)
        cookie(response, config.session_cookie, token, None)
        response.delete_cookie(config.signin_cookie, path="/", secure=not config.insecure_dev,
                               httponly=True, samesite="strict")
        return response

    async def password_page(request: Request, session: WebSession) -> Response:
        return page(request, "password.html", session=session, error="")

    async def password(request: Request, session: WebSession) -> Response:
        data = request.state.form
        try:
            await site.run(lambda: site.accounts.set_password(
                session.account, data.get("password", ""), data.get("repeat", "")))
        except AccountError as exc:
            return page(request, "password.html", 400, session=session, error=str(exc))
        await site.run(lambda: access.record(site.accounts.db, "web-password-set",
                                             session.account))
        return RedirectResponse("/", status_code=303)

    async def sign_out(request: Request, session: WebSession) -> Response:
        token = request.cookies.get(config.session_cookie, "")
        await site.run(lambda: site.accounts.end_session(token))
        await site.run(lambda: access.record(site.accounts.db, "web-signout", session.account))
        response = page(request, "signed_out.html")
        response.delete_cookie(config.session_cookie, path="/", secure=not config.insecure_dev,
                               httponly=True, samesite="strict")
        return response

    # --- the inspections ---------------------------------------------------------------
    async def home(request: Request, session: WebSession) -> Response:
        return RedirectResponse("/inspections", status_code=303)

    async def inspections(request: Request, session: WebSession) -> Response:
        q = request.query_params
        wanted = {"view": q.get("view", "awaiting"), "status": q.get("status", ""),
                  "provider": q.get("provider", ""), "inspector": q.get("inspector", "")}
        if wanted["view"] not in ("awaiting", "all"):
            wanted["view"] = "awaiting"

        def rows() -> dict[str, Any]:
            visible = access.visible_inspections(site.service, session.account)
            listing = inspection_rows(site.service, visible)
            access.record(site.accounts.db, "web-view-list", session.account,
                          view=wanted["view"], shown=len(listing))
            return listing
        listing = await site.run(rows)
        providers = sorted({r["provider"] for r in listing})
        inspectors = sorted({n for r in listing for n in r["inspectors"]})
        shown = [r for r in listing
                 if (wanted["view"] == "all" or r["status"] in AWAITING_DECISION)
                 and (not wanted["status"] or r["status"] == wanted["status"])
                 and (not wanted["provider"] or r["provider"] == wanted["provider"])
                 and (not wanted["inspector"] or wanted["inspector"] in r["inspectors"])]
        other = {**wanted, "view": "all" if wanted["view"] == "awaiting" else "awaiting"}
        return page(request, "inspections.html", session=session, rows=shown, wanted=wanted,
                    providers=providers, inspectors=inspectors,
                    awaiting=sum(1 for r in listing if r["status"] in AWAITING_DECISION),
                    total=len(listing), other_view=urlencode(
                        {k: v for k, v in other.items() if v}))

    def visible_or_404(session: WebSession, iid: str) -> None:
        if iid not in access.visible_inspections(site.service, session.account):
            raise _Missing()

    async def inspection(request: Request, session: WebSession) -> Response:
        iid = request.path_params["iid"]

        def load() -> dict[str, Any]:
            visible_or_404(session, iid)
            view = inspection_view(site.service, iid)
            access.record(site.accounts.db, "web-view-inspection", session.account, iid)
            return view
        try:
            view = await site.run(load)
        except _Missing:
            return not_found(request, session)
        notice = {"approved": "You approved this inspection. The inspector's laptop shows it "
                              "at its next sync.",
                  "returned": "You returned this inspection with your comment. The "
                              "inspector's laptop shows it at its next sync."
                  }.get(request.query_params.get("done", ""), "")
        return page(request, "inspection.html", session=session, notice=notice,
                    sections=report_sections(view["snapshot"]), **view)

    async def download(request: Request, session: WebSession) -> Response:
        iid = request.path_params["iid"]
        copy = request.query_params.get("copy", "manager")
        if copy not in ("manager", "provider"):
            copy = "manager"

        def render() -> bytes:
            visible_or_404(session, iid)
            data = render_report(site.service, iid, copy)
            access.record(site.accounts.db, "web-download", session.account, iid, copy=copy)
            return data
        try:
            data = await site.run(render)
        except _Missing:
            return not_found(request, session)
        return Response(data, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="inspection-{iid[:8]}-{copy}.pdf"'})

    async def decision(request: Request, session: WebSession) -> Response:
        iid = request.path_params["iid"]
        data = request.state.form
        choice = Decision(action=data.get("action", ""), comment=data.get("comment", "")[
            :MAX_COMMENT], digest=data.get("digest", ""))

        def act() -> tuple[str | None, dict[str, Any]]:
            visible_or_404(session, iid)
            refusal = decide(site.service, iid, session.account, choice)
            access.record(site.accounts.db, "web-decision", session.account, iid,
                          action=choice.action, refused=bool(refusal))
            return refusal, inspection_view(site.service, iid)
        try:
            refusal, view = await site.run(act)
        except _Missing:
            return not_found(request, session)
        if refusal is None:
            done = "approved" if choice.action == "approve" else "returned"
            return RedirectResponse(f"/inspections/{iid}?done={done}", status_code=303)
        return page(request, "inspection.html", 409, session=session, refusal=refusal,
                    comment=choice.comment, sections=report_sections(view["snapshot"]), **view)

    def not_found(request: Request, session: WebSession | None) -> Response:
        return page(request, "error.html", 404, session=session,
                    message="There is no inspection here that you may see.")

    async def missing(request: Request, exc: Exception) -> Response:
        return page(request, "error.html", 404, session=await current(request),
                    message="There is no page at that address.")

    async def refuse_plain_http(request: Request, call_next: Any) -> Response:
        if not config.insecure_dev and request.url.scheme != "https":
            return page(request, "error.html", 403,
                        message="The review site works only over HTTPS, through the "
                                "organisation's TLS proxy.")
        return await call_next(request)

    routes = [
        Route("/", signed_in(home), methods=["GET"]),
        Route("/sign-in", sign_in_page, methods=["GET"]),
        Route("/sign-in", sign_in, methods=["POST"]),
        Route("/password", signed_in(password_page), methods=["GET"]),
        Route("/password", signed_in(password), methods=["POST"]),
        Route("/sign-out", signed_in(sign_out), methods=["POST"]),
        Route("/inspections", signed_in(inspections), methods=["GET"]),
        Route("/inspections/{iid:str}", signed_in(inspection), methods=["GET"]),
        Route("/inspections/{iid:str}/report.pdf", signed_in(download), methods=["GET"]),
        Route("/inspections/{iid:str}/decision", signed_in(decision), methods=["POST"]),
        Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={404: missing},
                    middleware=[Middleware(BaseHTTPMiddleware, dispatch=refuse_plain_http)])
    app.state.site = site
    return app


def inspection_rows(service: Service, visible: set[str]) -> list[dict[str, Any]]:
    rows = []
    for iid in sorted(visible):
        doc = service.load(iid)
        if doc.archived:
            continue
        rows.append({"id": iid, "provider": doc.provider.name, "urn": doc.provider.urn,
                     "status": display_status(doc), "start": doc.start_date,
                     "end": doc.end_date,
                     "lead": doc.lead_inspector,
                     "inspectors": sorted({doc.lead_inspector, *doc.team} - {""})})
    rows.sort(key=lambda r: (r["start"], r["provider"]), reverse=True)
    return rows


class _Missing(Exception):
    """Not there, or not the manager's to see: both answer the same 404."""


class _Refused(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status
