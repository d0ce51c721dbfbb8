"""The two seams between the review site and the hub's confidentiality rules.

:func:`visible_inspections` is need-to-know (which inspections a manager may see) and
:func:`record` the audit trail (what a manager did). Every page and download of the site
goes through them, so the rule each applies is decided here and nowhere else.
"""

from __future__ import annotations

from typing import Any

from ..service import Service
from ..store.web import WebAccount, WebStore


def visible_inspections(service: Service, account: WebAccount) -> set[str]:
    """The ids of the inspections ``account`` may see on the site.

    Every manager with a web account sees every inspection held by the hub, as a manager's
    device does when no team is set for them.
    """
    return set(service.inspection_ids())


def record(web: WebStore, kind: str, account: WebAccount | None,
           inspection: str | None = None, **detail: Any) -> None:
    """One line in the hub's audit trail: who, what and which inspection; never any text
    from the record (a case code, a child's detail or a comment)."""
    web.add_audit(kind, account.name if account else None, inspection, detail)
