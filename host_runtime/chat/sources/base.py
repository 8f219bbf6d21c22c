"""The one small interface every platform adapter implements.

Modelled on the live-platform interface of Open-LLM-VTuber (connect, receive, send), cut down
to what a shopping host needs: a source runs one *session* (one connection, one poll loop) as an
async iterator, and the hub around it owns reconnecting, backoff, status and moderation. So an
adapter is only the platform's protocol, and every adapter fails the same way: its session
raises `SourceDown` (or an `OSError` from the network), the hub waits and opens a new one."""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import AsyncIterator

from ...models.chat import Blocklist
from ..events import ChatEvent, Connected, Retraction, SourceDown

Item = ChatEvent | Retraction | Connected


class ChatSource(ABC):
    platform: str
    #: how status lines and the audit name this source (`twitch #shop`); never holds a secret
    label: str
    #: tokens and keys of this source, masked in every message the hub shows or audits
    secrets: tuple[str, ...] = ()
    #: whether `reply` can post (the profile turned replies on and the credentials allow it)
    can_reply: bool = False
    #: what the profile blocks in this chat (applied by the hub's moderation, before the inbox)
    blocklist: Blocklist = Blocklist()

    @abstractmethod
    def session(self) -> AsyncIterator[Item]:
        """One connection: yield `Connected` once receiving, then events as they arrive, until
        the connection fails (raise `SourceDown` or let an `OSError` through)."""

    async def reply(self, to: ChatEvent, text: str) -> None:
        """Post `text` into the chat as an answer to `to` (only called when `can_reply`)."""
        raise SourceDown(f"{self.label} does not post replies")
