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
# # 02 · Who speaks
#
# **Question: whose claims does the author present as fact, and whose as allegation?**
#
# An *attribution* is a claim the text credits to a source with a reporting cue ("said",
# "claimed", "according to", "we established"). The cue's class says how the **author**
# positions the claim (see `docs/annotation-guidelines.md`):
#
# | cue class | the author … | examples |
# |---|---|---|
# | factive | vouches for it | established, revealed, showed, confirmed |
# | neutral | passes it on | said, told, reported, according to |
# | distancing | keeps it at arm's length | claimed, alleged, insisted; "allegations" |
# | denial | reports that the source rejects something | denied, rejected, disputed |
# | discrediting | marks it as false | "falsely reported", "wrongly claimed" |
#
# Each source is resolved to a side (government, protesters) or an actor group (media,
# rights groups, international) from `analysis/data/sides.yaml`. The author's own "we" is
# credited to the side of the author's role, read from the bio line.

# %% tags=["parameters"]
ARTICLE = "../seeds/learning-from-zhanaozen.txt"
SIDES = None  # a YAML sides file, or None for the default government vs protesters
SENTIMENT = "vader"
STANCE = ["rules"]
FIGURES = None  # a folder to save the charts as PNG and SVG, or None

# %%
# %matplotlib inline
import pandas as pd
from IPython.display import Markdown

from analysis import charts
from analysis.notebook import listing, quiet, score_or_stop, short

quiet()
pd.set_option("display.max_colwidth", 80)
scores = score_or_stop(ARTICLE, sentiment=SENTIMENT, stance=STANCE, sides=SIDES)
article = scores.article
att = scores.attributions

# %% [markdown]
# ## Every attribution
# `source_side` is empty when the suite could not tell whose side the source is on.

# %%
table = att[["paragraph", "source", "source_side", "cue", "cue_class", "kind", "content"]].copy()
table["content"] = table["content"].map(lambda text: short(text, 70))
table.set_index("paragraph")

# %% [markdown]
# ## Source side × cue class

# %%
counts = charts.attribution_table(att)
counts

# %%
fig, ax = charts.attributions_by_side(att, title=f"Whose claims, and how the author frames them: "
                                                 f"{article.title or article.slug}")
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/02-attributions-by-side")

# %% [markdown]
# ## Reading the chart

# %%
def cues_of(rows):
    return listing(sorted({f"“{c}”" for c in rows["cue"]}))


def sides_with(classes):
    rows = att[att["cue_class"].isin(classes)]
    parts = []
    for side, group in rows.groupby(rows["source_side"].replace("", "unresolved sources"), sort=True):
        parts.append(f"{charts.side_label(side)} ({len(group)}: {cues_of(group)})")
    return listing(parts)


own = att[att["kind"] == "author"]
if att.empty:
    reading = ("The suite found **no attributions** in this article: the author credits no claim to a "
               "source with a reporting cue, so every statement is the author's own.")
else:
    reading = (f"The article credits **{len(att)} claims** to sources. "
               f"Presented as fact (factive): {sides_with(['factive'])}. "
               f"Passed on neutrally: {sides_with(['neutral'])}. "
               f"Held at a distance (distancing or denial): {sides_with(['distancing', 'denial'])}. "
               f"Marked as false (discrediting): {sides_with(['discrediting'])}.")
    if len(own):
        sides = listing(sorted({charts.side_label(s) for s in own["source_side"]}))
        reading += (f" The author speaks in their own voice {len(own)} time(s) ({cues_of(own)}), "
                    f"credited to **{sides}**.")
Markdown(reading)

# %% [markdown] tags=["reference-article"]
# On the reference article, the prosecutor general's own voice is the one that states facts:
# "We established" (¶3) and "Our investigation identified" (¶7) are author attributions,
# credited to the government and factive. The rights groups' claims are held at a distance:
# human rights organizations "have claimed" (¶6) that defendants gave evidence under duress,
# and the next sentence turns this into "allegations". The media's reports are the ones marked
# as false: a Russian newspaper "falsely reported" a surgeon's testimony (¶11). So the author
# presents his own side's findings as fact and the critics' accounts as allegation or error.

# %% tags=["remove-cell"]
# Check that the prose above still describes the reference article.
if article.slug == "learning-from-zhanaozen":
    assert set(own["paragraph"]) == {3, 7} and set(own["source_side"]) == {"government"}
    assert set(own["cue_class"]) == {"factive"}
    rights = att[att["source_side"] == "rights_groups"]
    assert len(rights) and set(rights["cue_class"]) == {"distancing"} and 6 in set(rights["paragraph"])
    media = att[att["source_side"] == "media"]
    assert "falsely reported" in set(media.loc[media["cue_class"] == "discrediting", "cue"])
    assert not len(att[(att["cue_class"] == "discrediting") & (att["source_side"] != "media")])
