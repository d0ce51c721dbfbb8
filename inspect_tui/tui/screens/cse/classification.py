"""Tab 4: the classification the inspector chooses, what the indicators suggest (the
IICSA rule, from the domain), the reason for choosing lower, and how the placement
manages the risk."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.widgets import Label, Static, TextArea

from ....domain.cse.models import CLASSIFICATION_RANK, CLASSIFICATIONS, CseRecord
from ....domain.cse.rules import classification_rule, with_legacy
from ...widgets.boxes import FieldsBox
from ...widgets.language_flags import LanguageFlags
from ...widgets.list_form import Field, FieldForm
from ..base import BaseModal

CLASSIFICATION_KEYS = {"n": "no_known_concerns", "h": "heightened_risk",
                       "e": "experiencing_exploitation"}
TEXTS = {"override_reason": "reason", "risk_management_note": "note"}


class ReasonScreen(BaseModal[str | None]):
    """The IICSA prompt: say why the classification is below what the indicators suggest."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"),
                Binding("ctrl+s", "ok", "Record reason", priority=True)]
    DEFAULT_CSS = """
    ReasonScreen { align: center middle; }
    ReasonScreen TextArea { height: 5; }
    """

    def __init__(self, title: str, explanation: str, reason: str = "") -> None:
        super().__init__()
        self.title_text, self.explanation, self.reason = title, explanation, reason

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.explanation, id="reason-explanation", markup=False)
            yield Label("Reason (Ctrl+S to record it, Escape to keep the classification)",
                        classes="hint")
            yield TextArea(self.reason, id="reason-text", soft_wrap=True)
            yield LanguageFlags(id="reason-flags")
            yield Static("", id="reason-error", classes="error")

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(TextArea).focus()

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self.query_one("#reason-flags", LanguageFlags).check(event.text_area.text)

    def action_ok(self) -> None:
        text = self.query_one(TextArea).text.strip()
        if not text:
            self.query_one("#reason-error", Static).update("Give a reason, or press Escape")
            return
        self.dismiss(text)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ClassificationPane(FieldsBox):
    DEFAULT_CSS = """
    ClassificationPane { padding: 0 1; }
    ClassificationPane #cl-advice { height: auto; }
    ClassificationPane #cl-advice.-warn { color: $warning; }
    /* One to a line, focused too (a form's choices go across: the third was cut at 80
       columns as soon as the cursor reached them). */
    ClassificationPane FieldForm KeyedChoices,
    ClassificationPane FieldForm KeyedChoices:focus { layout: vertical; }
    """
    FIELDS = (
        (Field("classification", "Classification", "keyed", CLASSIFICATIONS,
               CLASSIFICATION_KEYS),),
        (Field("override_reason", "Reason, where the classification is below the "
                                  "suggestion", "note"),),
        (Field("risk_management_note", "How the placement manages the risk (IICSA: "
                                       "placement)", "note"),),
    )

    @property
    def cse(self) -> Any:
        return self.screen

    @property
    def form(self) -> FieldForm:
        return self.query_one(FieldForm)

    def compose(self) -> ComposeResult:
        yield Static("", id="cl-advice")
        yield FieldForm(self.FIELDS, "cl", id="cl-form")

    def home_widget(self) -> Any:
        return None  # no list here: the tab bar, so that typing on does not choose

    def first_field(self) -> Any:
        return self.form.first()

    def subject_title(self) -> str:
        return f"· {self.cse.case_code}"

    # --- showing ---------------------------------------------------------------------------
    def show_record(self, keep_focused: bool = False) -> None:
        record = self.cse.record
        self.form.fill(f"Classification of {self.cse.case_code}",
                       {"classification": record.classification,
                        "override_reason": record.override_reason,
                        "risk_management_note": record.risk_management_note},
                       keep_focused=keep_focused, read_only=bool(self.cse.read_only))
        self.show_advice()

    def advice(self, record: CseRecord | None = None) -> Any:
        return classification_rule(with_legacy(record or self.cse.record, self.cse.legacy),
                                   self.cse.types)

    def show_advice(self) -> None:
        advice = self.advice()
        titles = {i.id: i.title for i in self.cse.items}
        lines = Text()
        lines.append("Suggested by the indicators: ", style="bold")
        lines.append(CLASSIFICATIONS[advice.suggested])
        if advice.harm:
            harm = "; ".join(titles.get(h, h) for h in advice.harm)
            lines.append(f"\nEvidence of harm: {harm}")
        elif advice.signs:
            lines.append(f"\nWarning signs: {len(advice.signs)}")
        if advice.needs_reason:
            lines.append(f"\n⚑ {advice.explanation}", style="bold")
        elif advice.chosen and CLASSIFICATION_RANK[advice.chosen] < CLASSIFICATION_RANK[
                advice.suggested]:
            lines.append("\nBelow the suggestion, with the reason recorded below.")
        widget = self.query_one("#cl-advice", Static)
        widget.update(lines)
        widget.set_class(advice.needs_reason, "-warn")

    # --- changes ---------------------------------------------------------------------------
    async def on_field_form_edited(self, event: FieldForm.Edited) -> None:
        event.stop()
        if self.cse.read_only:
            return
        iid, yp = self.cse.iid, self.cse.yp_id
        if event.name in TEXTS:
            name, text = event.name, event.value or ""
            self.cse.save((TEXTS[name],), lambda s: s.cse.update_record(
                iid, yp, fold=True, **{name: text}), True)
            setattr(self.cse.record, name, text)
            if name == "override_reason":
                self.show_advice()
            return
        await self.choose(event.value)

    async def choose(self, chosen: str) -> None:
        await self.cse.backend.wait_idle()
        advice = self.advice(self.cse.record.model_copy(update={"classification": chosen}))
        if advice.needs_reason:
            def answered(reason: str | None) -> None:
                if reason is None:  # kept as it was
                    self.show_record()
                    return
                self.classify(chosen, reason)

            title = f"{CLASSIFICATIONS[chosen]} for {self.cse.case_code}?"
            self.app.push_screen(ReasonScreen(title, advice.explanation,
                                              self.cse.record.override_reason), answered)
            return
        self.classify(chosen, None)

    def classify(self, chosen: str, reason: str | None) -> None:
        iid, yp = self.cse.iid, self.cse.yp_id
        ok, result = self.cse.try_call(
            lambda s: s.cse.set_classification(iid, yp, chosen, reason))
        if not ok:
            self.cse.read()
            self.show_record()
            self.form.show_error("classification", result)
            return
        self.cse.read()
        self.show_record()
        if result.iicsa:
            self.notify("Recorded, with the reason. The report shows this override.",
                        timeout=4)
