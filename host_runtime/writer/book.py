"""Script books at show time and at prep time.

At show time, ``ApprovedLines`` puts a book's approved lines in place of the stock templates of
each pitch beat; the writer fills their live slots and the guard checks them at the moment of
speech, as for any line. At prep time, ``prepare`` drafts many lines per beat per product with
the configured model, keeps those that are grounded, are sentences and the guard allows as written,
de-duplicates them, tops each beat up with reviewed templates, and writes a YAML book a
marketer reviews and approves line by line. Re-running it keeps every line already there
(approved or not) and fills only what is missing, so an interrupted prep resumes.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator

from ..catalog import promotion_state
from ..director.memory import bigrams, normalise
from ..models import Catalog, Persona, Product
from ..models.book import BOOK_BEATS, LIVE_SLOTS, BookLine, BookProduct, Prepared, ScriptBook
from .beats import Beat, pitch_beats, pitch_language
from .facts import FactSheet
from .guarded import GuardedWriter
from .llm import gguf_path

#: a new line this close to one already in the book (share of shared word pairs) adds nothing
NEAR_DUPLICATE = 0.6
#: model drafts tried per line wanted, before reviewed templates fill the rest
DRAFTS_PER_LINE = 2


class ApprovedLines:
    """A book's approved lines by (SKU, beat); without a book, beats pass through unchanged."""

    def __init__(self, book: ScriptBook | None = None):
        self.lines: dict[tuple[str, str], list[BookLine]] = {}
        for entry in book.products if book else []:
            for kind, lines in entry.beats.items():
                approved = [line for line in lines if line.approved]
                if approved:
                    self.lines[(entry.sku, kind)] = approved

    def beats(self, beats: list[Beat], sheet: FactSheet) -> list[Beat]:
        """``beats`` with approved lines in place of templates where the book has them. A book
        beat has no brief: the model does not rewrite what a marketer approved. Its frames are
        the lines with the product's names taken out ("The {name} is available for {price}."),
        so the writer rotates through them across products as it does through templates.
        Only lines whose live values fill now count: a book approved while a saving held has
        no offer line once the saving is gone, and the offer must still be said, so that beat
        keeps its reviewed templates."""
        out = []
        product = sheet.product
        names = sorted({product.name, *product.aliases}, key=len, reverse=True)
        for beat in beats:
            lines = [line for line in self.lines.get((product.sku, beat.kind), ()) if sheet.fill(line.text) is not None]
            out.append(beat if not lines else Beat(beat.kind, tuple(line.text for line in lines), source="book",
                                                   line_facts={line.text: tuple(line.facts) for line in lines},
                                                   frames=tuple(_frame(line.text, names) for line in lines)))
        return out


def _frame(text: str, names: list[str]) -> str:
    for name in names:
        text = text.replace(name, "{name}")
    return text


def _near_duplicate(text: str, lines: list[BookLine]) -> bool:
    new = set(bigrams(text))
    for line in lines:
        old = set(bigrams(line.text))
        if normalise(line.text) == normalise(text) or (new and old and len(new & old) / len(new | old) >= NEAR_DUPLICATE):
            return True
    return False


@dataclass
class Target:
    """One beat to write lines for, with the moment its facts are true at (an offer's window
    is drafted at a moment the promotion runs, whenever the prep runs)."""

    beat: Beat
    sheet: FactSheet


def targets(catalog: Catalog, product: Product, at: dt.datetime, jurisdictions: list[str],
            lang: str = "en") -> dict[str, list[Target]]:
    """The beats a book holds for ``product``, by kind: those of a pitch now, of a pitch while
    its promotion runs, and of every grouping of its facts; the first of each kind are those
    of one pitch now."""
    moments = [at]
    promo = product.promotion
    if promo is not None and promotion_state(product, at).status != "active":
        moments.append(promo.starts + (promo.ends - promo.starts) / 2)
    out: dict[str, list[Target]] = {kind: [] for kind in BOOK_BEATS}
    seen: set[tuple[str, tuple[str, ...]]] = set()
    for moment in moments:
        sheet = FactSheet(catalog, product, moment, jurisdictions, lang)
        for round_no in range(3):
            for beat in pitch_beats(sheet, round_no):
                key = (beat.kind, beat.templates)
                if beat.kind == "hook" and round_no:  # a book's hook is said every round: not "Back to the..."
                    continue
                if beat.kind in out and key not in seen:
                    seen.add(key)
                    out[beat.kind].append(Target(beat, sheet))
    return out


