"""Charts: the plotted data (bar sizes, line data, labels, legends, colours), not pixels; deterministic files."""
import math
import random

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.colors import to_hex

from analysis import charts

matplotlib.use("Agg")


@pytest.fixture(autouse=True)
def close_figures():
    yield
    plt.close("all")


def hexes(patches) -> list[str]:
    return [to_hex(p.get_facecolor()) for p in patches]


def legend_texts(ax) -> list[str]:
    return [t.get_text() for t in ax.get_legend().get_texts()]


def ticks(labels) -> list[str]:
    return [t.get_text() for t in labels]


@pytest.fixture
def attributions():
    rows = [("government", "factive", "established"), ("government", "factive", "identified"),
            ("government", "neutral", "said"), ("rights_groups", "distancing", "have claimed"),
            ("media", "discrediting", "falsely reported"), ("", "distancing", "allegations")]
    return pd.DataFrame([{"paragraph": i + 1, "source_side": s, "cue_class": c, "cue": cue, "kind": "indirect"}
                         for i, (s, c, cue) in enumerate(rows)])


@pytest.fixture
def paragraphs():
    return pd.DataFrame({
        "paragraph": [1, 2, 3, 4],
        "text": ["a", "b", "c", "d"],
        "sentiment": [-0.5, 0.25, 0.0, None],
        "stance_government": [0.6, np.nan, -0.2, 0.1],
        "stance_protesters": [np.nan, -0.7, 0.0, np.nan],
        "stance_government__minilm": [0.3, np.nan, 0.4, -0.5],
        "stance_protesters__minilm": [np.nan, 0.2, -0.1, np.nan],
    })


def test_side_colours_are_fixed_okabe_ito_and_distinct():
    sides = ["government", "protesters", "media", "rights_groups", "international"]
    colours = [charts.side_color(s) for s in sides]
    assert len(set(colours)) == len(colours)
    assert set(colours) <= set(charts.OKABE_ITO)
    assert charts.side_color("government") == "#0072B2" and charts.side_color("protesters") == "#D55E00"
    assert charts.side_color("some new side") == charts.side_color("some new side")  # stable
    assert charts.side_label("rights_groups") == "rights groups" and charts.side_label("") == "unresolved"


def test_attribution_table_counts(attributions):
    table = charts.attribution_table(attributions)
    assert list(table.columns) == charts.CUE_ORDER
    assert list(table.index) == ["government", "media", "rights_groups", "unresolved"]
    assert table.loc["government", "factive"] == 2 and table.loc["government", "neutral"] == 1
    assert table.loc["unresolved", "distancing"] == 1 and int(table.to_numpy().sum()) == 6


def test_attributions_by_side_plots_stacked_counts(attributions):
    fig, ax = charts.attributions_by_side(attributions)
    assert ticks(ax.get_yticklabels()) == ["government", "media", "rights groups", "unresolved"]
    assert legend_texts(ax) == charts.CUE_ORDER
    by_class = dict(zip(charts.CUE_ORDER, ax.containers))
    assert [p.get_width() for p in by_class["factive"]] == [2, 0, 0, 0]
    assert [p.get_width() for p in by_class["neutral"]] == [1, 0, 0, 0]
    assert [p.get_x() for p in by_class["neutral"]] == [2, 0, 0, 0]  # stacked after factive
    assert [p.get_width() for p in by_class["distancing"]] == [0, 0, 1, 1]
    assert [p.get_width() for p in by_class["discrediting"]] == [0, 1, 0, 0]
    for cls, container in by_class.items():
        assert set(hexes(container)) == {charts.CUE_COLORS[cls].lower()}
    colours = [to_hex(t.get_color()) for t in ax.get_yticklabels()]
    assert colours == [charts.side_color(s).lower() for s in ["government", "media", "rights_groups", ""]]


def test_attributions_by_side_with_no_attributions():
    empty = pd.DataFrame(columns=["paragraph", "source_side", "cue_class", "cue", "kind"])
    fig, ax = charts.attributions_by_side(empty)
    assert ticks(ax.get_yticklabels()) == []


