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
# # 01 · Read the article
#
# **Question: what does the article say, paragraph by paragraph, and in what tone?**
#
# We read the article with `analysis.read_article`, which separates the header (title, byline,
# date, outlet) and the footer (the author's bio line, disclaimers, the original URL) from the body,
# and score every sentence's sentiment with VADER. A paragraph's sentiment is the mean of its
# sentences' compound scores, in [−1, 1]. Sentiment measures how the events *sound*, not who is
# blamed: the later notebooks do that.
#
# To analyse your own article, change `ARTICLE` below (or run `make run ARTICLE=path/to/text.txt`).

# %% tags=["parameters"]
ARTICLE = "../seeds/learning-from-zhanaozen.txt"
SIDES = None  # a YAML sides file, or None for the default government vs protesters
SENTIMENT = "vader"
STANCE = ["rules"]
FIGURES = None  # a folder to save the charts as PNG and SVG, or None

# %%
# %matplotlib inline
import pandas as pd

from analysis import charts
from analysis.notebook import quiet, score_or_stop, short

quiet()
pd.set_option("display.max_colwidth", 100)
scores = score_or_stop(ARTICLE, sentiment=SENTIMENT, stance=STANCE, sides=SIDES)
article = scores.article
for warning in scores.summary["warnings"]:  # e.g. a file that is not UTF-8
    print("warning:", warning)

# %% [markdown]
# ## What the file says about itself
# The metadata the reader found. `author_role` comes from a closing bio line such as
# "X is the mayor of Y."; later notebooks use it to decide whose voice "we" is.

# %%
pd.Series(article.metadata, name="value").to_frame()

# %% [markdown]
# ## The body, paragraph by paragraph

# %%
table = scores.paragraphs[["paragraph", "n_sentences", "sentiment", "text"]].copy()
table["text"] = table["text"].map(short)
table["sentiment"] = table["sentiment"].round(2)
table.set_index("paragraph")

# %% [markdown]
# ## Which words drive the tone
# VADER's evidence: each lexicon word with its valence (scaled to [−1, 1]; negated words flip).
# The five strongest words in each direction:

# %%
words = scores.evidence[scores.evidence["measure"] == "sentiment"]
strongest = pd.concat([words.nsmallest(5, "weight"), words.nlargest(5, "weight")])
strongest[["paragraph", "text", "weight", "detail"]].round(2).reset_index(drop=True)

# %%
fig, ax = charts.sentiment_by_paragraph(scores.paragraphs, title=f"Sentiment by paragraph: {article.title or article.slug}")
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/01-sentiment-by-paragraph")

# %% [markdown]
# ## Reading the chart

# %%
from IPython.display import Markdown

s = scores.paragraphs.set_index("paragraph")["sentiment"]
negative, positive = int((s < -0.05).sum()), int((s > 0.05).sum())
Markdown(
    f"Of {len(s)} paragraphs, **{negative} read as negative** and **{positive} as positive** in tone. "
    f"The most negative is paragraph {s.idxmin()} ({s.min():+.2f}); the most positive is paragraph "
    f"{s.idxmax()} ({s.max():+.2f}). The mean paragraph sentiment is {s.mean():+.2f}."
)

# %% [markdown] tags=["reference-article"]
# On the reference article, an official's op-ed about deadly unrest, the tone is mostly negative:
# the paragraphs that describe the violence and the trials score lowest, while the ones about
# justice, openness and lessons learned score highest. Tone alone does not say *whom* the author
# blames; notebooks 02–04 answer that.

# %% tags=["remove-cell"]
# Check that the prose above still describes the reference article.
if article.slug == "learning-from-zhanaozen":
    assert len(s) == 13 and negative > positive
    assert set(s.nsmallest(2).index) == {1, 2}  # the violence and the trials
    assert set(s.nlargest(2).index) == {5, 13}  # open trials, justice, lessons learned
