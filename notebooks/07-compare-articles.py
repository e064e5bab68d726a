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


def per_side(*keys):
    """The table's <key>_<side> columns, grouped under each side."""
    out = table.set_index("slug")[[f"{k}_{side}" for side in sides for k in keys]].astype(float).round(2) + 0.0
    out.columns = pd.MultiIndex.from_tuples([(side, k.replace("_", " ")) for side in sides for k in keys])
    return out

# %% [markdown]
# ## Net stance per side
# The mean paragraph stance toward each side, and the number of paragraphs that mention it.

# %%
per_side("net_stance", "paragraphs")

# %% [markdown]
# ## How the authors position the claims they report
# Share of each article's attributions per cue class; `n_attributions` is the count.

# %%
cues = table.set_index("slug")[["n_attributions", *[c for c in table.columns if c.startswith("cue_")]]]
cues.rename(columns=lambda c: c.replace("cue_", "")).round(2)

# %%
fig, ax = charts.cue_mix(table, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-cue-mix")

# %% [markdown]
# ## Who does harm, who suffers it

# %%
per_side("mentions", "agent_share", "patient_share")

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
    top, bottom = f"{net.index[0]}, {net.iloc[0]:+.2f}", f"{net.index[-1]}, {net.iloc[-1]:+.2f}"
    where = (f"the most favourable of {len(net)} articles (the least favourable: {bottom})" if rank == 1 else
             f"the least favourable of {len(net)} articles (the most favourable: {top})" if rank == len(net) else
             f"rank {rank} of {len(net)} from the most favourable ({top}) to the least ({bottom})")
    lines.append(f"- **{charts.side_label(side)}**: {slug} scores it {net[slug]:+.2f}, {where}.")
mix = {c[len("cue_"):]: row[c] for c in table.columns if c.startswith("cue_")}
doubt = table[["cue_distancing", "cue_denial", "cue_discrediting"]].sum(axis=1)
if row["n_attributions"]:
    mine = doubt[table["slug"] == slug].iloc[0]
    lines.append(f"- Of its {int(row['n_attributions'])} attributions, {mix['factive']:.0%} are factive, "
                 f"{mix['neutral']:.0%} neutral, and {mine:.0%} distance, deny or discredit "
                 f"(the highest such share among the articles: {doubt.max():.0%}, "
                 f"{listing(table.loc[doubt == doubt.max(), 'slug'])}).")
Markdown("\n".join(lines))

# %% [markdown] tags=["reference-article"]
# Against these texts, the reference article is the only one that passes on no claim neutrally:
# each of its attributions is either vouched for (factive, like its own office's findings) or
# undermined (distanced or marked as false), the highest such share of all the articles. Its net
# stance is favourable to the government and the least favourable to the protesters of all the
# articles: the mirror image of the union leader's statement (`strikers-statement`), the least
# favourable to the government and the most favourable to the protesters.

# %% tags=["remove-cell"]
# Check that the prose above still describes the reference article (among the default articles).
if slug == "learning-from-zhanaozen" and not ARTICLES:
    by = table.set_index("slug")
    assert list(by.index[by["cue_neutral"] == 0]) == [slug]
    assert doubt.idxmax() == 0 and (doubt < doubt[0]).sum() == len(doubt) - 1
    assert by.loc[slug, "net_stance_government"] > 0.1 and by["net_stance_protesters"].idxmin() == slug
    assert by["net_stance_government"].idxmin() == "strikers-statement"
    assert by["net_stance_protesters"].idxmax() == "strikers-statement"
