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
# # 04 · Agency and labels
#
# **Question: whom does the article cast as doing harm and whom as suffering it, and which words
# does it use to name each side?**
#
# Every mention of a side or actor group gets a grammatical role from the dependency parse:
# **agent** (the subject of an active verb, the "by …" of a passive, the owner of a harm noun such as
# "police violence") or **patient** (the object, or the subject of a passive). The verb's class
# comes from `analysis/data/agency.yaml`: *harm* (attack, loot, shoot, "caused the disturbances"),
# *coercion* (arrest, charge), *prosocial* (investigate, protect). Being the agent of harm counts
# against a side in the stance score; being its patient counts for it.
#
# How a side is *named* frames it too: "former oil workers" and "rioters" describe the same crowd
# differently. Evaluative labels (rioter, looter, perpetrator, thug …) carry a valence in
# `agency.yaml`.

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
from analysis.notebook import listing, quiet, score_or_stop, unassigned_labels

quiet()
pd.set_option("display.max_colwidth", 80)
scores = score_or_stop(ARTICLE, sentiment=SENTIMENT, stance=STANCE, sides=SIDES)
article, mentions = scores.article, scores.mentions
present = sorted(mentions["side"].unique())

# %% [markdown]
# ## Who does what to whom
# Every mention whose verb is harm, coercion or prosocial.

# %%
acts = mentions[mentions["verb_class"].isin(["harm", "coercion", "prosocial"])]
acts[["paragraph", "side", "text", "role", "verb", "verb_class"]].set_index("paragraph")

# %% [markdown]
# ## Agency per side
# Shares are of all the side's mentions.

# %%
harm = mentions[mentions["verb_class"] == "harm"]
agency = pd.DataFrame({
    "mentions": mentions.groupby("side").size(),
    "agent of harm": harm[harm["role"] == "agent"].groupby("side").size(),
    "patient of harm": harm[harm["role"] == "patient"].groupby("side").size(),
}).reindex(present).fillna(0).astype(int)
agency["agent share"] = (agency["agent of harm"] / agency["mentions"]).round(2)
agency["patient share"] = (agency["patient of harm"] / agency["mentions"]).round(2)
agency.index.name = "side"
agency

# %%
fig, ax = charts.agency_by_side(mentions, present, title=f"Who harms whom: {article.title or article.slug}")
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/04-agency-by-side")

# %% [markdown]
# ## The words that name each side
# Each mention's naming words (articles, numbers and possessives dropped; pronouns other than the
# author's "we" left out), with any evaluative label the suite attached and its valence.

# %%
names = charts.mention_names(mentions)
names.set_index(["side", "name"])

# %% [markdown]
# Evaluative words in the text that the suite did **not** attach to any side. A reader should check
# them: some judge an actor the side lexicon does not know, others describe events, not people.

# %%
loose = unassigned_labels(scores.paragraphs, mentions)
loose.set_index("paragraph")

# %%
fig, ax = charts.label_words(mentions, present, title=f"The words that name each side: {article.title or article.slug}")
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/04-label-words")

# %% [markdown]
# ## Reading the charts

# %%
def quoted(words):
    return listing(f"“{w}”" for w in dict.fromkeys(words))  # in order, without repeats


def times(rows, arrow):
    if rows.empty:
        return "never"
    n = {1: "once", 2: "twice"}.get(len(rows), f"{len(rows)} times")
    return f"{n} ({listing(f'{t} {arrow} {v}' for t, v in zip(rows['text'], rows['verb']))})"


lines = []
for side in present:
    mine = harm[harm["side"] == side]
    n = int(agency.loc[side, "mentions"])
    named = names[names["side"] == side]
    labelled = named[named["labels"] != ""]
    text = (f"- **{charts.side_label(side)}** ({n} mention{'s' if n != 1 else ''}): agent of harm "
            f"{times(mine[mine['role'] == 'agent'], '→')}, patient of harm {times(mine[mine['role'] == 'patient'], '←')}")
    if len(named):
        text += f". Most often named {quoted(named['name'].head(5))}"
    if len(labelled):
        text += f"; labelled {listing(sorted(set('; '.join(labelled['labels']).split('; '))))}"
    lines.append(text + ".")
if len(loose):
    negative, positive = loose[loose["valence"] < 0], loose[loose["valence"] > 0]
    lines.append(f"- Evaluative words attached to no side: negative {quoted(negative['word'])}; "
                 f"positive {quoted(positive['word'])}.")
Markdown("\n".join(lines))

# %% [markdown] tags=["reference-article"]
# On the reference article the protesters' side is the one that does harm: "former oil workers"
# are the agents who "caused" the disturbances (¶3), while police officers are its patients (they
# were attacked). On the government side, officials are agents of harm only through "corruption"
# (¶4). The naming is telling: the strikers are called "former oil workers" and "its former workers",
# never protesters or strikers. The labels on their side come from a paragraph about riots in
# British cities ("rioters", "looters", "convicted offenders", ¶9) and from the article's harshest
# words, which name no one: "the perpetrators" (¶4) and "the people responsible for the violence"
# (¶13). The suite reads those as the protesters, the side it has seen doing harm so far (`via =
# culprit` in the mentions table), as a human reader would; "a number of young people" (¶3) is
# still not linked to any side.

# %% tags=["remove-cell"]
# Check that the prose above still describes the reference article.
if article.slug == "learning-from-zhanaozen":
    agents = harm[(harm["role"] == "agent")]
    assert "former oil workers" in set(agents.loc[agents["side"] == "protesters", "text"])
    assert set(agents.loc[agents["side"] == "government", "verb"]) <= {"corruption"}
    assert "police officers" in set(harm.loc[(harm["role"] == "patient") & (harm["side"] == "government"), "text"])
    pro_names = set(names.loc[names["side"] == "protesters", "name"])
    assert {"former oil workers", "former workers"} <= pro_names and not {"protesters", "strikers"} & pro_names
    pro_labels = set(names.loc[(names["side"] == "protesters") & (names["labels"] != ""), "paragraphs"])
    assert pro_labels == {"4", "9", "13"}
    assert "perpetrators" not in set(loose["word"])
    culprits = mentions[(mentions["via"] == "culprit") & (mentions["side"] == "protesters")]
    assert {"the perpetrators", "the people"} <= set(culprits["text"])
    assert not mentions["text"].str.contains("young people").any()
