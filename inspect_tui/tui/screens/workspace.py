"""The inspection workspace: the tree of standards and checklists on the left, the selected
item on the right. Every change is saved as it is made (see :mod:`..backend`).
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

from rich.markup import escape
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.geometry import Size
from textual.widget import AwaitMount
from textual.widgets import Input, ProgressBar, Static, Tree
from textual.widgets.tree import TreeNode
from textual.worker import get_current_worker

from ...domain.cse.checks import INDICATOR_CHECKLIST
from ...domain.review import (
    display_status,
    edit_refusal,
    is_final,
    progress_of,
    report_file_name,
    return_entry,
)
from ...domain.vocab import DISPLAY_STATUSES, FINDING_STATUSES
from ..compositor import CroppedCompositor
from ..dialogs.reopen import REOPEN_KEY, ask_reopen, read_only_hint
from ..keys import edit_binding
from ..router import Target, route
from ..widgets.item_pane import ItemPane
from ..widgets.keybar import KeyBar
from ..widgets.marks import check_mark, finding_mark
from ..widgets.save_indicator import SaveIndicator
from ..widgets.table import HomeEndTree
from .base import BaseScreen

log = logging.getLogger(__name__)

STATUS_FILTERS = ("all", "not_assessed", "not_met", "partly_met", "met")
KEYS = [("n/p", "next/prev"), ("u", "unassessed"), ("Enter", "finding"),
        ("/", "filter"), ("g", "go to reg"), ("y", "people"), ("a", "improve"),
        ("o", "outcome"), ("v", "review"), ("r", "report"), ("F1", "help"),
        ("^p", "commands")]


class WorkspaceScreen(BaseScreen):
    HELP = """\
Workspace: the tree of standards and checklists (left), the item (right).
  ↑ ↓ Enter      move in the tree / open a group
  n  or F6       next item            p  or F5   previous item
  u  or F7       next item not yet assessed
  Enter          into the item: the finding, where 0 1 2 3 choose not assessed, met,
                 partly met, not met; Tab to the evidence note; Escape back to the tree
  F6 F5 F7       next / previous / next unassessed item, staying in the field
  /              filter items by text        f       filter by finding status
  g              jump to a regulation (e.g. 27, 5(2)(f))
  y  young people   a  areas for improvement   o  outcome   v  review list
  c  conflicts      r  generate the report     d  setting details
  m  members (who receives it)   x  redact text from the record (managers)
  Ctrl+O         reopen a submitted or approved inspection (asks; recorded)
  Escape (in the tree)  back to Home
