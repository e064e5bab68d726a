"""Tests for the reporting-cue lexicon (analysis.cues) and the attribution extractor (analysis.attribution).

Every sentence here is written for the test; none comes from the seed article.
"""
from __future__ import annotations

from importlib import resources

import pytest
import yaml

from analysis import attribution as att
from analysis.attribution import Attribution, extract, pair_quotes
from analysis.cues import CLASSES, load_cues
from analysis.errors import InputError
from analysis.nlp import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


def run(nlp, text, cues=None) -> list[Attribution]:
    return extract(nlp(text), cues)


def only(nlp, text, cues=None) -> Attribution:
    found = run(nlp, text, cues)
    assert len(found) == 1, found
    return found[0]


def check(a: Attribution, **expected) -> None:
    for key, value in expected.items():
        assert getattr(a, key) == value, (key, getattr(a, key), value, a)


# ---------------------------------------------------------------- lexicon

def test_lexicon_has_150_verb_lemmas_in_exactly_five_classes():
    cues = load_cues()
    assert len(cues.verbs) >= 150
    assert set(cues.verbs.values()) == set(CLASSES)
    raw = yaml.safe_load(resources.files("analysis").joinpath("data/cues.yaml").read_text("utf-8"))
    for section in ("verbs", "phrases", "nouns"):
        entries = [e for cls in raw[section].values() for e in cls]
        assert len(entries) == len(set(entries)), f"a {section} entry is in two classes"
    assert cues.cue_class("claim") == "distancing"
    assert cues.cue_class("establish") == "factive"
    assert cues.cue_class("fabricate") == "discrediting"
    assert cues.cue_class("refute") == "denial"
    assert cues.cue_class("according to") == "neutral"
    assert cues.cue_class("allegation", "noun") == "distancing"
    assert cues.cue_class("proof") == "factive"
    assert cues.cue_class("walk") is None
    assert ("falsely",) in cues.adverbs and ("did", "not", "exist") in cues.falsity
    assert {"report", "investigation", "footage"} <= cues.source_heads


def test_default_lexicon_is_cached_and_versioned():
    assert load_cues() is load_cues()
    assert load_cues().version.startswith("cues-")


def test_user_yaml_adds_moves_and_removes(tmp_path, nlp):
    user = tmp_path / "my_cues.yaml"
    user.write_text(
        "version: mine\n"
        "verbs:\n  neutral: [claim]\n  distancing: [grumble]\n"
        "phrases:\n  denial: [\"wave off\"]\n"
        "remove: [insist]\n", encoding="utf-8")
    cues = load_cues(user)
    assert cues.cue_class("claim") == "neutral"  # moved to the user's class
    assert cues.cue_class("grumble") == "distancing"  # added
    assert cues.cue_class("insist") is None  # removed
    assert cues.cue_class("wave off") == "denial"
    assert cues.version.startswith("cues-1+mine-") and cues.version != load_cues().version
    assert load_cues(user) is cues  # cached while the file is unchanged
    check(only(nlp, "The farmers claimed that the dam had burst.", cues), cue_class="neutral")
    check(only(nlp, "The farmers claimed that the dam had burst."), cue_class="distancing")
    assert run(nlp, "The farmers insisted that the dam had burst.", cues) == []


def test_bad_user_yaml_raises_input_error(tmp_path):
    with pytest.raises(InputError):
        load_cues(tmp_path / "missing.yaml")
    bad = tmp_path / "bad.yaml"
    bad.write_text("verbs:\n  sceptical: [claim]\n", encoding="utf-8")
    with pytest.raises(InputError, match="unknown cue class"):
        load_cues(bad)
    two = tmp_path / "two.yaml"
    two.write_text("verbs:\n  neutral: [mumble]\n  denial: [mumble]\n", encoding="utf-8")
    with pytest.raises(InputError):
        load_cues(two)


# ---------------------------------------------------------------- direct quotes

def test_direct_quote_clause_after_with_curly_quotes(nlp):
    a = only(nlp, "“The bridge is safe,” the engineer said.")
    check(a, kind="direct", source="the engineer", cue="said", cue_lemma="say", cue_class="neutral",
          content="The bridge is safe", sentence=1)


def test_direct_quote_clause_before(nlp):
    a = only(nlp, 'The mayor said: "Nobody was hurt."')
    check(a, kind="direct", source="The mayor", cue="said", content="Nobody was hurt")


