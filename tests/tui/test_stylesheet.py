"""The app's stylesheet looks only at the rules that can match a node (``NarrowStylesheet``):
on every screen, every widget and each of its component classes gets exactly the styles
Textual's own stylesheet gives it."""

from __future__ import annotations

from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.dom import DOMNode
from textual.widgets import Static

from inspect_tui.tui.stylesheet import NarrowStylesheet


def styles_by(stylesheet: Stylesheet, node: DOMNode) -> tuple:
    stylesheet.apply(node)
    return (node._css_styles.get_rules(),
            {name: styles._base_styles.get_rules()
             for name, styles in sorted(node._component_styles.items())})


def assert_same_styles(app, where: str) -> int:
    ours = app.stylesheet
    assert isinstance(ours, NarrowStylesheet)
    textuals = Stylesheet.copy(ours)  # Textual's own class, the same sources
    textuals.parse()
    nodes = list(app.screen.walk_children(with_self=True))
    for node in nodes:
        theirs = styles_by(textuals, node)
        mine = styles_by(ours, node)
        assert mine == theirs, f"{where}: {node!r}"
    return len(nodes)


async def test_every_screen_styles_as_textual_does(make_app, demo_iid):
    app = make_app()
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        seen = assert_same_styles(app, "home")
        steps = [("enter", "workspace"), ("enter", "workspace, in the finding"),
                 ("escape", "workspace, the tree"), ("y", "young people"),
                 ("c", "CSE screen"), ("2", "CSE screen, tab 2"), ("escape", "young people"),
                 ("escape", "workspace"), ("v", "review list"), ("escape", "workspace"),
                 ("f2", "high contrast"), ("f2", "the default theme again"), ("f1", "help")]
        for key, where in steps:
            await pilot.press(key)
            await pilot.pause()
            seen += assert_same_styles(app, where)
        assert seen > 150  # the screens were there to compare


class Plain(App):
    CSS = "Static { color: red; } .hot { color: blue; }"

    def __init__(self) -> None:
        super().__init__()
        self.stylesheet = NarrowStylesheet(variables=self.stylesheet._variables)

    def compose(self):
        yield Static("x")


async def test_a_class_added_later_finds_its_rules():
    """The short lists are kept by selector names: a node whose classes change is looked
    up again, and a change of the rules drops every list."""
    app = Plain()
    async with app.run_test() as pilot:
        static = app.query_one(Static)
        assert static.styles.color.hex == "#FF0000"
        static.add_class("hot")
        await pilot.pause()
        assert static.styles.color.hex == "#0000FF"
        app.stylesheet.add_source(".hot { color: green; }", read_from=("later", ""))
        app.stylesheet.parse()
        app.stylesheet.update(app)
        await pilot.pause()
        assert static.styles.color.hex == "#008000"


async def test_a_second_app_parses_no_css_again(monkeypatch):
    """Parsed CSS is kept for the process: an app started after another with the same CSS
    (and theme) parses none of it again; one with other CSS parses only that."""
    import uuid

    import textual.css.stylesheet as textual_stylesheet

    parsed: list[str] = []
    real_parse = textual_stylesheet.parse

    def counting_parse(scope, css, read_from, **kwargs):
        parsed.append(css)
        return real_parse(scope, css, read_from, **kwargs)

    monkeypatch.setattr(textual_stylesheet, "parse", counting_parse)
    mine = f"Static {{ color: red; }} /* {uuid.uuid4()} */"  # never parsed before

    class Mine(Plain):
        CSS = mine

    for app in (Mine(), Mine()):
        async with app.run_test() as pilot:
            await pilot.pause()
            assert app.query_one(Static).styles.color.hex == "#FF0000"
    assert parsed.count(mine) == 1
