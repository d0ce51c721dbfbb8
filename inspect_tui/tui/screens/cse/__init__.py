"""CSE & safeguarding for one young person: a screen of five panes, one per tab
(``indicators``, ``missing``, ``notifications``, ``classification``, ``core``), the lists
among them sharing :class:`~inspect_tui.tui.widgets.list_form.ListFormPane`."""

from .classification import ReasonScreen
from .screen import PROBLEM_TABS, TABS, CseScreen, tab_for_problem

__all__ = ["PROBLEM_TABS", "TABS", "CseScreen", "ReasonScreen", "tab_for_problem"]
