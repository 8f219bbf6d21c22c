"""Script books: prepare drafts them, a marketer approves lines, lint checks them, shows speak them."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from host_runtime.cli import main
from host_runtime.evals.pitch import MUST_SAY, broken_draft, pitch_report
from host_runtime.models import load_book, load_catalog
from host_runtime.writer.beats import pitch_beats
from host_runtime.writer.book import ApprovedLines
from host_runtime.writer.facts import FactSheet
from host_runtime.writer.llm import LLMSettings

ROOT = Path(__file__).resolve().parents[1]
AS_OF = dt.datetime(2026, 11, 29, 12, tzinfo=dt.timezone.utc)
SHOWS = [("product_catalog/demo.yaml", "personas/nova.yaml"), ("product_catalog/eu_demo.yaml", "personas/kai.yaml")]


def small_catalog(tmp_path: Path, catalog: str, products: int) -> Path:
    """The first products of a shipped catalog, so a prep with the real model stays quick."""
    data = yaml.safe_load((ROOT / catalog).read_text())
    data["products"] = data["products"][:products]
    path = tmp_path / Path(catalog).name
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    return path


def approve_all(path: Path) -> None:
    """What a reviewer does, line by line: approved: true."""
    path.write_text(path.read_text().replace("approved: false", "approved: true"))


def rehearse(capsys: pytest.CaptureFixture[str], *args: str) -> list[dict]:
    capsys.readouterr()
    assert main(["rehearse", "--as-of", "2026-11-29T12:00:00Z", "--llm-share", "0", *args]) == 0
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


@pytest.mark.parametrize("catalog, persona", SHOWS)
def test_prepare_approve_lint_and_rehearse_from_the_book(catalog: str, persona: str, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    cat = small_catalog(tmp_path, catalog, 3)
    book = tmp_path / "show.book.yaml"
    assert main(["prepare", "--persona", str(ROOT / persona), "--catalog", str(cat), "--out", str(book),
                 "--llm-share", "0", "--lines-per-beat", "2", "--as-of", "2026-11-29T12:00:00Z", "--no-progress"]) == 0
    # a fresh book is reported: nothing approved yet
    assert main(["lint", str(book)]) == 1
    out = capsys.readouterr().out
    assert "no approved hook line" in out and "warning: not approved yet" in out
    approve_all(book)
    assert main(["lint", str(book)]) == 0
    rows = rehearse(capsys, "--persona", str(ROOT / persona), "--catalog", str(cat), "--book", str(book),
                    "--minutes", "4")
    pitched = [r for r in rows if r["kind"] == "pitch" and r["beat"] in ("hook", "offer", "cta")]
    assert pitched and all(r["source"] == "book" for r in pitched)
    texts = {line.text for p in load_book(book).products for lines in p.beats.values() for line in lines}
    offers = [r for r in rows if r["beat"] == "offer"]
    assert offers and all("{" not in r["text"] and re.search(r"[$€]\d", r["text"]) for r in offers)  # live slots filled
    assert any(r["text"] in texts for r in pitched)
    assert all(r["verdict"] in ("allow", "rewrite") for r in rows)


def test_only_approved_lines_are_spoken(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    cat = small_catalog(tmp_path, "product_catalog/demo.yaml", 2)
    book = tmp_path / "b.book.yaml"
    main(["prepare", "--catalog", str(cat), "--out", str(book), "--llm-share", "0", "--lines-per-beat", "2",
          "--as-of", "2026-11-29T12:00:00Z", "--no-progress"])
    text = book.read_text()
    chosen = re.search(r'hook:\n        - \{text: "([^"]+)"', text)[1]  # type: ignore[index]
    book.write_text(text.replace(f'{{text: "{chosen}", facts: [], source: template, approved: false}}',
                                 f'{{text: "{chosen}", facts: [], source: template, approved: true}}', 1))
    rows = rehearse(capsys, "--catalog", str(cat), "--book", str(book), "--minutes", "1.5")
    hooks = [r["text"] for r in rows if r["beat"] == "hook" and r["sku"] == "AP-GO-01"]
    assert hooks == [chosen]


def test_prepare_resumes_keeping_what_is_there(tmp_path: Path) -> None:
    cat = small_catalog(tmp_path, "product_catalog/demo.yaml", 1)
    book = tmp_path / "b.book.yaml"
    args = ["prepare", "--catalog", str(cat), "--out", str(book), "--llm-share", "0", "--as-of", "2026-11-29T12:00:00Z",
            "--no-progress"]
    main([*args, "--lines-per-beat", "1"])
    edited = book.read_text().replace("approved: false", "approved: true", 1).replace(
        "Next up: the AeroPress Go Travel Coffee Press.", "Coffee on the road? Meet the AeroPress Go.")
    book.write_text(edited)
    main([*args, "--lines-per-beat", "2"])
    hooks = load_book(book).products[0].beats["hook"]
    assert hooks[0].text == "Coffee on the road? Meet the AeroPress Go." and hooks[0].approved  # kept as edited
    assert len(hooks) == 2  # and the missing line filled in


def test_prepare_with_the_real_model_writes_sentences_that_pass(tmp_path: Path, llamacpp_llm: LLMSettings) -> None:
    cat = small_catalog(tmp_path, "product_catalog/demo.yaml", 1)
    book = tmp_path / "m.book.yaml"
    assert main(["prepare", "--catalog", str(cat), "--out", str(book), "--lines-per-beat", "2",
                 "--as-of", "2026-11-29T12:00:00Z", "--no-progress"]) == 0
    lines = [line for p in load_book(book).products for ls in p.beats.values() for line in ls]
    drafted = [line.text for line in lines if line.source == "llm"]
    assert drafted, "the model wrote none of the book"
    assert [t for t in drafted if broken_draft(t)] == []
    assert load_book(book).prepared.backend == "llamacpp"  # type: ignore[union-attr]


@pytest.mark.parametrize("edit, message", [
    (("sku: \"AP-GO-01\"", "sku: \"AP-NOPE-99\""), "products[0].sku: SKU 'AP-NOPE-99' is not in the catalog"),
    (("for {price}.", "for {prize}."), "unknown slot {prize} for AP-GO-01"),
    (('facts: ["fact:capacity"', 'facts: ["fact:colour"'), "'fact:colour' is not a fact of AP-GO-01 in the catalog"),
    (("It holds 8 oz", "It holds 10 oz"), "the line states fact:capacity but not the catalog's value '8 oz'"),
])
def test_lint_names_file_line_and_field_of_a_broken_line(edit: tuple[str, str], message: str, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    cat = small_catalog(tmp_path, "product_catalog/demo.yaml", 1)
    book = tmp_path / "b.book.yaml"
    main(["prepare", "--catalog", str(cat), "--out", str(book), "--llm-share", "0", "--lines-per-beat", "2",
          "--as-of", "2026-11-29T12:00:00Z", "--no-progress"])
    approve_all(book)
    text = book.read_text()
    assert edit[0] in text
    book.write_text(text.replace(edit[0], edit[1], 1))
    capsys.readouterr()
    assert main(["lint", str(book)]) == 1
    out = capsys.readouterr().out
    line_no = next(i for i, line in enumerate(book.read_text().splitlines(), 1) if edit[1] in line)
    assert f"{book}:{line_no}: " in out and message in out, out
    # a show refuses it the same way, never with a traceback
    assert main(["rehearse", "--catalog", str(cat), "--book", str(book), "--minutes", "1", "--llm-share", "0"]) == 1
    assert "Traceback" not in capsys.readouterr().err


BOOKS = [("scripts/books/demo.book.yaml", "product_catalog/demo.yaml", "personas/nova.yaml", 15),
         ("scripts/books/eu_demo.book.yaml", "product_catalog/eu_demo.yaml", "personas/kai.yaml", 6)]


@pytest.mark.parametrize("book, catalog, persona, products", BOOKS)
def test_each_shipped_book_is_reviewed_and_covers_its_catalog(book: str, catalog: str, persona: str, products: int,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(ROOT / book)]) == 0
    shipped = load_book(ROOT / book)
    assert shipped.prepared is not None and shipped.prepared.backend == "llamacpp"  # drafted with the model, then reviewed
    assert len(shipped.products) == products
    for entry in shipped.products:
        assert all(any(line.approved for line in entry.beats.get(kind, [])) for kind in ("hook", "offer", "cta")), entry.sku
    drafted = [line.text for p in shipped.products for ls in p.beats.values() for line in ls if line.source == "llm"]
    assert drafted and [t for t in drafted if broken_draft(t)] == []
    rows = rehearse(capsys, "--persona", str(ROOT / persona), "--catalog", str(ROOT / catalog), "--book",
                    str(ROOT / book), "--minutes", "18")  # one pass over 15 products
    pitched = [r for r in rows if r["kind"] == "pitch" and r["beat"] in MUST_SAY]
    assert {r["sku"] for r in pitched} == {p.sku for p in shipped.products}
    assert pitch_report(rows).missing == []  # hook, offer and call to action for each product it finished
    # from the book, unless none of its lines for the beat fills now (a saving approved has since lapsed)
    cat = load_catalog(ROOT / catalog)
    fills = {(p.sku, kind) for p in shipped.products for kind, lines in p.beats.items()
             if any(FactSheet(cat, cat.product(p.sku), AS_OF, ["us", "eu"]).fill(line.text) for line in lines)}
    assert all(r["source"] == ("book" if (r["sku"], r["beat"]) in fills else "template") for r in pitched)
    assert all(r["verdict"] == "allow" for r in rows)


def test_a_book_line_that_no_longer_fills_gives_way_to_reviewed_templates() -> None:
    """The demo book was approved while the serum's saving held; by Nov 29 the cut is over
    30 days old (the EU's look-back), so its offer lines ("instead of {reference_price}") cannot be said. The offer
    must still be: the beat keeps its reviewed templates, and the beats whose book lines fill
    stay the book's."""
    cat = load_catalog(ROOT / "product_catalog/demo.yaml")
    sheet = FactSheet(cat, cat.product("CS-SER-04"), AS_OF, ["us", "eu"])
    beats = {b.kind: b for b in ApprovedLines(load_book(ROOT / "scripts/books/demo.book.yaml")).beats(pitch_beats(sheet), sheet)}
    assert beats["offer"].source != "book" and any(sheet.fill(line) for line in beats["offer"].templates)
    assert beats["hook"].source == "book" and beats["cta"].source == "book"


def test_a_live_show_speaks_the_shipped_eu_book(tmp_path: Path) -> None:
    """`live --book`: the book's approved hook is what the host says first about a product,
    with Kai's voice and the EU catalog, and the audit log records it."""
    rundown = tmp_path / "pitch.yaml"
    rundown.write_text("name: Pitch only\nloop: false\nsegments:\n  - {kind: products, products: [EU-MOKA-01], "
                       "pitch_minutes: 0.5, qa_minutes: 0.1}\n")
    record = tmp_path / "rec"
    out = subprocess.run([sys.executable, "-m", "host_runtime.cli", "live", "--persona", "personas/kai.yaml",
                          "--catalog", "product_catalog/eu_demo.yaml", "--rundown", str(rundown),
                          "--book", "scripts/books/eu_demo.book.yaml", "--duration", "10", "--record", str(record),
                          "--llm-share", "0", "--as-of", "2026-11-29T12:00:00Z"], cwd=ROOT, capture_output=True,
                         text=True, timeout=180)
    assert out.returncode == 0, out.stderr[-2000:]
    said = [json.loads(line) for line in (record / "audit.jsonl").read_text().splitlines()]
    pitch = [r for r in said if r["kind"] == "utterance" and r["segment"] == "pitch"]
    hooks = {line.text for p in load_book(ROOT / "scripts/books/eu_demo.book.yaml").products
             if p.sku == "EU-MOKA-01" for line in p.beats["hook"] if line.approved}
    assert pitch and pitch[0]["text"] in hooks and all(r["verdict"] == "allow" for r in pitch)
    assert main(["audit", "verify", str(record / "audit.jsonl")]) == 0
