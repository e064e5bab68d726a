import importlib.util
import os
import sys
from pathlib import Path

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("MPLBACKEND", "Agg")

import pytest  # noqa: E402


@pytest.fixture
def write(tmp_path):
    """Write a text file under tmp_path and return its path."""

    def _write(name: str, text: str | bytes) -> str:
        path = tmp_path / name
        if isinstance(text, bytes):
            path.write_bytes(text)
        else:
            path.write_text(text, encoding="utf-8")
        return str(path)

    return _write


@pytest.fixture
def unopposed_sides(tmp_path, monkeypatch):
    """The default sides without an ``opposed`` pair, and no article pull: each backend's own
    scores, not moved against the other side's (analysis.relative) nor toward the rest of the
    article (analysis.article_pull)."""
    from analysis import article_pull

    monkeypatch.setattr(article_pull, "PULL", 0.0)
    path = tmp_path / "unopposed.yaml"
    path.write_text("extends: default\nopposed: []\nsides:\n  government: {aliases: [carabinieri]}\n", "utf-8")
    return path


@pytest.fixture(scope="session")
def nlp():
    from analysis.nlp import load_nlp

    return load_nlp()


@pytest.fixture(scope="session")
def load_script():
    """Import one of scripts/*.py by name (they are run as files, not installed as modules; a
    script's own imports of its siblings are loaded the same way first)."""
    scripts = Path(__file__).resolve().parents[1] / "scripts"

    def _load(name: str):
        spec = importlib.util.spec_from_file_location(name, scripts / f"{name}.py")
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        source = (scripts / f"{name}.py").read_text("utf-8")
        for sibling in sorted(p.stem for p in scripts.glob("*.py")):
            if sibling != name and sibling not in sys.modules and (f"import {sibling} " in source
                                                                   or f"from {sibling} import" in source):
                _load(sibling)
        spec.loader.exec_module(module)
        return module

    return _load
