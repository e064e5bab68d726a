# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 07 · Compare articles
#
# **Question: how does this article's framing compare with other articles on similar events?**
#
# We score every text in `seeds/` and in `data/gold/texts/` (short invented articles on other
# protests and strikes, written in different registers), plus any paths you add to `ARTICLES`,
# with the same backends, and put one row per article side by side:
#
# * **net stance** per side: the mean paragraph stance over the paragraphs that mention the side;
# * **cue-class mix**: the share of the article's attributions that the author presents as fact,
#   passes on neutrally, distances, reports as denied, or marks as false;
# * **agency**: the share of a side's mentions that are the agent of a harm verb (doing harm) or
#   its patient (suffering it).
#
# The article chosen by `ARTICLE` is marked ▶.

# %% tags=["parameters"]
ARTICLE = "../seeds/learning-from-zhanaozen.txt"
SIDES = None  # a YAML sides file, or None for the default government vs protesters
SENTIMENT = "vader"
STANCE = ["rules"]
FIGURES = None  # a folder to save the charts as PNG and SVG, or None
ARTICLES = []  # more article paths to compare, besides seeds/ and data/gold/texts/

# %%
# %matplotlib inline
import os
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from analysis import charts
from analysis.notebook import listing, quiet, score_many, score_or_stop, summary_table

quiet()
options = dict(sentiment=SENTIMENT, stance=STANCE, sides=SIDES)
main = score_or_stop(ARTICLE, **options)
others = sorted(Path("../seeds").glob("*.txt")) + sorted(Path("../data/gold/texts").glob("*.txt")) + list(ARTICLES)
scored, skipped = score_many([p for p in others if os.path.realpath(p) != os.path.realpath(ARTICLE)], **options)
table = summary_table([main, *scored])
slug = main.article.slug
sides = [c[len("net_stance_"):] for c in table.columns if c.startswith("net_stance_")]
for note in skipped:
    print("skipped:", note)

# %% [markdown]
# ## Net stance per side

# %%
columns = ["slug", "author_side", "n_paragraphs", *[f"{k}_{s}" for s in sides for k in ("net_stance", "paragraphs")]]
table[columns].set_index("slug").round(2)

# %% [markdown]
# ## How the authors position the claims they report
# Share of each article's attributions per cue class; `n_attributions` is the count.

# %%
table[["slug", "n_attributions", *[c for c in table.columns if c.startswith("cue_")]]].set_index("slug").round(2)

# %%
fig, ax = charts.cue_mix(table, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-cue-mix")

# %% [markdown]
# ## Who does harm, who suffers it

# %%
table[["slug", *[f"{k}_{s}" for s in sides for k in ("mentions", "agent_share", "patient_share")]]] \
    .set_index("slug").round(2)

# %%
fig, ax = charts.agency_shares(table, sides, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-agency-shares")

# %% [markdown]
# ## Net stance, side by side

# %%
fig, ax = charts.compare_articles(table, sides, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-compare-articles")

# %% [markdown]
# ## Reading the charts

# %%
row = table.set_index("slug").loc[slug]
lines = []
for side in sides:
    net = table.set_index("slug")[f"net_stance_{side}"].dropna().sort_values(ascending=False, kind="stable")
    if slug not in net:
        lines.append(f"- **{charts.side_label(side)}**: not mentioned in {slug}.")
        continue
    rank = list(net.index).index(slug) + 1
    lines.append(f"- **{charts.side_label(side)}**: {slug} scores it {net[slug]:+.2f}, rank {rank} of {len(net)} from "
                 f"the most favourable ({net.index[0]}, {net.iloc[0]:+.2f}) to the least favourable "
                 f"({net.index[-1]}, {net.iloc[-1]:+.2f}).")
mix = {c[len("cue_"):]: row[c] for c in table.columns if c.startswith("cue_")}
if row["n_attributions"]:
    factive_rank = int((table["cue_factive"] > row["cue_factive"]).sum()) + 1
    lines.append(f"- Of its {int(row['n_attributions'])} attributions, {mix['factive']:.0%} are factive and "
                 f"{mix['distancing'] + mix['denial'] + mix['discrediting']:.0%} distance, deny or discredit; "
                 f"its share of factive cues ranks {factive_rank} of {len(table)}.")
Markdown("\n".join(lines))

# %% [markdown] tags=["reference-article"]
# Against these texts, the reference article is the one whose author most often vouches for the
# claims he reports: a prosecutor general quoting his own office's findings as fact, while the
# union leader's statement and the activist blog set their own documentation against official
# claims. Its net stance is favourable to the government and unfavourable to the protesters, the
# mirror image of the union statement.

# %% tags=["remove-cell"]
# Check that the prose above still describes the reference article.
if slug == "learning-from-zhanaozen":
    by = table.set_index("slug")
    assert by["cue_factive"].idxmax() == slug
    assert by.loc[slug, "net_stance_government"] > 0 > by.loc[slug, "net_stance_protesters"]
    assert by.loc["strikers-statement", "net_stance_government"] < 0