def test_split_quote_is_one_attribution(nlp):
    text = '"We tried," she said, "but the gates were locked."'
    a = only(nlp, text)
    # one span from the first opening to the last closing mark, reporting clause included
    check(a, kind="direct", source="she", cue="said", content='We tried," she said, "but the gates were locked')
    assert (a.content_start, a.content_end) == (1, len(text) - 2)
    check(only(nlp, "“Nobody came,” the farmer said, “and nobody called.”"),
          kind="direct", source="the farmer", content="Nobody came,” the farmer said, “and nobody called")


def test_quote_continued_in_the_next_sentence(nlp):
    check(only(nlp, '"We will not leave," she said. "The police must go."'),
          kind="direct", source="she", content='We will not leave," she said. "The police must go')
    found = run(nlp, '"Enough," he said. "We are leaving," she replied.')
    assert [(a.source, a.content) for a in found] == [("he", "Enough"), ("she", "We are leaving")]


def test_quote_spanning_a_sentence_boundary(nlp):
    text = '"The water is clean. Everyone can drink it," the director told residents.'
    a = only(nlp, text)
    check(a, kind="direct", source="the director", cue="told", cue_lemma="tell",
          content="The water is clean. Everyone can drink it")
    assert a.sentence == len(list(nlp(text).sents))  # the sentence that holds the cue


def test_direct_quote_with_according_to(nlp):
    check(only(nlp, '"There is no danger," according to the mayor.'),
          kind="direct", source="the mayor", cue_lemma="according to")


def test_cues_inside_a_direct_quote_are_not_separate(nlp):
    a = only(nlp, '"The police claimed that we attacked them," she said.')
    check(a, kind="direct", source="she", content="The police claimed that we attacked them")


def test_scare_quotes_are_not_direct_quotes(nlp):
    a = only(nlp, 'The so-called "reforms" were never carried out, officials said.')
    check(a, kind="indirect", source="officials", content='The so-called "reforms" were never carried out')


def test_unbalanced_quotes_never_raise(nlp):
    assert pair_quotes('He said "yes and left.') == []
    assert pair_quotes('"A," she said. "B') == [(0, 3)]
    found = run(nlp, '"We will stay," the miners said. "Until the end')
    assert [(a.kind, a.source, a.content) for a in found] == [("direct", "the miners", "We will stay")]
    assert run(nlp, 'He said "no and walked away.') == []


@pytest.mark.parametrize("text", ["", "   ", '"', "“”", '""""', "“ “ ”", "” ” “"])
def test_empty_and_quote_only_docs(nlp, text):
    assert extract(nlp(text)) == []


# ---------------------------------------------------------------- indirect, pronouns, non-human sources

def test_pronoun_sources(nlp):
    check(only(nlp, "They claimed that the vote had been rigged."),
          kind="indirect", source="They", cue="claimed", cue_class="distancing", content="the vote had been rigged")
    check(only(nlp, "She said the shop would reopen."), source="She", cue_class="neutral",
          content="the shop would reopen")


def test_non_human_sources(nlp):
    check(only(nlp, "The investigation revealed that the documents had been forged."),
          kind="indirect", source="The investigation", cue_lemma="reveal", cue_class="factive",
          content="the documents had been forged")
    check(only(nlp, "Early estimates put the number of injured at 200."),
          kind="indirect", source="Early estimates", cue_lemma="put", cue_class="neutral",
          content="the number of injured at 200")


def test_full_noun_phrase_source_and_aux_in_cue(nlp):
    check(only(nlp, "A group of local traders have claimed that the market was closed illegally."),
          source="A group of local traders", cue="have claimed", cue_class="distancing")


def test_relative_clause_source_is_the_antecedent(nlp):
    found = run(nlp, "The paper quoted a nurse at the local clinic, who claimed to have treated dozens of wounded.")
    claim = next(a for a in found if a.cue_lemma == "claim")
    check(claim, kind="indirect", source="a nurse at the local clinic", cue_class="distancing",
          content="to have treated dozens of wounded")


def test_multiword_cues_and_shared_subject(nlp):
    found = run(nlp, "Officials have called for calm and pointed out that the bridge was closed.")
    assert [(a.cue_lemma, a.source, a.content) for a in found] == [
        ("call for", "Officials", "calm"), ("point out", "Officials", "the bridge was closed")]


def test_denial_verbs(nlp):
    check(only(nlp, "The army denied that soldiers had fired on the crowd."),
          kind="indirect", source="The army", cue_class="denial", content="soldiers had fired on the crowd")
    check(only(nlp, "The ministry dismissed the allegations."), cue_class="denial", content="the allegations")
    assert run(nlp, "The company dismissed 300 workers last week.") == []


