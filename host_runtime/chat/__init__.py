"""Viewer comments: sources (platform chats through `hub.ChatHub`, HTTP, replay file) feeding
one bounded, rate-limited inbox."""

from .events import ChatEvent, Retraction
from .http import HttpCommentSource
from .inbox import Comment, CommentInbox, Rejected, clean_text
from .replay import ReplaySource

__all__ = ["ChatEvent", "Retraction", "Comment", "CommentInbox", "Rejected", "clean_text", "HttpCommentSource", "ReplaySource"]
