"""What every console page shares: a web server on 127.0.0.1 whose every request needs a token.

Why a token on everything: a show's console can put words in the host's mouth, the fleet's can
start and stop shows. The token goes in as `?token=` once (then an HttpOnly, SameSite=Strict
cookie), or as an `X-Console-Token` header; without it the answer is 401. It never reaches a
log: uvicorn's access log is off, and the first page load redirects to a URL without it.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response

from ..chat.http import LocalServer

COOKIE, WHO_COOKIE, HEADER = "console_token", "console_operator", "x-console-token"
TEMPLATES = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).with_name("templates")),
                               autoescape=True)


def who(request: Request) -> str:
    """The operator's name for the audit log: a header, the sign-in cookie, else `operator`."""
    name = request.headers.get("x-operator") or request.cookies.get(WHO_COOKIE) or "operator"
    return " ".join(name.split())[:40] or "operator"


def protect(app: FastAPI, token: str, printed_by: str) -> None:
    """Refuse every request without `token`: the sign-in page for `/`, a JSON 401 for the rest."""

    def authorised(request: Request) -> bool:
        given = request.headers.get(HEADER) or request.cookies.get(COOKIE) or request.query_params.get("token") or ""
        return secrets.compare_digest(given.encode(), token.encode())

    @app.middleware("http")
    async def guard(request: Request, call_next: Any) -> Response:
        if not authorised(request):
            if request.url.path == "/":
                wrong = "token" in request.query_params
                message = "Wrong token." if wrong else f"This console needs the token {printed_by} printed."
                return HTMLResponse(TEMPLATES.get_template("login.html").render(message=message), 403 if wrong else 401)
            return JSONResponse({"error": "a valid console token is required"}, 401)
        return await call_next(request)


def signed_in(request: Request, token: str) -> Response | None:
    """On the first load (`?token=`): a redirect that moves the token (and the operator's name)
    into cookies, out of the address bar and the history; else None."""
    if "token" not in request.query_params:
        return None
    out = RedirectResponse(request.url.path, 303)
    out.set_cookie(COOKIE, token, httponly=True, samesite="strict")
    name = " ".join((request.query_params.get("operator") or "operator").split())[:40] or "operator"
    out.set_cookie(WHO_COOKIE, name, samesite="strict")
    return out


class Served:
    """A console app on its own thread; `url` carries the token (print it, never log it)."""

    def __init__(self, app: FastAPI, token: str, port: int, name: str):
        self.token = token
        self._server = LocalServer(app, port, name=name)
        self.port = self._server.port

    @property
    def address(self) -> str:
        return f"http://127.0.0.1:{self.port}/"

    @property
    def url(self) -> str:
        return f"{self.address}?token={self.token}"

    def start(self) -> Served:
        self._server.start()
        return self

    def stop(self) -> None:
        self._server.stop()
