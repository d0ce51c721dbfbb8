"""Reading a PDF back for assertions (pypdf): page texts with whitespace collapsed."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def pages_text(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [re.sub(r"\s+", " ", page.extract_text() or "") for page in reader.pages]
