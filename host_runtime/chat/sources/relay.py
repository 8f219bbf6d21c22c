"""A WebSocket on 127.0.0.1 that takes chat events as JSON from any comment tool.

Why a relay: Douyin, Bilibili, Kuaishou, Taobao and TikTok have no open chat API for a
merchant, and reverse-engineered sockets get accounts banned. Merchants already run tools that
read their own live console; such a tool (or a userscript in the console page) sends each
comment here, one JSON object per WebSocket text frame (format in README.md, "Chat relay").

Every connection presents the token: an `Authorization: Bearer TOKEN` header, or (browsers
cannot set headers on a WebSocket) a first frame `{"token": "TOKEN"}` within `AUTH_TIMEOUT_S`.
Every frame is answered `{"ok": true}` or `{"ok": false, "error": "..."}`; a bad frame costs
that answer and nothing else. Only loopback is bound: the relay is for tools on this machine."""

from __future__ import annotations

import asyncio
import datetime as dt
import hmac
import json
import logging
from collections.abc import AsyncIterator
from http import HTTPStatus
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, model_validator
from websockets.asyncio.server import Server, ServerConnection, serve
from websockets.exceptions import ConnectionClosed
from websockets.http11 import Request, Response

from ...models.chat import RelayChat
from ..events import ChatEvent, Connected, Retraction, user_key
from .base import ChatSource, Item

HOST = "127.0.0.1"
MAX_FRAME = 16 * 1024
MAX_CLIENTS = 16
AUTH_TIMEOUT_S = 5.0

_quiet = logging.getLogger("host_runtime.chat.relay.websockets")  # handshake logs can echo headers
_quiet.setLevel(logging.ERROR)
_quiet.propagate = False

Short = Annotated[str, StringConstraints(min_length=1, max_length=200)]


class RelayFrame(BaseModel):
    """One chat event as a comment tool sends it. `kind: "delete"` takes back one message
    (`id`) or every message of one viewer (`user_id`), as the platform's moderators did."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["comment", "gift", "follow", "order", "system", "delete"] = "comment"
    platform: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_-]{1,32}$")] | None = None
    channel: Annotated[str, StringConstraints(max_length=200)] = ""
    id: Short | None = None  # the platform's message id
    user_id: Short | None = None  # the platform's viewer id (hashed on arrival)
    user: Short | None = None  # display name
    text: Annotated[str, StringConstraints(max_length=2000)] = ""
    time: dt.datetime | None = None

    @model_validator(mode="after")
    def _complete(self) -> RelayFrame:
        if self.kind == "delete" and not (self.id or self.user_id):
            raise ValueError('"delete" needs "id" (one message) or "user_id" (all of a viewer\'s)')
        if self.kind != "delete" and not (self.user or self.user_id):
            raise ValueError('needs "user" (a display name) or "user_id"')
        if self.kind == "comment" and not self.text.strip():
            raise ValueError('a comment needs "text"')
        return self


def _answer(ok: bool, error: str = "") -> str:
    return json.dumps({"ok": True} if ok else {"ok": False, "error": error})


class RelaySource(ChatSource):
    def __init__(self, settings: RelayChat, token: str):
        self.blocklist = settings.blocklist
        self.platform = settings.platform
        self.requested_port = settings.port
        self.port: int | None = None  # the bound port once listening
        self.token = token
        self.secrets = (token,)
        self.label = f"relay {HOST}:{settings.port}"
        self._items: asyncio.Queue[Item] = asyncio.Queue(maxsize=1000)
        self._clients = 0

    def _authorized(self, value: str | None) -> bool:
        return value is not None and hmac.compare_digest(value.encode(), self.token.encode())

    def _check_request(self, connection: ServerConnection, request: Request) -> Response | None:
        if self._clients >= MAX_CLIENTS:
            return connection.respond(HTTPStatus.SERVICE_UNAVAILABLE, f"at most {MAX_CLIENTS} relay connections\n")
        header = request.headers.get("Authorization")
        if header is not None and not self._authorized(header.removeprefix("Bearer ").strip()):
            return connection.respond(HTTPStatus.UNAUTHORIZED, "wrong token\n")
        return None

    def frame_item(self, frame: RelayFrame) -> ChatEvent | Retraction:
        platform = frame.platform or self.platform
        viewer = user_key(platform, frame.user_id) if frame.user_id else None
        if frame.kind == "delete":
            return Retraction(platform=platform, channel=frame.channel, message_id=frame.id, user_id=viewer,
                              reason="deleted" if frame.id else "ban")
        when = frame.time.replace(tzinfo=frame.time.tzinfo or dt.timezone.utc) if frame.time else None  # no zone: UTC
        return ChatEvent(platform=platform, channel=frame.channel, user_id=viewer or user_key(platform, str(frame.user)),
                         user=frame.user or str(frame.user_id), text=frame.text, kind=frame.kind, message_id=frame.id,
                         **({"time": when} if when else {}))

    async def _handle(self, ws: ServerConnection) -> None:
        self._clients += 1
        try:
            if ws.request is None or not ws.request.headers.get("Authorization"):
                if not await self._first_frame_token(ws):
                    await ws.close(4401, "wrong or missing token")
                    return
            async for data in ws:
                await ws.send(self._take(data))
        except ConnectionClosed:
            pass
        finally:
            self._clients -= 1

    async def _first_frame_token(self, ws: ServerConnection) -> bool:
        try:
            first = json.loads(await asyncio.wait_for(ws.recv(), AUTH_TIMEOUT_S))
        except (asyncio.TimeoutError, ValueError, TypeError):
            return False
        ok = isinstance(first, dict) and set(first) == {"token"} and isinstance(first["token"], str) \
            and self._authorized(first["token"])
        if ok:
            await ws.send(_answer(True))
        return ok

    def _take(self, data: str | bytes) -> str:
        try:
            frame = RelayFrame.model_validate(json.loads(data))
        except ValueError as err:  # JSONDecodeError, UnicodeDecodeError and ValidationError are ValueErrors
            problems = err.errors() if isinstance(err, ValidationError) else None
            detail = "; ".join(f"{'.'.join(map(str, p['loc'])) or 'frame'}: {p['msg']}" for p in problems) \
                if problems else "not a JSON object"
            return _answer(False, detail)
        try:
            self._items.put_nowait(self.frame_item(frame))
        except asyncio.QueueFull:
            return _answer(False, "the host is behind; try again shortly")
        return _answer(True)

    async def session(self) -> AsyncIterator[Item]:
        server: Server
        async with serve(self._handle, HOST, self.requested_port, process_request=self._check_request,
                         max_size=MAX_FRAME, logger=_quiet, server_header=None) as server:
            self.port = server.sockets[0].getsockname()[1]
            self.label = f"relay {HOST}:{self.port}"
            yield Connected(detail=f"listening on ws://{HOST}:{self.port}/")
            while True:
                yield await self._items.get()

