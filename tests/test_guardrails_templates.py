"""Reviewed copy must never be blocked: every line the writer can produce from its templates,
for every product of the shipped catalogs, at moments before, during, at the end of and after
each promotion, passes the guard of the persona's show.

Rendering mirrors what the writer and director do: pitch beats through ``FactSheet.fill``,
fixed copy (opening, recap, Q&A prompts, calls to action) with the persona's slots, answers
with their fact labels, values, policies and decline topics, and the persona's own lines.

Almost every template line names facts only one product has, so the lines cannot be shared out
among products: a fixed third of the (template line, product) pairs, picked by hash, is checked
at every moment, which keeps the sweep near a minute. ``HOST_RUNTIME_FULL_SWEEP=1`` checks every
pair (about three minutes; run it when the guard or the templates change).
"""

from __future__ import annotations

import datetime as dt
import os
import zlib
from functools import cache
from pathlib import Path

import pytest

from host_runtime.catalog import policy_applies
from host_runtime.guardrails import Guard
from host_runtime.models import Catalog, Persona, Product, load_persona
from host_runtime.writer.beats import kind_beat, pitch_beats, templates
from host_runtime.writer.facts import FactSheet
from host_runtime.writer.grammar import fact_label, is_adjective

from guardrails_fixtures import ROOT, catalog

UTC = dt.timezone.utc
#: (catalog, persona) as the shows run them
SHOWS = [("product_catalog/demo.yaml", "personas/nova.yaml"), ("product_catalog/eu_demo.yaml", "personas/kai.yaml")]
FIXED_KINDS = ("opening", "opening_invite", "recap", "qa_prompt", "recap_item")
ANSWER_KINDS = ("identity", "unknown", "unknown_no_page", "which_product", "greeting", "purchase", "smalltalk",
                "decline", "answer_price", "answer_promo", "answer_upcoming", "answer_no_promo", "answer_regular",
                "answer_reference", "answer_certifications", "answer_promo_time", "answer_ended", "unknown_rest",
                "unknown_rest_no_page", "decline_instruction")
STOCK_ANSWERS = {"in_stock": "answer_stock_in", "low": "answer_stock_low", "out_of_stock": "answer_stock_out"}


#: one (template, product) pair in SAMPLE is checked (all of them with HOST_RUNTIME_FULL_SWEEP=1)
SAMPLE = 1 if os.environ.get("HOST_RUNTIME_FULL_SWEEP") == "1" else 3

#: slots whose value changes with the clock; a line without them reads the same at every moment
TIMED = {"price", "promo_label", "promo_price", "starts", "ends", "time_left", "regular_price", "reference_price", "saving"}


def moments(product: Product, default: dt.datetime) -> list[dt.datetime]:
    """Before, at the start of, during, in the last hour, minute and second of, and after the promotion."""
    promo = product.promotion
    if promo is None:
        return [default]
    starts, ends = promo.starts.astimezone(UTC), promo.ends.astimezone(UTC)
    return [starts - dt.timedelta(days=2), starts, starts + (ends - starts) / 2, ends - dt.timedelta(minutes=50),
            ends - dt.timedelta(seconds=59), ends, ends + dt.timedelta(hours=1)]


def _persona_slots(persona: Persona, cat: Catalog) -> dict[str, str]:
    return {"display_name": persona.display_name, "operator": persona.operator.organisation,
            "store": cat.store or "our store", "user": "Sam"}


def _plain(line: str, slots: dict[str, str]) -> str:
    for key, value in slots.items():
        line = line.replace("{" + key + "}", value)
    return line


