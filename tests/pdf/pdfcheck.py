"""Reading a PDF back for assertions (pypdf): page texts with whitespace collapsed."""

from __future__ import annotations

import io
import re
from functools import lru_cache

from pypdf import PdfReader


def pages_text(data: bytes) -> list[str]:
    """The text of each page. Reading is as slow as rendering, and many tests read the same
    demo report: the same bytes are read once."""
    return list(_pages_text(data))


@lru_cache(maxsize=32)
def _pages_text(data: bytes) -> tuple[str, ...]:
    reader = PdfReader(io.BytesIO(data))
    return tuple(re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages)
