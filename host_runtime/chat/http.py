"""`POST /comments` on 127.0.0.1: the simplest way for a chat relay (or a test) to reach the host.

Runs uvicorn on its own thread so a show's loop never waits on HTTP. Bodies are read with a
hard size cap before parsing, so an oversize or malformed request costs a 4xx and nothing else."""

from __future__ import annotations

import json
import socket
import threading
import time
from typing import Annotated

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError

from ..media import priority
from .inbox import CommentInbox, Rejected

MAX_BODY = 4096


class CommentIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    user: Annotated[str, StringConstraints(min_length=1, max_length=200)]
    text: Annotated[str, StringConstraints(min_length=1, max_length=2000)]


def build_app(inbox: CommentInbox, max_body: int = MAX_BODY) -> FastAPI:
    app = FastAPI(title="host-runtime comments", docs_url=None, redoc_url=None, openapi_url=None)

    @app.post("/comments")
    async def post_comment(request: Request) -> JSONResponse:
        if int(request.headers.get("content-length") or 0) > max_body:
            return JSONResponse({"error": f"body over {max_body} bytes"}, status_code=413)
        body = bytearray()
        async for chunk in request.stream():
            body += chunk
            if len(body) > max_body:
                return JSONResponse({"error": f"body over {max_body} bytes"}, status_code=413)
        try:
            payload = CommentIn.model_validate(json.loads(body))
        except (ValueError, ValidationError):  # JSONDecodeError and UnicodeDecodeError are ValueErrors
            return JSONResponse({"error": 'expected JSON {"user": str, "text": str}'}, status_code=400)
        try:
            comment = inbox.offer(payload.user, payload.text, source="http")
        except Rejected as err:
            return JSONResponse({"error": err.reason}, status_code=err.status)
        return JSONResponse({"id": comment.id}, status_code=202)

    return app


class LocalServer:
    """A web app served on its own thread, bound before it starts (so `port=0` gives a free
    port at once, see `.port`); uvicorn's access log stays off, so no token in a URL is logged.
    The comment endpoint and the operator console are both one."""

    def __init__(self, app: FastAPI, port: int = 0, host: str = "127.0.0.1", name: str = "http"):
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind((host, port))
        self.host, self.port = self._sock.getsockname()[:2]
        config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off",
                                timeout_graceful_shutdown=1)  # an open event stream must not hold the end
        self._server = uvicorn.Server(config)
        self._thread = threading.Thread(target=self._serve, name=name, daemon=True)

    def start(self, timeout: float = 10.0) -> None:
        self._thread.start()
        deadline = time.monotonic() + timeout
        while not self._server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError(f"the server on {self.host}:{self.port} did not start")
            time.sleep(0.02)

    def _serve(self) -> None:
        priority.background()  # a flood of requests must not take the playout's core
        self._server.run(sockets=[self._sock])

    def stop(self) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=5)
        self._sock.close()


class HttpCommentSource:
    """The HTTP endpoint as a start/stop object; `port=0` picks a free port (see `.port`)."""

    def __init__(self, inbox: CommentInbox, port: int = 0, host: str = "127.0.0.1"):
        self.inbox = inbox
        self._server = LocalServer(build_app(inbox), port, host, "comments-http")
        self.host, self.port = self._server.host, self._server.port

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}/comments"

    def start(self, timeout: float = 10.0) -> HttpCommentSource:
        self._server.start(timeout)
        return self

    def stop(self) -> None:
        self._server.stop()

    def __enter__(self) -> HttpCommentSource:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
