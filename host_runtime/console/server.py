"""The operator console: a web page served by the show on 127.0.0.1, over `ShowControl`.

Every request and the event stream need the random token printed when the show starts
(auth.py: why, and how it is kept out of logs).

Plain server-rendered HTML with a little JavaScript (console.html): no build step. The page loads
the state once, then follows the event stream (Server-Sent Events) and polls the preview, a
JPEG of the latest program frame.
"""

from __future__ import annotations

import asyncio
import io
import json
import logging
import secrets
import time
import wave
from collections.abc import AsyncIterator
from typing import Any

import cv2
import numpy as np
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response, StreamingResponse

from ..control import ShowControl
from ..models import UserError
from .auth import TEMPLATES, Served, protect, signed_in, who as operator

log = logging.getLogger(__name__)

PREVIEW_WIDTH = 640


def build_app(control: ShowControl, token: str) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    protect(app, token, "the show")

    @app.get("/")
    async def page(request: Request) -> Response:
        first = signed_in(request, token)
        if first is not None:
            return first
        html = TEMPLATES.get_template("console.html").render(
            token=token, who=operator(request), snapshot=json.dumps(control.snapshot()))
        return HTMLResponse(html)

    @app.get("/state")
    async def state() -> dict[str, Any]:
        return control.snapshot()

    @app.get("/preview.jpg")
    async def preview() -> Response:
        latest = control.show.last_frame
        if latest is None:
            return Response(status_code=204)
        at, frame = latest
        h, w = frame.shape[:2]
        small = cv2.resize(frame, (PREVIEW_WIDTH, round(h * PREVIEW_WIDTH / w)), interpolation=cv2.INTER_AREA)
        ok, jpeg = cv2.imencode(".jpg", small, [cv2.IMWRITE_JPEG_QUALITY, 70])
        return Response(jpeg.tobytes(), media_type="image/jpeg",
                        headers={"Cache-Control": "no-store", "X-Frame-Time": f"{at:.3f}",
                                 "X-Stream-Time": f"{control.show.stream_time:.3f}"})

    @app.get("/preview.wav")
    async def sound(after: int = -1) -> Response:
        """The program's sound since sample `after` (default: the last second), as a WAV; the
        page plays these back to back."""
        show = control.show
        rate = show.settings.fmt.sample_rate
        chunks = [(i, pcm) for i, pcm in list(show.sound) if i + pcm.size > after]
        if after < 0:
            chunks = chunks[-show.settings.fmt.fps:]
        if not chunks:
            return Response(status_code=204, headers={"X-Next-Sample": str(max(after, 0))})
        first = chunks[0][0]
        pcm = np.concatenate([c for _, c in chunks])[max(0, after - first):]
        out = io.BytesIO()
        with wave.open(out, "wb") as w:
            w.setnchannels(1)
            w.setsampwidth(2)
            w.setframerate(rate)
            w.writeframes(pcm.astype(np.int16).tobytes())
        return Response(out.getvalue(), media_type="audio/wav",
                        headers={"Cache-Control": "no-store", "X-Next-Sample": str(chunks[-1][0] + chunks[-1][1].size)})

    @app.get("/events")
    async def events(request: Request) -> StreamingResponse:
        who = operator(request)

        async def stream() -> AsyncIterator[str]:
            sub = control.events.subscribe()
            control.connect(who)
            loop = asyncio.get_running_loop()
            try:
                yield "retry: 1000\n\n"
                while not await request.is_disconnected():
                    event = await loop.run_in_executor(None, sub.get, 0.5)
                    if event is not None:
                        yield f"data: {json.dumps(event.to_json(), default=str)}\n\n"
                    elif control.state == "ended":
                        return
            finally:
                sub.close()
                control.disconnect(who)

        return StreamingResponse(stream(), media_type="text/event-stream", headers={"Cache-Control": "no-store"})

    @app.post("/api/{action}")
    async def act(action: str, request: Request) -> JSONResponse:
        try:
            body = await request.json() if await request.body() else {}
        except ValueError:
            return JSONResponse({"error": "the body must be JSON"}, 400)
        started = time.perf_counter()
        try:
            result = await asyncio.get_running_loop().run_in_executor(None, _dispatch, control, action, operator(request),
                                                                      body)
        except UserError as err:
            return JSONResponse({"error": str(err)}, 400)
        except (TypeError, ValueError) as err:
            return JSONResponse({"error": f"{action}: {err}"}, 400)
        return JSONResponse({"ok": True, "result": result, "took_s": round(time.perf_counter() - started, 3)})

    return app


def _dispatch(control: ShowControl, action: str, who: str, body: dict[str, Any]) -> Any:
    """One POST to one `ShowControl` action (the console's whole vocabulary)."""
    actions: dict[str, Any] = {
        "pause": lambda: control.pause(who),
        "resume": lambda: control.resume(who),
        "takeover": lambda: control.takeover(who),
        "hand_back": lambda: control.hand_back(who),
        "mute": lambda: control.mute(who, bool(body.get("muted", True))),
        "skip": lambda: control.skip(who),
        "jump": lambda: control.jump(who, str(body["sku"])),
        "say": lambda: control.say(who, str(body.get("text", "")), body.get("sku") or None),
        "approve": lambda: control.approve(who, int(body["id"])),
        "hold": lambda: control.hold(who, int(body["id"]), float(body.get("seconds", 10))),
        "cancel": lambda: control.cancel(who, int(body["id"]) if body.get("id") is not None else None),
        "mode": lambda: control.set_mode(who, str(body["mode"]),
                                         float(body["hold_s"]) if body.get("hold_s") is not None else None),
        "answer": lambda: control.answer_now(who, str(body["comment_id"])),
        "block": lambda: control.block_user(who, str(body["user"])),
        "end": lambda: control.end(who),
        "kill": lambda: control.kill(who),
    }
    if action not in actions:
        raise UserError(f"no console action {action!r}")
    try:
        return actions[action]()
    except KeyError as err:
        raise UserError(f"{action}: missing field {err.args[0]!r}") from None


class Console(Served):
    """A show's console web server on its own thread."""

    def __init__(self, control: ShowControl, port: int = 0, token: str | None = None):
        token = token or secrets.token_urlsafe(18)
        super().__init__(build_app(control, token), token, port, "console")