def _static(target: Target, template: str) -> tuple[str, list[str]] | None:
    """A template with every slot but the live ones filled: the line as a marketer reads it."""
    filled = target.sheet.fill(template, LIVE_SLOTS)
    if filled is None:
        return None
    return filled[0], [f.slot for f in filled[1]]


def _facts(target: Target, slots: list[str], text: str | None = None) -> list[str]:
    """The facts a line states: its slots and the beat's own facts (a claim, yes/no features).
    For a model draft (``text``), a yes/no feature counts only where the draft names it: the
    model may have left "BPA-free" out."""
    stated = [f.slot for f in target.beat.facts
              if text is None or not f.slot.startswith("fact:") or f.label.lower() in text.lower()]
    return [s for s in dict.fromkeys([*slots, *stated]) if s != "name" and s != "short_name"]


def draft_lines(writer: GuardedWriter, kind: str, found: list[Target], have: list[BookLine],
                wanted: int, on_line: Callable[[], None], offset: int, use_model: bool = True) -> Iterator[BookLine]:
    """New lines for one beat: the model's first (grounded, sentences, allowed by the guard),
    then reviewed templates from the ``offset``-th on, until ``wanted`` lines are in the book,
    none a near duplicate. Each product starts at another offset, so the book's products are
    not all introduced with the same few frames."""
    lines = list(have)

    def fresh(text: str, target: Target) -> bool:
        """New to the beat, and allowed by the guard as written: a line the guard would only
        let through rewritten (the former price where the price now goes) is wrong in the book."""
        filled = target.sheet.fill(text)
        return (filled is not None and not _near_duplicate(text, lines) and
                writer.guard.check(filled[0], at=target.sheet.at, sku=target.sheet.product.sku).verdict == "allow")

    if writer.llm is not None and use_model:
        drafts = 0
        while len(lines) < wanted and drafts < DRAFTS_PER_LINE * wanted and any(t.beat.brief for t in found):
            for target in [t for t in found if t.beat.brief]:
                drafts += 1
                cleaned = writer.clean(target.sheet, target.beat, writer.draft(target.sheet, target.beat), LIVE_SLOTS)
                if cleaned is not None and fresh(cleaned[0], target):
                    line = BookLine(text=cleaned[0], facts=_facts(target, [f.slot for f in cleaned[1]], cleaned[0]),
                                    source="llm")
                    lines.append(line)
                    on_line()
                    yield line
                if len(lines) >= wanted or drafts >= DRAFTS_PER_LINE * wanted:
                    break
    # templates in turn across the kind's beats, so every objection and fact group gets lines
    for i in range(max(len(t.beat.templates) for t in found)):
        for target in [t for t in found if i < len(t.beat.templates)]:
            if len(lines) >= wanted:
                return
            static = _static(target, target.beat.templates[(offset + i) % len(target.beat.templates)])
            if static is None or not fresh(static[0], target):
                continue
            line = BookLine(text=static[0], facts=_facts(target, static[1]),
                            source="template" if target.beat.source != "claim" else "marketer")
            lines.append(line)
            on_line()
            yield line


