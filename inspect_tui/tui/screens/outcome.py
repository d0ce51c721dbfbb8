"""The outcome: the three-outcome scale from the content, and the evaluation per theme.

The outcome is the inspector's judgement; nothing here computes it from the findings.
"""

from __future__ import annotations

from typing import Any

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Label, RadioSet, Static, TextArea

from ...domain.review import edit_refusal
from ..widgets.boxes import ReadingPane
from ..widgets.choices import Choice, ChoiceSet
from ..widgets.language_flags import LanguageFlags
from ..widgets.save_indicator import SaveIndicator
from .base import BaseScreen


class OutcomeScreen(BaseScreen):
    HELP = """\
Outcome: choose one of the outcomes (↑ ↓ then Space or Enter), then write the
evaluation for each theme. Everything is saved as you make it.
  Tab / Shift+Tab  move between the outcome and the themes    Escape  back
"""
    BINDINGS = [Binding("escape", "back", "Back")]

    def __init__(self, iid: str, theme: str | None = None) -> None:
        super().__init__()
        self.iid, self.theme = iid, theme

    def compose(self) -> ComposeResult:
        catalogue = self.inspect_app.catalogue
        doc = self.call(lambda s: s.load(self.iid))
        self.doc = doc
        # Submitted or approved: shown as stored, nothing takes a change.
        self.read_only = edit_refusal(doc.status) or ""
        scale = catalogue.outcomes
        with Horizontal(classes="bar"):
            yield Static(f"Outcome · {escape(doc.provider.name)}"
                         + (" · [reverse]read-only[/reverse]" if self.read_only else ""))
            yield SaveIndicator(self.backend)
        with ReadingPane(id="outcome-body"):
            yield Static(escape(scale.guidance), classes="hint")
            with ChoiceSet(id="outcome-choice", disabled=bool(self.read_only)):
                for outcome in sorted(scale.outcomes, key=lambda o: o.rank):
                    yield Choice(escape(outcome.label), id=f"outcome-{outcome.id}",
                                      value=doc.outcome.judgement == outcome.id)
            yield Static("", id="outcome-sentence", classes="detail")
            for theme in catalogue.themes.themes:
                yield Label(f"[b]{escape(theme.title)}[/b]", classes="theme-title")
                yield Static("\n".join(f"  • {escape(p)}" for p in theme.prompts),
                             classes="hint")
                yield LanguageFlags(id=f"flags-{theme.id}")
                yield TextArea(doc.outcome.rationale.get(theme.id, ""),
                               id=f"rationale-{theme.id}", soft_wrap=True,
                               classes="rationale", read_only=bool(self.read_only))
        yield self.key_footer()

    def on_mount(self) -> None:
        self.show_sentence(self.doc.outcome.judgement)
        for theme_id, text in self.doc.outcome.rationale.items():
            for flags in self.query(f"#flags-{theme_id}").results(LanguageFlags):
                flags.check(text)
        if self.theme:
            try:
                area = self.query_one(f"#rationale-{self.theme}", TextArea)
            except Exception:  # noqa: BLE001 - a theme of another edition
                area = None
            if area is not None:
                area.focus()
                self.call_after_refresh(area.scroll_visible)
                return
        if self.read_only:
            self.query_one(TextArea).focus()  # the first evaluation, to read and scroll
        else:
            self.query_one("#outcome-choice", RadioSet).focus()

    def show_sentence(self, outcome_id: str | None) -> None:
        box = self.query_one("#outcome-sentence", Static)
        if not outcome_id:
            box.update("No outcome chosen yet.")
            return
        outcome: Any = self.inspect_app.catalogue.outcome(outcome_id)
        unverified = "" if outcome.provenance.verified else \
            "\n[reverse] unverified content [/reverse]"
        box.update(f"[b]The report will say:[/b] {escape(outcome.standard_sentence)}\n"
                   f"{escape(outcome.meaning)}\n"
                   # Ofsted gives a window, never a date: none is computed here either.
                   f"Next inspection: within about {outcome.next_inspection_months} "
                   f"months{unverified}")

    def on_radio_set_changed(self, event: RadioSet.Changed) -> None:
        if self.read_only:
            return
        outcome_id = (event.pressed.id or "").removeprefix("outcome-")
        iid = self.iid
        self.backend.change(("outcome", iid), lambda s: s.set_outcome(iid, outcome_id),
                            now=True)
        self.show_sentence(outcome_id)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        if self.read_only:
            return
        theme = (event.text_area.id or "").removeprefix("rationale-")
        text, iid = event.text_area.text, self.iid
        for flags in self.query(f"#flags-{theme}").results(LanguageFlags):
            flags.check(text)
        self.backend.change(("rationale", iid, theme),
                            lambda s: s.set_rationale(iid, theme, text, fold=True))

    def action_back(self) -> None:
        self.app.pop_screen()
