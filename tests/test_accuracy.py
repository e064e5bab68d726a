"""Accuracy against the hand labels in data/gold/: fails when a change drops below the measured floor.

Floors are a little under what `make eval` measured when they were set (see README, "Accuracy").
The gold set grew from 11 to 15 documents with the `heldout3-*` texts, to 20 with `heldout4-*`
(stop 10), and to 40 with `heldout5-*` … `heldout8-*` (stop 11, when every set before `heldout7-*`
moved to dev), and to 45 with `heldout9-*` (stop 12), and to 55 with `heldout10-*` and `heldout11-*`
(stop 13, when `heldout7-*` and `heldout8-*` moved to dev), and to 65 with `heldout12-*` and
`heldout13-*` (stop 14, when `heldout9-*` … `heldout11-*` moved to dev), and to 75 with `heldout14-*`
and `heldout15-*` (stop 15, when `heldout12-*` and `heldout13-*` moved to dev), and to 85 with
`heldout16-*` and `heldout17-*` (stop 16, held out with `heldout14-*` and `heldout15-*`), and to 95
with `heldout18-*` and `heldout19-*` (stop 19, held out with them). Floors are a little under the
values measured on the 115 documents in stop 21 (README, "Accuracy"); the `rules` floors, and the model
floors lowered in stop 19, moved down with the sets, not with the code. The ensemble's dev
score is partly in-sample since the `minilm` head trains on the dev texts.
"""
from pathlib import Path

import pandas as pd
import pytest

from analysis.evaluate import evaluate, match_attributions, stance_by_split

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rules():
    result = evaluate(ROOT / "data" / "gold", root=ROOT, stance=("rules",))
    result["stance_by_split"] = stance_by_split(result)
    return result


def test_a_predicted_cue_is_located_inside_its_own_attribution():
    text = 'Kiel said two officers were hurt. "It was an attack," he said. Police said the road was open.'
    cues = [text.find("said"), text.find("he said") + 3, text.find("Police said") + 7]
    gold = pd.DataFrame({"paragraph": [1, 1, 1], "source": ["Kiel", "he", "Police"], "cue": ["said"] * 3,
                         "cue_class": ["neutral"] * 3, "kind": ["indirect", "direct", "indirect"],
                         "source_side": ["government"] * 3,
                         "content": ["two officers were hurt", "It was an attack,", "the road was open"]})
    spans = [(0, text.find(".")), (text.find('"'), cues[1] + 4), (text.find("Police"), len(text) - 1)]
    pred = gold.assign(start=[a for a, _ in spans], end=[b for _, b in spans])
    matches = match_attributions(gold, pred, {1: text})
    # "Police said" starts nearer to "he said" than to its own cue: it must still be matched to its own
    assert matches["status"].tolist() == ["matched"] * 3 and matches["source_ok"].all()


def test_gold_labels_that_no_longer_line_up_with_the_paragraphs_are_an_error(tmp_path):
    (tmp_path / "gold").mkdir()
    (tmp_path / "a.txt").write_text("Police arrested the strikers.\n\nThe strikers went home.\n")
    (tmp_path / "gold" / "manifest.yaml").write_text("documents:\n  - name: a\n    path: a.txt\n    split: dev\n")
    (tmp_path / "gold" / "a.attributions.csv").write_text("paragraph,source,cue,cue_lemma,cue_class,kind,source_side,content\n")
    (tmp_path / "gold" / "a.stance.csv").write_text("paragraph,government,protesters,note\n1,0,0,x\n2,,0,x\n3,,0,x\n")
    with pytest.raises(ValueError, match=r"a\.txt: the reader finds 2 body paragraphs, a\.stance\.csv labels 3"):
        evaluate(tmp_path / "gold", root=tmp_path)


def test_attribution_floor(rules):
    o = rules["attribution_overall"]
    assert o["n_gold"] >= 150
    for key in ("source_recall", "cue_precision", "cue_recall"):
        assert o[key] >= 0.9, (key, o[key])
    assert o["source_precision"] >= 0.87  # 0.879 on 95 texts (0.882 on 85; 0.901 on 55; 0.898 on 45 before the evaluator fix of stop 13)
    assert o["cue_class_accuracy"] >= 0.95
    assert o["content_precision"] >= 0.85 and o["content_recall"] >= 0.85


