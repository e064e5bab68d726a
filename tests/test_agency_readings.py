"""Readings of who does what to whom added in stop 11: negative quantifiers, harm done to people
only, suffering with nobody named, implied agents, pronoun binding, "its", role nouns of a body,
"both sides", quoted speakers' tone and "she said" after a named person. Short texts, many phrasings."""
import pytest

from analysis.mentions import load_agency, mentions
from analysis.reader import read_text
from analysis.score import score_article
from analysis.sides import load_sides
from analysis.stance import WEIGHTS


def find(nlp, text):
    return mentions(nlp(text), load_sides())


def rel(ms, side):
    return {(r.role, r.verb, r.verb_class) for m in ms if m.side == side for r in m.relations}


def stance_rows(text, side):
    s = score_article(read_text(text, path="t.txt"))
    ev = s.evidence[(s.evidence["measure"] == "stance") & (s.evidence["side"] == side)]
    return s, ev


@pytest.mark.parametrize("text", [
    "Nobody threw anything at the police.",
    "No one attacked the officers that night.",
    "None of the strikers attacked the officers.",
    "Not one protester was killed.",
    "No demonstrator was injured during the march.",
])
def test_a_negative_quantifier_means_the_harm_did_not_happen(text):
    _, ev = stance_rows(text, "government")
    _, ev_p = stance_rows(text, "protesters")
    rows = [*ev["detail"], *ev_p["detail"]]
    assert not any("of harm" in d and "'not " not in d for d in rows), rows


@pytest.mark.parametrize("text, side", [
    ("Officers struck the marchers with batons.", "protesters"),
    ("A police officer sprayed the nurses in the face.", "protesters"),
    ("Riot police pushed the students down the stairs.", "protesters"),
    ("The occupiers pushed a security guard down a staircase.", "other"),
])
def test_verbs_that_harm_only_people(nlp, text, side):
    ms = find(nlp, text)
    doer = "protesters" if side == "other" else "government"
    assert any(role == "agent" and cls == "harm" for role, _, cls in rel(ms, doer))


@pytest.mark.parametrize("text", [
    "The union struck a deal with the ministry.",
    "Workers sprayed slogans on the ministry wall.",
    "The minister pushed the reform through parliament.",
])
def test_the_same_verbs_on_things_are_not_harm(nlp, text):
    ms = find(nlp, text)
    assert not any(cls == "harm" for m in ms for r in m.relations for cls in [r.verb_class])


@pytest.mark.parametrize("text, phrase", [
    ("Forty protesters were treated for injuries.", "treat for injury"),
    ("Two strikers were taken to hospital with head wounds.", "take to hospital"),
    ("Three demonstrators died on Friday.", "die"),
    ("A student lost an eye.", "lose eye"),
    ("Nine miners suffered burns.", "suffer burn"),
    ("Eleven officers were hospitalised.", "hospitalise"),
    ("Medics treated the marchers for tear gas inhalation.", "treat for inhalation"),
])
def test_suffering_with_nobody_named_makes_a_patient(nlp, text, phrase):
    ms = find(nlp, text)
    side = "government" if "officers" in text else "protesters"
    assert ("patient", phrase, "harm") in rel(ms, side)


def test_doctors_treating_are_not_harming(nlp):
    ms = find(nlp, "Police officers treated the protesters at the scene.")
    assert ("agent", "treat", "prosocial") in rel(ms, "government")
    assert not any(cls == "harm" for _, _, cls in rel(ms, "government"))


def test_harm_with_no_agent_counts_a_little_against_the_other_side_when_present():
    _, ev = stance_rows("Police said that 31 protesters were beaten after their arrest.", "government")
    row = ev[ev["detail"].str.startswith("implied agent of harm")]
    assert len(row) == 1 and row["weight"].iloc[0] == pytest.approx(WEIGHTS["implied_agent_harm"] * 0.7)
    _, ev = stance_rows("Ninety officers were injured, the ministry said, as rioters burned cars.", "protesters")
    assert ev["detail"].str.startswith("implied agent of harm 'injure'").any()


@pytest.mark.parametrize("text", [
    "Thirty protesters were beaten.",  # the other side is not in the paragraph
    "Police beat thirty protesters.",  # the agent is named
    "Thirty protesters were beaten by a gang of masked men.",  # named, though not a side
    "No protester was beaten, police said.",  # did not happen
])
def test_no_implied_agent_without_the_other_side_or_with_a_named_one(text):
    _, ev = stance_rows(text, "government")
    assert not ev["detail"].str.startswith("implied agent").any()


