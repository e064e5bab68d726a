"""Stance relative to the opponent: two opposed sides named in a paragraph move against each other;
a side the paragraph does not name is implied from its opponent."""
import math

import pytest

from analysis import read_text
from analysis.errors import InputError
from analysis.relative import SCALE
from analysis.score import score_article
from analysis.sides import load_sides

HEAD = "Night on the Square\n\nBy Lena Marsh\n\nMay 2, 2021\n\nThe Courier\n\n"
EXTEND = "extends: default\nsides:\n  government: {aliases: [carabinieri]}\n"
OPENING = "Hundreds of nurses went on strike on Monday and marched to the health ministry.\n\n"


def score(body, sides=None):
    return score_article(read_text(HEAD + OPENING + body, path="t.txt"), sides=sides)


def cell(s, paragraph, side):
    return s.paragraphs.set_index("paragraph").loc[paragraph, f"stance_{side}"]


def implied_rows(s):
    return s.evidence[s.evidence["detail"].str.startswith("implied:")]


@pytest.mark.parametrize("paragraph", [
    "Riot police fired tear gas into the square and beat people who were lying on the ground.",
    "Riot police charged across the square, swinging batons and firing tear gas.",
    "The ministry has ignored every letter for six months and lied about the budget.",
    "Soldiers opened fire without warning, killing three people and wounding dozens.",
])
def test_harm_by_one_side_implies_sympathy_for_the_other(paragraph):
    s = score(paragraph)
    gov, prot = cell(s, 2, "government"), cell(s, 2, "protesters")
    assert gov < 0
    assert prot == pytest.approx(-SCALE * gov, abs=1e-4) and prot > 0
    (row,) = implied_rows(s)[lambda t: t.paragraph == 2].itertuples()
    assert row.side == "protesters" and row.weight == prot and row.measure == "stance"
    para = s.paragraphs.set_index("paragraph").loc[2, "text"]
    assert para[row.start:row.end] == row.text  # the opponent's mention the reading rests on


@pytest.mark.parametrize("paragraph", [
    "The ministry thanked the officers who protected residents and restored order by dawn.",
    "Police helped firefighters reach the burning market and escorted families to safety.",
])
def test_praise_of_one_side_implies_the_reverse_for_the_other(paragraph):
    s = score(paragraph)
    assert cell(s, 2, "government") > 0
    assert cell(s, 2, "protesters") < 0


def test_a_side_the_article_never_names_is_not_implied():
    text = HEAD + "Police helped firefighters reach the burning market and escorted families to safety.\n\n" \
        "The ministry said the roads would reopen on Tuesday.\n"
    s = score_article(read_text(text, path="t.txt"))
    assert s.paragraphs["stance_government"].notna().all()
    assert s.paragraphs["stance_protesters"].isna().all()
    assert implied_rows(s).empty


def test_a_paragraph_naming_neither_side_stays_empty():
    s = score("The weather was cold and the trains ran on time.")
    assert math.isnan(cell(s, 2, "government")) and math.isnan(cell(s, 2, "protesters"))


def test_a_named_side_keeps_its_own_score():
    s = score("Police beat the nurses, who had sat down peacefully in the road.")
    assert cell(s, 2, "protesters") > 0
    assert implied_rows(s)[lambda t: t.paragraph == 2].empty


def test_the_summary_counts_implied_paragraphs_apart():
    s = score("Riot police fired tear gas into the square and beat people who were lying on the ground.")
    prot = s.summary["sides"]["protesters"]
    assert prot["n_implied"] == 1 and prot["n_paragraphs"] == 1
    values = s.paragraphs.set_index("paragraph")["stance_protesters"].dropna()
    pulled = s.evidence[s.evidence["detail"].str.startswith("article:") & (s.evidence.side == "protesters")
                        & (s.evidence.measure == "stance")].set_index("paragraph")["weight"]
    before = values - pulled.reindex(values.index).fillna(0)  # analysis.article_pull adds no evidence
    assert prot["net_stance"] == pytest.approx(before.mean(), abs=1e-4) and len(values) == 2


