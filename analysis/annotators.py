"""Inter-annotator agreement: the gold stance labels against a second, blind annotator's.

The second annotator labels the same paragraphs from ``docs/annotation-guidelines.md`` without
seeing the gold labels; the files live in ``data/gold/second-annotator/<name>.stance.csv``
(same columns as the gold stance files). Labels are ``-1 / 0 / 1`` or empty (side not
mentioned), so every paragraph × side cell has one of four categories.

* ``kappa``: Cohen's kappa over the four categories.
* ``sign_agreement``: over cells the first annotator marked −1 or +1, the share the second
  annotator marked the same, which is the measure the backends are scored on (see
  :mod:`analysis.evaluate`); it is the ceiling a backend can be expected to reach.
* ``reverse_sign_agreement``: the same with the annotators swapped.
* ``opposite``: cells one annotator marked +1 and the other −1.
"""
from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from .errors import InputError
from .evaluate import _sign, load_gold

SECOND = "second-annotator"
LABELS = {"", "-1", "0", "1"}
PAIR_COLUMNS = ["doc", "split", "paragraph", "side", "first", "second"]


def _label(value: str):
    return None if value == "" else int(float(value))


def label_pairs(gold_dir: str | Path = "data/gold", root: str | Path = ".") -> pd.DataFrame:
    """One row per document, paragraph and side that both annotators labelled."""
    gold_dir = Path(gold_dir)
    rows = []
    for doc in load_gold(gold_dir, root):
        path = gold_dir / SECOND / f"{doc.name}.stance.csv"
        if not path.exists():
            continue
        second = pd.read_csv(path, keep_default_na=False, dtype=str)
        if second["paragraph"].duplicated().any():
            raise InputError(f"{path}: a paragraph is labelled twice")
        bad = {v for side in ("government", "protesters") if side in second for v in second[side]} - LABELS
        if bad:
            raise InputError(f"{path}: labels must be -1, 0, 1 or empty, not {sorted(bad)}")
        second = second.set_index("paragraph")
        for _, g in doc.stance.iterrows():
            if g["paragraph"] not in second.index:
                continue
            for side in (c for c in doc.stance.columns if c not in ("paragraph", "note")):
                if side in second.columns:
                    rows.append({"doc": doc.name, "split": doc.split, "paragraph": int(g["paragraph"]), "side": side,
                                 "first": _label(g[side]), "second": _label(second.loc[g["paragraph"], side])})
    return pd.DataFrame(rows, columns=PAIR_COLUMNS)


def cohen_kappa(a: list, b: list) -> float | None:
    """Cohen's kappa of two equally long label lists (any hashable labels, ``None`` included)."""
    if len(a) != len(b) or not a:
        return None
    n = len(a)
    observed = sum(x == y for x, y in zip(a, b)) / n
    ca, cb = Counter(a), Counter(b)
    expected = sum(ca[k] * cb[k] for k in set(ca) | set(cb)) / (n * n)
    return 1.0 if expected == 1 else round((observed - expected) / (1 - expected), 3)


def _agree_on_polar(reference, other) -> float | None:
    pairs = [(r, o) for r, o in zip(reference, other) if r in (-1, 1)]
    return round(sum(r == o for r, o in pairs) / len(pairs), 3) if pairs else None


def annotator_metrics(pairs: pd.DataFrame) -> dict:
    first = [None if pd.isna(v) else int(v) for v in pairs["first"]]
    second = [None if pd.isna(v) else int(v) for v in pairs["second"]]
    return {
        "n_cells": len(first),
        "n_polar_first": sum(v in (-1, 1) for v in first),
        "kappa": cohen_kappa(first, second),
        "sign_agreement": _agree_on_polar(first, second),
        "reverse_sign_agreement": _agree_on_polar(second, first),
        "opposite": sum({x, y} == {-1, 1} for x, y in zip(first, second)),
        "presence_agreement": round(sum((x is None) == (y is None) for x, y in zip(first, second)) / len(first), 3)
        if first else None,
    }


def backend_vs_second(stance: pd.DataFrame, pairs: pd.DataFrame) -> dict:
    """Sign agreement of each backend's scores with the second annotator's polar labels."""
    merged = stance.merge(pairs[["doc", "paragraph", "side", "second"]], on=["doc", "paragraph", "side"])
    out = {}
    for name, group in merged.groupby("backend", sort=False):
        polar = group[group["second"].isin([-1, 1])]
        agree = [(_sign(v, 0.0) or 0) == int(s) for s, v in zip(polar["second"], polar["pred"])]
        out[name] = {"n_polar": len(agree), "sign_agreement": round(sum(agree) / len(agree), 3) if agree else None}
    return out


def by_split(pairs: pd.DataFrame) -> dict:
    """Metrics for dev, heldout and all documents."""
    parts = {"dev": pairs[pairs["split"] == "dev"], "heldout": pairs[pairs["split"] == "heldout"], "all": pairs}
    return {split: annotator_metrics(part) for split, part in parts.items() if len(part)}


def _f(value) -> str:
    return "–" if value is None else f"{value:.2f}"


def markdown(pairs: pd.DataFrame, backends: dict | None = None) -> str:
    """README-ready table: annotator 2 against the gold labels, per split."""
    lines = ["| split | documents | cells | kappa | sign agreement | reverse | opposite signs | presence agreement |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for split, m in by_split(pairs).items():
        docs = pairs["doc"].nunique() if split == "all" else pairs[pairs["split"] == split]["doc"].nunique()
        lines.append(f"| {split} | {docs} | {m['n_cells']} | {_f(m['kappa'])} | {_f(m['sign_agreement'])} | "
                     f"{_f(m['reverse_sign_agreement'])} | {m['opposite']} | {_f(m['presence_agreement'])} |")
    if backends:
        lines += ["", "| stance backend | annotator 2's polar cells | sign agreement with annotator 2 |",
                  "|---|---:|---:|"]
        for name, m in backends.items():
            lines.append(f"| {name} | {m['n_polar']} | {_f(m['sign_agreement'])} |")
    return "\n".join(lines)