def prepare(writer: GuardedWriter, catalog: Catalog, persona: Persona, paths: tuple[Path, Path, Path],
            lines_per_beat: int, at: dt.datetime, jurisdictions: list[str], existing: ScriptBook | None,
            progress: bool = True) -> ScriptBook:
    """Draft a book (or fill in the one at ``paths[2]``), writing it after every product. A
    persona that pitches in another language than English gets reviewed templates in it only:
    the model's prompts, and the bundled model, are English."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    catalog_path, persona_path, out = paths
    lang = pitch_language(persona)
    old = {p.sku: p for p in existing.products} if existing else {}
    settings = writer.llm if lang == "en" else None
    model = None if settings is None else gguf_path(settings.model).name if settings.backend == "llamacpp" \
        else Path(settings.model).name if settings.model else None  # for the record: which model drafted it
    prepared = Prepared(at=dt.datetime.now(dt.timezone.utc), backend=settings.backend if settings else "templates",
                        model=model)
    book = ScriptBook(book=1, catalog=os.path.relpath(catalog_path, out.parent),
                      persona=os.path.relpath(persona_path, out.parent), prepared=prepared, products=[])
    entries: list[BookProduct] = []
    columns = (TextColumn("{task.description:<38}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, disable=not progress, transient=False) as bar:
        for n, product in enumerate(catalog.products):
            found = targets(catalog, product, at, jurisdictions, lang)
            kinds = [k for k in BOOK_BEATS if found[k]]
            beats = {k: list(old[product.sku].beats.get(k, [])) if product.sku in old else [] for k in kinds}
            # as many lines per beat as a pitch has beats of that kind (two claims, three objections)
            per_pitch = Counter(b.kind for b in pitch_beats(FactSheet(catalog, product, at, jurisdictions, lang)))
            wanted = {k: lines_per_beat * max(1, per_pitch[k]) for k in kinds}
            total = sum(wanted.values())
            task = bar.add_task(f"{product.sku} {product.name}"[:38], total=total,
                                completed=sum(min(len(v), wanted[k]) for k, v in beats.items()))
            for kind in kinds:
                for line in draft_lines(writer, kind, found[kind], beats[kind], wanted[kind],
                                        lambda: bar.advance(task), offset=n * wanted[kind], use_model=lang == "en"):
                    beats[kind].append(line)
            bar.update(task, completed=total)
            entries.append(BookProduct(sku=product.sku, beats=beats))
            book = book.model_copy(update={"products": [*entries, *(p for s, p in old.items()
                                                                    if s not in {e.sku for e in entries})]})
            write_book(book, out, catalog)
    return book


def write_book(book: ScriptBook, path: Path, catalog: Catalog) -> None:
    """The book as YAML a marketer can review: one line per line of copy, product names as
    comments, written to a temporary file first so an interrupted prep never leaves half a book."""
    names = {p.sku: p.name for p in catalog.products}
    q = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731 - JSON strings are YAML strings
    out = [
        "# Script book: lines for each beat of each product's pitch, drafted by `host-runtime prepare`.",
        "# Review every line: edit the text if needed, then set approved: true. Only approved lines",
        "# are spoken. Live values stay slots ({price}, {ends}, {time_left}, {saving}, {units}) and",
        "# are filled and checked by the guard at the moment of speech. `facts` names the catalog",
        "# facts a line states; `host-runtime lint` checks them against the catalog.",
        f"book: {book.book}",
        f"catalog: {q(book.catalog)}",
    ]
    if book.persona:
        out.append(f"persona: {q(book.persona)}")
    if book.prepared:
        p = book.prepared
        out.append(f"prepared: {{at: {q(p.at.isoformat())}, backend: {q(p.backend)}"
                   + (f", model: {q(p.model)}" if p.model else "") + "}")
    out.append("products:")
    for entry in book.products:
        out.append(f"  - sku: {q(entry.sku)}" + (f"  # {names[entry.sku]}" if entry.sku in names else ""))
        out.append("    beats:")
        for kind, lines in entry.beats.items():
            out.append(f"      {kind}:")
            for line in lines:
                fields = [f"text: {q(line.text)}", f"facts: {q(line.facts)}", f"source: {line.source}",
                          f"approved: {'true' if line.approved else 'false'}"] + ([f"note: {q(line.note)}"] if line.note else [])
                out.append(f"        - {{{', '.join(fields)}}}")
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text("\n".join(out) + "\n", encoding="utf-8")
    tmp.replace(path)
