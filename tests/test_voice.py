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
    # another text's statement, letter or petition, reported: not this text introducing itself
    ("A statement from the interior ministry on Monday said police had acted lawfully.", None),
    ("An update from the police said the road was open.", None),
    ("The letter from the union demanded talks.", None),
    ("A petition by striking nurses has gathered 10,000 names.", None),
    ("The strike committee's bulletin was circulated by the union.", None),
    ("This bulletin is published by the strike committee.", "protesters"),
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
    ("staff reporter", "media"),
    ("general manager of a bakery", None),
    # the word before the office is its subject, and a body after "at" / "for" decides
    ("protest liaison officer", None),
    ("detainee welfare officer", None),
    ("government affairs adviser at the nurses' union", "protesters"),
    ("student loans officer at the ministry", "government"),
    ("trade union official", "protesters"),
    # the press, whatever its beat
    ("union affairs correspondent", "media"),
    ("political editor of the Courier", "media"),
])
def test_an_office_held_for_a_body_named_before_it(role, side):
    assert load_sides().side_of_role(role) == side


@pytest.mark.parametrize("text", [
    "I marched with the strikers to the square. Police arrested me. I went on strike with them.",  # a reporter
    "Q: What happened? A: I went on strike. Police beat me. I marched again.",  # an interviewee
    "Riot police raided the mine at dawn. Officers stormed the mine and arrested twelve miners.",
])
def test_only_we_tells_which_side_the_author_is_on(write, text):
    path = write("i.txt", "A headline\n\nBy A Writer\n\nMay 2, 2024\n\nThe Courier\n\n" + text + "\n")
    assert score_article(path).summary["author_side"] == ""