def test_nested_reports(nlp):
    found = run(nlp, "The spokesman said that the reporters had claimed that the road was closed.")
    assert [(a.source, a.cue, a.cue_class) for a in found] == [
        ("The spokesman", "said", "neutral"), ("the reporters", "had claimed", "distancing")]


def test_as_clause_parenthetical_and_gerund(nlp):
    check(only(nlp, "The town was calm, as the report noted."),
          kind="indirect", source="the report", cue="noted", content="The town was calm")
    check(only(nlp, "The minister, he said, is safe."), source="he", content="The minister, he said, is safe")
    check(only(nlp, "The ministry issued a statement on Monday, saying that the situation was under control."),
          source="The ministry", cue="saying", content="the situation was under control")


def test_source_spans_keep_restrictive_modifiers_and_drop_descriptions(nlp):
    check(only(nlp, "Receipts collected by the auditors show that the fees were never paid."),
          source="Receipts collected by the auditors", cue_class="factive")
    check(only(nlp, '"They beat us," one of them, a young law student, told the committee.'),
          kind="direct", source="one of them")
    check(only(nlp, '"We are tired," the union leader, Anna Berg, said.'), source="the union leader, Anna Berg")
    check(only(nlp, "Anna Berg, a nurse who chairs the committee, said the ward was full."), source="Anna Berg")
    # a relative clause without a comma restricts the noun and stays; one after a comma describes it
    check(only(nlp, "A taxi driver who was stuck in the tailback told me the road had been closed for hours."),
          source="A taxi driver who was stuck in the tailback")
    check(only(nlp, "The prosecutor's office, which opened the case in May, says the two men were armed."),
          source="The prosecutor's office")
    check(only(nlp, "The prosecutor's office — which opened the case in May — says the two men were armed."),
          source="The prosecutor's office")


def test_participle_and_statement_clauses(nlp):
    found = run(nlp, "Organisers denied that any of their members had thrown stones, saying the two men were "
                     "strangers.")
    assert [(a.source, a.cue, a.content) for a in found] == [
        ("Organisers", "denied", "any of their members had thrown stones"),
        ("Organisers", "saying", "the two men were strangers")]
    check(only(nlp, "The manager insisted in a radio interview that wages had been paid on time."),
          source="The manager", cue_class="distancing", content="wages had been paid on time")


def test_cue_spans_with_adverbs_aspect_and_hedges(nlp):
    check(only(nlp, "Officials now acknowledge privately that the plan was rushed."),
          cue="now acknowledge privately", cue_class="factive")
    check(only(nlp, "Officials continue to deny that the shooting was unlawful."),
          cue="continue to deny", cue_class="denial", source="Officials")
    check(only(nlp, "The video appears to show a man being dragged from a car."),
          cue="appears to show", cue_class="neutral", source="The video")


def test_content_shapes(nlp):
    check(only(nlp, "We call for an independent inquiry, for the officers to be tried, and for the firm to pay."),
          kind="author", cue="call for", content="an independent inquiry, for the officers to be tried, and for the "
                                                 "firm to pay")
    check(only(nlp, "The receipts show the opposite: most families paid twice."),
          content="the opposite: most families paid twice")
    check(only(nlp, "The governor dismissed the farmers' complaints in July as the grumbling of a few men."),
          cue_class="denial", content="the farmers' complaints")
    check(only(nlp, "Police fired tear gas on Sunday, and six people were hurt as the strike turned violent, "
                    "according to local officials."),
          kind="according_to", content="Police fired tear gas on Sunday, and six people were hurt as the strike "
                                       "turned violent")


# ---------------------------------------------------------------- passive voice

def test_agentless_passive(nlp):
    check(only(nlp, "It was established that the fire had started in the kitchen."),
          kind="agentless", source=None, source_start=None, cue="was established", cue_class="factive",
          content="the fire had started in the kitchen")
    check(only(nlp, "It is alleged that the mayor took bribes."),
          kind="agentless", source=None, cue_class="distancing", content="the mayor took bribes")


def test_passive_with_by_agent(nlp):
    check(only(nlp, "It was confirmed by the regional court that the sentence would stand."),
          kind="indirect", source="the regional court", cue="was confirmed", cue_class="factive",
          content="the sentence would stand")


def test_impersonal_it(nlp):
    check(only(nlp, "It emerged that the mayor had lied."),
          kind="agentless", source=None, cue_lemma="emerge", content="the mayor had lied")


