"""A real OpenAI-compatible model server, in its own process, that fails on purpose.

Each request is served in the next mode of a script (then ``ok`` for good): ``ok`` answers
`POST /v1/chat/completions` with the bundled SmolLM2 (llama.cpp through xllamacpp, the same
model a show embeds); ``error`` is HTTP 500; ``slow`` a right answer, 4 s late; ``hang`` no
answer for 4 s, then the connection drops (a stuck server restarted); ``garbage`` a body that
is not JSON; ``nonsense`` valid JSON whose text is no sentence; ``refuse`` a polite refusal.
`GET /` counts the requests each mode got.

Run: python tests/model_fixtures.py PORT MODE,MODE,...
"""

from __future__ import annotations

import json
import subprocess
import sys
import threading
import time
from collections import Counter
from contextlib import contextmanager
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

MODES = ("ok", "error", "slow", "hang", "garbage", "nonsense", "refuse")


def _completion(content: str) -> dict[str, Any]:
    return {"id": "chatcmpl-test", "object": "chat.completion", "created": int(time.time()), "model": "smollm2",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": content}, "finish_reason": "stop"}],
            "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}}


def serve(port: int, script: list[str]) -> None:
    import xllamacpp as xlc

    from host_runtime.writer.llm import smollm2_gguf

    params = xlc.CommonParams()
    params.model.path = str(smollm2_gguf())
    params.n_ctx = 2048
    params.n_parallel = 1
    params.cpuparams.n_threads = params.cpuparams_batch.n_threads = 1
    params.verbosity = -1
    model = xlc.Server(params)
    model_lock = threading.Lock()
    script_lock = threading.Lock()
    stats: Counter[str] = Counter()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *_: Any) -> None:
            pass

        def _send(self, code: int, body: bytes, kind: str = "application/json") -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._send(200, json.dumps(stats).encode())

        def do_POST(self) -> None:
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            with script_lock:
                mode = script.pop(0) if script else "ok"
                stats[mode] += 1
            if mode == "error":
                self._send(500, b'{"error": {"message": "internal server error (on purpose)"}}')
            elif mode == "hang":
                time.sleep(4)
                self.close_connection = True  # no reply at all: the server "restarted"
            elif mode == "garbage":
                self._send(200, b"\x00\x17<html>upstream proxy error", "text/html")
            elif mode == "nonsense":
                self._send(200, json.dumps(_completion("}} ]] lorem {{ 0x00 ipsum ## ## ##")).encode())
            elif mode == "refuse":
                self._send(200, json.dumps(_completion("I'm sorry, but I can't help with that request.")).encode())
            else:
                if mode == "slow":
                    time.sleep(4)
                request = {k: body[k] for k in ("messages", "temperature", "max_tokens", "seed", "stop") if k in body}
                request.setdefault("max_tokens", body.get("max_completion_tokens", 48))
                with model_lock:
                    reply = model.handle_chat_completions(request)
                self._send(200, json.dumps(reply).encode())

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    server.daemon_threads = True
    print("ready", flush=True)
    server.serve_forever()


class FaultyModelServer:
    def __init__(self, port: int):
        self.url = f"http://127.0.0.1:{port}"

    def stats(self) -> dict[str, int]:
        """Requests served, by mode."""
        return httpx.get(self.url, timeout=5).json()


@contextmanager
def faulty_model_server(port: int, script: list[str]) -> Iterator[FaultyModelServer]:
    assert set(script) <= set(MODES)
    proc = subprocess.Popen([sys.executable, str(Path(__file__)), str(port), ",".join(script)],
                            stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None and proc.stdout.readline().strip() == "ready", "the model server did not start"
        yield FaultyModelServer(port)
    finally:
        proc.kill()
        proc.wait()


if __name__ == "__main__":
    serve(int(sys.argv[1]), [m for m in sys.argv[2].split(",") if m])