def test_framing_arc_lines_bars_and_absent_markers(paragraphs):
    fig, ax = charts.framing_arc(paragraphs)
    lines = {line.get_label(): line for line in ax.get_lines() if line.get_label().startswith("stance:")}
    assert list(lines) == ["stance: government", "stance: protesters"]
    gov = lines["stance: government"].get_ydata()
    assert gov[0] == 0.6 and math.isnan(gov[1]) and gov[2] == -0.2
    assert to_hex(lines["stance: government"].get_color()) == "#0072b2"
    assert to_hex(lines["stance: protesters"].get_color()) == "#d55e00"
    bars = [p.get_height() for p in ax.containers[0]]
    assert bars == [-0.5, 0.25, 0.0, 0.0]  # missing sentiment drawn as 0
    assert "government not mentioned" in legend_texts(ax) and "protesters not mentioned" in legend_texts(ax)
    absent = {c.get_label(): c.get_offsets() for c in ax.collections}
    assert list(absent["government not mentioned"][:, 0]) == [2]
    assert list(absent["protesters not mentioned"][:, 0]) == [1, 4]
    assert all(y < -1 for y in absent["protesters not mentioned"][:, 1])  # in the strip below the axis
    assert ticks(ax.get_xticklabels()) == ["1", "2", "3", "4"]


def test_framing_arc_other_backend(paragraphs):
    fig, ax = charts.framing_arc(paragraphs, ["government"], backend="minilm")
    (line,) = [line for line in ax.get_lines() if line.get_label() == "stance: government"]
    assert list(line.get_ydata()[[0, 2, 3]]) == [0.3, 0.4, -0.5]
    assert ax.get_title(loc="left").endswith("(minilm)")


def test_stance_backends_heat_map(paragraphs):
    assert charts.backend_suffixes(paragraphs) == ["", "minilm"]
    fig, ax = charts.stance_backends(paragraphs, names={"minilm": "minilm"})
    data = ax.images[0].get_array()
    assert data.shape == (4, 4)
    assert data[0, 0] == 0.6 and data.mask[0, 1] and data[1, 0] == 0.3 and data[2, 1] == -0.7
    assert ticks(ax.get_yticklabels()) == ["government · rules", "government · minilm",
                                         "protesters · rules", "protesters · minilm"]
    assert [to_hex(t.get_color()) for t in ax.get_yticklabels()] == ["#0072b2"] * 2 + ["#d55e00"] * 2
    texts = [t.get_text() for t in ax.texts]
    assert "+0.6" in texts and "-0.7" in texts and len(texts) == int((~data.mask).sum())


def test_agency_by_side_counts_agent_and_patient():
    mentions = pd.DataFrame({
        "paragraph": [1, 1, 2, 3, 3],
        "side": ["protesters", "government", "protesters", "government", "media"],
        "role": ["agent", "patient", "agent", "agent", "other"],
        "verb_class": ["harm", "harm", "harm", "prosocial", ""],
        "text": ["workers", "police", "rioters", "we", "media"],
    })
    fig, ax = charts.agency_by_side(mentions, ["government", "protesters"])
    agent, patient = ax.containers
    assert [p.get_height() for p in agent] == [0, 2] and [p.get_height() for p in patient] == [1, 0]
    assert hexes(agent) == ["#0072b2", "#d55e00"]
    assert all(p.get_hatch() == "//" for p in patient)
    assert legend_texts(ax) == ["agent of harm", "patient of harm"]
    assert ticks(ax.get_xticklabels()) == ["government", "protesters"]


def test_name_of_and_mention_names():
    assert charts.name_of("Six senior officials") == "senior officials"
    assert charts.name_of("a number of young people") == "young people"
    assert charts.name_of("The  police") == "police" and charts.name_of("We") == "we"
    assert charts.name_of("our international partners") == "our international partners"
    mentions = pd.DataFrame({
        "paragraph": [1, 2, 2, 3, 3],
        "side": ["protesters", "protesters", "protesters", "protesters", "government"],
        "text": ["former oil workers", "the former oil workers", "they", "rioters", "We"],
        "labels": ["", "", "", "rioters -0.5", ""],
    })
    names = charts.mention_names(mentions)
    assert list(names["name"]) == ["we", "former oil workers", "rioters"]
    assert list(names["mentions"]) == [1, 2, 1] and names.loc[1, "paragraphs"] == "1, 2"
    assert names.loc[2, "labels"] == "rioters -0.5"
    assert "they" in set(charts.mention_names(mentions, pronouns=True)["name"])


