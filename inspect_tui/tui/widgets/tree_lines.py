"""Drawing one line of a tree as Textual's ``Tree._render_line`` draws it, with less work.

Textual builds each line as Rich Text (a text of guides, a copy of the label, styled and
copied again, then assembled) and renders it through the console. The guides are plain
runs of one style each, so here they become segments directly; only the label goes
through Rich, as one Text made with its final spans, which Rich renders exactly as it
renders them in Textual's assembled line. The styles a frame uses are looked up once per
frame (:class:`FrameStyles`). The line is the same, segment for segment (the tests
compare every row with Textual's own drawing).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Span, Text
from textual._segment_tools import line_pad
from textual.strip import Strip

TOGGLE_STYLE = Style.from_meta({"toggle": True})  # as textual.widgets._tree has it


@dataclass(frozen=True)
class FrameStyles:
    """What one frame of a tree draws with: the same for every line of the frame."""

    base_hidden: bool
    hover_hidden: bool
    selected_hidden: bool
    base_guide: Style
    hover_guide: Style
    selected_guide: Style
    label: Style
    highlight: Style
    cursor: Style
    highlight_line: Style
    has_focus: bool
    guides: dict  # (style, hidden) -> (space, vertical, terminator, cross)

    @classmethod
    def of(cls, tree: Any) -> FrameStyles:
        rich = tree.get_component_rich_style
        base_guide = rich("tree--guides", partial=True)
        return cls(
            base_hidden=tree.get_component_styles("tree--guides").color.a == 0,
            hover_hidden=tree.get_component_styles("tree--guides-hover").color.a == 0,
            selected_hidden=tree.get_component_styles("tree--guides-selected").color.a == 0,
            base_guide=base_guide,
            hover_guide=base_guide + rich("tree--guides-hover", partial=True),
            selected_guide=base_guide + rich("tree--guides-selected", partial=True),
            label=rich("tree--label", partial=True),
            highlight=rich("tree--highlight", partial=True),
            cursor=rich("tree--cursor", partial=False),
            highlight_line=rich("tree--highlight-line"),
            has_focus=tree.has_focus,
            guides={})

    def guide_strings(self, tree: Any, style: Style, hidden: bool) -> tuple[str, ...]:
        key = (style, hidden)
        found = self.guides.get(key)
        if found is None:
            if tree.show_guides and not hidden:
                lines = tree.LINES["default"]
                if style.bold:
                    lines = tree.LINES["bold"]
                elif style.underline2:
                    lines = tree.LINES["double"]
            else:
                lines = ("  ", "  ", "  ", "  ")
            depth = max(0, tree.guide_depth - 2)
            found = self.guides[key] = tuple(f"{c[0]}{c[1] * depth} " for c in lines)
        return found


def draw_line(tree: Any, frame: FrameStyles, line: Any, y: int, width: int,
              is_hover: bool, base_style: Style) -> Strip:
    """Line ``y`` of ``tree`` (a ``_TreeLine``), as ``Tree._render_line`` draws it."""
    line_style = (frame.highlight_line if is_hover else base_style) + Style(meta={"line": y})
    path = line.path
    segments: list[Segment] = []
    used = 0

    def guide(text: str, style: Style) -> None:
        nonlocal used
        segments.append(Segment(text, line_style + style))
        used += cell_len(text)

    hover = path[0]._hover
    selected = path[0]._selected and frame.has_focus
    guide_style = frame.base_guide
    hidden = True
    last = path[-1]
    for node in path[1:]:
        hidden = frame.base_hidden
        if hover:
            guide_style, hidden = frame.hover_guide, frame.hover_hidden
        if selected:
            guide_style, hidden = frame.selected_guide, frame.selected_hidden
        space, vertical, _, _ = frame.guide_strings(tree, guide_style, hidden)
        if node != last:
            guide(space if node.is_last else vertical, guide_style)
        hover = hover or node._hover
        selected = (selected or node._selected) and frame.has_focus
    if len(path) > 1:
        _, _, terminator, cross = frame.guide_strings(tree, guide_style, hidden)
        guide(terminator if line.last else cross, guide_style)

    label_style = frame.label
    if tree.hover_line == y:
        label_style += frame.highlight
    if tree.cursor_line == y:
        label_style += frame.cursor
    label = label_text(tree, line.node, line_style, label_style)
    if label.plain:  # Textual's line has no label part to draw then
        segments.extend(label.render(tree.app.console))
        used += label.cell_len
    pad_width = max(tree.virtual_size.width, width)
    return Strip(line_pad(segments, 0, pad_width - used, line_style))


def label_text(tree: Any, node: Any, line_style: Style, label_style: Style) -> Text:
    """The label as Textual's line holds it: the icon of a group, the node's label, the
    label style over the label, the node's id over both, in the order Textual's
    ``render_label``, ``Text.assemble`` and ``stylize`` add them (Rich combines
    overlapping styles in that order)."""
    own = node._label
    icon = ""
    if node._allow_expand:
        icon = tree.ICON_NODE_EXPANDED if node.is_expanded else tree.ICON_NODE
    start = len(icon)
    end = start + len(own)
    spans = [Span(0, start, line_style + TOGGLE_STYLE)] if icon else []
    # (Textual adds no span over an empty label; one of no length changes nothing.)
    if own.style:
        spans.append(Span(start, end, own.style))
    spans += [Span(s + start, e + start, style) for s, e, style in own._spans]
    if label_style:
        spans.append(Span(start, end, label_style))
    if end:
        spans.append(Span(0, end, Style(meta={"node": node._id})))
    return Text(icon + own.plain, style=line_style, spans=spans)
