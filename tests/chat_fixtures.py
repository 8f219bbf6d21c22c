"""Real servers on 127.0.0.1 for the chat adapter tests.

- `MiniIrcd`: miniircd (PyPI), a real IRC server, as a subprocess that can be killed and
  started again on the same port; `IrcViewer` is a viewer typing into its channel.
- `TwitchServer`: a small server speaking Twitch's documented dialect (no real ircd emits
  Twitch's tags): CAP LS/REQ/ACK, PASS/NICK, 001-376, JOIN echo, then whatever lines a test
  sends (tagged PRIVMSG, USERNOTICE, CLEARCHAT, CLEARMSG, RECONNECT, PING), recording every
  line the client sends.
- `YouTubeApi`: the documented `videos.list`, `liveChatMessages.list` and `.insert` request
  and response shapes, pages with `nextPageToken` and `pollingIntervalMillis`, and Google's
  error bodies, served over real HTTP.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import socket
import socketserver
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

from tests.rtmp_fixtures import free_port


def wait_until(check: Callable[[], Any], timeout: float = 10.0, step: float = 0.02) -> Any:
    """Poll `check` until it returns something truthy; fail with AssertionError on timeout."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := check():
            return value
        time.sleep(step)
    raise AssertionError(f"not true within {timeout:g} s: {check}")


def port_open(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) == 0


class MiniIrcd:
    """miniircd on 127.0.0.1:`port`; `stop()` kills it (an outage), `start()` brings it back."""

    def __init__(self, port: int | None = None, password: str | None = None):
        self.port = port or free_port()
        self.password = password
        self._proc: subprocess.Popen[bytes] | None = None

    def start(self) -> MiniIrcd:
        args = [sys.executable, "-m", "miniircd", "--listen", "127.0.0.1", "--ports", str(self.port)]
        if self.password:
            args += ["--password", self.password]
        if os.geteuid() == 0:  # miniircd refuses root unless told (CI runs as root)
            args += ["--setuid", "root"]
        self._proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        wait_until(lambda: port_open(self.port) or self._proc.poll() is not None)  # type: ignore[union-attr]
        assert self._proc.poll() is None, "miniircd exited at start"
        return self

    def stop(self) -> None:
        if self._proc is not None and self._proc.poll() is None:
            self._proc.kill()
            self._proc.wait()
        self._proc = None


class IrcViewer:
    """A plain IRC client for the test to type with (raw lines over a socket)."""

    def __init__(self, port: int, nick: str, channel: str, password: str | None = None):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.nick, self.channel = nick, channel
        self._buf = b""
        if password:
            self.send(f"PASS {password}")
        self.send(f"NICK {nick}")
        self.send(f"USER {nick} 0 * :{nick}")
        self.expect(" 001 ")
        self.send(f"JOIN {channel}")
        self.expect(" 366 ")  # end of NAMES: joined

    def send(self, line: str) -> None:
        self.sock.sendall(line.encode() + b"\r\n")

    def say(self, text: str) -> None:
        self.send(f"PRIVMSG {self.channel} :{text}")

    def expect(self, needle: str, timeout: float = 5.0) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            while b"\r\n" in self._buf:
                line, self._buf = self._buf.split(b"\r\n", 1)
                text = line.decode(errors="replace")
                if text.startswith("PING"):
                    self.send("PONG" + text[4:])
                if needle in text:
                    return text
            try:
                chunk = self.sock.recv(4096)
            except socket.timeout:
                continue
            if not chunk:
                break
            self._buf += chunk
        raise AssertionError(f"{needle!r} not received")

    def close(self) -> None:
        self.sock.close()


