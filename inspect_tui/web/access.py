"""The two seams between the review site and the hub's confidentiality rules.

:func:`visible_inspections` is need-to-know (which inspections a manager may see) and
:func:`record` the audit trail (what a manager did). Every page and download of the site
goes through them, and each applies the hub's own rule: the site's sign-ins, views and
downloads are records in the same hash-chained trail as enrolments, pushes and pulls, so
`hub audit verify` covers them, and a manager sees on the site what their device may hold.
"""

from __future__ import annotations

from typing import Any

from ..service import Service
from ..store.web import WebAccount, WebStore
from ..sync.audit import AuditTrail
from ..sync.membership import Membership


def visible_inspections(service: Service, account: WebAccount) -> set[str]:
    """The ids of the inspections ``account`` may see on the site: the hub's need-to-know
    scope for a manager of that name (their team's, and those they review; every one for
    a manager with no team set, as for their device)."""
    held = set(service.inspection_ids())
    scope = Membership(service.store).scope_for(account.name, account.role)
    return held if scope is None else held & scope


def record(web: WebStore, kind: str, account: WebAccount | None,
           inspection: str | None = None, **detail: Any) -> None:
    """One record in the hub's audit trail: who, what and which inspection; never any text
    from the record (a case code, a child's detail or a comment)."""
    who = {"account": account.name} if account else {}
    AuditTrail(web.store).record(kind, None, [inspection] if inspection else [],
                                 **who, **detail)
