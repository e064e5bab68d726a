"""Roster: sides read from what people do (acts), learned person nouns and names, victims, the author's "we"."""
import json

import pytest

from analysis.errors import InputError
from analysis.mentions import mentions
from analysis.reader import read_text
from analysis.roster import act_of, act_subjects, learn
from analysis.score import score_article
from analysis.sides import load_sides


def sides_of(nlp, text, known=None, author_side=None):
    doc = nlp(text)
    return {(m.text, m.side, m.via) for m in mentions(doc, load_sides(), author_side, known=known)}


def vias(found, via):
    return {(text, side) for text, side, v in found if v == via}


@pytest.mark.parametrize("text, subject", [
    ("Thousands of nurses marched to the ministry on Monday.", "nurses"),
    ("The bus drivers went on strike in May.", "drivers"),
    ("Local residents kept a blockade on the logging road for weeks.", "residents"),
    ("Pensioners took to the streets of the capital.", "Pensioners"),
    ("Dozens of teachers held a sit-in outside the school board.", "teachers"),
    ("The cleaners, who walked out on Friday, want a contract.", "cleaners"),
    ("Farmers threatened to strike if the subsidy is cut.", "Farmers"),
    ("Tenants occupied the housing office for a day.", "Tenants"),
])
def test_protest_acts_put_their_subjects_on_the_protest_side(nlp, text, subject):
    doc = nlp(text)
    found = {doc[i].text: side for i, side in act_subjects(doc, load_sides()).items()}
    assert found.get(subject) == "protesters"


@pytest.mark.parametrize("text", [
    "The study demonstrates that wages fell.",  # a reporting use, with a clause
    "The company struck a deal with its lenders.",  # "strike" with an object is not a strike
    "The results came out on Tuesday.",
    "Engineers repaired the road.",
])
def test_other_verbs_are_no_acts(nlp, text):
    assert act_subjects(nlp(text), load_sides()) == {}


def test_act_of_reads_phrases_and_wildcards(nlp):
    sides = load_sides()
    doc = nlp("Gendarmes tear-gassed the square while students occupied the rectorate and drivers went on strike.")
    acts = {t.lemma_: act_of(t, sides) for t in doc if t.pos_ == "VERB"}
    assert acts["occupy"] == "protesters" and acts["go"] == "protesters"
    assert "government" in acts.values()  # "tear-gas *"


def test_plain_people_are_a_side_only_where_they_act(nlp):
    found = sides_of(nlp, "Thousands of people marched peacefully through the centre. People queued for bread.")
    assert vias(found, "act") == {("people", "protesters")}
    assert not any(text == "People" for text, _, _ in found)


def test_learned_person_nouns_hold_for_the_whole_article(nlp):
    sides = load_sides()
    docs = [nlp("Striking midwives gathered at the hospital gates."),
            nlp("A midwife was pushed to the ground. The midwives say they will stay.")]
    roster = learn(docs, sides)
    assert roster.heads == {"midwife": "protesters"}
    found = {(m.text, m.side, m.via) for m in mentions(docs[1], sides, known=roster.known())}
    assert ("A midwife", "protesters", "learned") in found
    assert ("The midwives", "protesters", "learned") in found


def test_a_noun_seen_doing_both_sides_acts_is_not_learned(nlp):
    roster = learn([nlp("The guards marched to the square."), nlp("The guards arrested two men.")], load_sides())
    assert roster.known() == {}


def test_plain_people_are_never_learned(nlp):
    roster = learn([nlp("Residents blocked the road for a week.")], load_sides())
    assert roster.heads == {}


def test_names_doing_acts_are_learned(nlp):
    sides = load_sides()
    docs = [nlp("Members of Green Valley Watch kept a blockade on the road."), nlp("Green Valley Watch has 900 members.")]
    roster = learn(docs, sides)
    assert roster.names.get("Watch") == "protesters"
    assert roster.side_of_role("spokesperson of Green Valley Watch") == "protesters"
    assert roster.side_of_role("editor of the Daily Courier") is None


@pytest.mark.parametrize("text, expected", [
    ("Riot police beat people who were lying on the ground.", {("people", "protesters")}),
    ("A woman was shot by soldiers near the bridge.", {("A woman", "protesters")}),
    ("Officers kicked a man in the head.", {("a man", "protesters")}),
])
def test_plain_people_harmed_by_the_state_are_its_victims(nlp, text, expected):
    assert vias(sides_of(nlp, text), "victim") == expected


@pytest.mark.parametrize("text", [
    "Rioters attacked people in the market.",  # harmed by the other side: bystanders, no side
    "A man was injured when a wall collapsed.",  # no agent
    "People praised the police.",
])
def test_other_plain_people_stay_unassigned(nlp, text):
    assert vias(sides_of(nlp, text), "victim") == set()


def test_striking_before_a_person_noun_counts_even_when_misparsed(nlp):
    found = sides_of(nlp, "Officers used pepper spray and batons to push back striking nurses marching on the ministry.")
    assert any(side == "protesters" and "nurses" in text for text, side, _ in found)


