"""The operator console: a front end (like cli/) over `control.ShowControl`, served by the
show on 127.0.0.1; see server.py."""

from .server import Console, build_app

__all__ = ["Console", "build_app"]