def test_passive_raising(nlp):
    check(only(nlp, "The governor is said to have left the country."),
          kind="agentless", source=None, content="The governor is said to have left the country")


# ---------------------------------------------------------------- author voice

def test_author_voice(nlp):
    check(only(nlp, "We found that the contracts had been signed in advance."),
          kind="author", source="We", cue_class="factive", content="the contracts had been signed in advance")
    a = only(nlp, "Our inquiry identified serious flaws in the procedure.")
    check(a, kind="author", source="Our inquiry", cue="identified", cue_class="factive")
    assert a.content.startswith("serious flaws")


def test_quoted_first_person_is_not_author_voice(nlp):
    assert [a.kind for a in run(nlp, '"We found nothing," the inspector said.')] == ["direct"]
    found = run(nlp, 'They wrote "we believe that the plan failed" on a banner.')
    assert [(a.kind, a.source, a.content) for a in found] == [("direct", "They", "we believe that the plan failed")]


# ---------------------------------------------------------------- according to, nominal

def test_according_to(nlp):
    check(only(nlp, "According to the union, the workers have not been paid since March."),
          kind="according_to", source="the union", cue="According to", cue_lemma="according to",
          cue_class="neutral", content="the workers have not been paid since March")
    check(only(nlp, "In the committee's view, the sale was unlawful."),
          kind="according_to", source="the committee", content="the sale was unlawful")


def test_nominal(nlp):
    check(only(nlp, "These are grave accusations."),
          kind="nominal", source=None, cue="accusations", cue_class="distancing", content="These")
    check(only(nlp, "The company's denial came too late."), kind="nominal", source="The company", cue_class="denial")
    check(only(nlp, "Their claims were repeated on television."), kind="nominal", source="Their",
          cue_class="distancing")
    # a cue noun that is already the content of another cue is not a second attribution
    check(only(nlp, "The committee rejected their claims."), kind="indirect", content="their claims")


@pytest.mark.parametrize("text", [
    "The government's response has been firm.",
    "Our group is funded by its members, and our accounts are published every year.",
    "I respect the council's work, but its statement was issued too early.",
    "In a written reply to our findings, nobody disputed the dates.",
    "The ministry's version of events does not survive contact with the evidence.",
])
def test_a_neutral_or_factive_noun_with_only_an_owner_reports_nothing(nlp, text):
    assert [a for a in run(nlp, text) if a.kind == "nominal"] == []


@pytest.mark.parametrize("text, cue, content", [
    ("The ministry's statement that no one was hurt was untrue.", "statement", "no one was hurt"),
    ("Their account that the police fired first is supported by the footage.", "account", "the police fired first"),
    ("The ministry's explanation was that the officers had been provoked.", "explanation",
     "the officers had been provoked"),
    ("The union's statement: police fired first.", "statement", "police fired first"),
])
def test_a_neutral_noun_with_its_own_content_still_reports(nlp, text, cue, content):
    found = [a for a in run(nlp, text) if a.kind == "nominal"]
    assert [(a.cue, a.content) for a in found] == [(cue, content)]


def test_demonstrative_nominal_takes_the_reported_content(nlp):
    found = run(nlp, "Several groups have alleged that the ballots were burned. These are grave accusations.")
    assert [(a.kind, a.cue, a.content) for a in found] == [
        ("indirect", "have alleged", "the ballots were burned"), ("nominal", "accusations", "the ballots were burned")]
    assert found[1].sentence == 2


def test_bare_cue_nouns_are_not_attributions(nlp):
    assert run(nlp, "The witness gave evidence under oath.") == []
    assert run(nlp, "The office conducted an investigation.") == []


# ---------------------------------------------------------------- discrediting and negation

def test_discrediting_adverbs(nlp):
    check(only(nlp, "A local paper falsely reported that the factory had closed."),
          cue="falsely reported", cue_lemma="report", cue_class="discrediting", source="A local paper")
    check(only(nlp, "The agency wrongly claimed that the river was clean."),
          cue="wrongly claimed", cue_class="discrediting")


def test_discrediting_verb(nlp):
    check(only(nlp, "The government has misrepresented the findings of the inquiry."),
          cue="has misrepresented", cue_class="discrediting", content="the findings of the inquiry")


def test_content_called_untrue_in_same_sentence(nlp):
    check(only(nlp, "Several blogs claimed that the governor had resigned, which proved untrue."),
          cue_class="discrediting", source="Several blogs")
    check(only(nlp, "The allegation that police fired first is false."), kind="nominal", cue_class="discrediting")
    check(only(nlp, "These baseless allegations must stop."), kind="nominal", cue_class="discrediting")