@pytest.mark.parametrize("text, side", [
    ("We marched to the square. They beat us with batons. We went on strike again.", "protesters"),
    ("Our union asked for talks. Police arrested us at dawn.", "protesters"),
    ("We detained 40 suspects. Our officers were attacked with stones. We arrested the organisers.", "government"),
])
def test_the_author_we_side_is_read_from_what_we_do(write, text, side):
    path = write("a.txt", "A headline\n\nBy A Writer\n\nMay 2, 2024\n\nThe Courier\n\n" + text + "\n")
    summary = score_article(path).summary
    assert (summary["author_side"], summary["author_side_via"]) == (side, "first-person")


@pytest.mark.parametrize("text", [
    "We believe the council was right. We urge both sides to talk.",  # an editorial board
    "We marched once. Our government has failed us.",  # one sign, and a citizen's "our government"
    '"We marched to the square," she said. "We went on strike," he said.',  # quoted speakers
])
def test_no_author_side_without_clear_signs(write, text):
    path = write("b.txt", "A headline\n\nBy A Writer\n\nMay 2, 2024\n\nThe Courier\n\n" + text + "\n")
    assert score_article(path).summary["author_side"] == ""


def test_a_bio_role_still_decides_first(write):
    text = ("A headline\n\nBy A Writer\n\nMay 2, 2024\n\nThe Courier\n\nWe marched to the square. "
            "We went on strike.\n\nA Writer is the interior minister of Freedonia.\n")
    summary = score_article(write("c.txt", text)).summary
    assert (summary["author_side"], summary["author_side_via"]) == ("government", "role")


def test_sides_file_acts_and_harmed_by_are_checked(write):
    good = write("good.yaml", "extends: default\nsides:\n  protesters:\n    acts: [\"sing *\"]\n")
    assert load_sides(good).act_index["sing *"] == "protesters"
    bad = write("bad.yaml", "sides:\n  a:\n    aliases: [x]\n    harmed_by: [nobody]\n")
    with pytest.raises(InputError, match="harmed_by 'nobody'"):
        load_sides(bad)
    wrong = write("wrong.yaml", "sides:\n  a:\n    aliases: [x]\n    acts: march\n")
    with pytest.raises(InputError, match="'acts'"):
        load_sides(wrong)
    events = write("events.yaml", "extends: default\nsides:\n  protesters:\n    events: [lock-in]\n")
    assert load_sides(events).event_index["lock-in"] == "protesters"
    assert load_sides(events).event_index["strike"] == "protesters"  # the default's events are kept
    with pytest.raises(InputError, match="'events'"):
        load_sides(write("events2.yaml", "sides:\n  a:\n    aliases: [x]\n    events: strike\n"))


def test_roster_readings_are_deterministic(write):
    text = ("A headline\n\nBy A Writer\n\nMay 2, 2024\n\nThe Courier\n\nStriking cleaners marched on the "
            "town hall. A cleaner was beaten by officers.\n\nThousands of people marched again.\n")
    path = write("d.txt", text)
    first, second = score_article(path), score_article(path)
    assert first.mentions.to_csv() == second.mentions.to_csv()
    assert json.dumps(first.summary, sort_keys=True) == json.dumps(second.summary, sort_keys=True)
    assert {"learned", "act"} <= set(first.mentions["via"])


@pytest.mark.parametrize("text, owner", [
    ("Fishermen escalated their protest against the quota cuts.", "Fishermen"),
    ("The teachers' strike entered its third week.", "teachers"),
    ("The strike by nurses ended on Friday.", "nurses"),
    ("Staff kept the protest going for nine days.", "Staff"),
    ("For nineteen days the teachers of Eskaland have been on strike.", "teachers"),
    ("The drivers called off their strike on Monday.", "drivers"),
])
def test_whoever_holds_a_sides_event_is_on_that_side(nlp, text, owner):
    doc = nlp(text)
    found = {doc[i].text: side for i, side in act_subjects(doc, load_sides()).items()}
    assert found.get(owner) == "protesters"


@pytest.mark.parametrize("text", [
    "Police broke up their protest on Monday.",  # their protest is someone else's
    "Riot police ended the blockade at dawn.",
    "The mayor called the protest a nuisance.",
])
def test_ending_or_judging_an_event_does_not_make_its_owner(nlp, text):
    doc = nlp(text)
    assert not act_subjects(doc, load_sides())


@pytest.mark.parametrize("text, event", [
    ("The blockade has lasted forty days.", "The blockade"),
    ("The minister said the blockade was putting lives at risk.", "the blockade"),
    ("Police broke up the sit-in at dawn.", "the sit-in"),
    ("The knock-on effects of this strike are spreading inland.", "this strike"),
    ("Those marches were the largest in a decade.", "Those marches"),
])
def test_a_definite_event_stands_for_the_side_that_holds_it(nlp, text, event):
    assert (event, "protesters", "event") in sides_of(nlp, text)


