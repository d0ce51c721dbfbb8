"""The workspace tree draws its lines its own way (``tree_lines``: styles looked up once
per frame, guides as segments, one Text per label): every row is the row Textual's tree
draws, segment for segment."""

from __future__ import annotations

import types

from rich.text import Text
from textual.app import App
from textual.geometry import Region
from textual.widgets import Tree

from inspect_tui.tui.widgets.table import HomeEndTree

from .test_flows import open_demo


def rows(tree: HomeEndTree, textual_way: bool) -> list[list]:
    tree._line_cache.clear()
    tree._styles_cache.clear()
    region = Region(0, 0, tree.size.width, tree.size.height)
    if not textual_way:
        return [list(strip) for strip in HomeEndTree.render_lines(tree, region)]
    tree._render_line = types.MethodType(Tree._render_line, tree)  # Textual's own line
    try:
        return [list(strip) for strip in Tree.render_lines(tree, region)]
    finally:
        del tree._render_line


async def test_tree_rows_are_textuals(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        tree = (await open_demo(app, pilot)).query_one(HomeEndTree)
        states = []
        steps = [(), ("down", "down"), ("right",), ("end",), ("home", "right", "down"),
                 ("hover",), ("tab",), ("shift+tab", "f2"), ("slash", "r", "o", "t", "a"),
                 ("escape",)]
        for keys in steps:
            if keys == ("hover",):
                tree.hover_line = 2  # as the mouse over the third line sets it
            else:
                await pilot.press(*keys)
            await pilot.pause()
            ours, theirs = rows(tree, False), rows(tree, True)
            assert ours == theirs, keys
            states.append(ours)
        assert len({repr(s) for s in states}) >= 6  # cursor, hover, focus and theme showed


class TreeApp(App):
    """A tree with every kind of label, and styles the app's theme leaves empty: a
    highlight, bold and hidden guides."""

    CSS = """
    HomeEndTree > .tree--highlight { text-style: bold underline; }
    HomeEndTree > .tree--guides-hover { color: transparent; }
    HomeEndTree > .tree--guides-selected { text-style: bold; }
    HomeEndTree > .tree--label { color: $accent; }
    """

    def compose(self):
        tree = HomeEndTree("root")
        tree.guide_depth = 3
        group = tree.root.add(Text("styled group", style="italic"), expand=True)
        group.add_leaf(Text.assemble(("✓", "green"), " met ", ("[x]", "bold red")))
        group.add_leaf("")  # an empty label
        inner = group.add("inner [b]markup[/b]", expand=True)
        inner.add_leaf("last leaf")
        tree.root.add("closed group").add_leaf("hidden")
        yield tree


async def test_tree_rows_are_textuals_in_every_style():
    app = TreeApp()
    async with app.run_test(size=(40, 12)) as pilot:
        tree = app.query_one(HomeEndTree)
        seen = set()
        for show_root, focused in ((True, True), (False, True), (False, False)):
            tree.show_root = show_root
            app.set_focus(tree if focused else None)
            for cursor in (0, 3, 5):
                tree.cursor_line = cursor
                for hover in range(-1, 6):  # as the mouse over a line sets it
                    tree.hover_line = hover
                    await pilot.pause()
                    ours, theirs = rows(tree, False), rows(tree, True)
                    assert ours == theirs, (show_root, cursor, hover)
                    seen.add(repr(ours))
        assert len(seen) >= 30
