"""Inter-annotator agreement: kappa, sign agreement, and the second annotator's files."""
from pathlib import Path

import pandas as pd
import pytest

from analysis import annotators
from analysis.evaluate import load_gold

ROOT = Path(__file__).resolve().parents[1]


def test_cohen_kappa_textbook_case():
    # observed 0.8, expected (3·2 + 2·3) / 25 = 0.48 → (0.8 − 0.48) / 0.52
    assert annotators.cohen_kappa([1, 1, 1, 0, 0], [1, 1, 0, 0, 0]) == pytest.approx(0.615, abs=1e-3)
    assert annotators.cohen_kappa([1, -1, None], [1, -1, None]) == 1.0
    assert annotators.cohen_kappa([], []) is None
    assert annotators.cohen_kappa([1], [1, 0]) is None


def _gold(tmp_path, first: str, second: str | None):
    (tmp_path / "texts").mkdir()
    (tmp_path / "texts" / "a.txt").write_text("One.\n\nTwo.\n\nThree.\n", encoding="utf-8")
    (tmp_path / "manifest.yaml").write_text(
        "documents:\n  - {name: a, path: texts/a.txt, split: dev, direction: {}}\n", encoding="utf-8")
    (tmp_path / "a.attributions.csv").write_text("paragraph,source,cue,cue_lemma,cue_class,kind,source_side,content\n")
    (tmp_path / "a.stance.csv").write_text(first, encoding="utf-8")
    if second is not None:
        (tmp_path / annotators.SECOND).mkdir()
        (tmp_path / annotators.SECOND / "a.stance.csv").write_text(second, encoding="utf-8")


def test_metrics_on_a_small_pair(tmp_path):
    _gold(tmp_path,
          "paragraph,government,protesters,note\n1,1,-1,x\n2,-1,,y\n3,0,1,z\n",
          "paragraph,government,protesters,note\n1,1,0,x\n2,-1,,y\n3,-1,1,z\n")
    pairs = annotators.label_pairs(tmp_path, tmp_path)
    assert len(pairs) == 6
    m = annotators.annotator_metrics(pairs)
    # first annotator's polar cells: gov1 +1 (same), prot1 −1 (second says 0), gov2 −1 (same), prot3 +1 (same)
    assert m["n_polar_first"] == 4 and m["sign_agreement"] == 0.75
    # second annotator's polar cells: gov1, gov2, gov3 (first says 0), prot3
    assert m["reverse_sign_agreement"] == 0.75
    assert m["opposite"] == 0 and m["presence_agreement"] == 1.0
    table = annotators.markdown(pairs)
    assert "| dev | 1 | 6 |" in table and "| all | 1 | 6 |" in table


def test_opposite_signs_and_absence_are_counted(tmp_path):
    _gold(tmp_path, "paragraph,government,protesters,note\n1,1,,x\n2,0,1,y\n3,,,z\n",
          "paragraph,government,protesters,note\n1,-1,0,x\n2,0,1,y\n3,,,z\n")
    m = annotators.annotator_metrics(annotators.label_pairs(tmp_path, tmp_path))
    assert m["opposite"] == 1 and m["presence_agreement"] == pytest.approx(5 / 6, abs=1e-3)


def test_no_second_annotator_means_no_pairs(tmp_path):
    _gold(tmp_path, "paragraph,government,protesters,note\n1,1,,x\n2,,,y\n3,,,z\n", None)
    assert annotators.label_pairs(tmp_path, tmp_path).empty


def test_backend_vs_second_scores_against_the_second_labels():
    stance = pd.DataFrame({"doc": ["a"] * 3, "paragraph": [1, 2, 3], "side": ["government"] * 3,
                           "gold": [1, -1, 0], "pred": [0.4, 0.2, None], "backend": ["rules"] * 3})
    pairs = pd.DataFrame({"doc": ["a"] * 3, "split": ["dev"] * 3, "paragraph": [1, 2, 3],
                          "side": ["government"] * 3, "first": [1, -1, 0], "second": [1, -1, 1]})
    assert annotators.backend_vs_second(stance, pairs) == {"rules": {"n_polar": 3, "sign_agreement": 0.333}}


def test_second_annotator_files_cover_every_paragraph_of_their_documents():
    gold = {d.name: d for d in load_gold(ROOT / "data" / "gold", ROOT)}
    files = sorted((ROOT / "data" / "gold" / annotators.SECOND).glob("*.stance.csv"))
    assert len(files) >= 11
    for path in files:
        name = path.name.removesuffix(".stance.csv")
        assert name in gold, name
        second = pd.read_csv(path, keep_default_na=False, dtype=str)
        assert list(second.columns) == ["paragraph", "government", "protesters", "note"]
        assert second["paragraph"].tolist() == gold[name].stance["paragraph"].tolist(), name
        for side in ("government", "protesters"):
            assert set(second[side]) <= {"", "-1", "0", "1"}, (name, side)
