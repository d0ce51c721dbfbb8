"""The digest of an inspection's content, printed on every copy of its report.

The function lives in the domain (an approval carries it, and the hub checks it); it is
re-exported here for the report's callers.
"""

from __future__ import annotations

from ...domain.digest import inspection_digest

__all__ = ["inspection_digest"]
