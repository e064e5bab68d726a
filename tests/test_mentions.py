"""Mentions: side matching, agent/patient roles, harm/prosocial verbs and evaluative labels."""
import pytest

from analysis.mentions import mentions
from analysis.sides import load_sides


def find(nlp, text, author_side=None, sides=None):
    return mentions(nlp(text), sides or load_sides(), author_side)


def one(ms, side):
    (m,) = [m for m in ms if m.side == side]
    return m


def relations(m):
    return {(r.role, r.verb, r.verb_class) for r in m.relations}


def test_active_harm_agent_and_patient(nlp):
    ms = find(nlp, "Rioters attacked police officers and set fire to the town hall.")
    rioters, police = one(ms, "protesters"), one(ms, "government")
    assert ("agent", "attack", "harm") in relations(rioters)
    assert ("agent", "set", "harm") in relations(rioters)  # "set fire" via a shared subject
    assert ("rioters", -0.5) in rioters.labels
    assert police.role == "patient" and police.verb == "attack"


def test_passive_by_agent(nlp):
    ms = find(nlp, "The protesters were beaten by soldiers.")
    assert one(ms, "protesters").role == "patient"
    soldiers = one(ms, "government")
    assert (soldiers.role, soldiers.verb, soldiers.verb_class) == ("agent", "beat", "harm")


@pytest.mark.parametrize("text", ["Police fired on the unarmed crowd.", "Troops opened fire on the marchers.",
                                  "Security forces shot at demonstrators near the bridge."])
def test_fire_on_makes_patients(nlp, text):
    ms = find(nlp, text)
    assert one(ms, "government").role == "agent" and one(ms, "government").verb_class == "harm"
    assert one(ms, "protesters").role == "patient"


def test_labels_adjective_apposition_predicate(nlp):
    crowd = one(find(nlp, "Police fired on the unarmed crowd."), "protesters")
    assert ("unarmed", 0.6) in crowd.labels
    strikers = one(find(nlp, "The strikers are the perpetrators of the violence."), "protesters")
    assert any(word == "perpetrators" and v < 0 for word, v in strikers.labels)
    officials = one(find(nlp, "Officials responsible for the crackdown will be investigated."), "government")
    assert any(word.startswith("responsible for") for word, _ in officials.labels)


def test_relative_clause_subject_is_antecedent(nlp):
    ms = find(nlp, "Authorities detained workers who had attacked a guard.")
    workers = one(ms, "protesters")
    assert ("agent", "attack", "harm") in relations(workers)
    assert ("patient", "detain", "coercion") in relations(workers)


def test_nominal_harm_agency(nlp):
    ms = find(nlp, "Police violence against the marchers shocked the city.")
    assert ("agent", "violence", "harm") in relations(one(ms, "government"))
    assert ("patient", "violence", "harm") in relations(one(ms, "protesters"))


def test_group_of_climbs_to_role(nlp):
    ms = find(nlp, "A group of strikers threw stones at the police.")
    assert ("agent", "throw", "harm") in relations(one(ms, "protesters"))


def test_prosocial_agent(nlp):
    ms = find(nlp, "The governor promised to protect the farmers and compensate their families.")
    assert ("agent", "protect", "prosocial") in relations(one(ms, "government"))


def test_author_voice_resolves_to_author_side(nlp):
    ms = find(nlp, "We will investigate every complaint.", author_side="protesters")
    assert one(ms, "protesters").via == "author"
    assert find(nlp, "We will investigate every complaint.") == []  # no role, no side


def test_we_inside_quotes_is_not_the_author(nlp):
    ms = find(nlp, '"We will not leave," a striker said.', author_side="government")
    assert all(m.via != "author" for m in ms)


def test_titles_before_names(nlp):
    ms = find(nlp, "Union leader Maria Santos addressed the crowd.")
    assert {m.side for m in ms} == {"protesters"}
    assert any("Santos" in m.text for m in ms)


def test_groups_are_not_sides(nlp):
    ms = find(nlp, "Human rights groups and journalists criticised the ministry.")
    assert {m.side for m in ms} == {"rights_groups", "media", "government"}


def test_custom_sides_file(nlp, tmp_path):
    path = tmp_path / "sides.yaml"
    path.write_text("sides:\n  company:\n    aliases: [management, 'board of directors', firm]\n"
                    "  residents:\n    aliases: [villager, resident]\n")
    sides = load_sides(str(path))
    assert sides.sides == ["company", "residents"]
    ms = find(nlp, "Management evicted the villagers.", sides=sides)
    assert one(ms, "company").role == "agent" and one(ms, "residents").role == "patient"


def test_extending_the_default_sides(nlp, tmp_path):
    path = tmp_path / "extra.yaml"
    path.write_text("extends: default\nsides:\n  government:\n    aliases: [carabinieri]\n")
    sides = load_sides(str(path))
    assert sides.sides == ["government", "protesters"]
    assert one(find(nlp, "The carabinieri arrested two men.", sides=sides), "government").role == "agent"


def test_role_to_side():
    sides = load_sides()
    assert sides.side_of_role("prosecutor general of a small country") == "government"
    assert sides.side_of_role("president of the dockworkers' union") == "protesters"
    assert sides.side_of_role("mayor of a port city") == "government"
    assert sides.side_of_role("a union organiser in the port") == "protesters"
    assert sides.side_of_role("a novelist") is None


