"""The workspace tree draws a frame from styles looked up once per frame: every row is the
row Textual's tree draws, looking them up per line."""

from __future__ import annotations

from textual.geometry import Region
from textual.widgets import Tree

from inspect_tui.tui.widgets.table import HomeEndTree

from .test_flows import open_demo


def rows(tree: HomeEndTree, textual_way: bool) -> list[list]:
    tree._line_cache.clear()
    tree._styles_cache.clear()
    region = Region(0, 0, tree.size.width, tree.size.height)
    draw = Tree.render_lines if textual_way else HomeEndTree.render_lines
    return [list(strip) for strip in draw(tree, region)]


async def test_tree_rows_are_textuals(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        tree = (await open_demo(app, pilot)).query_one(HomeEndTree)
        states = []
        for keys in [(), ("down", "down"), ("right",), ("end",), ("home", "right", "down"),
                     ("tab",), ("shift+tab", "f2")]:  # focus away and back; high contrast
            await pilot.press(*keys)
            await pilot.pause()
            ours, theirs = rows(tree, False), rows(tree, True)
            assert ours == theirs, keys
            states.append(ours)
        assert len({repr(s) for s in states}) >= 4  # the cursor, focus and theme showed