def test_label_words_bars_per_side():
    mentions = pd.DataFrame({
        "paragraph": [1, 2, 3, 3],
        "side": ["protesters", "protesters", "protesters", "government"],
        "text": ["workers", "workers", "looters", "police"],
        "labels": ["", "", "looters -0.7", ""],
    })
    fig, ax = charts.label_words(mentions)
    assert ticks(ax.get_yticklabels()) == ["police", "workers", "looters"]
    assert [p.get_width() for p in ax.patches] == [1, 2, 1]
    assert hexes(ax.patches) == ["#0072b2", "#d55e00", "#d55e00"]
    assert legend_texts(ax) == ["government", "protesters"]
    assert "looters -0.7" in [t.get_text().strip() for t in ax.texts]


def test_evidence_by_paragraph_sums_weights(paragraphs):
    evidence = pd.DataFrame({
        "paragraph": [1, 1, 1, 2, 3], "measure": ["stance", "stance", "sentiment", "stance", "stance"],
        "side": ["government", "government", "", "protesters", "government"],
        "weight": [0.5, -0.2, -0.9, -0.6, 0.1],
    })
    fig, ax = charts.evidence_by_paragraph(evidence, paragraphs)
    gov_for, gov_against, pro_for, pro_against = ax.containers
    assert [round(p.get_height(), 6) for p in gov_for] == [0.5, 0, 0.1, 0]
    assert [round(p.get_height(), 6) for p in gov_against] == [-0.2, 0, 0, 0]
    assert [round(p.get_height(), 6) for p in pro_against] == [0, -0.6, 0, 0]
    assert legend_texts(ax)[:2] == ["government: for", "government: against"]
    net = [c for c in ax.collections if c.get_label() == "net (sum)"][0].get_offsets()
    assert [round(y, 6) for y in net[:, 1]] == [0.3, 0.1]


@pytest.fixture
def summary():
    return pd.DataFrame({
        "slug": ["a", "b"], "net_stance_government": [0.4, -0.3], "net_stance_protesters": [-0.5, None],
        "agent_share_government": [0.1, 0.5], "patient_share_government": [0.0, 0.2],
        "agent_share_protesters": [0.25, 0.0], "patient_share_protesters": [0.0, 0.4],
        "cue_factive": [0.5, 0.0], "cue_neutral": [0.5, 0.6], "cue_distancing": [0.0, 0.4],
        "cue_denial": [0.0, 0.0], "cue_discrediting": [0.0, 0.0],
    })


def test_compare_articles_bars_and_highlight(summary):
    fig, ax = charts.compare_articles(summary, highlight="b")
    gov, pro = ax.containers
    assert [p.get_width() for p in gov] == [0.4, -0.3] and [p.get_width() for p in pro] == [-0.5, 0]
    assert hexes(gov) == ["#0072b2"] * 2 and hexes(pro) == ["#d55e00"] * 2
    assert ticks(ax.get_yticklabels()) == ["a", "▶ b"]
    assert ax.get_yticklabels()[1].get_fontweight() == "bold"
    assert legend_texts(ax) == ["government", "protesters"]


def test_cue_mix_and_agency_shares(summary):
    fig, ax = charts.cue_mix(summary)
    by_class = dict(zip(charts.CUE_ORDER, ax.containers))
    assert [p.get_width() for p in by_class["factive"]] == [0.5, 0.0]
    assert [p.get_x() for p in by_class["distancing"]] == [1.0, 0.6]
    fig, ax = charts.agency_shares(summary)
    assert legend_texts(ax) == ["government: agent of harm", "government: patient of harm",
                                "protesters: agent of harm", "protesters: patient of harm"]
    assert [p.get_width() for p in ax.containers[3]] == [0.0, 0.4]
    assert hexes(ax.containers[2]) == ["#d55e00"] * 2