def test_source_side_is_the_head_not_a_modifier():
    from analysis import read_text
    from analysis.score import score_article

    s = score_article(read_text("Critics of the government have claimed that the tender was rigged.\n\n"
                                "A number of rights groups said the trial was unfair.\n"))
    sides = dict(zip(s.attributions["source"], s.attributions["source_side"]))
    assert sides["Critics of the government"] == ""
    assert sides["A number of rights groups"] == "rights_groups"


def test_names_and_heads_are_remembered_across_paragraphs():
    from analysis import read_text
    from analysis.score import score_article

    text = ("Lena Orsk, a spokeswoman for the dockworkers' union, said the strike would go on.\n\n"
            "Orsk said talks had failed. The Dockworkers Association backed the strike.\n\n"
            "The association said it would hold a rally.\n")
    s = score_article(read_text(text))
    rows = s.attributions.set_index(["paragraph", "source"])["source_side"]
    assert rows[(1, "Lena Orsk")] == "protesters"
    assert rows[(2, "Orsk")] == "protesters"
    assert rows[(3, "The association")] == "protesters"


def test_appositive_role_clause():
    ms = mentions_of("Mira Lenz, a crane operator who chairs the strike committee, spoke first.")
    assert any(m.text == "Mira Lenz" and m.side == "protesters" for m in ms)


def test_modifier_side_wins_over_generic_head():
    assert {m.side for m in mentions_of("The student council backed the occupation.")} == {"protesters"}
    assert {m.side for m in mentions_of("The police union defended the officers.")} == {"government"}


def test_closed_compound_alias():
    assert {m.side for m in mentions_of("Dockworkers walked out.")} == {"protesters"}


def mentions_of(text):
    from analysis.nlp import load_nlp

    return mentions(load_nlp()(text), load_sides())


# --- mood of a verb: negation and irrealis (conditions, demands) --------------------------------
from analysis.mentions import mood  # noqa: E402


def _verb(nlp, text, lemma):
    return next(t for t in nlp(text) if t.lemma_.lower() == lemma)


@pytest.mark.parametrize("text, lemma", [
    ("The soldiers did not attack the marchers.", "attack"),
    ("Officers never beat anyone at the rally in Dovetown.", "beat"),
    ("The council has not apologised to the families.", "apologise"),
    ("The guards didn't shoot.", "shoot"),
])
def test_negated_verbs(nlp, text, lemma):
    assert mood(_verb(nlp, text, lemma)) == "negated"


@pytest.mark.parametrize("text, lemma", [
    ("If the police attack the crowd, the marchers will leave.", "attack"),
    ("The pickets will stay until the mine owner pays the wages.", "pay"),
    ("We call for the ministry to compensate every family.", "compensate"),
    ("Unless the army withdraws, the villagers will burn the depot.", "burn"),
])
def test_irrealis_verbs(nlp, text, lemma):
    assert mood(_verb(nlp, text, lemma)) == "irrealis"


@pytest.mark.parametrize("text, lemma", [
    ("Soldiers attacked the marchers in Brenlow.", "attack"),
    ("The mayor apologised to the families on Monday.", "apologise"),
])
def test_plain_acts_have_no_mood(nlp, text, lemma):
    assert mood(_verb(nlp, text, lemma)) == ""


@pytest.mark.parametrize("text", [
    "Two mayors were charged with misappropriating public funds.",
    "Three officials were charged last week with embezzling aid money.",
    "Four officials face charges of fraud.",
    "Six officials are facing criminal charges for exceeding their authority.",
])
def test_accused_of_misconduct(nlp, text):
    officials = [m for m in find(nlp, text) if m.side == "government" and m.text.lower().endswith(("officials", "mayors"))]
    assert ("accused", "harm") in {(r.role, r.verb_class) for r in officials[0].relations}


@pytest.mark.parametrize("text", [
    "The officers who fired were never identified.",
    "Soldiers fired rubber bullets into the square.",
    "Police fired tear gas canisters from the bridge.",
])
def test_firing_weapons_is_harm(nlp, text):
    gov = one(find(nlp, text), "government")
    assert ("agent", "harm") in {(r.role, r.verb_class) for r in gov.relations}


def test_company_firing_staff_is_not_intransitive_harm(nlp):
    ms = find(nlp, "The ministry fired two clerks.")
    assert all(r.verb != "fire" or r.verb_class != "harm" for m in ms for r in m.relations if m.side == "government")


@pytest.mark.parametrize("text, value", [
    ("The government is right to build the dam.", 0.4),
    ("The strikers were wrong to block the rail line.", -0.4),
    ("The marchers were not wrong to block the bridge.", 0.2),
    ("The ministry's plan is reasonable, and the ministry is right.", 0.4),
])
def test_judging_adjectives(nlp, text, value):
    ms = find(nlp, text)
    assert any(v == value for m in ms for _, v in m.labels)


def test_a_right_is_not_a_label(nlp):
    ms = find(nlp, "Workers have a right to strike, the union said.")
    assert not any(w.endswith("right") for m in ms for w, _ in m.labels)


def test_depth_counts_steps_to_the_root(nlp):
    from analysis.mentions import _depth

    doc = nlp("The police arrested the leaders of the union.")
    by_text = {t.text: t for t in doc}
    assert _depth(by_text["arrested"]) == 0
    assert _depth(by_text["police"]) == 1
    assert _depth(by_text["union"]) > _depth(by_text["leaders"]) >= 1