def _answer_lines(sheet: FactSheet, persona: Persona) -> list[str]:
    """Answer templates with what the answerer puts into them: fact labels and values, policies,
    decline topics."""
    p = sheet.product
    t = templates()
    kinds = [*ANSWER_KINDS, *([STOCK_ANSWERS[sheet.stock_status]] if sheet.stock_status in STOCK_ANSWERS else [])]
    lines = [line for kind in kinds for line in t[kind]]
    lines = [line.replace("{topic}", topic) for line in lines for topic in (persona.decline_topics if "{topic}" in line else [""])]
    for name, value in p.facts.items():
        label = fact_label(name)
        kind = (f"answer_{'yes' if value else 'no'}_{'adjective' if is_adjective(name) else 'feature'}"
                if isinstance(value, bool) else "answer_value")
        lines += [line.replace("{label}", label).replace("{value}", "{fact:" + name + "}") for line in t[kind]]
    lines += [line.replace("{policy}", "{policy:" + name + "}") for name in sheet.catalog.policies if policy_applies(sheet.catalog, sheet.product, name)
              for line in t["answer_policy"]]
    return lines


def rendered(cat: Catalog, persona: Persona, product: Product, at: dt.datetime) -> list[tuple[str, str, bool]]:
    """(template, sentence, whether it states something that changes with the clock) for every
    line the writer can say about ``product`` at ``at``."""
    sheet = FactSheet(cat, product, at, list(persona.jurisdictions))
    slots = _persona_slots(persona, cat)
    lines = [line for round_no in range(3) for beat in pitch_beats(sheet, round_no) for line in beat.templates]
    lines += [line for kind in FIXED_KINDS for line in kind_beat(kind).templates]
    lines += _answer_lines(sheet, persona)
    lines += [f"{slots['user']}, {line[0].lower()}{line[1:]}" for line in templates()["answer_price"]]  # addressed
    out = []
    for line in dict.fromkeys(_plain(line, slots) for line in lines):
        filled = sheet.fill(line)
        if filled is not None:
            out.append((line, filled[0], any(f.slot in TIMED for f in filled[1])))
    return out


def show_lines(cat: Catalog, persona: Persona) -> list[str]:
    """Copy that names no product: opening and recap without a segment, disclosures, catchphrases."""
    slots = _persona_slots(persona, cat)
    lines = [_plain(line, slots) for kind in ("opening", "opening_again", "opening_invite", "recap", "identity") for line in templates()[kind]]
    lines += [*persona.disclosure.lines, *persona.catchphrases]
    return [line for line in dict.fromkeys(lines) if "{" not in line]


@cache
def _show(catalog_path: str, persona_path: str) -> tuple[Catalog, Persona, Guard]:
    cat = catalog(ROOT / catalog_path)
    persona = load_persona(ROOT / persona_path)
    return cat, persona, Guard(cat, list(persona.jurisdictions), persona)


def _chosen(line: str, sku: str) -> bool:
    """Whether this (template, product) pair is in the sample: a fixed third of all pairs."""
    return SAMPLE == 1 or zlib.crc32(f"{line}|{sku}".encode()) % SAMPLE == 0


def _blocked(catalog_path: str, persona_path: str) -> list[str]:
    cat, persona, guard = _show(catalog_path, persona_path)
    default = dt.datetime(2026, 11, 29, 12, tzinfo=UTC)
    bad = []
    for product in cat.products:
        seen: set[str] = set()
        for at in moments(product, default):
            for line, text, timed in rendered(cat, persona, product, at):
                if not _chosen(line, product.sku) or (not timed and text in seen):
                    continue  # another product's turn, or the same words at another moment: checked once
                seen.add(text)
                v = guard.check(text, at, product.sku)
                if v.verdict != "allow":
                    bad.append(f"{at.isoformat()} {product.sku}: {text!r} -> "
                               + "; ".join(f"{x.category}: {x.message}" for x in v.violations))
    for text in show_lines(cat, persona):
        v = guard.check(text, default, None)
        if v.verdict != "allow":
            bad.append(f"{text!r} -> " + "; ".join(f"{x.category}: {x.message}" for x in v.violations))
    return bad


@pytest.mark.parametrize("catalog_path, persona_path", SHOWS)
def test_every_template_line_for_every_product_passes_the_guard(catalog_path: str, persona_path: str) -> None:
    bad = _blocked(catalog_path, persona_path)
    assert not bad, "\n".join(bad)