def test_an_object_pronoun_is_not_its_own_verbs_subject(nlp):
    ms = find(nlp, "All 19 protesters arrested on Monday were released. "
                   "The officers and guards who beat them have faced no scrutiny.")
    assert ("patient", "beat", "harm") in rel(ms, "protesters")
    assert ("agent", "beat", "harm") in rel(ms, "government")  # the clause on "guards" covers both
    assert ("patient", "beat", "harm") not in rel(ms, "government")


@pytest.mark.parametrize("text, side", [
    # the understood subject of a to-infinitive is its controller, so "them" is someone else
    ("Riot police beat the peaceful marchers, who did nothing to provoke them.", "government"),
    ("Officers surrounded the strikers, who tried to stop them at the gate.", "government"),
    ("The strikers faced the officers, who wanted to move them on.", "protesters"),
    ("The mayor asked the police to protect them.", None),  # the police protect: "them" is not the police
    # a passive infinitive has its own subject: "them" may be the people who expect it
    ("The rioters can expect the full force of the law to be applied against them.", "protesters"),
])
def test_an_object_pronoun_is_not_the_subject_that_controls_its_infinitive(nlp, text, side):
    ms = find(nlp, text)
    them = [m for m in ms if m.via == "pronoun"]
    assert [m.side for m in them] == ([side] if side else []), [(m.text, m.side) for m in ms]


@pytest.mark.parametrize("text, side", [
    ("State television went further. Its evening bulletin reported that the march was violent.", "government"),
    ("The union held a meeting. Its spokesman said the strike would go on.", "protesters"),
])
def test_its_points_at_the_nearest_institution(nlp, text, side):
    ms = find(nlp, text)
    owned = [m for m in ms if m.text.lower().startswith("its ")]
    assert len(owned) == 1 and owned[0].side == side and owned[0].role == "agent"


def test_its_after_a_person_is_not_resolved(nlp):
    ms = find(nlp, "The mayor visited Harlow. Its roads were closed.")
    assert not [m for m in ms if m.text.lower().startswith("its")]


@pytest.mark.parametrize("text, side", [
    ("“Nobody threw anything,” said Hana Brezik, president of the Nurses' Union.", "protesters"),
    ("“They starved these departments,” said Ines Marrow, the union's president.", "protesters"),
    ("Officials of the farmers' alliance met the mayor on Monday.", "protesters"),
    ("The president of the republic spoke on Monday.", "government"),
])
def test_a_role_noun_takes_the_side_of_its_body(nlp, text, side):
    ms = find(nlp, text)
    first = min(ms, key=lambda m: m.start)
    assert first.side == side


@pytest.mark.parametrize("text", ["For now, both sides have dug in.", "There were injuries on both sides.",
                                  "Mediators were available to either side.", "Both sides of the dispute met."])
def test_both_sides_mentions_every_side(nlp, text):
    ms = find(nlp, text)
    assert {m.side for m in ms if m.via == "both-sides"} == {"government", "protesters"}


def test_either_side_of_a_road_is_a_place(nlp):
    assert not find(nlp, "Cars were parked on either side of the road.")


def test_past_until_clause_happened():
    _, ev = stance_rows("“Nobody threw anything until the police charged at us,” she said.", "government")
    assert ev["detail"].str.contains("agent of harm 'charge'").any()
    _, ev = stance_rows("The pickets will stay until the police charge at them.", "government")
    assert not ev["detail"].str.contains("agent of harm").any()  # a condition still is not an act


def test_a_speakers_complaint_is_not_the_speakers_tone():
    _, ev = stance_rows("“They starved these departments for years and now they say they are too thin to "
                        "survive,” said the union's president.", "protesters")
    assert not ev["detail"].str.startswith("tone of a sentence").any()
    _, ev = stance_rows("The union is a disgrace and a menace to this city.", "protesters")
    assert ev["detail"].str.startswith("tone of a sentence").any()  # a sentence about the union keeps it


def test_she_said_after_a_named_person_in_the_paragraph():
    text = ("The education minister, Carla Detmer, said that students would finish their degrees.\n\n"
            "Orell, a student occupier, has not been back to classes since March. "
            "She says she will sit her exams in May.\n")
    s = score_article(read_text(text, path="t.txt"))
    atts = s.attributions[s.attributions["paragraph"] == 2]
    assert list(atts["source_side"]) == ["protesters"]


def test_new_lexicon_keys_load():
    agency = load_agency()
    assert "strike" in agency.harm_person_verbs and "die" in agency.suffer_subject
    assert "take to hospital" in agency.suffer_object and agency.manner["rightly"] > 0


