"""analysis.agreement: how far stance backends agree, as article.json reports it."""
import pytest

from analysis.agreement import backend_agreement


def test_sign_agreement_and_mean_difference_over_shared_paragraphs():
    first = {(1, "police"): 0.5, (2, "police"): -0.4, (3, "police"): 0.05, (4, "police"): None}
    other = {(1, "police"): 0.3, (2, "police"): 0.2, (3, "police"): -0.08, (4, "police"): 0.9}
    out = backend_agreement(first, {"minilm": other}, [1, 2, 3, 4], ["police"])
    row = out["minilm"]["police"]
    assert row["paragraphs"] == 3  # paragraph 4 has no score from the first backend
    assert row["sign_agreement"] == pytest.approx(2 / 3, abs=1e-4)  # 1: both +, 3: both neutral; 2 differs
    assert row["mean_abs_diff"] == pytest.approx((0.2 + 0.6 + 0.13) / 3, abs=1e-4)


def test_a_side_no_backend_scored_has_no_agreement():
    out = backend_agreement({(1, "a"): None}, {"x": {(1, "a"): None}}, [1], ["a", "b"])
    assert out == {"x": {"a": {"paragraphs": 0, "sign_agreement": None, "mean_abs_diff": None},
                         "b": {"paragraphs": 0, "sign_agreement": None, "mean_abs_diff": None}}}


def test_article_json_reports_agreement_only_with_several_backends():
    from analysis import read_text
    from analysis.score import score_article

    text = ("Riot police beat peaceful strikers outside the depot in Harlow.\n\n"
            "The union said the strikers had done nothing wrong. Officials denied that anyone was hurt.\n")
    one = score_article(read_text(text, path="harlow.txt"))
    assert "backend_agreement" not in one.summary
    two = score_article(read_text(text, path="harlow.txt"), stance=["rules", "minilm"])
    agreement = two.summary["backend_agreement"]["minilm"]
    paragraphs = two.paragraphs
    for side in ("government", "protesters"):
        both = paragraphs[[f"stance_{side}", f"stance_{side}__minilm"]].dropna()
        assert agreement[side]["paragraphs"] == len(both) > 0
        assert agreement[side]["mean_abs_diff"] == pytest.approx(
            (both.iloc[:, 0] - both.iloc[:, 1]).abs().mean(), abs=1e-3)
        assert 0 <= agreement[side]["sign_agreement"] <= 1


def test_corpus_articles_table_has_agreement_columns(tmp_path):
    import pyarrow.parquet as pq

    from analysis.corpus import Options, run

    texts = tmp_path / "in"
    texts.mkdir()
    (texts / "a.txt").write_text("Police fired on the crowd. The protesters said they were unarmed.\n")
    (texts / "b.txt").write_text("The mayor thanked the police for keeping the march calm.\n")
    run(sorted(texts.iterdir()), tmp_path / "out", Options(stance=("rules", "minilm")), fmt="parquet", quiet=True)
    names = pq.read_schema(tmp_path / "out" / "articles.parquet").names
    assert {"agreement_sign_agreement_government__minilm", "agreement_mean_abs_diff_protesters__minilm",
            "agreement_paragraphs_government__minilm"} <= set(names)
