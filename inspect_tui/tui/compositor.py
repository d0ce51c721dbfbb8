"""A compositor whose partial updates render only the part of each widget that is redrawn.

Textual's compositor, asked to redraw a region (the note being typed in, say), renders
every widget whose *clip* overlaps that region. A widget inside a scrolling container is
clipped to the container's whole viewport, so each keystroke in the evidence note rendered
every label, choice and list of the item pane in full, and then kept only the lines of the
note (about half of a keystroke's time). Here a widget is rendered only if what shows of
it overlaps the region, and only for the region's rows. The lines written to the terminal
are the same: Textual keeps only the rows and columns of the region anyway, and a widget
that shows nothing there fills no part of it. Full frames are Textual's own.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual._compositor import Compositor
from textual.geometry import Region
from textual.strip import Strip


class CroppedCompositor(Compositor):
    def _get_renders(self, crop: Region | None = None
                     ) -> Iterable[tuple[Region, Region, list[Strip]]]:
        if crop is None:
            yield from super()._get_renders(crop)
            return
        top, bottom = crop.y, crop.bottom
        overlaps = crop.overlaps
        for widget, (region, clip) in self.visible_widgets.items():
            shown = region.intersection(clip)
            if not overlaps(shown):
                continue
            y = max(shown.y, top)
            height = min(shown.bottom, bottom) - y
            # The rows of the region only: the clip handed back is what the strips cover.
            rows = Region(shown.x, y, shown.width, height)
            yield region, rows, widget.render_lines(
                Region(rows.x - region.x, rows.y - region.y, rows.width, rows.height))