def test_opponent_of_a_side(tmp_path):
    sides = load_sides()
    assert sides.opponent("protesters") == "government" and sides.opponent("government") == "protesters"
    three = tmp_path / "three.yaml"
    three.write_text("sides:\n  a: {aliases: [alpha]}\n  b: {aliases: [beta], harmed_by: [a]}\n"
                     "  c: {aliases: [gamma]}\n", encoding="utf-8")
    custom = load_sides(three)
    assert custom.opponent("b") == "a"  # named in harmed_by
    assert custom.opponent("a") is None and custom.opponent("c") is None  # three sides: nobody presumed
    assert custom.opponent("nobody") is None


@pytest.mark.parametrize("text, expected", [
    ("The killing of protesters shocked the city.", ("patient", "harm")),
    ("Reports of ill-treatment of detainees grew.", ("patient", "harm")),
    ("The torture of strikers in custody was documented.", ("patient", "harm")),
    ("The violence of the rioters shocked the city.", ("agent", "harm")),
    ("Attacks by demonstrators on shops continued.", ("agent", "harm")),
])
def test_of_after_a_harm_noun_names_the_victim_or_the_doer(nlp, text, expected):
    ms = find(nlp, text)
    assert {(r.role, r.verb_class) for m in ms for r in m.relations} >= {expected}


@pytest.mark.parametrize("text", ["At least 41 of the detainees were beaten.",
                                  "Two of the strikers were beaten by guards.",
                                  "23 of the detainees had injuries consistent with blunt trauma."])
def test_a_number_of_a_side_hands_the_role_to_the_side(nlp, text):
    ms = find(nlp, text)
    assert any(r.role == "patient" and r.verb_class == "harm" for m in ms if m.side == "protesters"
               for r in m.relations)


def test_a_passive_verb_joined_to_an_active_one_keeps_its_role(nlp):
    ms = find(nlp, "The strikers marched to the square and were beaten by police.")
    assert {("agent", "march", ""), ("patient", "beat", "harm")} <= rel(ms, "protesters")


@pytest.mark.parametrize("text, verb", [
    ("The ministry ignored the farmers' petition for months.", "ignore"),
    ("The governor lied to the families about the toll.", "lie"),
    ("Officials covered up the beatings.", "cover"),
])
def test_misconduct_counts_against_the_agent(text, verb):
    _, ev = stance_rows(text, "government")
    row = ev[ev["detail"].str.startswith(f"agent of misconduct '{verb}")]
    assert len(row) == 1 and row["weight"].iloc[0] == WEIGHTS["agent_misconduct"]


def test_lying_on_the_ground_is_not_lying(nlp):
    ms = find(nlp, "Officers kicked the protesters lying on the ground.")
    assert not any(r.verb_class == "misconduct" for m in ms for r in m.relations)


def test_an_organisation_named_after_learned_people_is_on_their_side():
    text = ("Taxi drivers blockaded the airport road on Monday.\n\n"
            "The blockade was organised by the Sallowmere Cab Drivers' Association. "
            "Its chairman said the fee would ruin them.\n")
    s = score_article(read_text(text, path="t.txt"))
    ms = s.mentions[s.mentions["paragraph"] == 2]
    assert set(ms["side"]) == {"protesters"}
    # read from the drivers' name ("learned") or, since it organised the blockade, as that event's owner
    # ("coreference"); "Its chairman" opens a sentence whose subject is the blockade: unresolved
    assert set(ms["via"]) & {"learned", "coreference"} and len(ms) == 1


def test_a_detained_side_is_not_judged_by_the_words_of_its_detention():
    _, ev = stance_rows("Forty-one students were detained overnight and later released without charge.", "protesters")
    assert not ev["detail"].str.startswith("tone of a sentence").any()


@pytest.mark.parametrize("text, side", [
    ("Masked young men began hurling stones at the cordon.", "protesters"),
    ("Two men threw petrol bombs at the police station.", "protesters"),
    ("A man in plain clothes fired rubber bullets at the crowd.", "government"),
])
def test_people_wielding_a_sides_weapon_act_for_it(nlp, text, side):
    ms = find(nlp, text)
    doer = min(ms, key=lambda m: m.start)
    assert doer.side == side and doer.via == "act"
    assert any(r.role == "agent" and r.verb_class == "harm" for r in doer.relations)


def test_throwing_flowers_is_not_wielding_a_weapon(nlp):
    ms = find(nlp, "Two women threw flowers into the river.")
    assert not ms


def test_a_label_word_inside_a_name_is_not_a_label(nlp):
    ms = find(nlp, "The Fair Count movement said the count was rigged.")
    assert not any(word == "fair" for m in ms for word, _ in m.labels)
    ms = find(nlp, "The peaceful marchers reached the square.")
    assert any(word == "peaceful" for m in ms for word, _ in m.labels)


