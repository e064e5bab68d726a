"""Accuracy against the hand labels in data/gold/: fails when a change drops below the measured floor.

Floors are a little under what `make eval` measured when they were set (see README, "Accuracy").
The gold set grew from 11 to 15 documents with the `heldout3-*` texts, to 20 with `heldout4-*`
(stop 10), and to 40 with `heldout5-*` … `heldout8-*` (stop 11, when every set before `heldout7-*`
moved to dev), and to 45 with `heldout9-*` (stop 12). Floors were set again on the 45 documents:
rules .58 sign / .89 presence / .62 direction (dev .64, held out .48), ensemble .75 / .70 (held
out .64; its dev score is partly in-sample since the `minilm` head trains on the dev texts).
"""
from pathlib import Path

import pytest

from analysis.evaluate import evaluate, stance_by_split

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def rules():
    result = evaluate(ROOT / "data" / "gold", root=ROOT, stance=("rules",))
    result["stance_by_split"] = stance_by_split(result)
    return result


def test_attribution_floor(rules):
    o = rules["attribution_overall"]
    assert o["n_gold"] >= 150
    for key in ("source_recall", "cue_precision", "cue_recall"):
        assert o[key] >= 0.9, (key, o[key])
    assert o["source_precision"] >= 0.88  # 0.898 since heldout9-* joined (0.91 before): README, "Accuracy"
    assert o["cue_class_accuracy"] >= 0.95
    assert o["content_precision"] >= 0.85 and o["content_recall"] >= 0.85


def test_attribution_heldout_floor(rules):
    held = rules["attribution"][rules["attribution"]["split"] == "heldout"]
    assert (held["cue_recall"] >= 0.7).all(), held[["doc", "cue_recall"]]  # lowest: heldout9-newsletter .75


def test_seed_direction(rules):
    d = rules["directions"].set_index(["doc", "side"])
    assert d.loc[("seed", "government"), "predicted"] == "favoured"
    assert d.loc[("seed", "protesters"), "predicted"] == "opposed"


def test_rules_stance_floor(rules):
    m = rules["stance_by_split"]["all"]["rules"]
    assert m["n_polar"] >= 670
    assert m["sign_agreement"] >= 0.58
    assert m["direction_accuracy"] >= 0.6
    assert m["presence_agreement"] >= 0.87
    assert rules["stance_by_split"]["dev"]["rules"]["sign_agreement"] >= 0.62
    # held out since stop 13: heldout9-* and heldout10-* only (0.43); heldout7/8-* moved to dev
    assert rules["stance_by_split"]["heldout"]["rules"]["sign_agreement"] >= 0.42


def test_ensemble_stance_floor():
    pytest.importorskip("transformers")
    result = evaluate(ROOT / "data" / "gold", root=ROOT, stance=("ensemble",))
    by_split = stance_by_split(result)
    m = by_split["all"]["ensemble"]
    assert m["sign_agreement"] >= 0.75
    assert m["direction_accuracy"] >= 0.72
    assert by_split["heldout"]["ensemble"]["sign_agreement"] >= 0.6


def test_second_annotator_agreement_is_the_measured_ceiling():
    from analysis import annotators

    pairs = annotators.label_pairs(ROOT / "data" / "gold", ROOT)
    m = annotators.annotator_metrics(pairs)
    assert pairs["doc"].nunique() == 50 and m["n_cells"] >= 1000
    assert m["kappa"] >= 0.65 and m["opposite"] == 0
    assert 0.7 <= m["sign_agreement"] <= 0.9
