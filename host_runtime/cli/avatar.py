"""`host-runtime preview` (also `host-runtime persona preview`): a persona speaking a text,
rendered to an MP4 with every overlay and the AIGC metadata a live show would carry."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import uuid
from pathlib import Path

import numpy as np

from . import parse_time
from ..models import load_catalog, load_persona

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_PERSONA = ROOT / "personas" / "nova.yaml"
DEFAULT_CATALOG = ROOT / "product_catalog" / "demo.yaml"


def add_preview_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--persona", type=Path, default=DEFAULT_PERSONA, help="persona file (default: personas/nova.yaml)")
    p.add_argument("--text", help="what the host says (default: the persona's first disclosure line)")
    p.add_argument("--catalog", type=Path, help="catalog for the product card (default with --sku: product_catalog/demo.yaml)")
    p.add_argument("--sku", help="show this product's card: name, price now, promotion countdown")
    p.add_argument("--as-of", type=parse_time, help="ISO 8601 moment the clip starts at, for prices and promotions "
                   "(default: now)")
    p.add_argument("--out", type=Path, default=Path("preview.mp4"), help="MP4 to write (default: preview.mp4)")
    p.add_argument("--size", default="1280x720", type=parse_size, help="frame size WxH (default: 1280x720)")
    p.add_argument("--fps", type=int, default=30, help="frames per second (default: 30)")
    p.set_defaults(func=run_preview)


def register(sub: argparse._SubParsersAction) -> None:
    desc = ("Render a persona speaking a text to an H.264/AAC MP4: voice, avatar, AI-generated label, "
            "captions and an optional product card, with the GB 45438 AIGC label in the file metadata.")
    add_preview_args(sub.add_parser("preview", help="render a persona speaking a text to an MP4", description=desc))
    persona = sub.add_parser("persona", help="persona tools", description="Tools for persona authors.")
    persona_sub = persona.add_subparsers(dest="persona_command", metavar="COMMAND", required=True)
    add_preview_args(persona_sub.add_parser("preview", help="same as `host-runtime preview`", description=desc))


def parse_size(text: str) -> tuple[int, int]:
    try:
        w, h = (int(v) for v in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"size must look like 1280x720, not {text!r}") from None
    if w < 320 or h < 240 or w % 2 or h % 2:
        raise argparse.ArgumentTypeError(f"size must be even and at least 320x240, not {text!r}")
    return w, h


def run_preview(args: argparse.Namespace) -> int:
    from ..models import UserError
    from ..media.audio import resample
    from ..media.encoder import AVFormat, Encoder, EncoderError, Output
    from ..voice import Speech, engine_for
    from ..avatar.overlays import ProductCard, aigc_metadata
    from ..avatar.scene import Scene

    persona = load_persona(args.persona)
    base_dir = args.persona.resolve().parent
    text = args.text if args.text is not None else persona.disclosure.lines[0]
    if not text.strip():
        raise UserError("--text is empty: give the host something to say")
    card = None
    if args.sku:
        catalog_path = args.catalog or DEFAULT_CATALOG
        catalog = load_catalog(catalog_path)
        product = next((p for p in catalog.products if p.sku == args.sku), None)
        if product is None:
            raise UserError(f"{catalog_path}: no product with sku {args.sku!r}")
        card = ProductCard(product, catalog.currency, args.as_of or dt.datetime.now(dt.timezone.utc))
    width, height = args.size
    fmt = AVFormat(width=width, height=height, fps=args.fps)

    engine = engine_for(persona.voice, persona.language, base_dir)
    speech = Speech.sequence(list(engine.stream(text, clauses=True)), engine.sample_rate,  # as a live show speaks
                             gap=persona.voice.pause_s)
    pcm = resample(speech.pcm(), speech.sample_rate, fmt.sample_rate)
    scene = Scene.for_persona(persona, base_dir, speech, card, width, height)
    frames = int(np.ceil(speech.duration * fmt.fps))
    pcm = np.pad(pcm, (0, max(0, fmt.samples_before(frames) - len(pcm))))
    metadata = aigc_metadata(persona.operator.organisation, f"{persona.id}-{uuid.uuid4()}")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    progress = Progress(frames, args.out)
    try:
        with Encoder(fmt, [Output.mp4(args.out)], metadata=metadata) as enc:
            for i in range(frames):
                enc.write(scene.frame(fmt.time_of_frame(i)), pcm[fmt.samples_before(i):fmt.samples_before(i + 1)])
                progress.update(i + 1)
    except EncoderError as err:
        raise UserError(str(err)) from None
    progress.done(speech.duration)
    return 0


class Progress:
    """A one-line progress report on stderr, redrawn in place on a terminal and printed every
    few seconds of video otherwise (so CI logs stay short)."""

    def __init__(self, total: int, out: Path):
        self.total, self.out = total, out
        self.tty = sys.stderr.isatty()
        self.last = -1

    def update(self, done: int) -> None:
        pct = 100 * done // max(self.total, 1)
        if self.tty and pct != self.last:
            print(f"\rrendering {self.out}: {pct:3d}% ({done}/{self.total} frames)", end="", file=sys.stderr, flush=True)
        elif not self.tty and pct // 25 != self.last // 25:
            print(f"rendering {self.out}: {pct}% ({done}/{self.total} frames)", file=sys.stderr, flush=True)
        self.last = pct

    def done(self, seconds: float) -> None:
        if self.tty:
            print(file=sys.stderr)
        print(f"wrote {self.out} ({seconds:.1f} s, {self.total} frames)")
