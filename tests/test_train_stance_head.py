"""The training script's document-level cross-validation: a fold's documents never train the head that scores them."""
import numpy as np
import pandas as pd


def test_cross_validation_holds_out_whole_documents(monkeypatch, load_script):
    script = load_script("train_stance_head")
    docs = [f"doc{i}" for i in range(8)]
    rows = [{"doc": d, "source": "dev-gold", "paragraph": p, "label": lab, "text": f"{d} {p}"}
            for d in docs for p, lab in ((1, -1), (2, 1), (3, 0))]
    rows += [{"doc": "extra", "source": "training-article", "paragraph": 1, "label": 1, "text": "x"}]
    articles = pd.DataFrame(rows)
    marker = {d: i for i, d in enumerate(docs + ["extra"])}
    Xa = np.zeros((len(articles), len(marker)))  # one column per document: a row's origin stays visible
    Xa[np.arange(len(articles)), articles["doc"].map(marker)] = 1.0
    frame = pd.DataFrame({"label": [-1, 0, 1]})
    X = np.zeros((3, len(marker)))
    seen = []
    real_fit = script.fit
    monkeypatch.setattr(script, "fit", lambda X_, y_: (seen.append(X_.sum(0)), real_fit(X_, y_, steps=5))[1])

    fold_of = script.folds(articles)
    assert set(fold_of) == set(docs) and sorted(set(fold_of.values())) == list(range(script.FOLDS))
    result = script.cross_validate(frame, X, articles, Xa, fold_of)

    assert len(seen) == 3 * script.FOLDS  # three configurations × six folds
    for i, used in enumerate(seen):
        config, fold = divmod(i, script.FOLDS)
        held = [marker[d] for d, k in fold_of.items() if k == fold]
        assert not used[held].any(), (config, fold)
        others = [marker[d] for d, k in fold_of.items() if k != fold]
        assert (used[others] > 0).all() == (config > 0)  # the other dev documents train, except invented-only
        assert (used[marker["extra"]] > 0) == (config == 2)  # training articles only in the last configuration
    assert result["n_polar_paragraphs"] == 2 * len(docs)
    assert set(result) == {"invented_only", "with_dev_gold", "with_dev_gold_and_training_articles",
                           "n_polar_paragraphs"}


def test_the_invented_training_sentences_are_well_formed_and_never_from_an_evaluated_text():
    """data/stance/sentences.csv: the documented values, (text, target) unique, both rows of a sentence
    in one split, and no sentence taken from a gold text or a seed (which would leak into the scores)."""
    import csv
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    with open(root / "data" / "stance" / "sentences.csv", newline="", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) >= 2400 and set(rows[0]) == {"text", "target", "label", "register", "conflict", "split"}
    assert all(all(r.values()) for r in rows)
    assert {r["target"] for r in rows} == {"government", "protesters"} and {r["label"] for r in rows} == {"-1", "0", "1"}
    assert {r["register"] for r in rows} <= {"wire", "oped", "statement", "editorial", "blog", "report", "feature"}
    assert len({(r["text"], r["target"]) for r in rows}) == len(rows)
    splits = {}
    for r in rows:
        assert splits.setdefault(r["text"], r["split"]) == r["split"], r["text"]
    evaluated = " ".join(" ".join(p.read_text("utf-8").split()) for folder in ("data/gold/texts", "seeds")
                         for p in sorted((root / folder).glob("*.txt")))
    with open(root / "data" / "stance" / "sentences_pass4.csv", newline="", encoding="utf-8") as fh:
        unused = {r["text"] for r in csv.DictReader(fh)}  # written, measured, not trained on
    assert unused and not unused & set(splits)
    leaked = [t for t in [*splits, *sorted(unused)] if " ".join(t.split()) in evaluated]
    assert not leaked, leaked[:3]
