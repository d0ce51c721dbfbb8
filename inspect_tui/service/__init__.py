"""The service layer: the one API above the store (:class:`Service`) and its parts.

``Service`` is exported lazily: importing :mod:`inspect_tui.service.summaries` for the
UI's first paint must not import the facade (pydantic, the catalogue).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .facade import Service

__all__ = ["Service"]


def __getattr__(name: str) -> Any:
    if name == "Service":
        from .facade import Service

        return Service
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