def test_attribution_heldout_floor(rules):
    held = rules["attribution"][rules["attribution"]["split"] == "heldout"]
    # lowest: heldout15-officer-family-letter .67 (heldout12-ministry-release .80 when it was held out)
    assert (held["cue_recall"] >= 0.65).all(), held[["doc", "cue_recall"]]


def test_seed_direction(rules):
    d = rules["directions"].set_index(["doc", "side"])
    assert d.loc[("seed", "government"), "predicted"] == "favoured"
    assert d.loc[("seed", "protesters"), "predicted"] == "opposed"


def test_rules_stance_floor(rules):
    m = rules["stance_by_split"]["all"]["rules"]
    assert m["n_polar"] >= 1100
    # since stop 23 relative to the opponent (analysis/relative.py); before it 0.520, 0.532, 0.888, 0.581, 0.443
    # the article pull since stop 24 (analysis/article_pull.py); before it 0.640, 0.704, 0.562
    assert m["sign_agreement"] >= 0.66  # 0.682 on 115 texts
    assert m["direction_accuracy"] >= 0.53  # 0.552
    assert m["presence_agreement"] >= 0.89  # 0.904
    assert rules["stance_by_split"]["dev"]["rules"]["sign_agreement"] >= 0.74  # 0.759
    # held out: heldout14-* … heldout23-* (0.587; 0.605 on 14-19, 0.526 on 20-21, 0.592 on 22-23)
    assert rules["stance_by_split"]["heldout"]["rules"]["sign_agreement"] >= 0.57


def test_ensemble_stance_floor():
    pytest.importorskip("transformers")
    result = evaluate(ROOT / "data" / "gold", root=ROOT, stance=("ensemble",))
    by_split = stance_by_split(result)
    m = by_split["all"]["ensemble"]
    # rules + minilm-pair since stop 19; relative to the opponent since stop 23 (before it 0.785, 0.787, 0.676)
    assert m["sign_agreement"] >= 0.85  # 0.868 on 115 texts (0.860 before the article pull of stop 24)
    assert m["direction_accuracy"] >= 0.78  # 0.800 on 115 texts
    assert by_split["heldout"]["ensemble"]["sign_agreement"] >= 0.76  # 0.775 on heldout14-* … heldout23-* (0.746 on 22-23)


def test_tuned_and_pair_stance_floors():
    pytest.importorskip("transformers")
    result = evaluate(ROOT / "data" / "gold", root=ROOT, stance=("minilm-tuned", "minilm-pair"))
    by_split = stance_by_split(result)
    pair = by_split["heldout"]["minilm-pair"]
    # relative to the opponent since stop 23 (before it 0.682, 0.670, 0.791; tuned 0.780, 0.656, 0.680)
    assert pair["sign_agreement"] >= 0.77  # 0.783 on heldout14-* … heldout23-* (0.831 on 14-19, 0.669 on 20-21, 0.754 on 22-23)
    assert pair["direction_accuracy"] >= 0.70  # 0.730
    assert by_split["all"]["minilm-pair"]["sign_agreement"] >= 0.85  # 0.869 on 115 texts, partly in-sample
    # the dev score is in-sample (the encoder trains on the dev texts); its cross-validated dev
    # score is data/stance/tuned_metrics.json (0.831 / 0.805 since stop 22)
    assert by_split["all"]["minilm-tuned"]["sign_agreement"] >= 0.85  # 0.863 on 115 texts
    assert by_split["heldout"]["minilm-tuned"]["sign_agreement"] >= 0.75  # 0.762 on heldout14-* … heldout23-*
    assert by_split["heldout"]["minilm-tuned"]["direction_accuracy"] >= 0.68  # 0.710
    d = result["directions"].set_index(["backend", "doc", "side"])
    for backend in ("minilm-tuned", "minilm-pair"):
        assert d.loc[(backend, "seed", "government"), "predicted"] == "favoured"
        assert d.loc[(backend, "seed", "protesters"), "predicted"] == "opposed"


def test_second_annotator_agreement_is_the_measured_ceiling():
    from analysis import annotators

    pairs = annotators.label_pairs(ROOT / "data" / "gold", ROOT)
    m = annotators.annotator_metrics(pairs)
    assert pairs["doc"].nunique() == 115 and m["n_cells"] >= 2300
    assert m["kappa"] >= 0.65 and m["opposite"] == 0
    assert 0.7 <= m["sign_agreement"] <= 0.9