class TwitchServer:
    """Twitch's IRC dialect on 127.0.0.1. `send(line)` goes to every connected client;
    `received` is every line clients sent, in order; `connections` counts accepted ones."""

    def __init__(self, channel: str = "shop"):
        self.channel = channel
        self.received: list[str] = []
        self.connections = 0
        self._clients: list[socket.socket] = []
        self._lock = threading.Lock()
        server = self

        class Handler(socketserver.StreamRequestHandler):
            def handle(self) -> None:
                with server._lock:
                    server.connections += 1
                nick = "*"
                for raw in self.rfile:
                    line = raw.decode().rstrip("\r\n")
                    with server._lock:
                        server.received.append(line)
                    reply: list[str] = []
                    if line.startswith("CAP LS"):
                        reply = [":tmi.twitch.tv CAP * LS :twitch.tv/commands twitch.tv/tags twitch.tv/membership"]
                    elif line.startswith("CAP REQ"):
                        reply = [f":tmi.twitch.tv CAP * ACK :{line.split(':', 1)[1]}"]
                    elif line.startswith("PASS") and line != "PASS oauth:good-token-123":
                        reply = [":tmi.twitch.tv NOTICE * :Login authentication failed"]
                    elif line.startswith("NICK "):
                        nick = line[5:]
                        reply = [f":tmi.twitch.tv {n} {nick} :{t}" for n, t in
                                 (("001", "Welcome, GLHF!"), ("002", "Your host is tmi.twitch.tv"),
                                  ("003", "This server is rather new"), ("004", "-"), ("375", "-"),
                                  ("372", "You are in a maze of twisty passages, all alike."), ("376", ">"))]
                        with server._lock:
                            server._clients.append(self.request)
                    elif line.startswith("JOIN "):
                        ch = line[5:]
                        reply = [f":{nick}!{nick}@{nick}.tmi.twitch.tv JOIN {ch}",
                                 f":{nick}.tmi.twitch.tv 353 {nick} = {ch} :{nick}",
                                 f":{nick}.tmi.twitch.tv 366 {nick} {ch} :End of /NAMES list",
                                 f"@badge-info=;badges=;color=;display-name={nick};emote-sets=0;mod=0;subscriber=0;"
                                 f"user-type= :tmi.twitch.tv USERSTATE {ch}",
                                 f"@emote-only=0;followers-only=-1;r9k=0;room-id=1337;slow=0;subs-only=0 "
                                 f":tmi.twitch.tv ROOMSTATE {ch}"]
                    for r in reply:
                        self.request.sendall(r.encode() + b"\r\n")
                with server._lock:
                    if self.request in server._clients:
                        server._clients.remove(self.request)

        self._server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"irc://127.0.0.1:{self.port}"

    def clients(self) -> int:
        with self._lock:
            return len(self._clients)

    def send(self, line: str) -> None:
        with self._lock:
            clients = list(self._clients)
        for c in clients:
            c.sendall(line.encode() + b"\r\n")

    def drop_all(self) -> None:
        """Close every client connection, as Twitch does after RECONNECT."""
        with self._lock:
            clients, self._clients = self._clients, []
        for c in clients:
            with contextlib.suppress(OSError):  # a client whose handler already closed it (a refused login)
                c.shutdown(socket.SHUT_RDWR)
            c.close()

    def close(self) -> None:
        self.drop_all()
        self._server.shutdown()
        self._server.server_close()


def privmsg(channel: str, login: str, text: str, *, msg_id: str, user_id: str, display: str | None = None,
            bits: int | None = None, sent_ms: int | None = None) -> str:
    """A PRIVMSG in Twitch's documented tag format (dev.twitch.tv/docs/irc/tags)."""
    tags = {"badge-info": "", "badges": "", "color": "#1E90FF", "display-name": display or login, "emotes": "",
            "first-msg": "0", "flags": "", "id": msg_id, "mod": "0", "room-id": "1337", "subscriber": "0",
            "tmi-sent-ts": str(sent_ms or int(time.time() * 1000)), "turbo": "0", "user-id": user_id, "user-type": ""}
    if bits:
        tags["bits"] = str(bits)
    raw = ";".join(f"{k}={v}" for k, v in tags.items())
    return f"@{raw} :{login}!{login}@{login}.tmi.twitch.tv PRIVMSG #{channel} :{text}"


