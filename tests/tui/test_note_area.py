"""The note editor keeps each drawn line by what it shows (``NoteArea``): whatever is typed,
selected, scrolled or focused, every row it draws is the row Textual's TextArea draws."""

from __future__ import annotations

import random

from textual.app import App
from textual.geometry import Region
from textual.widgets import Input

from inspect_tui.tui.widgets.note_area import NoteArea

# Typing (letters, spaces, brackets, a tab, new lines), moving, selecting, deleting, and
# leaving the note and coming back (Tab to the input, Shift+Tab back).
KEYS = (["a", "b", "space", "space", "full_stop", "left_parenthesis",
         "right_parenthesis", "enter", "backspace", "delete", "left", "right", "up",
         "down", "home", "end", "shift+left", "shift+right", "shift+down", "tab",
         "shift+tab", "ctrl+z"] + ["e"] * 8 + ["space"] * 3)


class NoteApp(App):
    CSS = "NoteArea { height: 6; border: round $accent; padding: 0 1; } Input { height: 3; }"

    def compose(self):
        yield NoteArea(id="note", soft_wrap=True, show_line_numbers=False)
        yield Input(id="other")


def drawn(note: NoteArea, textual_way: bool) -> list[list]:
    """Every row of the box as segments, by the note's own way or by Textual's."""
    region = Region(0, 0, note.size.width, note.size.height)
    if not textual_way:
        return [list(strip) for strip in note.render_lines(region)]
    rows = note._rows
    note._rows = None  # nothing kept: every line drawn as TextArea draws it
    note._styles_cache.clear()
    note._line_cache.clear()  # TextArea's own, whose keys can trail a resize by a frame
    try:
        return [list(strip) for strip in note.render_lines(region)]
    finally:
        note._rows = rows
        note._styles_cache.clear()


def assert_same(note: NoteArea, what: str) -> int:
    """Rows drawn from what is kept equal Textual's, with the blinking cursor shown and
    hidden; returns how many rows are kept."""
    for shown in (True, False):
        note._cursor_visible = shown
        ours, theirs = drawn(note, textual_way=False), drawn(note, textual_way=True)
        wrong = [(y, ours[y], theirs[y]) for y in range(len(ours)) if ours[y] != theirs[y]]
        assert not wrong, f"{what}, cursor shown: {shown}; row, ours, Textual's: {wrong[0]}"
    return len(note._rows or ())


TEXT = ("The rota (for March, and the supervision notes of two staff) and the plan (kept "
        "in the office).\nA second paragraph, and a third line to scroll to.")


async def test_every_row_drawn_from_what_is_kept_is_the_row_textual_draws():
    app = NoteApp()
    pick = random.Random(20261203)
    async with app.run_test(size=(44, 14)) as pilot:
        note = app.query_one(NoteArea)
        note.focus()
        note.text = TEXT
        await pilot.pause()
        kept = assert_same(note, "at the start")
        # A selection running over wrapped lines and paragraphs, then dropped.
        for keys in (["end"], ["shift+left"] * 6, ["shift+down"], ["shift+up"] * 2,
                     ["right"], ["shift+down", "shift+down"], ["left"]):
            await pilot.press(*keys)
            await pilot.pause()
            kept += assert_same(note, f"after {keys}")
        # On a bracket whose partner is lines away, on another pair's, and off them.
        for column in (TEXT.index("("), TEXT.index(")"), TEXT.rindex(")"),
                       TEXT.index(")") + 1):
            note.cursor_location = (0, column)
            await pilot.pause()
            kept += assert_same(note, f"cursor at column {column}")
        for step in range(120):
            key = pick.choice(KEYS)
            if step == 60:
                await pilot.resize_terminal(60, 16)  # wider: everything wraps again
            await pilot.press(key)
            await pilot.pause()
            kept += assert_same(note, f"step {step}, after {key!r}")
        assert kept, "rows were kept, and every one was compared"
