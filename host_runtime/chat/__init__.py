"""Viewer comments: sources (HTTP, replay file) feeding one bounded, rate-limited inbox."""

from .http import HttpCommentSource
from .inbox import Comment, CommentInbox, Rejected, clean_text
from .replay import ReplaySource

__all__ = ["Comment", "CommentInbox", "Rejected", "clean_text", "HttpCommentSource", "ReplaySource"]
