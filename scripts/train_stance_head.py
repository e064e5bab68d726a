"""Train the minilm stance heads from data/stance/sentences.csv (reproducible, CPU, ~1 minute).

    python scripts/train_stance_head.py            # writes analysis/data/stance_head.npz
                                                   # and data/stance/metrics.json

One multinomial logistic regression per target side (classes: against, neutral, for) on
mean-pooled all-MiniLM-L6-v2 embeddings, L2-regularised, full-batch gradient descent from
zeros: no randomness, so the same CSV gives the same weights.
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


def main() -> int:
    frame = pd.read_csv(DATA)
    embed = Embedder()
    X_all = embed(frame["text"].tolist())
    heads, metrics = {}, {}
    for target in sorted(frame["target"].unique()):
        rows = frame["target"] == target
        y = frame.loc[rows, "label"].map({c: i for i, c in enumerate(CLASSES)}).to_numpy()
        X = X_all[rows.to_numpy()]
        train = (frame.loc[rows, "split"] == "train").to_numpy()
        W, b = fit(X[train], y[train])
        pred = (X[~train] @ W.T + b).argmax(1)
        truth = y[~train]
        polar = truth != 1
        metrics[target] = {
            "n_train": int(train.sum()), "n_test": int((~train).sum()),
            "test_accuracy": round(float((pred == truth).mean()), 3),
            "test_sign_agreement_on_polar": round(float((pred[polar] == truth[polar]).mean()), 3),
        }
        W, b = fit(X, y)  # the shipped head uses every labelled sentence
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