Submitted or approved, an inspection is read-only until its inspector
reopens it.
Every change is saved as you make it; the top line shows "saved" once it is on disk.
"""
    BINDINGS = [
        Binding("f6", "next_item", "Next", show=False, priority=True),
        Binding("f5", "prev_item", "Prev", show=False, priority=True),
        Binding("f7", "next_unassessed", "Next unassessed", show=False, priority=True),
        Binding("n", "next_item", "Next"),
        Binding("p", "prev_item", "Prev"),
        Binding("u", "next_unassessed", "Unassessed"),
        Binding("slash", "filter", "Filter"),
        Binding("f", "status_filter", "Status filter", show=False),
        Binding("g", "jump", "Go to reg"),
        Binding("y", "young_people", "Young people"),
        Binding("a", "actions", "Improvement"),
        Binding("o", "outcome", "Outcome"),
        Binding("v", "review", "Review"),
        Binding("c", "conflicts", "Conflicts", show=False),
        Binding("r", "report", "Report", show=False),
        Binding("d", "setting", "Setting details", show=False),
        Binding("m", "members", "Members", show=False),
        Binding("x", "redact", "Redact", show=False),
        Binding("escape", "back", "Back", show=False),
        edit_binding(REOPEN_KEY, "reopen", "Reopen", show=False),
        # Before the tree's own Enter: the focus must be in the finding before the "1"
        # typed straight after it arrives.
        Binding("enter", "enter_item", "Finding", show=False, priority=True),
    ]
    # The tree has the focus from the start: focused after the mount (Textual's first
    # focusable, the hidden filter, then the tree), the change of focus restyled and laid
    # out the screen a second time before its first frame.
    AUTO_FOCUS = "#ws-tree"

    def __init__(self, iid: str) -> None:
        super().__init__()
        # Each keystroke redraws the note, not every widget of the item pane around it.
        self._compositor = CroppedCompositor()
        self.iid = iid
        self.doc: Any = None
        self.findings: dict[str, dict[str, Any]] = {}
        self.checks: dict[tuple[str, str], dict[str, Any]] = {}
        self.text_filter = ""
        self.status_filter = "all"
        self.leaves: list[TreeNode] = []
        self.reg_nodes: dict[str, TreeNode] = {}
        self.current: tuple[str, str] | None = None
        self.report_running = False
        self._first_frame = False
        self.read_only = ""  # why the record cannot be edited now, or ""
        self.role = "inspector"

    # --- layout --------------------------------------------------------------------------
    def compose(self) -> ComposeResult:
        # Until the first frame is drawn (on_mount's freeze_heap turns it back on, even
        # when the load fails: the callback is queued before the load).
        self.inspect_app.pause_gc()
        self.call_after_refresh(self.inspect_app.freeze_heap, False)
        with Horizontal(id="ws-bar", classes="bar"):
            yield Static("", id="ws-title")
            yield Static("", id="ws-status")
            yield SaveIndicator(self.backend, id="ws-saved")
        with Horizontal(id="ws-main"):
            # The filter box and its line, the returned-for-changes line and the report bar
            # are mounted when first needed: hidden widgets still cost the building of the
            # screen and a share of every keystroke's handling.
            with Vertical(id="ws-left"):
                tree: Tree = HomeEndTree("Inspection", id="ws-tree")
                tree.show_root = False
                tree.guide_depth = 2
                yield tree
            yield ItemPane(id="ws-item")
        # A fixed key line, not Textual's Footer: with this screen's many bindings the
        # Footer rebuilt itself on every focus change and cost more than the whole tree.
        yield KeyBar(KEYS)

    def on_mount(self) -> None:
        self.load()
        self.build_tree()
        tree = self.query_one("#ws-tree", Tree)
        tree.focus()
        # Back where the inspector was, if this inspection was open before in this session.
        last = self.inspect_app.last_item.get(self.iid)
        first = next((leaf for leaf in self.leaves if leaf.data == last), None)
        first = first or self.first_unassessed() or (self.leaves[0] if self.leaves else None)
        if first is not None:
            self.select_leaf(first)

    def on_screen_resume(self) -> None:
        if self.first_resume():
            return
        if self.doc is not None:
            self.load()
            self.refresh_labels()
            self.show_current()

    def _screen_resized(self, size: Size) -> None:
        # Textual sends a new screen a Resize after its first layout, and lays the whole
        # screen out and draws it again at the same size: a second full frame of opening an
        # inspection. (Only here: the outcome screen's first scroll position depends on it.)
        if size == self._compositor.size:
            return
        super()._screen_resized(size)

    def _compositor_refresh(self) -> None:
        # The first layout of the workspace finds that the tree and the item need scrollbars
        # only once it is done, and they lay the screen out again at once: the first frame,
        # drawn without them and replaced straight away, is not drawn (it cost a quarter of
        # opening an inspection). Once only: any later frame is drawn as Textual does.
        if not self._first_frame:
            self._first_frame = True
            if any(widget._layout_required for widget in self._compositor.widgets):
                return
        super()._compositor_refresh()

    # --- data ----------------------------------------------------------------------------
    def load(self) -> None:
        self.doc = self.call(lambda s: s.load(self.iid))
        self.findings = {f.item_id: f.model_dump(mode="json") for f in self.doc.findings}
        self.checks = {(c.item_id, c.subject): c.model_dump(mode="json")
                       for c in self.doc.checks}
        self.conflict_count = len(self.call(lambda s: s.conflicts(self.iid)))
        profile = self.call(lambda s: s.profile())
        self.role = profile.role if profile else "inspector"
        self.read_only = edit_refusal(self.doc.status) or ""
        self.query_one(ItemPane).set_read_only(bool(self.read_only))
        returned = return_entry(self.doc)
        boxes = self.query("#ws-returned").results(Static)
        box = next(boxes, None)
        if box is None and returned is not None:
            box = Static("", id="ws-returned", classes="returned", markup=False)
            self.mount(box, after="#ws-main")
        if box is not None:
            box.update(f"Returned by {returned.by}: {returned.comment}  (v: the review list)"
                       if returned else "")
            box.display = returned is not None
        self.update_bar()

    def finding(self, item_id: str) -> dict[str, Any]:
        return self.findings.get(item_id) or {"item_id": item_id, "status": "not_assessed",
                                              "note": "", "sources": [], "premises": [],
                                              "young_people": []}

    def check_result(self, item_id: str, subject: str) -> dict[str, Any]:
        return self.checks.get((item_id, subject)) or {"item_id": item_id, "subject": subject,
                                                       "answer": "not_checked", "note": ""}

    def progress(self) -> int:
        """The domain's progress, over the statuses shown (saves may still be on the way)."""
        return progress_of({i: f.get("status", "not_assessed") for i, f in self.findings.items()},
                           self.inspect_app.catalogue)

    def update_bar(self) -> None:
        doc = self.doc
        self.query_one("#ws-title", Static).update(
            f"[b]{escape(doc.provider.name)}[/b] {doc.provider.urn}")
        status = DISPLAY_STATUSES[display_status(doc)]
        # Read-only, the hint takes the room of the word "assessed", so that the provider's
        # name keeps some of its own at 80 columns.
        text = f"{status} · {self.progress()}%" + ("" if self.read_only else " assessed")
        if self.read_only:
            text += f" · [reverse]{read_only_hint(doc.status, self.role)}[/reverse]"
        if getattr(self, "conflict_count", 0):
            text += f" · [reverse]⚠ {self.conflict_count} conflicts (c)[/reverse]"
        self.query_one("#ws-status", Static).update(text)

    # --- the tree ------------------------------------------------------------------------
    def matches(self, kind: str, item: Any, extra: str = "") -> bool:
        if self.status_filter != "all":
            if kind != "item":
                return False
            if self.finding(item.id).get("status", "not_assessed") != self.status_filter:
                return False
        if self.text_filter:
            words = [item.id, getattr(item, "regulation", ""), item.title, extra]
            prompts = item.prompts
            words += prompts.look_for + prompts.good_looks_like + prompts.worries
            if self.text_filter.lower() not in " ".join(words).lower():
                return False
        return True

    def build_tree(self) -> None:
        tree = self.query_one("#ws-tree", HomeEndTree)
        with tree.building():
            self._build_tree(tree)

    def _build_tree(self, tree: HomeEndTree) -> None:
        catalogue = self.inspect_app.catalogue
        tree.clear()
        self.leaves = []
        self.reg_nodes = {}
        filtering = bool(self.text_filter) or self.status_filter != "all"
        groups = (("Quality standards", "quality_standard"),
                  ("Other regulations", "other_regulation"))
        for title, group in groups:
            regs = [r for r in catalogue.regulations if r.group == group]
            group_node = tree.root.add(title, data=("group", group), expand=True)
            for reg in regs:
                items = [i for i in reg.items if self.matches("item", i, reg.title)]
                if not items:
                    continue
                reg_node = group_node.add(self.reg_label(reg), data=("reg", reg.id),
                                          expand=filtering)
                self.reg_nodes[reg.id] = reg_node
                for item in items:
                    leaf = reg_node.add_leaf(self.item_label(item), data=("item", item.id))
                    self.leaves.append(leaf)
            if not group_node.children:
                group_node.remove()
        by_item = self.answers_by_item()
        checklists_node = tree.root.add("Checklists", data=("group", "checklists"),
                                        expand=True)
        for checklist in catalogue.checklists:
            if checklist.id == INDICATOR_CHECKLIST:
                # One place for each fact: CSE indicators are recorded per young person on
                # the CSE screen only; here is the way there, not a second set of answers.
                if not filtering:
                    checklists_node.add_leaf(Text(f"→ {checklist.title}", style="italic"),
                                             data=("cse", checklist.id))
                continue
            items = [i for i in checklist.items if self.matches("check", i, checklist.title)]
            if not items:
                continue
            node = checklists_node.add(self.checklist_label(checklist),
                                       data=("checklist", checklist.id), expand=filtering)
            for item in items:
                leaf = node.add_leaf(self.check_label(checklist, item, by_item),
                                     data=("check", item.id))
                self.leaves.append(leaf)
        if not checklists_node.children:
            checklists_node.remove()
        if not filtering and not self.query("#ws-filter-state"):
            return
        self.filter_widgets()
        state = self.query_one("#ws-filter-state", Static)
        if filtering:
            parts = []
            if self.text_filter:
                parts.append(f"text “{escape(self.text_filter)}”")
            if self.status_filter != "all":
                parts.append(FINDING_STATUSES[self.status_filter].lower())
            state.update(f"{len(self.leaves)} match {' · '.join(parts)}")
        state.display = filtering

    def reg_label(self, reg: Any) -> Text:
        done = sum(1 for i in reg.items
                   if self.finding(i.id).get("status", "not_assessed") != "not_assessed")
        counts = Counter(self.finding(i.id).get("status") for i in reg.items)
        # The counts come first so that a narrow tree still shows them.
        label = Text(f"Reg {reg.regulation} ")
        label.append(f"{done}/{len(reg.items)}", style="bold" if done == len(reg.items)
                     else "dim")
        if counts.get("not_met"):
            label.append(f" ✗{counts['not_met']}", style="red")
        label.append(f" {reg.title}")
        return label

    def item_label(self, item: Any) -> Text:
        label = finding_mark(self.finding(item.id).get("status", "not_assessed"))
        label.append(f" {item.regulation} {item.title}")
        return label

    def checklist_label(self, checklist: Any) -> Text:
        answered = {i for (i, _s), r in self.checks.items()
                    if r.get("answer", "not_checked") != "not_checked"}
        done = sum(1 for i in checklist.items if i.id in answered)
        label = Text(f"{done}/{len(checklist.items)}", style="dim")
        label.append(f" {checklist.title}")
        return label

    def answers_by_item(self) -> dict[str, list[str]]:
        """Every answer recorded, by checklist item: one pass over the answers for a whole
        tree, not one per leaf."""
        answers: dict[str, list[str]] = {}
        for (item_id, _subject), result in self.checks.items():
            answers.setdefault(item_id, []).append(result.get("answer", "not_checked"))
        return answers

    def check_label(self, checklist: Any, item: Any,
                    by_item: dict[str, list[str]] | None = None) -> Text:
        answers = (by_item if by_item is not None else self.answers_by_item()).get(item.id, [])
        answer = next((a for a in answers if a != "not_checked"), "not_checked")
        label = check_mark(answer)
        if len(answers) > 1:
            label.append(f"{len(answers)}", style="dim")
        label.append(f" {item.title}")
        return label

    def refresh_labels(self) -> None:
        catalogue = self.inspect_app.catalogue
        by_item = self.answers_by_item()
        for leaf in self.leaves:
            kind, ident = leaf.data
            if kind == "item":
                leaf.set_label(self.item_label(catalogue.item(ident)))
            else:
                checklist = self.checklist_of(ident)
                leaf.set_label(self.check_label(checklist, catalogue.checklist_item(ident),
                                                by_item))
        for reg_id, node in self.reg_nodes.items():
            node.set_label(self.reg_label(catalogue.regulation(reg_id)))
        tree = self.query_one("#ws-tree", Tree)
        for group in tree.root.children:
            for node in group.children:
                if node.data and node.data[0] == "checklist":
                    node.set_label(self.checklist_label(catalogue.checklist(node.data[1])))
        self.update_bar()

    def checklist_of(self, item_id: str) -> Any:
        for checklist in self.inspect_app.catalogue.checklists:
            if any(i.id == item_id for i in checklist.items):
                return checklist
        raise KeyError(item_id)

    def on_tree_node_highlighted(self, event: Tree.NodeHighlighted) -> None:
        data = event.node.data
        if data and data[0] in ("item", "check"):
            self.inspect_app.last_item[self.iid] = data
            pane = self.query_one(ItemPane)
            if data == self.current and pane.item_id == data[1]:
                return  # the cursor caught up with an item already shown
            self.current = data
            self.show_current()
        elif data:
            self.show_group(event.node)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "enter_item":  # Enter on an item in the tree; elsewhere Enter is theirs
            tree = self.query_one("#ws-tree", Tree)
            node = tree.cursor_node
            return (self.focused is tree and node is not None and bool(node.data)
                    and node.data[0] in ("item", "check", "cse"))
        return True

    def action_enter_item(self) -> None:
        node = self.query_one("#ws-tree", Tree).cursor_node
        if node is not None and node.data and node.data[0] == "cse":
            self.action_young_people()  # choose the young person, then c
            return
        self.action_edit_finding()

    def show_group(self, node: TreeNode) -> None:
        kind, ident = node.data
        pane = self.query_one(ItemPane)
        catalogue = self.inspect_app.catalogue
        if kind == "reg":
            reg = catalogue.regulation(ident)
            counts = Counter(self.finding(i.id).get("status", "not_assessed")
                             for i in reg.items)
            lines = [f"[b]Regulation {escape(reg.regulation)}: {escape(reg.title)}[/b]",
                     escape(reg.summary), ""]
            lines += [f"{FINDING_STATUSES[s]}: {counts.get(s, 0)}" for s in FINDING_STATUSES]
            lines += ["", "Enter opens the items; n goes to the next item."]
            pane.show_nothing("\n".join(lines))
        elif kind == "checklist":
            checklist = catalogue.checklist(ident)
            pane.show_nothing(f"[b]{escape(checklist.title)}[/b]\n{escape(checklist.purpose)}"
                              f"\n\nAbout: {checklist.applies_to.replace('_', ' ')}")
        elif kind == "cse":
            checklist = catalogue.checklist(ident)
            recorded = sum(len(r.indicators) for r in self.doc.cse)
            pane.show_nothing(
                f"[b]{escape(checklist.title)}[/b]\n\nRecorded for each young person on "
                "their CSE & safeguarding screen, the one place these answers are kept: "
                "Enter (or y) opens the young people; choose one and press c.\n\n"
                f"{recorded} indicator answer{'s' if recorded != 1 else ''} recorded so far.")
        else:
            pane.show_nothing("Choose an item in the tree.")

    def show_current(self) -> None:
        if self.current is None:
            return
        kind, ident = self.current
        pane = self.query_one(ItemPane)
        catalogue = self.inspect_app.catalogue
        doc = self.doc
        if kind == "item":
            item = catalogue.item(ident)
            labels = {s.id: s.label for s in catalogue.edition.evidence_sources}
            finding = self.finding(ident)
            suggested = list(item.evidence_sources)
            others = [s for s in labels if s not in suggested]
            sources = [(s, labels.get(s, s), True) for s in suggested]
            sources += [(s, labels[s], False) for s in others]
            premises = [(p.label, p.id) for p in doc.premises]
            people = [(y.case_code, y.id) for y in doc.young_people]
            pane.show_finding(item, catalogue.regulation_of(ident), finding, sources, premises,
                              people)
        else:
            checklist = self.checklist_of(ident)
            item = catalogue.checklist_item(ident)
            subjects = None
            if checklist.applies_to == "premises":
                subjects = [(p.label, p.id) for p in doc.premises]
            elif checklist.applies_to == "young_person":
                subjects = [(y.case_code, y.id) for y in doc.young_people]
            subject = pane.subject if pane.kind == "check" else ""
            if subjects is not None and subject not in {v for _, v in subjects}:
                subject = subjects[0][1] if subjects else ""
            if checklist.applies_to == "inspection":
                subject = ""
            pane.show_check(checklist, item, subjects, subject,
                            self.check_result(ident, subject))

    # --- saving --------------------------------------------------------------------------
    def notify_read_only(self) -> None:
        self.notify(f"{self.read_only} ({read_only_hint(self.doc.status, self.role)})",
                    severity="warning", timeout=6)

    def action_reopen(self) -> None:
        def reopened() -> None:
            self.load()
            self.refresh_labels()
            self.show_current()

        ask_reopen(self, self.iid, reopened)

    def on_item_pane_edited(self, event: ItemPane.Edited) -> None:
        iid = self.iid
        if self.read_only:  # a change that reached the pane anyway: show what is stored
            if event.field != "subject":
                self.notify_read_only()
            self.show_current()
            return
        if event.kind == "finding":
            item_id, field, value = event.item_id, event.field, event.value
            finding = self.findings.setdefault(item_id, self.finding(item_id))
            finding[field] = value
            if field == "note":
                self.backend.change(
                    ("finding", item_id, "note"),
                    lambda s: s.set_finding(iid, item_id, fold=True, note=value))
            else:
                self.backend.change(
                    ("finding", item_id, field),
                    lambda s: s.set_finding(iid, item_id, **{field: value}), now=True)
                if field == "status":
                    self.relabel_item(item_id)
        else:
            item_id, subject = event.item_id, event.subject
            if event.field == "subject":
                # Choosing whose checklist it is: show that subject's answer.
                self.show_current()
                return
            result = self.checks.setdefault((item_id, subject),
                                            self.check_result(item_id, subject))
            result[event.field] = event.value
            field, value = event.field, event.value
            self.backend.change(
                ("check", item_id, subject, field),
                lambda s: s.set_check(iid, item_id, subject, fold=(field == "note"),
                                      **{field: value}),
                now=(field != "note"))
            if field == "answer":
                self.refresh_labels()

    def relabel_item(self, item_id: str) -> None:
        catalogue = self.inspect_app.catalogue
        for leaf in self.leaves:
            if leaf.data == ("item", item_id):
                leaf.set_label(self.item_label(catalogue.item(item_id)))
        reg = catalogue.regulation_of(item_id)
        if reg.id in self.reg_nodes:
            self.reg_nodes[reg.id].set_label(self.reg_label(reg))
        self.update_bar()

    # --- navigation ----------------------------------------------------------------------
    def select_leaf(self, leaf: TreeNode) -> None:
        self.inspect_app.last_item[self.iid] = leaf.data
        tree = self.query_one("#ws-tree", Tree)
        parent = leaf.parent
        while parent is not None:
            if not parent.is_expanded:  # expanding again redraws the whole tree
                parent.expand()
            parent = parent.parent
        self.current = leaf.data
        self.show_current()

        def move() -> None:
            # The tree numbers its lines when it is next built: a leaf under a parent just
            # expanded has no line yet (-1), and the cursor would land on line 0, the first
            # group. Reading ``last_line`` builds the lines first.
            _ = tree.last_line
            tree.move_cursor(leaf)
            tree.scroll_to_node(leaf, animate=False)

        self.call_after_refresh(move)

    def leaf_index(self) -> int:
        for index, leaf in enumerate(self.leaves):
            if leaf.data == self.current:
                return index
        return -1

    def action_next_item(self) -> None:
        if not self.leaves:
            return
        index = self.leaf_index()
        self.select_leaf(self.leaves[min(index + 1, len(self.leaves) - 1)])

    def action_prev_item(self) -> None:
        if not self.leaves:
            return
        index = self.leaf_index()
        self.select_leaf(self.leaves[max(index - 1, 0)])

    def first_unassessed(self, after: int = -1) -> TreeNode | None:
        items = [(i, leaf) for i, leaf in enumerate(self.leaves) if leaf.data[0] == "item"]
        for index, leaf in items:
            if index > after and self.finding(leaf.data[1]).get(
                    "status", "not_assessed") == "not_assessed":
                return leaf
        for _index, leaf in items:
            if self.finding(leaf.data[1]).get("status", "not_assessed") == "not_assessed":
                return leaf
        return None

    def action_next_unassessed(self) -> None:
        leaf = self.first_unassessed(self.leaf_index())
        if leaf is None:
            self.notify("Every standards item shown has a finding.", timeout=3)
            return
        self.select_leaf(leaf)

    def go_to_item(self, item_id: str) -> None:
        if self.text_filter or self.status_filter != "all":
            self.text_filter, self.status_filter = "", "all"
            box = self.query_one("#ws-filter", Input)
            box.value = ""
            box.display = False
            self.build_tree()
        for leaf in self.leaves:
            if leaf.data[1] == item_id:
                self.select_leaf(leaf)
                self.query_one("#ws-tree", Tree).focus()
                return
        self.notify(f"No item {item_id} in this edition", severity="warning")

    def action_edit_finding(self) -> None:
        """Into the item's first field: the finding (a checklist item's answer), where 0-3
        choose; Tab goes on to the note. From the tree no plain key changes a finding, so
        text typed on after leaving a note lands nowhere (see ``tui.keys``)."""
        pane = self.query_one(ItemPane)
        if self.read_only and pane.kind in ("finding", "check"):
            self.notify_read_only()
            return
        if pane.kind == "finding":
            self.focus_now(self.query_one("#status"))
        elif pane.kind == "check" and pane.query("#answer"):
            self.focus_now(self.query_one("#answer"))

    def action_back(self) -> None:
        focused = self.focused
        if isinstance(focused, Input) and focused.id == "ws-filter":
            self.clear_filter()
            return
        if focused is not None and focused.id != "ws-tree":
            self.focus_now(self.query_one("#ws-tree", Tree))
            return
        self.app.pop_screen()

    # --- filters -------------------------------------------------------------------------
    def filter_widgets(self) -> AwaitMount | None:
        """Mount the filter box (hidden) and its line above the tree, the first time a
        filter is used; the mount to wait for, or None when they were there."""
        if self.query("#ws-filter"):
            return None
        box = Input(placeholder="filter: text, Enter to keep, Escape to clear", id="ws-filter")
        box.display = False
        self.steady_cursors(box)
        state = Static("", id="ws-filter-state", classes="hint")
        state.display = False
        return self.query_one("#ws-left").mount(box, state, before="#ws-tree")

    async def action_filter(self) -> None:
        mounting = self.filter_widgets()
        if mounting is not None:
            await mounting
        box = self.query_one("#ws-filter", Input)
        box.display = True
        self.focus_now(box)

    def on_input_changed(self, event: Input.Changed) -> None:
        if event.input.id == "ws-filter":
            self.text_filter = event.value.strip()
            self.build_tree()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "ws-filter":
            tree = self.query_one("#ws-tree", Tree)
            tree.focus()
            if self.leaves:
                self.select_leaf(self.leaves[0])
            if not event.value.strip():
                event.input.display = False

    def clear_filter(self) -> None:
        self.filter_widgets()
        box = self.query_one("#ws-filter", Input)
        box.value = ""
        box.display = False
        self.text_filter = ""
        self.build_tree()
        if self.current:
            self.go_to_item(self.current[1])
        self.query_one("#ws-tree", Tree).focus()

    def action_status_filter(self) -> None:
        index = STATUS_FILTERS.index(self.status_filter)
        self.status_filter = STATUS_FILTERS[(index + 1) % len(STATUS_FILTERS)]
        self.build_tree()
        shown = ("all items" if self.status_filter == "all"
                 else FINDING_STATUSES[self.status_filter].lower() + " only")
        self.notify(f"Showing {shown} (f again for the next)", timeout=2)
        if self.leaves:
            self.select_leaf(self.leaves[0])

    def action_jump(self) -> None:
        from ..dialogs.prompts import PromptScreen

        def jump(text: str | None) -> None:
            if text:
                self.jump_to_regulation(text)

        self.app.push_screen(PromptScreen("Go to regulation",
                                          "A regulation number or reference, e.g. 27 or "
                                          "5(2)(f)"), jump)

    def jump_to_regulation(self, text: str) -> None:
        query = text.strip().lower().removeprefix("reg").removeprefix("ulation").strip()
        catalogue = self.inspect_app.catalogue
        target = None
        for item in catalogue.items():
            reg = catalogue.regulation_of(item.id)
            if (item.regulation.lower() == query or item.id == query
                    or reg.regulation.lower() == query):
                target = item
                break
        if target is None:
            target = next((i for i in catalogue.items()
                           if i.regulation.lower().startswith(query)), None)
        if target is None:
            self.notify(f"No regulation {text!r} in this edition", severity="warning")
            return
        self.go_to_item(target.id)

    # --- other screens ---------------------------------------------------------------------
    def action_young_people(self, select: str | None = None) -> None:
        from .young_people import YoungPeopleScreen

        self.app.push_screen(YoungPeopleScreen(self.iid, select=select))

    def action_actions(self, select: str | None = None) -> None:
        from .actions import ActionsScreen

        # A requirement or recommendation added from here starts on the current item.
        regulation = self.current[1] if self.current and self.current[0] == "item" else ""
        self.app.push_screen(ActionsScreen(self.iid, select=select, regulation=regulation))

    def action_outcome(self, theme: str | None = None) -> None:
        from .outcome import OutcomeScreen

        self.app.push_screen(OutcomeScreen(self.iid, theme=theme))

    def action_review(self) -> None:
        from .review import ReviewScreen

        # An item is in this screen: the review list closes and the tree goes there. Any
        # other place opens over the review list, so that Escape comes back to it.
        self.app.push_screen(ReviewScreen(self.iid, open_place=self.go_to), self.go_to)

    def action_conflicts(self) -> None:
        from .conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.iid))

    def go_to(self, where: str | None) -> None:
        """Jump to a review list ``where`` (see :mod:`..router`)."""
        route(where, self.routes())

    def routes(self) -> dict[str, Callable[[Target], None]]:
        """One handler per kind of place a problem names."""
        return {
            "item": lambda t: self.go_to_item(t.ident),
            "action": lambda t: self.action_actions(select=t.ident),
            "young_person": lambda t: self.action_young_people(select=t.ident),
            "cse": self.open_cse,
            "outcome": lambda t: self.action_outcome(),
            "rationale": lambda t: self.action_outcome(theme=t.ident),
            "conflicts": lambda t: self.action_conflicts(),
            "setting": lambda t: self.action_setting(focus=t.ident),
        }

    def open_cse(self, target: Target) -> None:
        """CSE & safeguarding of one young person, over the review list (Esc returns)."""
        from .cse import CseScreen

        self.app.push_screen(CseScreen(self.backend.service, self.iid, target.ident,
                                       tab=target.tab))

    def action_members(self) -> None:
        from ..dialogs.privacy import MembersScreen

        self.app.push_screen(MembersScreen(self.iid))  # the workspace reloads on resume

    def action_redact(self) -> None:
        from ..dialogs.privacy import RedactScreen

        def done(count: int | None) -> None:
            if count:
                self.notify(f"Redacted {count} value{'s' if count != 1 else ''}; sync to "
                            "erase them everywhere")

        self.app.push_screen(RedactScreen(self.iid), done)

    def action_setting(self, focus: str | None = None) -> None:
        from .setting import SettingScreen

        self.app.push_screen(SettingScreen(self.iid, focus=focus))

    # --- the report ------------------------------------------------------------------------
    def report_path(self) -> Path:
        base = Path(self.backend.service.store.path).parent / "reports"
        return base / report_file_name(self.doc)

    async def action_report(self) -> None:
        if self.report_running:
            self.notify("The report is already being generated", timeout=2)
            return
        await self.backend.wait_idle()
        self.doc = self.call(lambda s: s.load(self.iid))  # DRAFT or FINAL as it is now
        self.report_running = True
        if not self.query("#ws-report"):
            # Above the key line (and below the returned-for-changes line, if any).
            await self.mount(Horizontal(Static("", id="ws-report-label"), id="ws-report"),
                             before=self.query_one(KeyBar))
        bar = self.query_one("#ws-report")
        bar.display = True
        if not self.query("#ws-report-progress"):
            await bar.mount(ProgressBar(total=100, id="ws-report-progress", show_eta=False))
        self.query_one("#ws-report-progress").display = True
        self.query_one("#ws-report-label", Static).update("Generating the report…")
        self.query_one("#ws-report-progress", ProgressBar).update(progress=0)
        self.generate_report(self.report_path())

    @work(thread=True, exclusive=True, group="report")
    def generate_report(self, output: Path) -> None:
        worker = get_current_worker()
        service = None
        try:
            # Imported here: the report module is heavy and only needed now.
            from ...service import Service
            from ...service.reports import generate_report

            # Its own connection: a long read must not hold the writer's lock.
            service = Service(self.backend.service.store.path, self.inspect_app.catalogue)
            output.parent.mkdir(parents=True, exist_ok=True, mode=0o700)

            def progress(done: float, message: str = "", *_: Any) -> None:
                if not worker.is_cancelled:
                    self.app.call_from_thread(self.report_progress, done, message)

            result = generate_report(service, self.iid, output, audience="manager",
                                     progress=progress)
            path = Path(result) if isinstance(result, str | Path) else output
            self.app.call_from_thread(self.report_done, str(path), "")
        except Exception as exc:  # noqa: BLE001 - shown to the inspector
            log.error("report inspection=%s failed: %s: %s", self.iid, type(exc).__name__, exc,
                      exc_info=exc)
            self.app.call_from_thread(self.report_done, "", f"{type(exc).__name__}: {exc}"
                                      if not str(exc) else str(exc))
        finally:
            if service is not None:
                service.close()

    def report_progress(self, done: float, message: str = "") -> None:
        fraction = done if done <= 1 else done / 100
        self.query_one("#ws-report-progress", ProgressBar).update(progress=fraction * 100)
        if message:
            self.query_one("#ws-report-label", Static).update(escape(str(message)))

    def report_done(self, path: str, error: str) -> None:
        self.report_running = False
        label = self.query_one("#ws-report-label", Static)
        if error:
            label.update(f"[b]Report not made:[/b] {escape(error)}")
            self.notify(f"Report not made: {error}", severity="error", timeout=8)
        else:
            # The bar makes way so that the whole path shows, even at 80 columns.
            self.query_one("#ws-report-progress", ProgressBar).display = False
            kind = "FINAL" if is_final(self.doc) else "DRAFT"
            label.update(f"{kind} report saved: {escape(path)}")
            self.notify(f"{kind} report saved: {path}", timeout=10)

    def palette_commands(self):
        return [
            ("Next item", "The next item in the tree (n, F6)", self.action_next_item),
            ("Previous item", "The previous item (p, F5)", self.action_prev_item),
            ("Next unassessed item", "The next item without a finding (u, F7)",
             self.action_next_unassessed),
            ("Filter items by text", "Show only items that match (/)", self.action_filter),
            ("Filter items by status", "Cycle: not assessed, not met, partly met, met (f)",
             self.action_status_filter),
            ("Go to regulation", "Jump to a regulation by number (g)", self.action_jump),
            ("Young people", "The young people tracked (y)", self.action_young_people),
            ("Areas for improvement", "Requirements and recommendations (a)",
             self.action_actions),
            ("Outcome", "The outcome and the evaluation per theme (o)", self.action_outcome),
            ("Review list", "What is incomplete; submit, approve, return (v)",
             self.action_review),
            ("Conflicts", "Values edited on two devices (c)", self.action_conflicts),
            ("Reopen to edit", "A submitted or approved inspection back to draft; asks "
             "first (Ctrl+O)", self.action_reopen),
            ("Setting details", "Registered manager, service, previous inspection, "
             "enforcement (d)", self.action_setting),
            ("Generate report", "Build the PDF report in the background (r)",
             self.action_report),
            ("Back to Home", "The list of inspections (Escape)", self.app.pop_screen),
        ]
