"""JSON Schemas generated from the models; committed under ``schemas/`` and guarded by a
drift test. ``python -m inspect_tui.service.schemas`` rewrites them after a model change."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

SCHEMA_DIR = Path(__file__).resolve().parents[2] / "schemas"


def schema_for(what: str) -> dict[str, Any]:
    if what == "inspection":
        from ..domain.models import InspectionDocument

        schema = InspectionDocument.model_json_schema()
        schema["title"] = "inspect-tui inspection export"
        return schema
    if what == "content":
        from ..catalogue.models import CONTENT_MODELS

        return {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": "inspect-tui content file",
            "description": "One content file; its `kind` selects the schema.",
            "oneOf": [model.model_json_schema() for model in CONTENT_MODELS.values()],
        }
    raise ValueError(f"unknown schema {what!r}")


def render(what: str) -> str:
    return json.dumps(schema_for(what), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def write_all() -> list[Path]:
    SCHEMA_DIR.mkdir(exist_ok=True)
    written = []
    for what in ("content", "inspection"):
        path = SCHEMA_DIR / f"{what}.schema.json"
        path.write_text(render(what), encoding="utf-8")
        written.append(path)
    return written


if __name__ == "__main__":
    for path in write_all():
        print(path)
