"""Write an article's tables atomically: a temporary folder renamed into place."""
from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path

import pandas as pd

from .errors import InputError

TABLES = ("paragraphs", "sentences", "attributions", "mentions", "evidence")


def write_csv(frame: pd.DataFrame, path: Path) -> None:
    frame.to_csv(path, index=False, float_format="%.4f", lineterminator="\n", encoding="utf-8")


def write_json(data: dict, path: Path) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")


def write_scores(scores, out_dir: str | Path) -> Path:
    """Write ``out_dir/<slug>/`` with article.json and one CSV per table; replace it atomically."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / scores.article.slug
    tmp = Path(tempfile.mkdtemp(prefix=f".{scores.article.slug}.", dir=out_dir))
    try:
        write_json(scores.summary, tmp / "article.json")
        for name in TABLES:
            write_csv(getattr(scores, name), tmp / f"{name}.csv")
        os.chmod(tmp, 0o755)
        replace_dir(tmp, target)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return target


def replace_dir(new: Path, target: Path, marker: str = "article.json") -> None:
    """Move ``new`` to ``target``; an existing ``target`` is swapped out first, then removed.

    An existing ``target`` is replaced only when it holds ``marker``, i.e. when it is an earlier
    output of the same kind: a folder the suite did not write is never deleted.
    """
    old = None
    if target.exists() and not (target / marker).is_file():
        raise InputError(f"{target}: exists and is not an earlier output (no {marker}); "
                         "choose another output folder or move it away")
    if target.exists():
        old = target.with_name(f".{target.name}.old-{os.getpid()}")
        os.replace(target, old)
    try:
        os.replace(new, target)
    except BaseException:
        if old is not None:
            os.replace(old, target)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