def test_every_backend_gets_implied_scores_with_its_own_evidence():
    text = HEAD + OPENING + "Riot police fired tear gas into the square and beat people who were lying on the ground.\n"
    s = score_article(read_text(text, path="t.txt"), stance=["rules", "minilm"])
    rows = implied_rows(s)
    assert set(rows["measure"]) == {"stance", "stance:minilm"}
    ev = s.evidence[(s.evidence.paragraph == 2) & (s.evidence.side == "protesters")
                    & (s.evidence.measure == "stance:minilm")]
    assert ev["detail"].str.match("implied:|article:").all()  # the reverse of the police's, then the pull
    assert s.paragraphs.set_index("paragraph").loc[2, "stance_protesters__minilm"] == \
        pytest.approx(ev["weight"].sum(), abs=1e-4)


def test_opposed_empty_switches_it_off(unopposed_sides):
    s = score("Riot police fired tear gas into the square.", unopposed_sides)
    assert math.isnan(cell(s, 2, "protesters")) and implied_rows(s).empty


def test_a_replacing_sides_file_has_no_opposed_pair_unless_it_names_one(tmp_path):
    sides = "sides:\n  city: {aliases: [council]}\n  residents: {aliases: [tenant]}\n"
    text = HEAD + "Tenants marched to the town hall.\n\nThe council evicted a family and beat their son.\n"
    path = tmp_path / "s.yaml"
    path.write_text(sides, "utf-8")
    s = score_article(read_text(text, path="t.txt"), sides=path)
    assert math.isnan(s.paragraphs.set_index("paragraph").loc[2, "stance_residents"])
    path = tmp_path / "s2.yaml"  # a new path: load_sides caches by path
    path.write_text(sides + "opposed: [city, residents]\n", "utf-8")
    s = score_article(read_text(text, path="t.txt"), sides=path)
    assert s.paragraphs.set_index("paragraph").loc[2, "stance_residents"] > 0


@pytest.mark.parametrize("opposed, problem", [
    ("[government]", "two different sides"),
    ("[government, government]", "two different sides"),
    ("government", "two different sides"),
    ("[government, media]", "'media', which is not a side"),
])
def test_a_bad_opposed_pair_is_one_clear_error(tmp_path, opposed, problem):
    path = tmp_path / "bad.yaml"
    path.write_text(EXTEND + f"opposed: {opposed}\n", "utf-8")
    load_sides.cache_clear()
    with pytest.raises(InputError, match=problem) as err:
        load_sides(path)
    assert str(path) in str(err.value)


@pytest.mark.parametrize("paragraph", [
    "Police beat the nurses, who had sat down peacefully in the road.",
    "Protesters threw stones at the officers, and police then beat the marchers with batons.",
    "The ministry thanked the strikers for ending the blockade, and the union praised the minister.",
    "Soldiers shot and killed unarmed, peaceful marchers.",
])
def test_both_named_each_side_moves_against_the_other(unopposed_sides, paragraph):
    raw, moved = score(paragraph, unopposed_sides), score(paragraph)
    rows = moved.evidence[moved.evidence["detail"].str.startswith("relative:") & (moved.evidence.paragraph == 2)]
    for side, other in (("government", "protesters"), ("protesters", "government")):
        own, opp = cell(raw, 2, side), cell(raw, 2, other)
        assert not math.isnan(own) and not math.isnan(opp)
        expected = max(-1.0, min(1.0, own - SCALE * opp))
        assert cell(moved, 2, side) == pytest.approx(expected, abs=2e-4)
        mine = rows[rows.side == side]
        if opp == 0:  # nothing to move against
            assert mine.empty and cell(moved, 2, side) == own
            continue
        (row,) = mine.itertuples()
        assert row.weight == pytest.approx(-SCALE * opp, abs=1e-4)
        assert -1.0 <= cell(moved, 2, side) <= 1.0


def test_an_unopposed_paragraph_does_not_move():
    s = score("The weather was cold and the nurses' trains ran on time.")
    assert s.evidence[s.evidence["detail"].str.startswith("relative:") & (s.evidence.paragraph == 2)].empty