def test_agreement_by_backend_and_baseline():
    table = pd.DataFrame({"dev": [0.4, 0.6], "heldout": [0.5, None]}, index=["rules", "minilm"])
    fig, ax = charts.agreement_by_backend(table, baseline=0.55)
    dev, heldout = ax.containers
    assert [p.get_height() for p in dev] == [0.4, 0.6] and [p.get_height() for p in heldout] == [0.5, 0]
    assert ticks(ax.get_xticklabels()) == ["rules", "minilm"]
    assert any(list(line.get_ydata()) == [0.55, 0.55] for line in ax.get_lines())
    assert legend_texts(ax)[-1] == "most-common-sign baseline (0.55)"


def test_evidence_html_escapes_and_highlights():
    paragraphs = pd.DataFrame({"paragraph": [1], "text": ['Police <b>attacked</b> "workers" & left.'],
                               "sentiment": [-0.5], "stance_government": [-0.4], "stance_protesters": [0.3]})
    text = paragraphs.loc[0, "text"]
    s = text.index("attacked")
    evidence = pd.DataFrame([
        {"paragraph": 1, "sentence": 1, "measure": "stance", "side": "government", "text": "attacked",
         "start": s, "end": s + 8, "weight": -0.6, "detail": "agent of harm 'attack' (Police)"},
        {"paragraph": 1, "sentence": 1, "measure": "sentiment", "side": "", "text": "attacked",
         "start": s, "end": s + 8, "weight": -0.5, "detail": "vader <valence>"},
        {"paragraph": 1, "sentence": 1, "measure": "stance", "side": "protesters", "text": "attacked \"workers\"",
         "start": s, "end": s + 22, "weight": 0.4, "detail": "patient of harm"},
        {"paragraph": 1, "sentence": 1, "measure": "sentiment", "side": "", "text": "beyond",
         "start": 500, "end": 510, "weight": 0.1, "detail": "out of range"},
    ])
    out = charts.evidence_html(paragraphs, evidence)
    assert "<b>attacked</b>" not in out and "&lt;b&gt;" in out and "&amp; left" in out
    assert "vader &lt;valence&gt;" in out  # tooltips are escaped too
    # the word covered by three rows lists all three in its tooltip, stance rows first
    piece = out[out.index('title="stance · government'):]
    title = piece[:piece.index('">')]
    assert title.count("\n") == 2 and "stance · protesters" in title and "sentiment · —" in title
    assert "linear-gradient" in out  # two sides share the word: two bands
    assert out.count('class="fa-w"') == 2 and "−0.60" not in out and "-0.60</sup>" in out
    assert "Legend" in out and "stance evidence about government" in out
    # deterministic: the same HTML whatever the row order
    shuffled = evidence.sample(frac=1, random_state=3).reset_index(drop=True)
    assert charts.evidence_html(paragraphs, shuffled) == out
    assert out.count("out of range") == 0  # a span outside the paragraph is dropped


def test_evidence_html_random_overlaps_keep_text():
    text = "".join(random.Random(1).choice("ab <&>\"'") for _ in range(80))
    paragraphs = pd.DataFrame({"paragraph": [1], "text": [text], "sentiment": [0.0]})
    rng = random.Random(2)
    rows = []
    for i in range(25):
        a = rng.randrange(0, 80)
        b = rng.randrange(a, 81)
        rows.append({"paragraph": 1, "sentence": 1, "measure": rng.choice(["stance", "attribution", "sentiment"]),
                     "side": rng.choice(["government", "protesters", ""]), "text": text[a:b], "start": a, "end": b,
                     "weight": 0.1, "detail": f"row {i}"})
    out = charts.evidence_html(paragraphs, pd.DataFrame(rows))
    import html
    import re

    body = out[out.index('<p class="fa-text">'):]
    body = re.sub(r"<sup[^>]*>.*?</sup>", "", body)
    assert html.unescape(re.sub(r"<[^>]+>", "", body)).strip() == text.strip()


