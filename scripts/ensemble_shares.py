"""Choose the ensemble's shares by cross-validation over the dev texts (reproducible, ~2–5 minutes).

    python scripts/ensemble_shares.py           # writes data/stance/ensemble_cv.json
    python scripts/ensemble_shares.py --tuned   # the same for minilm-tuned: data/stance/ensemble_cv_tuned.json
    python scripts/ensemble_shares.py --pair    # the same for minilm-pair: data/stance/ensemble_cv_pair.json

The dev documents of data/gold/manifest.yaml are dealt round-robin into six folds of whole
documents. For each fold the minilm heads are trained as scripts/train_stance_head.py trains them,
but without that fold's dev documents (the articles under seeds/ are never trained on, only
scored), and score the fold's paragraphs; `rules` scores them as it is. For each rules share from 0
to 1 the paragraph score is share × rules + (1 − share) × minilm (either one alone where the other
has no score), and sign agreement is counted over every paragraph the annotator labelled −1 or +1,
a side the suite does not find counting as wrong, as in `make eval`. Twice: with heads trained on
the invented sentences only, and with the article rows too (the shipped heads).

`--pair` (the shipped ensemble's grid) blends every dev cell's own scores, before the opponent
step and the article pull, and then runs both on each document's blend, as analysis/score.py
does, before counting (`after_opponent_and_pull`); the other two grids blend the scores as
`make eval` reports them.

The grid is also reported (`*_unread`) over the paragraphs of the dev documents marked
`errors_read: false` in the manifest alone: documents nobody read the errors of and no rule was
made from, so the rules' share is not overrated there. The shipped shares follow that grid.

Caveat: the rules were developed on these same dev texts, so the search overrates their share;
the held-out texts are the check on the choice.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd
import yaml

from analysis.score import score_article
from analysis.stance_models import Embedder, parse_spans, softmax

import train_stance_head as train  # a sibling in scripts/, on the path when this file is run
from article_sentences import rows_for

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "data" / "stance" / "ensemble_cv.json"
TUNED_OUT = ROOT / "data" / "stance" / "ensemble_cv_tuned.json"
TUNED_CV = ROOT / "data" / "stance" / "tuned_cv.csv"
PAIR_OUT = ROOT / "data" / "stance" / "ensemble_cv_pair.json"
SHARES = [round(0.05 * i, 2) for i in range(21)]


def dev_documents(gold_dir: Path, root: Path) -> list[dict]:
    manifest = yaml.safe_load((gold_dir / "manifest.yaml").read_text("utf-8"))
    seeds = (root / "seeds").resolve()
    out = []
    for entry in manifest["documents"] if isinstance(manifest, dict) else manifest:
        if entry.get("split") != "dev":
            continue
        path = root / entry["path"]
        stance = pd.read_csv(gold_dir / f"{entry['name']}.stance.csv", keep_default_na=False, dtype=str)
        out.append({"name": entry["name"], "path": path, "stance": stance,
                    "trainable": seeds not in path.resolve().parents,
                    "unread": entry.get("errors_read", True) is False})
    return out


def combine(share: float, rules, minilm):
    parts = [(w, v) for w, v in ((share, rules), (1 - share, minilm)) if v is not None and not pd.isna(v)]
    weight = sum(w for w, _ in parts)
    return sum(w * v for w, v in parts) / weight if weight else None


def grid(cells: pd.DataFrame, model: list, chosen: np.ndarray) -> dict:
    """Sign agreement over the chosen cells at each rules share."""
    out = {}
    for share in SHARES:
        hits = [(v := combine(share, r, mm)) is not None and np.sign(v) == lab
                for r, mm, lab, keep in zip(cells["rules"], model, cells["label"], chosen) if keep]
        out[f"{share:.2f}"] = round(float(np.mean(hits)), 3)
    return out


def polar_cells(docs: list[dict], extra: str | None = None) -> pd.DataFrame:
    """One row per dev paragraph and side the annotator labelled −1 or +1, with the `rules` score
    and, with ``extra``, that backend's score of the documents the models never train on."""
    cells = []
    for doc in docs:
        backends = ["rules"] if doc["trainable"] or extra is None else ["rules", extra]
        scores = score_article(doc["path"], stance=backends).paragraphs.set_index("paragraph")
        for labels in doc["stance"].itertuples():
            for side in ("government", "protesters"):
                label = getattr(labels, side)
                if label != "" and int(float(label)) != 0:
                    p = int(labels.paragraph)
                    cells.append({"doc": doc["name"], "paragraph": p, "side": side, "label": int(float(label)),
                                  "rules": scores.loc[p, f"stance_{side}"],
                                  "shipped": None if len(backends) == 1 else scores.loc[p, f"stance_{side}__{extra}"]})
    return pd.DataFrame(cells)


