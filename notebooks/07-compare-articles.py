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
#   its patient (suffering it);
# * **net stance per outlet and over time**: the mean over each outlet's articles, and over each
#   year (or month).
#
# The texts are scored as one corpus into Parquet tables (`data/interim/compare/`, with a cache, so a
# rerun only scores what changed), and the notebook reads those tables, so it works just as well for
# hundreds of articles. To compare against your own collection, score it once with
# `framing score FOLDER --out CORPUS_FOLDER --format parquet` and set `CORPUS` to that folder: the
# notebook then reads it instead of scoring `seeds/` and `data/gold/texts/`, and adds `ARTICLE`.
#
# The article chosen by `ARTICLE` is marked ▶.

# %% tags=["parameters"]
ARTICLE = "../seeds/learning-from-zhanaozen.txt"
SIDES = None  # a YAML sides file, or None for the default government vs protesters
SENTIMENT = "vader"
STANCE = ["rules"]
FIGURES = None  # a folder to save the charts as PNG and SVG, or None
ARTICLES = []  # more article paths to compare, besides seeds/ and data/gold/texts/
CORPUS = None  # a folder written by `framing score DIR --format parquet`, or None to score seeds/ and data/gold/texts/

# %%
# %matplotlib inline
import json
import os
from pathlib import Path

import pandas as pd
from IPython.display import Markdown

from analysis import charts
from analysis.corpus import Options, run
from analysis.errors import FramingError
from analysis.notebook import (NO_OUTLET, UNDATED, NotebookStop, article_periods, corpus_summary, listing, quiet,
                               stance_by)
from analysis.reader import read_article, slugify

quiet()
try:
    read_article(ARTICLE)  # a bad file stops here with one line, before the others are scored
except FramingError as exc:
    raise NotebookStop(str(exc)) from None
SHOWN = 30  # per-article tables and charts show the first 30 articles; the sections per outlet and over time use all
interim = Path("../data/interim/compare")  # scratch space (not in git): this notebook's tables and cache
work = interim / slugify(Path(ARTICLE).stem)
others = list(ARTICLES) if CORPUS else \
    sorted(Path("../seeds").glob("*.txt")) + sorted(Path("../data/gold/texts").glob("*.txt")) + list(ARTICLES)
files, seen = [], set()
for path in [ARTICLE, *others]:  # ARTICLE first, each file once
    if os.path.realpath(path) not in seen:
        seen.add(os.path.realpath(path))
        files.append(Path(path))
report = run(files, work, Options(sentiment=SENTIMENT, stance=tuple(STANCE), sides=SIDES), fmt="parquet",
             cache_dir=interim / ".cache", quiet=True)
problems = dict(report.skipped)
if str(files[0]) in problems:
    raise NotebookStop(problems.pop(str(files[0])))
try:
    table = corpus_summary(work)  # ARTICLE is the first row
    if CORPUS:
        theirs = corpus_summary(CORPUS)
        if theirs["slug"].isin(table["slug"]).any():
            print("in CORPUS too, counted once:", listing(theirs.loc[theirs["slug"].isin(table["slug"]), "slug"]))
        table = pd.concat([table, theirs[~theirs["slug"].isin(table["slug"])]], ignore_index=True)
        settings = [json.loads(p.read_text("utf-8")).get("fingerprint") if p.is_file() else None
                    for p in (work / "corpus.json", Path(CORPUS) / "corpus.json")]
        if settings[1] is not None and settings[0] != settings[1]:
            print("note: CORPUS was scored with other settings (backends, sides or lexicons) than ARTICLE")
except FramingError as exc:
    raise NotebookStop(str(exc)) from None
slug = table.loc[0, "slug"]
sides = [c[len("net_stance_"):] for c in table.columns if c.startswith("net_stance_")]
for path, note in problems.items():
    print("skipped:", note)
shown = table.head(SHOWN)
print(f"{len(table)} articles compared" + (f"; the per-article tables and charts show the first {SHOWN}"
                                           if len(table) > SHOWN else ""))


def per_side(*keys):
    """The shown articles' <key>_<side> columns, grouped under each side."""
    out = shown.set_index("slug")[[f"{k}_{side}" for side in sides for k in keys]].astype(float).round(2) + 0.0
    counts = [c for c in out.columns if c.startswith(("paragraphs_", "mentions_"))]
    out[counts] = out[counts].astype("Int64")  # counts print as 12, not 12.0
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
cues = shown.set_index("slug")[["n_attributions", *[c for c in table.columns if c.startswith("cue_")]]]
cues.rename(columns=lambda c: c.replace("cue_", "")).round(2)