class YouTubeApi:
    """The Data API's live chat endpoints over real HTTP on 127.0.0.1.

    `pages` are served in order to successive `liveChatMessages.list` calls (each a list of
    messages, or an `(status, reason)` error to answer instead); after the last, empty pages.
    Every request is kept in `requests` as (method, path, query, headers, body)."""

    def __init__(self, video_id: str = "dQw4w9WgXcQ", chat_id: str = "Cg0KC2RRdzR3OVdnWGNR",
                 interval_ms: int = 100, api_key: str = "AIzaTestKey-0123456789", port: int = 0):
        self.video_id, self.chat_id, self.interval_ms, self.api_key = video_id, chat_id, interval_ms, api_key
        self.live = True  # whether videos.list reports an active chat
        self.pages: list[list[dict[str, Any]] | tuple[int, str]] = []
        self.requests: list[tuple[str, str, dict[str, str], dict[str, str], Any]] = []
        self.served_tokens: list[str | None] = []
        self._lock = threading.Lock()
        api = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *_args: Any) -> None:
                pass

            def _reply(self, status: int, body: dict[str, Any]) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=UTF-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _request(self, method: str) -> tuple[str, dict[str, str]]:
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length)) if length else None
                with api._lock:
                    api.requests.append((method, url.path, query, dict(self.headers), body))
                return url.path, query

            def _authorized(self, query: dict[str, str]) -> bool:
                return query.get("key") == api.api_key or self.headers.get("Authorization") == "Bearer ya29.test-oauth"

            def do_GET(self) -> None:
                path, query = self._request("GET")
                if not self._authorized(query):
                    self._reply(400, error_body(400, "keyInvalid", "API key not valid. Please pass a valid API key."))
                elif path == "/youtube/v3/videos":
                    details = {"actualStartTime": "2026-11-28T11:59:00Z", "concurrentViewers": "12"}
                    if api.live:
                        details["activeLiveChatId"] = api.chat_id
                    items = [{"kind": "youtube#video", "etag": "e", "id": api.video_id,
                              "liveStreamingDetails": details}] if query.get("id") == api.video_id else []
                    self._reply(200, {"kind": "youtube#videoListResponse", "etag": "e", "items": items,
                                      "pageInfo": {"totalResults": len(items), "resultsPerPage": len(items)}})
                elif path == "/youtube/v3/liveChat/messages":
                    self._list(query)
                else:
                    self._reply(404, error_body(404, "notFound", "Not Found"))

            def _list(self, query: dict[str, str]) -> None:
                if query.get("liveChatId") != api.chat_id:
                    self._reply(404, error_body(404, "liveChatNotFound", "The live chat that you are trying to "
                                                "retrieve cannot be found."))
                    return
                with api._lock:
                    api.served_tokens.append(query.get("pageToken"))
                    page = api.pages.pop(0) if api.pages else []
                    n = len(api.served_tokens)
                if isinstance(page, tuple):
                    self._reply(page[0], error_body(page[0], page[1], ERRORS.get(page[1], page[1])))
                    return
                self._reply(200, {"kind": "youtube#liveChatMessageListResponse", "etag": "e",
                                  "pollingIntervalMillis": api.interval_ms, "nextPageToken": f"page-{n}",
                                  "pageInfo": {"totalResults": len(page), "resultsPerPage": len(page)},
                                  "items": page})

            def do_POST(self) -> None:
                path, query = self._request("POST")
                if self.headers.get("Authorization") != "Bearer ya29.test-oauth":
                    self._reply(401, error_body(401, "authError", "Invalid Credentials"))
                    return
                body = api.requests[-1][4]
                self._reply(200, {"kind": "youtube#liveChatMessage", "etag": "e", "id": "LCC.host-reply-1",
                                  "snippet": {**body["snippet"], "authorChannelId": "UChost",
                                              "publishedAt": now_iso(), "hasDisplayContent": True,
                                              "displayMessage": body["snippet"]["textMessageDetails"]["messageText"]}})

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/youtube/v3"

    def lists(self) -> list[tuple[str, str, dict[str, str], dict[str, str], Any]]:
        with self._lock:
            return [r for r in self.requests if r[1] == "/youtube/v3/liveChat/messages" and r[0] == "GET"]

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()


#: messages of the documented liveChatMessages.list errors
ERRORS = {
    "quotaExceeded": "The request cannot be completed because you have exceeded your quota.",
    "rateLimitExceeded": "The request was sent too quickly after the previous request.",
    "liveChatEnded": "The specified live chat is no longer live.",
    "liveChatDisabled": "Live chat is not enabled for the specified broadcast.",
    "backendError": "Backend Error",
}


def error_body(code: int, reason: str, message: str) -> dict[str, Any]:
    domain = "youtube.quota" if reason == "quotaExceeded" else "youtube.liveChat"
    return {"error": {"code": code, "message": message,
                      "errors": [{"message": message, "domain": domain, "reason": reason}]}}


def now_iso(offset_s: float = 0.0) -> str:
    t = dt.datetime.now(dt.timezone.utc) + dt.timedelta(seconds=offset_s)
    return t.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def yt_message(msg_id: str, channel_id: str, name: str, text: str, kind: str = "textMessageEvent",
               offset_s: float = 0.0, **details: Any) -> dict[str, Any]:
    """A liveChatMessage resource as the API documents it (part=snippet,authorDetails)."""
    snippet: dict[str, Any] = {"type": kind, "liveChatId": "Cg0KC2RRdzR3OVdnWGNR", "authorChannelId": channel_id,
                               "publishedAt": now_iso(offset_s), "hasDisplayContent": True, "displayMessage": text}
    if kind == "textMessageEvent":
        snippet["textMessageDetails"] = {"messageText": text}
    snippet.update(details)
    return {"kind": "youtube#liveChatMessage", "etag": "e", "id": msg_id, "snippet": snippet,
            "authorDetails": {"channelId": channel_id, "channelUrl": f"http://www.youtube.com/channel/{channel_id}",
                              "displayName": name, "profileImageUrl": "https://yt3.ggpht.com/x.jpg",
                              "isVerified": False, "isChatOwner": False, "isChatSponsor": False,
                              "isChatModerator": False}}


class Reports:
    """What a hub reports (its audit records), kept for the test to read."""

    def __init__(self) -> None:
        self.records: list[tuple[str, dict[str, Any]]] = []
        self._lock = threading.Lock()

    def __call__(self, kind: str, **details: Any) -> None:
        with self._lock:
            self.records.append((kind, details))

    def of(self, kind: str) -> list[dict[str, Any]]:
        with self._lock:
            return [d for k, d in self.records if k == kind]

    def text(self) -> str:
        with self._lock:
            return json.dumps(self.records, default=str)