def tuned_values(cells: pd.DataFrame, docs: list[dict]) -> list:
    """`minilm-tuned`'s cross-validated paragraph values (data/stance/tuned_cv.csv, written by
    scripts/train_stance_tuned.py --cv) for the cells; a dev text the model never trains on (the
    seed) keeps the shipped model's score (``cells["shipped"]``)."""
    cv = pd.read_csv(TUNED_CV, keep_default_na=False)
    model = {(d, int(p), side): float(v) for (d, p, side), v in
             cv.groupby(["doc", "paragraph", "side"])["value"].mean().items()}
    trainable = {d["name"] for d in docs if d["trainable"]}
    return [model.get((c.doc, c.paragraph, c.side)) if c.doc in trainable else c.shipped
            for c in cells.itertuples()]


def model_grid(cells: pd.DataFrame, values: list, backend: str, out: Path) -> int:
    """Write the rules-share grid of ``rules`` with one model's out-of-fold ``values`` to ``out``."""
    return write_grid(grid(cells, values, np.ones(len(cells), bool)), len(cells), backend, "with_article_rows", out)


def write_grid(row: dict, n_polar: int, backend: str, config: str, out: Path) -> int:
    result = {"folds": train.FOLDS, "n_polar_paragraphs": n_polar, "backend": backend,
              "sign_agreement": {config: row}, "rules_alone": row["1.00"],
              "note": __doc__.split("Caveat: ")[1].strip()}
    write_json(result, out)
    best = max(row.items(), key=lambda kv: (kv[1], kv[0]))
    print(f"{out.relative_to(ROOT)}: best rules share {best[0]} ({best[1]}), model alone {row['0.00']}, "
          f"rules alone {row['1.00']}", file=sys.stderr)
    return 0


def tuned_main(docs: list[dict]) -> int:
    """The same grid for `minilm-tuned`."""
    cells = polar_cells(docs, "minilm-tuned")
    return model_grid(cells, tuned_values(cells, docs), "minilm-tuned", TUNED_OUT)


