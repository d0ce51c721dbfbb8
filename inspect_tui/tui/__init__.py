"""The Textual terminal UI. Talks to :mod:`inspect_tui.service` only: no SQL, no file formats."""
