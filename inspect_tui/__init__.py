"""inspect-tui: offline-first inspection of supported accommodation in England."""

__version__ = "0.1.0"
