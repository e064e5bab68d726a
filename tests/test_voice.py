"""The side a text's opening says it speaks for (analysis.voice), the offices a bio role names, and
the author's "I" in the first-person reading."""
import pytest

from analysis.score import score_article
from analysis.sides import load_sides
from analysis.voice import self_described_side


@pytest.mark.parametrize("text, side", [
    ("This is the fourteenth bulletin of the Strike Committee of the Varn Textile Workers, written on Monday.",
     "protesters"),
    ("What follows is a statement from the strike committee.", "protesters"),
    ("This statement is issued by the Ministry of the Interior. Order has been restored.", "government"),
    ("We are the families of the people who were detained when police cleared the gardens. We formed a committee.",
     "protesters"),
    ("We are the parents of the arrested students.", "protesters"),
    ("We, the undersigned striking nurses, demand an inquiry.", "protesters"),
    ("We write to you as members of the dockworkers' union.", "protesters"),
    # no self-introduction, or one that names no side
    ("This is the story of a town that lost its port.", None),
    ("We are proud of this city.", None),
    ("We, the editors, apologise for an error.", None),
    ('"We are the strike committee," a man shouted.', None),  # a quoted speaker, not the text's voice
    ("Police fired on the crowd. The mayor spoke at noon. This is a statement from the strike committee.", None),
])
def test_the_opening_names_the_voice(nlp, text, side):
    assert self_described_side(nlp(text), load_sides()) == side


def test_a_self_described_voice_is_the_authors_side_and_its_we_a_mention(write):
    text = ("This is the third bulletin of the strike committee of the bakery workers.\n\n"
            "Since Tuesday, 12 of our members have been arrested. We will keep the picket.\n")
    result = score_article(write("bulletin.txt", text))
    assert (result.summary["author_side"], result.summary["author_side_via"]) == ("protesters", "self-described")
    ours = result.mentions[(result.mentions.paragraph == 2) & (result.mentions.via == "author")]
    assert set(ours.side) == {"protesters"} and len(ours) >= 2


def test_a_bio_role_still_decides_before_the_opening(write):
    text = ("This is a statement from the strike committee.\n\nWe will talk to everyone.\n\n"
            "Jo Marr is the interior minister of Freedonia.\n")
    result = score_article(write("s.txt", "A headline\n\nBy Jo Marr\n\nMay 2, 2024\n\n" + text))
    assert (result.summary["author_side"], result.summary["author_side_via"]) == ("government", "role")


@pytest.mark.parametrize("role, side", [
    ("Government Spokesperson of the Republic of Varn", "government"),
    ("police press officer", "government"),
    ("union representative at the plant", "protesters"),
    ("chief negotiator for the union", "protesters"),
    ("general secretary of the Miners' Union", "protesters"),
    ("press officer", None),
    ("staff reporter", None),
    ("general manager of a bakery", None),
])
def test_an_office_held_for_a_body_named_before_it(role, side):
    assert load_sides().side_of_role(role) == side


@pytest.mark.parametrize("text, side", [
    ("I marched to the square. They beat me with batons. I went on strike again.", "protesters"),
    ("My union asked for talks. Police arrested me at dawn.", "protesters"),
])
def test_the_authors_i_votes_like_we(write, text, side):
    path = write("i.txt", "A headline\n\nBy A Writer\n\nMay 2, 2024\n\nThe Courier\n\n" + text + "\n")
    summary = score_article(path).summary
    assert (summary["author_side"], summary["author_side_via"]) == (side, "first-person")
