"""Stream keys are secrets: anything that might hold an ingest URL goes through `redact`
before it reaches a log line, an error or an exception message."""

from __future__ import annotations

import re

# rtmp://host[:port]/app/KEY -> keep scheme, host and app; hide everything after the app.
_URL = re.compile(r"(?P<base>rtmps?://[^/\s'\"]+/[^/\s'\"?]+)(?P<rest>[/?][^\s'\"]*)", re.IGNORECASE)
MASK = "****"


def redact(text: str, secrets: tuple[str, ...] | list[str] = ()) -> str:
    """Hide stream keys in `text`: the path after an RTMP app name, and every known secret
    verbatim (a key can also appear outside a URL, e.g. in a platform's error echo)."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, MASK)
    return _URL.sub(lambda m: f"{m['base']}/{MASK}" if m["rest"].strip("/?") else m[0], text)
