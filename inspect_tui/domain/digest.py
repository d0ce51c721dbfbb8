"""The digest of an inspection's content: what an approval is bound to.

The review history, status and archive flag are left out, so approving changes nothing
here and a FINAL report shows the digest of the draft the manager read. It lives in the
domain because the review state machine (and sync, which cannot import the PDF layer)
compares an approval's digest with the state as it is now.
"""

from __future__ import annotations

import hashlib
import json

from .models import InspectionDocument


def inspection_digest(doc: InspectionDocument) -> str:
    """SHA-256 of the inspection's canonical content: sorted-key compact JSON, UTF-8."""
    data = doc.model_dump(mode="json", exclude={"status", "review", "archived"})
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()
