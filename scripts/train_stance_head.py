"""Train the minilm stance heads (reproducible, CPU, ~2 minutes).

    python scripts/gold_sentences.py               # first, when data/gold/ or the mention finder changed
    python scripts/train_stance_head.py            # writes analysis/data/stance_head.npz
                                                   # and data/stance/metrics.json

Training rows: data/stance/sentences.csv (invented sentences, fixed train/test split) and
data/stance/gold_sentences.csv (sentences of the hand-labelled dev texts, all used for training).
One multinomial logistic regression per target side (classes: against, neutral, for) on
mean-pooled all-MiniLM-L6-v2 embeddings, L2-regularised, full-batch gradient descent from
zeros: no randomness, so the same CSVs give the same weights.

metrics.json reports the heads on the invented test rows (trained on the invented train rows
and the gold rows) and a cross-validation over the dev texts: six folds of whole documents, the
heads trained without the fold's documents, scored as the backend scores a paragraph (the mean
over its sentences of P(for) − P(against)) on the paragraphs the annotator marked −1 or +1; once
with the gold rows and once without them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.stance_models import Embedder, softmax

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "stance" / "sentences.csv"
GOLD = ROOT / "data" / "stance" / "gold_sentences.csv"
FOLDS = 6
HEAD = ROOT / "analysis" / "data" / "stance_head.npz"
METRICS = ROOT / "data" / "stance" / "metrics.json"
CLASSES = (-1, 0, 1)


def fit(X: np.ndarray, y: np.ndarray, l2: float = 1e-3, steps: int = 3000, lr: float = 2.0):
    n, d = X.shape
    W, b = np.zeros((3, d)), np.zeros(3)
    Y = np.eye(3)[y]
    weights = len(y) / (3 * np.bincount(y, minlength=3).clip(min=1))  # balanced classes
    sample_w = weights[y][:, None]
    for _ in range(steps):
        P = softmax(X @ W.T + b)
        G = (P - Y) * sample_w / n
        W -= lr * (G.T @ X + l2 * W)
        b -= lr * G.sum(0)
    return W, b


def labels(frame: pd.DataFrame) -> np.ndarray:
    return frame["label"].map({c: i for i, c in enumerate(CLASSES)}).to_numpy()


def cross_validate(frame: pd.DataFrame, X: np.ndarray, gold: pd.DataFrame, Xg: np.ndarray) -> dict:
    """Sign agreement on the dev paragraphs, each fold's documents held out of training."""
    docs = sorted(gold["doc"].unique())
    fold_of = {doc: i % FOLDS for i, doc in enumerate(docs)}
    out = {}
    for with_gold in (False, True):
        hits = []
        for fold in range(FOLDS):
            held = (gold["doc"].map(fold_of) == fold).to_numpy()
            parts_X, parts_y = [X], [labels(frame)]
            if with_gold:
                parts_X.append(Xg[~held])
                parts_y.append(labels(gold[~held]))
            W, b = fit(np.vstack(parts_X), np.concatenate(parts_y))
            P = softmax(Xg[held] @ W.T + b)
            scored = gold[held].assign(value=P[:, 2] - P[:, 0])
            cells = scored.groupby(["doc", "paragraph"]).agg(label=("label", "first"), value=("value", "mean"))
            polar = cells[cells["label"] != 0]
            hits.extend(np.sign(polar["value"]) == polar["label"])
        out["with_gold_rows" if with_gold else "without_gold_rows"] = round(float(np.mean(hits)), 3)
    out["n_polar_paragraphs"] = len(hits)
    return out


def main() -> int:
    frame = pd.read_csv(DATA)
    gold = pd.read_csv(GOLD)
    embed = Embedder()
    X_all = embed(frame["text"].tolist())
    G_all = embed(gold["text"].tolist())
    heads, metrics = {}, {}
    for target in sorted(frame["target"].unique()):
        rows = (frame["target"] == target).to_numpy()
        grows = (gold["target"] == target).to_numpy()
        part, X = frame[rows], X_all[rows]
        gpart, Xg = gold[grows].reset_index(drop=True), G_all[grows]
        y, yg = labels(part), labels(gpart)
        train = (part["split"] == "train").to_numpy()
        W, b = fit(np.vstack([X[train], Xg]), np.concatenate([y[train], yg]))
        pred = (X[~train] @ W.T + b).argmax(1)
        truth = y[~train]
        polar = truth != 1
        metrics[target] = {
            "n_train": int(train.sum()), "n_gold_rows": int(grows.sum()), "n_test": int((~train).sum()),
            "test_accuracy": round(float((pred == truth).mean()), 3),
            "test_sign_agreement_on_polar": round(float((pred[polar] == truth[polar]).mean()), 3),
            "dev_cross_validation": cross_validate(part[train], X[train], gpart, Xg),
        }
        W, b = fit(np.vstack([X, Xg]), np.concatenate([y, yg]))  # the shipped head uses every labelled row
        heads[target] = (W, b)
    arrays = {"heads": np.array(sorted(heads))}
    for name, (W, b) in heads.items():
        arrays[f"{name}_W"], arrays[f"{name}_b"] = W.astype(np.float32), b.astype(np.float32)
    np.savez_compressed(HEAD, **arrays)
    METRICS.write_text(json.dumps(metrics, indent=2, sort_keys=True) + "\n")
    json.dump(metrics, sys.stdout, indent=2, sort_keys=True)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