def test_a_quoted_speaker_of_a_side_talking_about_it_is_not_the_tone():
    _, ev = stance_rows("“They kept asking me who had organised it, as if people need an organiser,” said one of "
                        "the released detainees, a nursing student who fears losing her place.", "protesters")
    assert not ev["detail"].str.startswith("tone of a sentence").any()


def test_harm_with_a_sides_weapon_and_no_agent(nlp):
    ms = find(nlp, "Several people were struck with batons as they were marched to the buses.")
    by = {m.via: m for m in ms}
    assert by["instrument"].side == "government" and by["instrument"].role == "agent"
    assert by["victim"].side == "protesters"  # plain people harmed with the state's weapon
    assert not [m for m in ms if m.via == "pronoun" and m.side == "government"]  # "they" is not the batons


@pytest.mark.parametrize("text", ["Court bailiffs carried out the evictions.", "The regional health board closed the ward.",
                                  "A coast guard spokesman said the patrol turned back."])
def test_more_state_bodies(nlp, text):
    assert {m.side for m in find(nlp, text)} == {"government"}


def test_a_narrow_channel_is_not_the_media(nlp):
    assert not find(nlp, "The boats moved into the narrow channel before dawn.")


def test_object_control_verbs_hand_the_second_verb_to_the_object(nlp):
    ms = find(nlp, "The ministry told the fishermen to pay the fines.")
    assert ("agent", "pay", "prosocial") not in rel(ms, "government")
    ms = find(nlp, "The ministry decided to compensate the farmers.")
    assert ("agent", "compensate", "prosocial") in rel(ms, "government")  # subject control keeps it


@pytest.mark.parametrize("text", ["Keeping the fund solvent is not an attack on workers.",
                                  "There was no violence against the protesters."])
def test_a_negated_or_absent_harm_noun_is_not_harm(text):
    _, ev = stance_rows(text, "protesters")
    assert not ev["detail"].str.startswith("patient of harm").any()


def test_its_opening_a_sentence_is_the_last_subjects(nlp):
    ms = find(nlp, "The Save Harlow committee disputes the board's safety case. Its chair said the ward was safe.")
    assert not [m for m in ms if m.text.lower().startswith("its ")]  # the committee, of no known side
    ms = find(nlp, "The union disputes the ministry's figures. Its chair said the figures were wrong.")
    assert [m.side for m in ms if m.text.lower().startswith("its ")] == ["protesters"]


# Regressions found in review (stop 11): each reading must not fire on these phrasings.
def test_subject_control_keeps_the_second_verb(nlp):
    ms = find(nlp, "Police used batons to beat the marchers.")
    assert ("agent", "beat", "harm") in rel(ms, "government")


@pytest.mark.parametrize("text, side", [("Officers at the protest fired tear gas at the marchers.", "government"),
                                        ("Students at the ministry protested on Monday.", "protesters")])
def test_at_a_place_is_not_a_body(nlp, text, side):
    assert min(find(nlp, text), key=lambda m: m.start).side == side


@pytest.mark.parametrize("text, side, sign", [("Police did not stop the attacks by looters.", "protesters", -1),
                                              ("The minister did not mention the killing of protesters.", "protesters", 1)])
def test_a_harm_noun_under_a_negated_verb_still_happened(text, side, sign):
    _, ev = stance_rows(text, side)
    rows = ev[ev["detail"].str.contains("of harm")]
    assert len(rows) and (rows["weight"] * sign > 0).all()


def test_a_reflexive_points_at_its_own_subject(nlp):
    ms = find(nlp, "Protesters threw stones, but the police defended themselves.")
    assert [m.side for m in ms if m.text == "themselves"] == ["government"]


def test_died_with_the_other_side_present_implies_its_agency():
    _, ev = stance_rows("Two protesters died after police moved in.", "government")
    assert ev["detail"].str.startswith("implied agent of harm 'die'").any()


@pytest.mark.parametrize("text", ["The protest died down after police arrived.", "The government is bleeding support.",
                                  "The union pushed the minister to resign.", "Doctors removed rubber bullets from the wounded.",
                                  "Riot police stood on either side as the march passed."])
def test_idioms_and_rescues_are_not_harm_or_sides(nlp, text):
    ms = find(nlp, text)
    assert not any(r.verb_class == "harm" for m in ms for r in m.relations)
    assert not [m for m in ms if m.via == "both-sides"]
    assert "government" not in {m.side for m in ms if m.via == "act"}


def test_its_after_a_noun_in_between_is_not_resolved(nlp):
    ms = find(nlp, "The ministry funds the hospital, and its staff said the wards were full.")
    assert not [m for m in ms if m.text.lower().startswith("its ")]