# %%
fig, ax = charts.cue_mix(shown, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-cue-mix")

# %% [markdown]
# ## Who does harm, who suffers it

# %%
per_side("mentions", "agent_share", "patient_share")

# %%
fig, ax = charts.agency_shares(shown, sides, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-agency-shares")

# %% [markdown]
# ## Net stance, side by side

# %%
fig, ax = charts.compare_articles(shown, sides, highlight=slug)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-compare-articles")

# %% [markdown]
# ## Net stance per outlet and over time
# The mean net stance toward each side over the articles of each outlet (the number of articles in
# brackets), and over each period: by year, or by month when the dated articles span less than two
# years. A side's mean is taken over the articles that mention it (`articles mentioning`). With only
# one or two articles in a group, the mean is just those articles' scores, not a pattern.


# %%
def articles(n):
    return f"{n} article{'s' if n != 1 else ''}"


def by_group(groups):
    """stance_by for display: articles, then per side the mean net stance and how many articles mention it."""
    out = stance_by(table, groups, sides)
    parts = {("", "articles"): out["articles"]}
    for side in sides:
        parts[(side, "mean net stance")] = out[f"net_stance_{side}"].round(2) + 0.0
        parts[(side, "articles mentioning")] = out[f"articles_{side}"]
    return out, pd.DataFrame(parts)


outlet_of = table["outlet"].replace("", NO_OUTLET)
by_outlet, shown_outlets = by_group(outlet_of)
order = sorted(by_outlet.index, key=lambda o: (-by_outlet.loc[o, "articles"], o == NO_OUTLET))  # largest first
by_outlet, shown_outlets = by_outlet.loc[order], shown_outlets.loc[order]
if len(by_outlet) > SHOWN:
    print(f"{len(by_outlet)} outlets; the table and chart show the {SHOWN} with the most articles")
shown_outlets.head(SHOWN)

# %%
fig, ax = charts.stance_by_outlet(by_outlet.head(SHOWN), sides, highlight=outlet_of[0])
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-stance-by-outlet")

# %%
period_of, unit = article_periods(table["date"])
by_period, shown_periods = by_group(period_of)
undated = int((period_of == UNDATED).sum())
print(f"by {unit}; " + (f"{articles(undated)} without a date: counted as {UNDATED} in the table and left out "
                        "of the chart" if undated else "every article has a date"))
shown_periods

# %%
fig, ax = charts.stance_over_time(by_period, sides, unit=unit, undated=undated)
if FIGURES:
    charts.save_figure(fig, f"{FIGURES}/07-stance-over-time")

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
single = int((by_outlet["articles"] == 1).sum())
lines.append(f"- The {articles(len(table))} come from {len(by_outlet)} outlet{'s' if len(by_outlet) != 1 else ''}"
             + (", each with a single article, so an outlet's mean is that article's score"
                if single == len(by_outlet) else f", {single} of them with a single article" if single else "")
             + f"; {slug}'s outlet is {outlet_of[0]}.")
dated = by_period.drop(index=UNDATED, errors="ignore")
for side in sides:
    for name, groups in (("outlet", by_outlet), (unit, dated)):
        means = groups[f"net_stance_{side}"].dropna()
        if len(means) > 1:
            low, high = (listing(means.index[means == v]) for v in (means.min(), means.max()))
            lines.append(f"- By {name}, the mean net stance toward **{charts.side_label(side)}** ranges from "
                         f"{means.min():+.2f} ({low}) to {means.max():+.2f} ({high}).")
if undated:
    lines.append(f"- {articles(undated)} without a date {'is' if undated == 1 else 'are'} left out of the chart "
                 "over time.")
Markdown("\n".join(lines))

# %% [markdown] tags=["reference-article"]
# Against these texts, the reference article is the only one that passes on no claim neutrally:
# each of its attributions is either vouched for (factive, like its own office's findings) or
# undermined (distanced or marked as false), the highest such share of all the articles. Its net
# stance is favourable to the government and among the ten least favourable to the protesters of
# all the articles (with the texts written in a government's or a police force's voice): the mirror image of the two statements written for the strikers and the activists
# (`strikers-statement`, `heldout2-activist`), which are unfavourable to the government and
# favourable to the protesters.

# %% tags=["remove-cell"]
# Check that the prose above still describes the reference article (among the default articles).
if slug == "learning-from-zhanaozen" and not ARTICLES:
    by = table.set_index("slug")
    assert list(by.index[by["cue_neutral"] == 0]) == [slug]
    assert doubt.idxmax() == 0 and (doubt < doubt[0]).sum() == len(doubt) - 1
    assert by.loc[slug, "net_stance_government"] > 0.1
    assert (by["net_stance_protesters"] < by.loc[slug, "net_stance_protesters"]).sum() < 10
    voices = {"strikers-statement", "heldout2-activist"}
    assert (by.loc[sorted(voices), "net_stance_government"] < 0).all()
    assert (by.loc[sorted(voices), "net_stance_protesters"] > 0).all()
    assert by_outlet["articles"].sum() == by_period["articles"].sum() == len(table)
    assert by_outlet.loc[outlet_of[0], "net_stance_government"] == by.loc[slug, "net_stance_government"]
