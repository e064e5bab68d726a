"""Train the minilm stance heads (reproducible, CPU, about 4 minutes on 2 cores).

    python scripts/article_sentences.py            # first, when the labelled articles or the mention finder changed
    python scripts/train_stance_head.py            # writes analysis/data/stance_head.npz
                                                   # and data/stance/metrics.json

Training rows: data/stance/sentences.csv (invented sentences, fixed train/test split) and
data/stance/article_sentences.csv (sentences of hand-labelled whole articles: the dev texts of
data/gold/ and the training articles of data/stance/articles/, all used for training).
One multinomial logistic regression per target side (classes: against, neutral, for) on
all-MiniLM-L6-v2 features: the mean-pooled sentence embedding and the mean of the token vectors
inside the target side's mentions (their spans: the `spans` column of article_sentences.csv, and
data/stance/invented_spans.csv for the invented rows, both written by scripts/article_sentences.py),
and the same two over the sentence's paragraph (data/stance/article_paragraphs.csv; an invented
sentence is its own paragraph),
L2-regularised, full-batch gradient descent from zeros: no randomness, so the same CSVs give the
same weights.

metrics.json reports the heads on the invented test rows (trained on the invented train rows
and the article rows) and a cross-validation over the dev texts of data/gold/: six folds of whole
documents, the heads trained without the fold's documents, scored as the backend scores a
paragraph (the mean over its sentences of P(for) − P(against)) on the paragraphs the annotator
marked −1 or +1; trained on the invented rows only, with the other dev texts' rows, and with those
and the training articles' rows.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.stance_models import Embedder, parse_spans, read_features, shift_spans, softmax

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "data" / "stance" / "sentences.csv"
ARTICLE_ROWS = ROOT / "data" / "stance" / "article_sentences.csv"
INVENTED_SPANS = ROOT / "data" / "stance" / "invented_spans.csv"
ARTICLE_PARAGRAPHS = ROOT / "data" / "stance" / "article_paragraphs.csv"
FOLDS = 6
HEAD = ROOT / "analysis" / "data" / "stance_head.npz"
METRICS = ROOT / "data" / "stance" / "metrics.json"
CLASSES = (-1, 0, 1)


def fit(X: np.ndarray, y: np.ndarray, l2: float = 3e-3, steps: int = 3000, lr: float = 2.0):
    """Balanced multinomial logistic regression. ``l2``: chosen by the dev cross-validation
    (1e-3, 3e-3 and 1e-2 tried with the paragraph features; 3e-3 best)."""
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


def folds(articles: pd.DataFrame) -> dict[str, int]:
    """Fold of each dev-gold document: sorted by name, dealt round-robin (the same for both heads)."""
    docs = sorted(articles.loc[articles["source"] == "dev-gold", "doc"].unique())
    return {doc: i % FOLDS for i, doc in enumerate(docs)}


def cross_validate(frame: pd.DataFrame, X: np.ndarray, articles: pd.DataFrame, Xa: np.ndarray,
                   fold_of: dict[str, int]) -> dict:
    """Sign agreement on the dev paragraphs of data/gold/, each fold's documents held out of training."""
    gold = (articles["source"] == "dev-gold").to_numpy()
    fold = articles["doc"].map(fold_of).fillna(-1).to_numpy()
    configs = {"invented_only": (), "with_dev_gold": ("dev-gold",),
               "with_dev_gold_and_training_articles": ("dev-gold", "training-article")}
    out = {}
    for name, sources in configs.items():
        hits = []
        for k in range(FOLDS):
            held = gold & (fold == k)
            use = articles["source"].isin(sources).to_numpy() & ~held
            W, b = fit(np.vstack([X, Xa[use]]), np.concatenate([labels(frame), labels(articles[use])]))
            P = softmax(Xa[held] @ W.T + b)
            scored = articles[held].assign(value=P[:, 2] - P[:, 0])
            cells = scored.groupby(["doc", "paragraph"]).agg(label=("label", "first"), value=("value", "mean"))
            polar = cells[cells["label"] != 0]
            hits.extend(np.sign(polar["value"]) == polar["label"])
        out[name] = round(float(np.mean(hits)), 3)
    out["n_polar_paragraphs"] = len(hits)
    return out


def invented_spans(frame: pd.DataFrame) -> list:
    """Each invented row's target mention spans (data/stance/invented_spans.csv, written by
    scripts/article_sentences.py); a row missing there is an error, not an empty span list."""
    table = pd.read_csv(INVENTED_SPANS, keep_default_na=False)
    spans = {(t, g): parse_spans(v) for t, g, v in zip(table["text"], table["target"], table["spans"])}
    missing = [t for t, g in zip(frame["text"], frame["target"]) if (t, g) not in spans]
    if missing:
        raise SystemExit(f"{INVENTED_SPANS}: no row for {missing[0][:60]!r}; run scripts/article_sentences.py")
    return [spans[(t, g)] for t, g in zip(frame["text"], frame["target"])]


def features(embed, frame: pd.DataFrame, spans: list, paragraphs: dict | None = None) -> np.ndarray:
    """The features the minilm backend computes (:func:`analysis.stance_models.read_features`). Article
    rows are read in their paragraph (``paragraphs``: (doc, paragraph) → text; the row's ``offset``
    places the sentence in it); an invented sentence is its own paragraph."""
    if paragraphs is None:
        contexts, context_spans = frame["text"].tolist(), spans
    else:
        contexts = [paragraphs[(d, int(p))] for d, p in zip(frame["doc"], frame["paragraph"])]
        context_spans = [shift_spans(s, int(o)) for s, o in zip(spans, frame["offset"])]
    return read_features(embed, frame["text"].tolist(), spans, contexts, context_spans)


def article_paragraphs() -> dict:
    table = pd.read_csv(ARTICLE_PARAGRAPHS, keep_default_na=False)
    return {(d, int(p)): t for d, p, t in zip(table["doc"], table["paragraph"], table["text"])}


def main() -> int:
    frame = pd.read_csv(DATA)
    articles = pd.read_csv(ARTICLE_ROWS, keep_default_na=False)
    articles["label"] = articles["label"].astype(int)
    embed = Embedder()
    X_all = features(embed, frame, invented_spans(frame))
    A_all = features(embed, articles, [parse_spans(v) for v in articles["spans"]], article_paragraphs())
    heads, metrics = {}, {}
    fold_of = folds(articles)
    for target in sorted(frame["target"].unique()):
        rows = (frame["target"] == target).to_numpy()
        arows = (articles["target"] == target).to_numpy()
        part, X = frame[rows], X_all[rows]
        apart, Xa = articles[arows].reset_index(drop=True), A_all[arows]
        y, ya = labels(part), labels(apart)
        train = (part["split"] == "train").to_numpy()
        W, b = fit(np.vstack([X[train], Xa]), np.concatenate([y[train], ya]))
        pred = (X[~train] @ W.T + b).argmax(1)
        truth = y[~train]
        polar = truth != 1
        metrics[target] = {
            "n_train": int(train.sum()), "n_test": int((~train).sum()),
            "n_article_rows": {source: int((apart["source"] == source).sum()) for source in sorted(apart["source"].unique())},
            "test_accuracy": round(float((pred == truth).mean()), 3),
            "test_sign_agreement_on_polar": round(float((pred[polar] == truth[polar]).mean()), 3),
            "dev_cross_validation": cross_validate(part[train], X[train], apart, Xa, fold_of),
        }
        W, b = fit(np.vstack([X, Xa]), np.concatenate([y, ya]))  # the shipped head uses every labelled row
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
