"""The fleet's console: one page listing every show of a fleet (state, speed, health, a link to
its own console) with start, stop and drain, over the fleet engine's interface. Token-guarded
like a show's console (auth.py); the links carry each show's own console token, so the page
is only for whoever holds the fleet's.
"""

from __future__ import annotations

import asyncio
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from ..fleet.engine import Engine
from ..models import UserError
from .auth import TEMPLATES, Served, protect, signed_in

ACTIONS = ("start", "stop", "drain")


def build_fleet_app(engine: Engine, token: str) -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)
    protect(app, token, "the fleet")

    def state() -> dict[str, Any]:
        cores, memory = engine.budget()
        return {"fleet": engine.fleet.fleet, "engine": engine.kind, "cpu_budget": cores,
                "memory_budget_mb": memory, "shows": [s.to_json() for s in engine.statuses()]}

    @app.get("/")
    async def page(request: Request) -> Response:
        first = signed_in(request, token)
        if first is not None:
            return first
        snapshot = await asyncio.get_running_loop().run_in_executor(None, state)
        return HTMLResponse(TEMPLATES.get_template("fleet.html").render(fleet=snapshot, actions=ACTIONS))

    @app.get("/state")
    async def fleet_state() -> dict[str, Any]:
        return await asyncio.get_running_loop().run_in_executor(None, state)

    @app.post("/api/{action}")
    async def act(action: str, request: Request) -> JSONResponse:
        if action not in ACTIONS:
            return JSONResponse({"error": f"no fleet action {action!r} (one of: {', '.join(ACTIONS)})"}, 400)
        try:
            body = await request.json()
            name = str(body["show"])
        except (ValueError, KeyError, TypeError):
            return JSONResponse({"error": 'the body must be JSON naming the show: {"show": NAME}'}, 400)
        try:
            await asyncio.get_running_loop().run_in_executor(None, getattr(engine, action), name)
        except UserError as err:  # Refused among them: the message says why
            return JSONResponse({"error": str(err)}, 409)
        return JSONResponse({"ok": True})

    return app


class FleetConsole(Served):
    """The fleet console's web server on its own thread."""

    def __init__(self, engine: Engine, port: int = 0, token: str | None = None):
        token = token or secrets.token_urlsafe(18)
        super().__init__(build_fleet_app(engine, token), token, port, "fleet-console")
