"""The post-show report, from the audit log alone; see post_show.py."""

from .post_show import build, exports, write

__all__ = ["build", "exports", "write"]