@pytest.mark.parametrize("text", [
    "A demonstration was planned for Friday.",  # indefinite: no one's event yet
    "Workers have the right to strike.",
    "The strike fund ran dry.",  # a modifier, not the event
    "Strikes are rare in the sector.",
    "The air strike killed ten civilians.",  # a war's strike, blockade or occupation
    "The naval blockade continued for a year.",
    "The Soviet occupation ended in 1991.",
    "The police blockade prevented marchers from reaching the square.",  # the other side's blockade
    "The NATO blockade continued.",
    "The US-led occupation ended.",
    "The strike on the convoy killed five soldiers.",
])
def test_an_indefinite_or_generic_event_is_not_a_mention(nlp, text):
    assert not {m for m in sides_of(nlp, text) if m[2] == "event"}


@pytest.mark.parametrize("text, holder", [
    ("The fishermen's blockade entered its second week.", "fishermen"),
    ("The strike by nurses ended on Friday.", "nurses"),
    ("The march was called by the Pensioners' League.", "League"),
    ("The workers' sit-in ended.", "workers"),
    ("The sit-in of the students ended.", "students"),
    ("The strike called by the union ended on Friday.", "union"),
])
def test_a_held_event_is_left_to_its_holder(nlp, text, holder):
    found = sides_of(nlp, text)
    assert not {m for m in found if m[2] == "event"} and any(holder in m[0] for m in found)


@pytest.mark.parametrize("text", [
    "The strike in support of the sacked workers continued.",  # the people it is for, not its holders
    "The vigil for the dead protesters was silent.",
    "The rally for the jailed activists drew thousands.",
])
def test_an_event_for_a_sides_people_is_still_a_mention(nlp, text):
    assert {m for m in sides_of(nlp, text) if m[2] == "event"}


def test_a_learned_pronoun_subject_teaches_its_antecedent(nlp):
    docs = [nlp("The drivers put up a gazebo outside the office they are protesting at."),
            nlp("A driver shouted at my neighbour.")]
    roster = learn(docs, load_sides())
    assert roster.heads.get("driver") == "protesters"


def test_a_bio_naming_learned_people_gives_the_author_side():
    text = ("We Sat Down. They Answered With Batons.\n\nBy Halla Vendrup\n\nOctober 14, 2024\n\nThe Ledger\n\n"
            "For nineteen days the teachers of Eskaland have been on strike.\n\n"
            "Police beat our members outside the ministry.\n\n"
            "Halla Vendrup is general secretary of the United Teachers of Eskaland.\n")
    s = score_article(read_text(text, path="t.txt"))
    assert s.summary["author_side"] == "protesters" and s.summary["author_side_via"] == "role-name"


@pytest.mark.parametrize("text, name", [
    ("The blockade was organised by the Cab Drivers' Association. The Association said it would go on.",
     "the Cab Drivers' Association"),
    ("The march was called by the Coastal Fishers' League. League officials said the boats would stay in port.",
     "League officials"),
    ("The march was called by the Brandt Workers' League.", "the Brandt Workers' League"),
])
def test_whoever_a_protest_was_organised_by_is_on_its_side(text, name):
    s = score_article(read_text(text, path="t.txt"))
    assert s.mentions[s.mentions["text"] == name]["side"].tolist() == ["protesters"]


@pytest.mark.parametrize("text", [
    "The march was held up by Brandt Security for an hour.",
    "The march was held back by Brandt Security at the gate.",
    "The march was called illegal by Brandt Security.",
    "The rally was broken up by Brandt Security within an hour.",
    "The strike was condemned by Brandt Security.",
])
def test_who_stops_or_judges_a_protest_is_not_its_organiser(text):
    s = score_article(read_text(text, path="t.txt"))
    assert "protesters" not in set(s.mentions[s.mentions["text"].str.contains("Brandt")]["side"])


def test_a_place_in_a_which_clause_does_not_act():
    text = "Police arrested dozens in Kiel, which held a rally on Sunday. Kiel officials said the rally was illegal."
    s = score_article(read_text(text, path="t.txt"))
    assert s.mentions[s.mentions["text"] == "Kiel officials"]["side"].tolist() == ["government"]


@pytest.mark.parametrize("text, pronoun, side", [
    # "the marches" stands between, so "they" is left unresolved rather than made the marchers
    ("Riot police dispersed the marches, and then they detained the organisers.", "they", None),
    ("The ministry condemned the strike and its spokesman called it illegal.", "its spokesman", None),
    ("The hunger strike entered its tenth day.", "its tenth day", None),
    ("The ministry banned the marches and its spokesman defended the decision.", "its spokesman", "government"),
])
def test_a_pronoun_never_points_at_an_event(nlp, text, pronoun, side):
    found = {(m[0], m[1]) for m in sides_of(nlp, text) if m[2] == "pronoun"}
    assert {s for t, s in found if t == pronoun} == ({side} if side else set())