def write_json(result: dict, path: Path) -> None:
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(result, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    tmp.replace(path)


def head_values(docs: list[dict], cells: pd.DataFrame) -> dict[str, list]:
    """The minilm heads' out-of-fold paragraph values for the cells, per training configuration:
    ``invented_only`` and ``with_article_rows`` (the shipped heads)."""
    gold = pd.DataFrame([{**r, "trainable": doc["trainable"]} for doc in docs
                         for r in rows_for(doc["name"], doc["path"], doc["stance"], "dev-gold")])
    invented = pd.read_csv(train.DATA)
    extra = pd.read_csv(train.ARTICLE_ROWS, keep_default_na=False)
    extra = extra[extra["source"] == "training-article"].reset_index(drop=True)
    embed = Embedder()
    X_inv = train.features(embed, invented, train.invented_spans(invented))
    X_gold = train.features(embed, gold, [parse_spans(v) for v in gold["spans"]],
                            {(d, int(p)): c for d, p, c in zip(gold["doc"], gold["paragraph"], gold["context"])})
    X_extra = train.features(embed, extra, [parse_spans(v) for v in extra["spans"]], train.article_paragraphs())
    fold_of = {name: i % train.FOLDS for i, name in enumerate(sorted(d["name"] for d in docs))}
    gold_fold = gold["doc"].map(fold_of).to_numpy()
    out = {}
    for config in ("invented_only", "with_article_rows"):
        minilm = {}
        for k in range(train.FOLDS):
            for side in ("government", "protesters"):
                parts_X, parts_y = [X_inv[(invented["target"] == side).to_numpy()]], \
                    [train.labels(invented[invented["target"] == side])]
                if config == "with_article_rows":
                    use = (gold["target"] == side).to_numpy() & gold["trainable"].to_numpy() & (gold_fold != k)
                    side_extra = (extra["target"] == side).to_numpy()
                    parts_X += [X_gold[use], X_extra[side_extra]]
                    parts_y += [train.labels(gold[use]), train.labels(extra[side_extra])]
                W, b = train.fit(np.vstack(parts_X), np.concatenate(parts_y))
                held = (gold["target"] == side).to_numpy() & (gold_fold == k)
                P = softmax(X_gold[held] @ W.T + b)
                scored = gold[held].assign(value=P[:, 2] - P[:, 0])
                for (doc, paragraph), value in scored.groupby(["doc", "paragraph"])["value"].mean().items():
                    minilm[(doc, paragraph, side)] = float(value)
        out[config] = [minilm.get((c.doc, c.paragraph, c.side)) for c in cells.itertuples()]
    return out


def raw_cells(docs: list[dict], extra: str) -> pd.DataFrame:
    """Every dev paragraph and side (labelled or not), with the `rules` and ``extra`` scores as the
    backends give them: before the opponent step and the article pull, which the ensemble's blend
    goes through after it (analysis/score.py). ``shipped_pair``: the shipped `minilm-pair`'s own
    score, for the cells the annotator left blank (no model trains on those, so no fold has them)."""
    import tempfile

    from analysis import article_pull

    cells = []
    with tempfile.TemporaryDirectory() as tmp:
        sides = Path(tmp) / "unopposed.yaml"
        sides.write_text("extends: default\nopposed: []\nsides:\n  government: {aliases: [government]}\n", "utf-8")
        pull, article_pull.PULL = article_pull.PULL, 0.0
        try:
            for doc in docs:
                backends = ["rules", "minilm-pair"] if doc["trainable"] else ["rules", "minilm-pair", extra]
                scores = score_article(doc["path"], stance=backends, sides=sides).paragraphs.set_index("paragraph")
                for labels in doc["stance"].itertuples():
                    p = int(labels.paragraph)
                    for side in ("government", "protesters"):
                        label = getattr(labels, side)
                        shipped = None if doc["trainable"] else scores.loc[p, f"stance_{side}__{extra}"]
                        cells.append({"doc": doc["name"], "paragraph": p, "side": side,
                                      "label": None if label == "" else int(float(label)),
                                      "rules": _value(scores.loc[p, f"stance_{side}"]), "shipped": _value(shipped),
                                      "shipped_pair": _value(scores.loc[p, f"stance_{side}__minilm-pair"])})
        finally:
            article_pull.PULL = pull
    return pd.DataFrame(cells)


def _value(v):
    return None if v is None or pd.isna(v) else float(v)


def fill_blank(values: list, cells: pd.DataFrame) -> list:
    """A cell the annotator left blank has no out-of-fold value (the training rows are the labelled
    cells): the shipped pair's own score stands in, so the pull and the opponent step see the
    model there as they do in the suite. A labelled cell keeps its out-of-fold value, or none."""
    return [_value(shipped) if value is None and pd.isna(label) else value
            for value, label, shipped in zip(values, cells["label"], cells["shipped_pair"])]


def post_steps(cells: pd.DataFrame, blended: list) -> list:
    """The opponent step and the article pull on each document's blended scores, as
    analysis/score.py runs them (a backend scores a side exactly where it is named)."""
    from types import SimpleNamespace

    from analysis.article_pull import pull_scores
    from analysis.relative import relative_scores
    from analysis.sides import load_sides

    sides = load_sides()
    out = dict.fromkeys(range(len(cells)))
    frame = cells.assign(value=blended, row=range(len(cells)))
    for _, doc in frame.groupby("doc", sort=False):
        scores = {(int(r.paragraph), r.side): _value(r.value) for r in doc.itertuples()}  # NaN → None
        numbers = sorted({int(p) for p in doc["paragraph"]})
        paragraphs = [SimpleNamespace(index=p) for p in numbers]
        mentions = [[SimpleNamespace(side=side, sentence=1, text=side, start=0, end=0)
                     for side in sides.sides if scores.get((p, side)) is not None] for p in numbers]
        moved, _, _ = relative_scores(scores, paragraphs, mentions, sides)
        pulled, _ = pull_scores(moved, paragraphs, mentions, sides)
        for r in doc.itertuples():
            out[r.row] = pulled.get((int(r.paragraph), r.side))
    return [out[i] for i in range(len(cells))]


def pair_main(docs: list[dict]) -> int:
    """The grid for `rules` with `minilm-pair` (the mean of the head's and the tuned model's
    out-of-fold values, either alone where the other has none): the blend of every cell, then the
    opponent step and the article pull, then sign agreement over the polar cells."""
    cells = raw_cells(docs, "minilm-tuned")
    head = head_values(docs, cells)["with_article_rows"]
    pair = fill_blank([combine(0.5, h, t) for h, t in zip(head, tuned_values(cells, docs))], cells)
    polar = cells["label"].isin([-1, 1]).to_numpy()
    row = {}
    for share in SHARES:
        values = post_steps(cells, [combine(share, r, m) for r, m in zip(cells["rules"], pair)])
        hits = [v is not None and np.sign(v) == lab for v, lab, keep in zip(values, cells["label"], polar) if keep]
        row[f"{share:.2f}"] = round(float(np.mean(hits)), 3)
    return write_grid(row, int(polar.sum()), "minilm-pair", "after_opponent_and_pull", PAIR_OUT)


def main(argv: list[str]) -> int:
    if "--tuned" in argv and "--pair" in argv:
        print("ensemble_shares.py: give --tuned or --pair, not both", file=sys.stderr)
        return 2
    docs = dev_documents(ROOT / "data" / "gold", ROOT)
    if "--tuned" in argv:
        return tuned_main(docs)
    if "--pair" in argv:
        return pair_main(docs)
    cells = polar_cells(docs)
    result = {"folds": train.FOLDS, "n_polar_paragraphs": len(cells), "sign_agreement": {},
              "rules_alone": None, "note": __doc__.split("Caveat: ")[1].strip()}
    unread = cells["doc"].isin([d["name"] for d in docs if d["unread"]]).to_numpy()
    for config, m in head_values(docs, cells).items():
        for name, chosen in ((config, np.ones(len(cells), bool)), (f"{config}_unread", unread)):
            if not chosen.any():
                continue
            result["sign_agreement"][name] = grid(cells, m, chosen)
    result["n_polar_paragraphs_unread"] = int(unread.sum())
    result["rules_alone"] = result["sign_agreement"]["with_article_rows"]["1.00"]
    write_json(result, OUT)
    for name in ("with_article_rows", "with_article_rows_unread"):
        if name in result["sign_agreement"]:
            best = max(result["sign_agreement"][name].items(), key=lambda kv: (kv[1], kv[0]))
            print(f"{OUT.relative_to(ROOT)}: {name}: best rules share {best[0]} ({best[1]}), "
                  f"rules alone {result['sign_agreement'][name]['1.00']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
