"""What the three lists of rows the CSE screen adds and removes (missing episodes,
notifications, perpetrators) share: the record they live in, and saving through the
service, which validates each change as every other door does."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, ClassVar

from pydantic import ValidationError

from ....domain.time import typed
from ...widgets.list_form import ListFormPane, domain_message


def shown(value: Any) -> str | None:
    """A stored date or time as it is typed (a time that occurs twice with its zone)."""
    if isinstance(value, datetime):
        return typed(value)
    if isinstance(value, date):
        return value.isoformat()
    return None if value is None else str(value)


class RowsPane(ListFormPane):
    """Rows of a CSE record that the inspector adds and removes."""

    ENTITY: ClassVar[str] = ""  # the service's name: missing_episode, notification, ...

    @property
    def cse(self) -> Any:
        return self.screen

    def show_record(self, keep_focused: bool = False) -> None:
        self.read_only = self.cse.read_only
        self.show(keep_focused=keep_focused)

    def home_widget(self) -> Any:
        return self.table if self.table.display else None

    def first_field(self) -> Any:
        return self.form.first() if self.current else None

    def values(self, row: Any) -> dict[str, Any]:
        return {name: shown(getattr(row, name)) if spec.kind in ("date", "datetime")
                else getattr(row, name) for name, spec in self.form.fields.items()}

    def propose(self, row: Any, name: str, value: Any) -> tuple[Any, str]:
        try:
            # As the service validates: a value stored before a rule tightened stands.
            others = [f for f in type(row).model_fields if f != name]
            return type(row).model_validate({**row.model_dump(), name: value},
                                            context={"unchanged": others}), ""
        except ValidationError as exc:
            return None, domain_message(exc)

    def keep(self, row: Any) -> None:
        """Put the changed row into the screen's copy of the record."""
        rows = self.rows()
        rows[:] = [row if self.row_id(r) == self.row_id(row) else r for r in rows]

    def save(self, row: Any, name: str, value: Any, typing: bool) -> None:
        iid, yp, row_id = self.cse.iid, self.cse.yp_id, row.id
        method = f"update_{self.ENTITY}"
        fold = {"fold": True} if typing else {}
        self.cse.save((self.prefix, row_id, name), lambda s: getattr(s.cse, method)(
            iid, yp, row_id, **fold, **{name: value}), typing)
        proposed, _ = self.propose(row, name, value)
        if proposed is not None:
            self.keep(proposed)
        self.cse.changed()

    async def add(self) -> str | None:
        await self.cse.backend.wait_idle()
        iid, yp = self.cse.iid, self.cse.yp_id
        method, values = f"add_{self.ENTITY}", self.new_values()
        ok, result = self.cse.try_call(lambda s: getattr(s.cse, method)(iid, yp, **values))
        if not ok:
            self.notify(result, severity="error", timeout=6)
            return None
        await self.cse.reload()
        self.cse.changed()
        return result

    def new_values(self) -> dict[str, Any]:
        return {}

    async def remove(self, row: Any) -> None:
        iid, yp, row_id = self.cse.iid, self.cse.yp_id, row.id
        method = f"remove_{self.ENTITY}"
        self.cse.save((self.prefix, row_id, "deleted"), lambda s: getattr(s.cse, method)(
            iid, yp, row_id), False)
        await self.cse.reload()
        self.cse.changed()
