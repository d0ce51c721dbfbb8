"""Partial frames (``CroppedCompositor``): rendering only the part of each widget that is
redrawn sends the terminal exactly what Textual's compositor sends for the same region.

The test app draws no partial frames (conftest's first-frame-only drawing), so the frames
are made here, region by region, on a real workspace."""

from __future__ import annotations

import types

import pytest
from textual._compositor import Compositor
from textual.geometry import Region

from inspect_tui.tui.compositor import CroppedCompositor

from .conftest import until
from .test_flows import open_demo


def partial_frame(app, compositor: Compositor, crop: Region, textual_way: bool) -> str:
    """What the terminal is sent to redraw ``crop``, by our compositor or Textual's."""
    if textual_way:
        compositor._get_renders = types.MethodType(Compositor._get_renders, compositor)
    try:
        compositor._dirty_regions.clear()
        compositor._dirty_regions.add(crop)
        update = compositor.render_partial_update()
    finally:
        compositor.__dict__.pop("_get_renders", None)
    assert update is not None
    return update.render_segments(app.console)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)])
async def test_partial_frames_compose_as_textual_does(make_app, demo_iid, size):
    app = make_app()
    async with app.run_test(size=size) as pilot:
        ws = await open_demo(app, pilot)
        await pilot.press("enter", "tab")  # into the evidence note
        note = ws.query_one("#note")
        await until(lambda: app.focused is note)
        await pilot.press(*"the rota")
        await pilot.pause()
        compositor = ws._compositor
        assert isinstance(compositor, CroppedCompositor)
        width, height = size
        regions = [note.region, ws.query_one("#ws-tree").region,
                   ws.query_one("#ws-item").region, Region(0, 3, width, 4),
                   Region(width // 3, 0, width // 3, height), Region(0, 0, width, height - 1),
                   note.region.shrink((1, 2, 1, 2)), Region(width - 5, height - 3, 5, 3)]
        for crop in regions:
            ours = partial_frame(app, compositor, crop, textual_way=False)
            theirs = partial_frame(app, compositor, crop, textual_way=True)
            assert ours == theirs, crop
            assert len(ours) > crop.height * 4  # every line of it was written
