"""Bad input never crashes lint: hundreds of seeded, mutated catalogs and personas each answer
with `file:line: field: message` lines (or load), never a traceback."""

from __future__ import annotations

import copy
import random
import re
from pathlib import Path
from typing import Any

import yaml

import host_runtime.cli  # noqa: F401  (registers every kind lint knows: rule packs, eval suites)
from host_runtime.models.loader import lint_file

ROOT = Path(__file__).resolve().parents[1]
SEEDS = [ROOT / "product_catalog" / "demo.yaml", ROOT / "product_catalog" / "eu_demo.yaml",
         ROOT / "personas" / "nova.yaml", ROOT / "personas" / "kai.yaml", ROOT / "scripts" / "default.yaml"]
#: raw YAML that authors (or their editors) really produce: impossible dates and times, numbers
#: too big for a float, explicit tags that cannot build, wrong shapes, empty and huge strings
RAW = ["2026-13-01", "2026-02-30", "0000-01-01", "2026-11-27T25:00:00Z", "2026-11-27T10:00:00+25:00",
       "1e999", "-1e999", ".nan", ".inf", "99999999999999999999999999999999999999", "-5", "0", "0x1F",
       "true", "null", "[]", "{}", "[1, [2, [3]]]", "{a: 1}", "!!binary aGVsbG8=", "!!python/object:os.system x",
       "!!set {a, b}", "!!int abc", "!!float x", "!!timestamp 2026-13-01", "''", "'   '", "12:30:00",
       "'" + "x" * 5000 + "'", "1.7976931348623157e309", "'#zzzzzz'", "2026-1-1", "=", "\"\\x00\""]
PROBLEM = re.compile(r"^\S+:\d+: (\S+: )?\S.*$")


def mutate(data: Any, rnd: random.Random) -> str:
    """The file with one to four values replaced by raw YAML, keys removed or unknown keys added."""
    data = copy.deepcopy(data)
    raws: dict[str, str] = {}
    for n in range(rnd.randint(1, 4)):
        paths = list(_paths(data))
        path = rnd.choice(paths)
        parent = data
        for part in path[:-1]:
            parent = parent[part]
        mark = f"@@{n}@@"
        op = rnd.random()
        if op < 0.75:
            parent[path[-1]], raws[mark] = mark, rnd.choice(RAW)
        elif op < 0.9:
            del parent[path[-1]]
        elif isinstance(parent, dict):
            parent[rnd.choice(["colour", "price", "date", "2026-01-01"])], raws[mark] = mark, rnd.choice(RAW)
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    for mark, raw in raws.items():
        text = text.replace(f"'{mark}'", raw)
    return text


def _paths(node: Any, path: tuple = ()) -> Any:
    items = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
    for key, child in items:
        yield (*path, key)
        yield from _paths(child, (*path, key))


def test_three_hundred_mutated_files_each_answer_file_line_field_message(tmp_path: Path) -> None:
    rnd = random.Random(15)
    originals = [yaml.safe_load(seed.read_text()) for seed in SEEDS]
    refused = 0
    for i in range(360):
        path = tmp_path / f"case{i}.yaml"
        path.write_text(mutate(rnd.choice(originals), rnd))
        errors, _ = lint_file(path)  # raising here is the bug this test is for
        refused += bool(errors)
        for problem in errors:
            assert PROBLEM.match(str(problem)) and str(problem).startswith(str(path)), (str(problem), path.read_text())
    assert refused >= 250  # the mutations do break files: the test is not passing on valid ones