def test_falsity_of_what_was_reported(nlp):
    check(only(nlp, "The agency cited a study that did not exist."), cue_class="discrediting")
    check(only(nlp, "Several outlets reported that the mayor had fled, a story that turned out to be false."),
          cue="reported", cue_class="discrediting")
    check(only(nlp, "The newspaper claimed, without evidence, that the mayor had fled."),
          cue="claimed, without evidence", cue_class="discrediting")


def test_figure_compared_with_reality_is_discrediting(nlp):
    check(only(nlp, "Initial estimates put the cost far lower than it actually was."), cue_class="discrediting")
    check(only(nlp, "Analysts put the cost higher than last year."), cue_class="neutral")


def test_falsity_inside_the_reported_content_does_not_discredit(nlp):
    check(only(nlp, "Later checks showed that the witness did not exist."), cue_class="factive")
    check(only(nlp, "The minister said the figures were false."), cue_class="neutral")
    check(only(nlp, "He said that was false."), cue_class="neutral")


def test_negation_keeps_factive_and_undoes_denial(nlp):
    check(only(nlp, "The audit did not show that any money was missing."),
          cue="did not show", cue_class="factive", source="The audit")
    check(only(nlp, "The minister did not deny that the talks had collapsed."),
          cue="did not deny", cue_class="neutral")


# ---------------------------------------------------------------- what is not an attribution

@pytest.mark.parametrize("text", [
    "We are studying the reports.",
    "They saw the fire.",
    "Did the minister say that?",
    "If the ministry confirms the report, we will act.",
    "Journalists have a duty to report the facts.",
    "Protesters warned residents to stay indoors.",
    "They put pressure on the government.",
    "Police found a car near the border.",
    "The team found the missing hiker alive.",
    "The floods put thousands of lives at risk.",
    "Analysts expect growth to slow as prices continue to rise.",
    "The company dismissed 300 workers last week.",
    "The board will examine the complaints if they can be substantiated.",
    "Two officers were also admitted with head injuries.",
])
def test_not_attributions(nlp, text):
    assert run(nlp, text) == []


# ---------------------------------------------------------------- offsets, ordering, public functions

PARAGRAPH = ('"We will not leave," the strikers said. According to the owners, the mine is unsafe. '
             "It was reported that two men were hurt. We established that the alarm had failed. "
             "Their claims were rejected by the court, which found that the owners had lied.")


def test_offsets_order_and_one_attribution_per_cue(nlp):
    doc = nlp(PARAGRAPH)
    found = extract(doc)
    assert [a.kind for a in found] == ["direct", "according_to", "agentless", "author", "nominal", "indirect"]
    assert [a.sentence for a in found] == [1, 2, 3, 4, 5, 5]
    assert found == sorted(found, key=lambda a: (a.start, a.cue_start))
    assert len({a.cue_start for a in found}) == len(found)
    for a in found:
        assert doc.text[a.cue_start:a.cue_end] == a.cue
        if a.source is not None:
            assert doc.text[a.source_start:a.source_end] == a.source
        assert a.start == min(x for x in (a.source_start, a.cue_start, a.content_start) if x is not None)
        assert a.end == max(x for x in (a.source_end, a.cue_end, a.content_end) if x is not None)


def test_public_functions_split_by_kind(nlp):
    doc = nlp(PARAGRAPH)
    assert [a.source for a in att.direct_quotes(doc)] == ["the strikers"]
    assert [a.source for a in att.according_to(doc)] == ["the owners"]
    assert [a.cue for a in att.agentless(doc)] == ["was reported"]
    assert [a.source for a in att.author_voice(doc)] == ["We"]
    assert [a.cue for a in att.nominal(doc)] == ["claims"]
    assert [a.source for a in att.indirect(doc)] == ["the court"]


def test_rejects_non_doc_input():
    with pytest.raises(InputError):
        extract("not a doc")


@pytest.mark.parametrize("text, content", [
    ("The minister went further, claiming on national radio that our members had attacked the cordon.",
     "our members had attacked the cordon"),
    ("The ministry replied, insisting in a short statement that nobody had been hurt.", "nobody had been hurt"),
])
def test_a_participle_cue_with_a_phrase_before_its_that_clause(text, content):
    found = extract(load_nlp()(text))
    assert [(a.cue_class, a.content) for a in found] == [("distancing", content)]


def test_an_indirect_question_is_still_not_a_claim():
    assert not extract(load_nlp()("Officials asked what the strikers wanted."))