def test_save_figure_is_deterministic(tmp_path, paragraphs):
    fig, _ = charts.framing_arc(paragraphs)
    first = charts.save_figure(fig, tmp_path / "one" / "arc")
    second = charts.save_figure(fig, tmp_path / "two" / "arc")
    assert [p.name for p in first] == ["arc.png", "arc.svg"]
    for a, b in zip(first, second):
        assert a.read_bytes() == b.read_bytes()
    fig2, _ = charts.framing_arc(paragraphs)  # a new figure with the same data: the same bytes
    third = charts.save_figure(fig2, tmp_path / "three" / "arc")
    for a, b in zip(first, third):
        assert a.read_bytes() == b.read_bytes()
    svg = first[1].read_text()
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg
    assert b"Software" not in first[0].read_bytes()


@pytest.fixture
def by_outlet():
    return pd.DataFrame({"articles": [3, 1], "net_stance_government": [0.25, np.nan], "articles_government": [3, 0],
                         "net_stance_protesters": [-0.5, 0.1], "articles_protesters": [2, 1]},
                        index=["The Valley Post", "The Harbour Times"])


def test_stance_by_outlet_bars_counts_and_highlight(by_outlet):
    fig, ax = charts.stance_by_outlet(by_outlet, highlight="The Harbour Times")
    gov, pro = ax.containers
    assert [p.get_width() for p in gov] == [0.25, 0] and [p.get_width() for p in pro] == [-0.5, 0.1]
    assert hexes(gov) == ["#0072b2"] * 2 and hexes(pro) == ["#d55e00"] * 2
    assert ticks(ax.get_yticklabels()) == ["The Valley Post (3)", "▶ The Harbour Times (1)"]
    assert ax.get_yticklabels()[1].get_fontweight() == "bold"
    assert legend_texts(ax) == ["government", "protesters"]
    assert ax.get_xlim() == (-1, 1)


def test_stance_over_time_lines_gaps_and_undated():
    grouped = pd.DataFrame({"articles": [2, 1, 4], "net_stance_government": [0.5, -0.25, 0.0],
                            "net_stance_protesters": [np.nan, 0.75, -0.5]}, index=["2019", "2021", "undated"])
    fig, ax = charts.stance_over_time(grouped, unit="year", undated=4)
    gov, pro = ax.get_lines()[:2]
    assert list(gov.get_xdata()) == [0, 1, 2]  # 2019, 2020 (no articles: a gap), 2021
    np.testing.assert_array_equal(gov.get_ydata(), [0.5, np.nan, -0.25])
    np.testing.assert_array_equal(pro.get_ydata(), [np.nan, np.nan, 0.75])
    assert to_hex(gov.get_color()) == "#0072b2" and to_hex(pro.get_color()) == "#d55e00"
    assert ticks(ax.get_xticklabels()) == ["2019\n(2)", "2021\n(1)"]  # the undated row is not drawn
    assert list(ax.get_xticks()) == [0, 2]
    assert legend_texts(ax) == ["government", "protesters"]
    assert "4 undated articles not shown" in ax.get_xlabel()


def test_stance_over_time_months_and_no_dates():
    grouped = pd.DataFrame({"articles": [1, 1], "net_stance_government": [0.1, 0.2]}, index=["2023-11", "2024-02"])
    fig, ax = charts.stance_over_time(grouped, unit="month")
    assert list(ax.get_lines()[0].get_xdata()) == [0, 1, 2, 3]
    assert ticks(ax.get_xticklabels()) == ["2023-11\n(1)", "2024-02\n(1)"]
    assert ax.get_xlabel() == "month (number of articles)"
    fig, ax = charts.stance_over_time(pd.DataFrame({"articles": [2], "net_stance_government": [0.3]},
                                                   index=["undated"]), undated=2)
    assert len(ax.get_lines()[0].get_xdata()) == 0 and "no dated articles" in [t.get_text() for t in ax.texts]
