"""Authored files: every shipped file is valid, every broken one is refused with file, line and field."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from host_runtime.cli import main
from host_runtime.models import LoadError, load_catalog, load_persona, load_rundown

ROOT = Path(__file__).resolve().parents[1]
BROKEN = sorted((ROOT / "tests" / "fixtures" / "broken").glob("*.yaml"))
SHIPPED = ["personas", "product_catalog", "scripts", "streaming"]


def expectation(path: Path) -> dict[str, str]:
    header = path.read_text().splitlines()[0]
    m = re.match(r"# expect: line=(\d+) field=(\S*) message=(.+)", header)
    assert m, f"{path.name} needs an '# expect:' header"
    return {"line": m[1], "field": m[2], "message": m[3]}


def test_every_shipped_file_lints_clean(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", *(str(ROOT / d) for d in SHIPPED)]) == 0
    out = capsys.readouterr().out
    assert "file(s) valid" in out and "personas/nova.yaml: ok" in out


def test_there_are_at_least_fifteen_broken_fixtures() -> None:
    assert len(BROKEN) >= 15


@pytest.mark.parametrize("path", BROKEN, ids=lambda p: p.stem)
def test_broken_file_is_refused_naming_file_line_and_field(path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    want = expectation(path)
    assert main(["lint", "-q", str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    prefix = f"{path}:{want['line']}: " + (f"{want['field']}: " if want["field"] else "")
    matching = [line for line in lines if line.startswith(prefix)]
    assert matching, f"no problem at {prefix!r} in {lines}"
    assert any(want["message"] in line for line in matching), lines


def test_lint_reports_every_problem_not_just_the_first(tmp_path: Path) -> None:
    bad = tmp_path / "catalog.yaml"
    bad.write_text("currency: usd\nproducts:\n  - {sku: A, name: X, category: k, price: -1, colour: red}\n")
    with pytest.raises(LoadError) as err:
        load_catalog(bad)
    fields = {p.field for p in err.value.problems}
    assert fields == {"currency", "products[0].price", "products[0].colour"}


def test_lint_command_exit_status_from_a_shell(tmp_path: Path) -> None:
    """What a user runs: the console script, a bad file, exit 1 and a one-line reason."""
    bad = tmp_path / "persona.yaml"
    bad.write_text("id: x\ndisplay_name: X\n")
    run = subprocess.run([sys.executable, "-m", "host_runtime.cli", "lint", str(bad)], capture_output=True, text=True)
    assert run.returncode == 1
    assert f"{bad}:1: disclosure: required key is missing" in run.stdout
    assert "Traceback" not in run.stdout + run.stderr


def test_kind_can_be_forced(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    odd = tmp_path / "odd.yaml"
    odd.write_text("title: Only a title\n")
    assert main(["lint", "-q", str(odd)]) == 1
    assert "cannot tell what kind of file" in capsys.readouterr().out
    assert main(["lint", "-q", "--kind", "rundown", str(odd)]) == 1
    assert "segments: required key is missing" in capsys.readouterr().out


def test_default_persona_and_rundown() -> None:
    nova = load_persona(ROOT / "personas" / "nova.yaml")
    assert nova.display_name == "Nova" and nova.language == "en" and nova.jurisdictions == ["us", "eu"]
    assert nova.disclosure.label and nova.operator.organisation
    kai = load_persona(ROOT / "personas" / "kai.yaml")
    assert kai.voice.speed < nova.voice.speed and kai.voice.pause_s > nova.voice.pause_s  # the calmer host
    assert kai.avatar.look != nova.avatar.look
    rundown = load_rundown(ROOT / "scripts" / "default.yaml")
    assert rundown.segments[0].kind == "opening" and rundown.loop


def test_demo_catalog_has_the_variety_tests_and_demos_need() -> None:
    demo = load_catalog(ROOT / "product_catalog" / "demo.yaml")
    assert len(demo.products) >= 12
    assert len({p.category for p in demo.products}) >= 6
    stock = [p.inventory for p in demo.products if p.inventory is not None]
    assert min(stock) == 0 and max(stock) >= 1000
    assert load_catalog(ROOT / "product_catalog" / "eu_demo.yaml").currency == "EUR"


def test_plan_covers_every_product(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plan"]) == 0
    out = capsys.readouterr().out
    demo = load_catalog(ROOT / "product_catalog" / "demo.yaml")
    assert all(p.sku in out for p in demo.products)
    assert out.splitlines()[1].split()[1] == "opening"


def test_rundown_naming_a_sku_the_catalog_lacks_is_refused(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rundown = tmp_path / "rundown.yaml"
    rundown.write_text("name: Two products\nsegments:\n  - {kind: products, products: [AP-GO-01, NO-SUCH-SKU]}\n")
    assert main(["plan", "--rundown", str(rundown)]) == 1
    assert f"{rundown}: segments: rundown names SKU(s) not in the catalog: NO-SUCH-SKU" in capsys.readouterr().err
