"""Where things live: the content folders and the default database.

The content folders sit beside the package in a source checkout and inside it
(``inspect_tui/_content``) in an installed wheel; both are tried so that an
installed ``inspect-tui`` finds its content from any working directory.
"""

from __future__ import annotations

import os
from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
DB_ENV = "INSPECT_TUI_DB"
LOG_ENV = "INSPECT_TUI_LOG_DIR"


def content_root() -> Path:
    """The folder that holds ``standards/``, ``checklists/`` and ``reports/``."""
    bundled = _PACKAGE / "_content"
    if (bundled / "standards").is_dir():
        return bundled
    return _PACKAGE.parent


def standards_dir() -> Path:
    return content_root() / "standards"


def checklists_dir() -> Path:
    return content_root() / "checklists"


def reports_dir() -> Path:
    return content_root() / "reports"


def private_dir(path: Path) -> Path:
    """Create ``path`` (and parents) readable by the owner only."""
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(path, 0o700)
    return path


def default_db_path() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("inspect-tui", appauthor=False)) / "inspect.db"


def resolve_db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """``--db`` wins, then ``INSPECT_TUI_DB``, then the per-user default."""
    if explicit:
        return Path(explicit).expanduser()
    env = os.environ.get(DB_ENV)
    if env:
        return Path(env).expanduser()
    return default_db_path()


def log_dir() -> Path:
    """The folder of the log file: ``INSPECT_TUI_LOG_DIR``, else the per-user log folder."""
    env = os.environ.get(LOG_ENV)
    if env:
        return Path(env).expanduser()
    from platformdirs import user_log_dir

    return Path(user_log_dir("inspect-tui", appauthor=False))
